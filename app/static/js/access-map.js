/* The access page's map works without this: every state is a link with its figure in its name.
   This only draws the focused (or hovered) state's border on top of its neighbours, which are
   drawn after it and would otherwise hide part of the focus ring. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  Array.prototype.forEach.call(document.querySelectorAll('.access-map > svg'), function (svg) {
    /* Two tones (dark outside, white inside), so the ring shows on pale and dark states alike. */
    var ring = document.createElementNS(SVG, 'g');
    ring.setAttribute('class', 'map-ring');
    ring.setAttribute('aria-hidden', 'true');
    var outer = document.createElementNS(SVG, 'path');
    var inner = document.createElementNS(SVG, 'path');
    outer.setAttribute('class', 'map-ring-outer');
    inner.setAttribute('class', 'map-ring-inner');
    ring.appendChild(outer);
    ring.appendChild(inner);
    svg.appendChild(ring);
    function show(event) {
      var state = event.target.closest && event.target.closest('.map-state');
      var shape = state && state.querySelector('path');
      if (!shape) return;
      outer.setAttribute('d', shape.getAttribute('d'));
      inner.setAttribute('d', shape.getAttribute('d'));
      ring.setAttribute('data-kind', event.type === 'focusin' ? 'focus' : 'hover');
      ring.style.display = '';
    }
    function hide() { ring.style.display = 'none'; }
    hide();
    svg.addEventListener('focusin', show);
    svg.addEventListener('focusout', hide);
    svg.addEventListener('mouseover', show);
    svg.addEventListener('mouseleave', function () {
      if (!svg.contains(document.activeElement)) hide();
    });
  });
})();
