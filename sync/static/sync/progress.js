// Live progress of a harvest run: polls the run's JSON (the API) and updates the bar and counts; reloads when it ends.
(function () {
  "use strict";
  var box = document.querySelector("[data-run-progress]");
  if (!box) { return; }
  var url = box.getAttribute("data-run-progress");
  var bar = box.querySelector(".progress-bar");
  var counts = box.querySelectorAll("[data-count]");
  var active = ["queued", "running"];

  function show(run) {
    counts.forEach(function (node) {
      var name = node.getAttribute("data-count");
      if (run[name] !== undefined && run[name] !== null) { node.textContent = run[name]; }
    });
    if (bar) {
      // The feed's size is unknown until it ends: the bar shows pages done, out of a moving horizon.
      var width = Math.min(95, 10 + run.pages * 5);
      bar.style.width = width + "%";
      bar.setAttribute("aria-valuenow", String(run.processed));
    }
    if (active.indexOf(run.status) === -1) { window.location.reload(); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (run) { if (run) { show(run); } window.setTimeout(poll, 2000); })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
