// vanban web: live progress of a batch run (Chạy cả năm). Polls the run's small JSON endpoint
// twice a second and updates the bar and the figures; when the run has ended it reloads the
// page once, which then lists the files. Without it the page still shows the state on reload.
"use strict";
(function () {
  var box = document.getElementById("batch-progress");
  if (!box || box.dataset.status !== "running") return;
  var url = box.dataset.url;
  function set(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }
  function tick() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { setTimeout(tick, 2000); return; }
        var bar = document.getElementById("batch-bar");
        if (bar) { bar.max = Math.max(1, p.total); bar.value = p.done; }
        set("batch-status", p.status_label);
        set("batch-done", p.done);
        set("batch-total", p.total);
        set("batch-rate", p.rate);
        set("batch-elapsed", p.elapsed);
        set("batch-left", p.left || "—");
        if (p.finished) { window.location.reload(); return; }
        setTimeout(tick, 500);
      })
      .catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 500);
})();
