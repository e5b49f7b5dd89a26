// The work list on a phone: after a check-off or an undo the swapped task keeps the focus (so the thumb and a
// screen reader stay at the same visit), and the progress line counts again. Without JS the server sends the
// browser back to the same task (#task-...) and counts the progress itself. The page shows a part of the
// shift and brings more visits on demand («Vis flere besøk»), so the count is the server's count of the whole
// shift plus the change among the visits shown.
function doneShown() {
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
  return done;
}

const progressLine = document.getElementById("worklist-progress");
// The finished visits of the shift that are not on the page: counted by the server, not here.
let notShown = progressLine ? Number(progressLine.dataset.done) - doneShown() : 0;

document.addEventListener("htmx:afterSettle", (event) => {
  const swapped = document.querySelector("[data-focus-after-swap]");
  if (swapped) {
    swapped.removeAttribute("data-focus-after-swap");
    const open = swapped.matches("[data-visit]") ? null : swapped.querySelector("button[value=done]");
    (open || swapped).focus({ preventScroll: false });
  }
  if (!progressLine) return;
  if (event.detail.requestConfig && event.detail.requestConfig.verb === "get") {
    // More visits of the shift came in: they were counted already.
    notShown = Number(progressLine.dataset.done) - doneShown();
    return;
  }
  const done = notShown + doneShown();
  progressLine.dataset.done = String(done);
  progressLine.textContent = progressLine.textContent.replace(/^\d+/, String(done));
});
