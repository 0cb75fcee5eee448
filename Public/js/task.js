// Follows a running task without reloading: asks /tasks/<id>/status every two seconds and
// updates the status, progress and elapsed time; reloads once the task has settled (finished, or
// waiting for the member's decision) so its outputs or choices show. Without JavaScript, a plain
// refresh shows the same.
(function () {
  var panel = document.querySelector("[data-task]");
  if (!panel || panel.getAttribute("data-running") !== "yes") return;
  var id = panel.getAttribute("data-task");
  var status = document.getElementById("task-status");
  var progress = document.getElementById("task-progress");
  var elapsed = document.getElementById("task-elapsed");
  function poll() {
    fetch("/tasks/" + encodeURIComponent(id) + "/status", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { setTimeout(poll, 5000); return; }
        status.textContent = state.label;
        progress.value = state.progress;
        elapsed.textContent = state.elapsed;
        if (state.final) { window.location.reload(); } else { setTimeout(poll, 2000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
