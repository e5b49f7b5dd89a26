// The work list on a phone: after a check-off or an undo the swapped task keeps the focus (so the thumb and a
// screen reader stay at the same visit), and the progress line counts again. Without JS the server sends the
// browser back to the same task (#task-...) and counts the progress itself.
document.addEventListener("htmx:afterSettle", () => {
  const swapped = document.querySelector("[data-focus-after-swap]");
  if (swapped) {
    swapped.removeAttribute("data-focus-after-swap");
    const open = swapped.querySelector("button[value=done]");
    (open || swapped).focus({ preventScroll: false });
  }
  const progress = document.getElementById("worklist-progress");
  if (!progress) return;
  // A visit is one person at one time: the tasks of a card are grouped by the time in their id (…-HHMM).
  let done = 0;
  document.querySelectorAll("[data-visit]").forEach((visit) => {
    const open = new Map();
    visit.querySelectorAll(".hh-task").forEach((task) => {
      const time = task.id.split("-").pop();
      open.set(time, (open.get(time) || false) || task.dataset.recorded === "0");
    });
    open.forEach((isOpen) => {
      if (!isOpen) done += 1;
    });
  });
  progress.dataset.done = String(done);
  progress.textContent = progress.textContent.replace(/^\d+/, String(done));
});
