// vanban web: the only script. Pages work without it; it only keeps a second click on a
// one-shot button (issuing a number) from sending the form twice. The server is idempotent
// anyway: a second request never takes a second number.
"use strict";
document.addEventListener("submit", function (ev) {
  var form = ev.target;
  if (!form.classList || !form.classList.contains("once")) return;
  if (form.dataset.sent) { ev.preventDefault(); return; }
  form.dataset.sent = "1";
  var b = form.querySelector("button[type=submit]");
  if (b) { b.disabled = true; b.textContent = "Đang cấp số…"; }
});
