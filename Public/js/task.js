// Follows a running task without reloading: asks /tasks/<id>/status every two seconds and
// updates the status, progress and elapsed time; once the task has settled (finished, or
// waiting for the member's decision) it fetches the page again and puts its new content in
// place, so the outputs or choices show without a reload (a reload only if that fetch fails).
// Without JavaScript, a plain refresh shows the same.
(function () {
  var panel = document.querySelector("[data-task]");
  if (!panel || panel.getAttribute("data-running") !== "yes") return;
  var id = panel.getAttribute("data-task");
  var status = document.getElementById("task-status");
  var progress = document.getElementById("task-progress");
  var elapsed = document.getElementById("task-elapsed");
  function showSettledPage() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var main = document.querySelector("main");
        var fresh = html ? new DOMParser().parseFromString(html, "text/html").querySelector("main") : null;
        if (!main || !fresh) { window.location.reload(); return; }
        main.innerHTML = fresh.innerHTML;  // its script tag does not run again: the task has settled
      })
      .catch(function () { window.location.reload(); });
  }
  function poll() {
    fetch("/tasks/" + encodeURIComponent(id) + "/status", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { setTimeout(poll, 5000); return; }
        status.textContent = state.label;
        progress.value = state.progress;
        elapsed.textContent = state.elapsed;
        if (state.final) { showSettledPage(); } else { setTimeout(poll, 2000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
