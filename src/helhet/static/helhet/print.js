// «Skriv ut» buttons: shown and working only here; the print view itself is plain CSS (workspace.css).
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
