/* Inside the widget frame: tell the embedding page how tall the content is, and move focus to the
   results after a search. The target origin is the partner origin the server validated (never "*");
   without one, nothing is posted. */
(function () {
  "use strict";
  var root = document.documentElement;
  var target = root.getAttribute("data-parent-origin");
  var instance = root.getAttribute("data-widget-id") || "";
  var content = document.getElementById("w");
  var last = -1;

  function report() {
    if (!target || !content || window.parent === window) return;
    var height = Math.ceil(content.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "ipt-directory:height", id: instance, height: height }, target);
  }

  var focusTarget = document.querySelector("[data-focus-on-load]");
  if (focusTarget) focusTarget.focus({ preventScroll: true });
  report();
  if (typeof ResizeObserver === "function" && content) {
    new ResizeObserver(report).observe(content);
  } else {
    window.addEventListener("resize", report);
  }
  window.addEventListener("load", report);
})();
