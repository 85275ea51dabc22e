/* IPT Directory search widget loader.
 *
 *   <script src="https://DIRECTORY/widget.js" data-key="ipt_xxxxxxxxxxxx" async></script>
 *
 * Inserts an iframe served by the directory right after this script tag (or into the element
 * whose id is given in data-container). Options are checked here and again by the server; anything
 * malformed is ignored with a console warning, and nothing from them is ever written as HTML.
 * The frame reports its height by postMessage; only messages from the directory's origin and from
 * this frame's window are accepted. data-key takes the key's PUBLIC id only, never the secret.
 */
(function () {
  "use strict";
  var PUBLIC_ID = /^ipt_[a-z0-9]{12}$/;
  var SECRET_LIKE = /^ipt_[a-z0-9]{12}_./;
  var ACCENT = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
  var CONDITION = /^[a-z0-9-]{1,40}$/;
  var CONTAINER_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
  var MODES = { compact: 520, full: 760 };
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 8000;

  function findScript() {
    if (document.currentScript) return document.currentScript;
    var candidates = document.querySelectorAll("script[data-key]");
    for (var i = 0; i < candidates.length; i++) {
      var s = candidates[i];
      if (!s.hasAttribute("data-ipt-widget") && /\/widget\.js(\?|#|$)/.test(s.src)) return s;
    }
    return null;
  }

  var script = findScript();
  if (!script || script.hasAttribute("data-ipt-widget")) return;
  script.setAttribute("data-ipt-widget", "loaded");

  var appOrigin = new URL(script.src, document.baseURI).origin;
  var prefix = "IPT Directory widget: ";

  function warn(text) {
    if (window.console) window.console.warn(prefix + text);
  }

  function place(node) {
    var containerId = script.getAttribute("data-container");
    var container = containerId && CONTAINER_ID.test(containerId) ? document.getElementById(containerId) : null;
    if (container) {
      container.appendChild(node);
    } else if (script.parentNode && script.parentNode !== document.head) {
      script.parentNode.insertBefore(node, script.nextSibling);
    } else if (document.body) {
      document.body.appendChild(node);
    } else {
      document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(node); });
    }
  }

  function notice(text) {
    if (window.console) window.console.error(prefix + text);
    var p = document.createElement("p");
    p.className = "ipt-directory-widget-notice";
    p.textContent = prefix + text;
    place(p);
  }

  var key = (script.getAttribute("data-key") || "").trim();
  if (SECRET_LIKE.test(key)) {
    notice("data-key holds a secret API key. Use only its public id (the part before the second " +
      "underscore), and ask the directory to rotate this key: it is no longer secret.");
    return;
  }
  if (!PUBLIC_ID.test(key)) {
    notice("data-key is missing or malformed; expected the public id shown when the key was made " +
      "(ipt_ followed by 12 letters or digits).");
    return;
  }

  var params = new URLSearchParams();
  params.set("key", key);
  params.set("origin", window.location.origin);

  var mode = script.getAttribute("data-mode");
  if (mode && !Object.prototype.hasOwnProperty.call(MODES, mode)) {
    warn("data-mode must be compact or full; using compact.");
    mode = null;
  }
  mode = mode || "compact";
  params.set("mode", mode);

  var accent = script.getAttribute("data-accent");
  if (accent) {
    var match = ACCENT.exec(accent.trim());
    if (match) params.set("accent", match[1]);
    else warn("data-accent must be a hex colour such as #0b5cab; ignored.");
  }

  var condition = script.getAttribute("data-condition");
  if (condition) {
    if (CONDITION.test(condition)) params.set("condition", condition);
    else warn("data-condition must be a condition slug such as perinatal-depression; ignored.");
  }

  // data-lang="es": the frame, its results and its crisis resources in Spanish (else the
  // visitor's browser language decides).
  var lang = script.getAttribute("data-lang");
  if (lang) {
    if (/^(en|es)$/.test(lang)) params.set("lang", lang);
    else warn("data-lang must be en or es; ignored.");
  }

  var instance = "w" + Math.random().toString(36).slice(2, 12);
  params.set("wid", instance);

  var frame = document.createElement("iframe");
  frame.src = appOrigin + "/widget/frame?" + params.toString();
  frame.title = "Find an IPT therapist (IPT Directory)";
  frame.referrerPolicy = "no-referrer";
  frame.setAttribute("data-ipt-widget-frame", instance);
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.maxWidth = "100%";
  frame.style.border = "0";
  frame.style.height = MODES[mode] + "px";

  window.addEventListener("message", function (event) {
    if (event.origin !== appOrigin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "ipt-directory:height" || data.id !== instance) return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
    frame.style.height = height + "px";
  });

  place(frame);
})();
