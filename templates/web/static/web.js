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

// The letter form (generated from the letter schema): the add and remove buttons of a
// repeatable group work in the page; without this script they submit the form and the server
// adds or removes the item. An added item is its group's <template> with the placeholder of its
// depth ("{i0}") replaced by a fresh index (the server orders items by index).
document.addEventListener("click", function (ev) {
  var b = ev.target.closest ? ev.target.closest("button.add, button.remove") : null;
  if (!b || !b.form || b.form.id !== "letter-form") return;
  ev.preventDefault();
  if (b.classList.contains("remove")) {
    var item = b.closest(".item");
    var next = item && (item.nextElementSibling || item.previousElementSibling);
    if (item) item.remove();
    if (next && next.querySelector) { var f = next.querySelector("input, select, textarea, button"); if (f) f.focus(); }
    return;
  }
  var tpl = document.getElementById(b.dataset.template);
  if (!tpl) return;
  var n = parseInt(b.dataset.next || "0", 10);
  b.dataset.next = String(n + 1);
  var html = tpl.innerHTML.split(b.dataset.placeholder).join(String(n));
  var holder = document.createElement("div");
  holder.innerHTML = html;
  var first = null;
  while (holder.firstChild) {
    var node = holder.firstChild;
    if (!first && node.nodeType === 1) first = node;
    tpl.parentNode.insertBefore(node, tpl);
  }
  if (first) { var f2 = first.querySelector("input, select, textarea"); if (f2) f2.focus(); }
});
// Changing a block between text and a table needs the server to draw the other fields.
document.addEventListener("change", function (ev) {
  var s = ev.target;
  if (!s.classList || !s.classList.contains("kind")) return;
  var before = s.dataset.shape || (s.querySelector("option[selected]") || s.options[0]).dataset.shape;
  var after = s.options[s.selectedIndex].dataset.shape;
  s.dataset.shape = after;
  if (before !== after && s.form) s.form.requestSubmit(document.getElementById("save"));
});

// Bold and italic runs of the letter's text: the letter format reads **đậm** and *nghiêng* in
// any string (docs/letters.md), so the buttons (and Ctrl+B, Ctrl+I) wrap the selection of the
// text box in those marks; a second press on a wrapped selection unwraps it. Without this
// script the buttons stay hidden and the marks can be typed.
function wrapSelection(box, mark) {
  var a = box.selectionStart, b = box.selectionEnd, v = box.value;
  var n = mark.length;
  if (v.slice(a - n, a) === mark && v.slice(b, b + n) === mark &&
      !(n === 1 && (v.charAt(a - 2) === "*" || v.charAt(b + 1) === "*"))) {
    box.value = v.slice(0, a - n) + v.slice(a, b) + v.slice(b + n);
    box.setSelectionRange(a - n, b - n);
  } else {
    box.value = v.slice(0, a) + mark + v.slice(a, b) + mark + v.slice(b);
    box.setSelectionRange(a + n, b + n);
  }
  box.focus();
}
function showFormatBars(root) {
  var bars = root.querySelectorAll(".fmt-bar[hidden]");
  for (var i = 0; i < bars.length; i++) bars[i].hidden = false;
}
document.addEventListener("DOMContentLoaded", function () { showFormatBars(document); });
document.addEventListener("click", function (ev) {
  var b = ev.target.closest ? ev.target.closest("button.fmt") : null;
  if (!b) return;
  ev.preventDefault();
  var box = b.parentNode.nextElementSibling;
  if (box && box.tagName === "TEXTAREA") wrapSelection(box, b.dataset.mark);
});
document.addEventListener("keydown", function (ev) {
  var t = ev.target;
  if (!t || t.tagName !== "TEXTAREA" || !(ev.ctrlKey || ev.metaKey)) return;
  var k = ev.key.toLowerCase();
  if (k !== "b" && k !== "i") return;
  ev.preventDefault();
  wrapSelection(t, k === "b" ? "**" : "*");
});
// Items added from a <template> carry hidden bars too.
new MutationObserver(function () { showFormatBars(document); })
  .observe(document.documentElement, { childList: true, subtree: true });
