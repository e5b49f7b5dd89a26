// Helhet: the idle warning. Two minutes before the server logs an idle session out, a dialog offers
// to stay logged in; the answer pings the keep-alive endpoint. The server keeps the clock: a GET of the
// endpoint tells the seconds left (and is not itself activity), so several open tabs agree.
(() => {
  const dialog = document.getElementById("hh-idle-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const form = dialog.querySelector("form");
  const url = form.getAttribute("action");
  const WARN_SECONDS = 120;
  let timer = null;

  const later = (seconds, fn) => {
    clearTimeout(timer);
    timer = setTimeout(fn, Math.max(1, seconds) * 1000);
  };
  // The server has logged the session out: reloading shows the login page, which says why.
  const loggedOut = () => window.location.reload();

  const ask = async (options) => {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, ...options });
    if (!response.ok || response.redirected) return 0;
    return (await response.json()).remaining;
  };

  const check = async () => {
    let left;
    try {
      left = await ask({});
    } catch {
      later(30, check);
      return;
    }
    if (left <= 0) {
      loggedOut();
    } else if (left <= WARN_SECONDS + 5) {
      if (!dialog.open) dialog.showModal();
      later(left + 1, check);
    } else {
      if (dialog.open) dialog.close();
      later(left - WARN_SECONDS, check);
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const left = await ask({ method: "POST", body: new FormData(form) });
      if (left <= 0) {
        loggedOut();
        return;
      }
      dialog.close();
      later(left - WARN_SECONDS, check);
    } catch {
      loggedOut();
    }
  });

  later(Number(dialog.dataset.idleTimeout) - WARN_SECONDS - 60, check);
})();
