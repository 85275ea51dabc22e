/* Maps on the seeker pages, drawn with our own copy of Leaflet. Under the markers: our own offline
   basemap (US state borders and major cities, /static/map/us-basemap.json, built by
   scripts/build_basemap.py from Census boundaries), or the operator's tile server if one is
   configured (then the page's CSP allows exactly that server). Markers that would overlap are
   spread around their shared spot. The list on the page carries the same information. */
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

  var basemapRequest = null;

  function loadBasemap(url) {
    if (!basemapRequest) {
      basemapRequest = fetch(url, { credentials: 'same-origin' }).then(function (r) {
        return r.ok ? r.json() : null;
      }).catch(function () { return null; });
    }
    return basemapRequest;
  }

  function drawBasemap(map, data) {
    if (!data) return;
    map.createPane('basemap').style.zIndex = 250;
    map.createPane('cities').style.zIndex = 450;
    map.getPane('cities').style.pointerEvents = 'none';
    var step = data.step;
    var lines = data.states.map(function (flat) {
      var lat = flat[0], lon = flat[1], out = [[lat * step, lon * step]];
      for (var i = 2; i < flat.length; i += 2) {
        lat += flat[i];
        lon += flat[i + 1];
        out.push([lat * step, lon * step]);
      }
      return out;
    });
    L.polyline(lines, {
      pane: 'basemap', color: '#7d8aa0', weight: 1.2, opacity: 0.9, interactive: false,
      renderer: L.canvas({ pane: 'basemap' })
    }).addTo(map);
    var labels = L.layerGroup().addTo(map);
    function showCities() {
      labels.clearLayers();
      var bounds = map.getBounds().pad(0.1), zoom = map.getZoom();
      var minPopulation = zoom >= 9 ? 0 : zoom >= 7 ? 250000 : 600000;
      data.cities.forEach(function (c) {
        if (c[3] < minPopulation || !bounds.contains([c[1], c[2]])) return;
        L.marker([c[1], c[2]], {
          pane: 'cities', interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'map-city', html: '<span>' + c[0].replace(/[<>&"]/g, '') + '</span>', iconSize: null })
        }).addTo(labels);
      });
    }
    map.on('moveend', showCities);
    showCities();
  }

  /* Markers closer than SPREAD_PX on screen are moved apart around their shared centre, so every
     number stays readable and clickable; they return as the map zooms in. */
  var SPREAD_PX = 26;
  function spread(map, markers) {
    var placed = markers.map(function (m) { return { m: m, p: map.latLngToLayerPoint(m.home) }; });
    var groups = [];
    placed.forEach(function (item) {
      var group = null;
      for (var i = 0; i < groups.length && !group; i++) {
        if (groups[i][0].p.distanceTo(item.p) < SPREAD_PX) group = groups[i];
      }
      if (group) group.push(item); else groups.push([item]);
    });
    groups.forEach(function (group) {
      if (group.length === 1) {
        group[0].m.setLatLng(group[0].m.home);
        return;
      }
      var radius = Math.max(SPREAD_PX, (SPREAD_PX * group.length) / (2 * Math.PI));
      group.forEach(function (item, i) {
        var angle = (2 * Math.PI * i) / group.length - Math.PI / 2;
        var p = item.p.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
        item.m.setLatLng(map.layerPointToLatLng(p));
      });
    });
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
    } else if (data.basemap) {
      loadBasemap(data.basemap).then(function (basemap) { drawBasemap(map, basemap); });
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
    var pins = [];
    (data.markers || []).forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], { icon: pin(m.number), title: m.name, riseOnHover: true })
        .addTo(map)
        .bindPopup(popupFor(m));
      marker.home = L.latLng(m.lat, m.lon);
      pins.push(marker);
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
    if (pins.length > 1) {
      spread(map, pins);
      map.on('zoomend', function () { spread(map, pins); });
    }
  });
})();
