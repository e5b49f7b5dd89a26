// Helhet: small progressive enhancements. Every page works without this file.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
// Tables turn into cards on a narrow screen (narrow.css): give each cell its column's name to show before it.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.ds-table").forEach((table) => {
    const names = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, i) => {
        if (!cell.hasAttribute("data-label") && names[i] && !cell.hasAttribute("colspan")) cell.setAttribute("data-label", names[i]);
      });
    });
  });
});
