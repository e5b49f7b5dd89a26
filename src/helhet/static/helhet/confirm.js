// Irreversible actions: the button opens its confirmation dialog; yes submits the form with confirm=1.
// Without this file (or without <dialog>) the server asks on a page of its own instead.
(() => {
  if (window.hhConfirm) return;
  window.hhConfirm = true;
  const field = (dialog) => dialog.querySelector("input[name=confirm]");
  document.addEventListener("click", (event) => {
    const trigger = event.target.closest("button[data-confirm]");
    if (trigger) {
      const dialog = document.getElementById(trigger.dataset.confirm);
      if (!dialog || typeof dialog.showModal !== "function") return;
      // Some buttons are irreversible only for some choices (a case moved to «Trukket»).
      const only = trigger.dataset.confirmField;
      if (only && trigger.form) {
        const chosen = trigger.form.elements[only];
        if (!chosen || !trigger.dataset.confirmValues.split(",").includes(chosen.value)) return;
      }
      event.preventDefault();
      field(dialog).disabled = false;
      dialog.showModal();
      return;
    }
    const cancel = event.target.closest("button[data-confirm-cancel]");
    if (cancel) cancel.closest("dialog").close();
  });
  // Escape or cancel: the next plain submit must not count as confirmed.
  document.addEventListener("close", (event) => {
    if (event.target.matches && event.target.matches("dialog.hh-confirm")) field(event.target).disabled = true;
  }, true);
})();
