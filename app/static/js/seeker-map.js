/* Maps on the seeker pages, drawn with our own copy of Leaflet. Markers only: no base map is
   fetched unless the operator configured a tile server (then the page's CSP allows exactly that
   server). The list on the page carries the same information; the map is an extra. */
(function () {
  'use strict';
  if (!window.L) {
    return;
  }
  var METRES_PER_MILE = 1609.344;

  function pin(number) {
    var el = document.createElement('span');
    el.textContent = String(number);
    return L.divIcon({ className: 'map-pin', html: el, iconSize: [28, 28], iconAnchor: [14, 14], popupAnchor: [0, -14] });
  }

  function popupFor(marker) {
    var box = document.createElement('div');
    if (marker.url) {
      var link = document.createElement('a');
      link.href = marker.url;
      link.textContent = marker.name;
      box.appendChild(link);
    } else {
      box.textContent = marker.name;
    }
    return box;
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-map]'), function (el) {
    var data;
    try {
      data = JSON.parse(el.getAttribute('data-map'));
    } catch (e) {
      return;
    }
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution || '', maxZoom: 18 }).addTo(map);
    }
    L.control.scale({ imperial: true, metric: false }).addTo(map);

    var points = [];
    if (data.center && data.radius_mi) {
      L.circle(data.center, {
        radius: data.radius_mi * METRES_PER_MILE, weight: 1, color: '#0b5cab', fillOpacity: 0.05,
        interactive: false
      }).addTo(map);
      L.marker(data.center, {
        icon: L.divIcon({ className: 'map-here', iconSize: [16, 16], iconAnchor: [8, 8] }),
        keyboard: false, interactive: false
      }).addTo(map);
    }
    (data.markers || []).forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], { icon: pin(m.number), title: m.name, riseOnHover: true })
        .addTo(map)
        .bindPopup(popupFor(m));
      var icon = marker.getElement();
      if (icon) {
        icon.setAttribute('aria-label', m.number + '. ' + m.name);
      }
      points.push(L.latLng(m.lat, m.lon));
    });
    if (data.center) {
      points.push(L.latLng(data.center[0], data.center[1]));
    }
    if (points.length > 1) {
      map.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 13 });
    } else if (points.length === 1) {
      map.setView(points[0], 12);
    }
  });
})();
