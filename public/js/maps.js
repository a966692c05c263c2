// The maps: the report form's location picker (also the intake's), one report's point, the
// public map of reports, the planners' cluster map, the places with most reports and the crew's work list.
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var baseMap = M.baseMap, dot = M.dot, STATUS_COLOURS = M.STATUS_COLOURS, T = M.T;
  var LOCALE = document.documentElement.lang || "nl-BE";
  var picker = null;
  var pin = null;

  function pickerMap(id, lat, lon, onMove) {
    var el = document.getElementById(id);
    if (!el || !window.L || el._meldpuntMap) return;
    picker = baseMap(el, lat, lon, 15);
    el._meldpuntMap = picker;
    function place(latlng) {
      if (!pin) {
        pin = L.marker(latlng, { draggable: true, title: T("MapPin"), alt: T("MapPin") }).addTo(picker);
        pin.on("dragend", function () {
          var p = pin.getLatLng();
          onMove(p.lat, p.lng);
        });
      } else {
        pin.setLatLng(latlng);
      }
    }
    picker.on("click", function (e) {
      place(e.latlng);
      onMove(e.latlng.lat, e.latlng.lng);
    });
    picker._place = place;
  }

  function movePin(lat, lon) {
    if (!picker) return;
    picker._place(L.latLng(lat, lon));
    picker.setView([lat, lon], Math.max(picker.getZoom(), 17));
  }

  function showMap(el, lat, lon, colour) {
    if (!el || !window.L || el._meldpuntMap) return;
    var map = baseMap(el, lat, lon, 17);
    el._meldpuntMap = map;
    // Only shown, never clicked: not a button for screen readers or the keyboard.
    L.marker([lat, lon], { icon: dot(colour), interactive: false, keyboard: false }).addTo(map);
  }

  // A report's popup: its reference linking to `href` + reference, category, status and date.
  function reportPopup(c, href, categoryName, statusName) {
    var link = M.el("a", { href: href + c.ref, text: c.ref });
    var when = c.created_at ? new Date(c.created_at).toLocaleDateString(LOCALE) : "";
    return M.el("div", { class: "map-popup" }, [
      M.el("p", {}, [M.el("strong", {}, [link])]),
      M.el("p", { text: categoryName(c.category) }),
      M.el("p", { text: statusName(c.status) + (when ? " · " + when : "") }),
    ]);
  }

  // The name a legend item `[data-status]` in `legend` gives a status.
  function legendName(legend, code) {
    var item = legend && legend.querySelector('[data-status="' + CSS.escape(code) + '"]');
    return item ? (item.textContent || "").trim() : code;
  }

  // Clusters the server computes for a map's window and zoom (the planners' map and the public
  // one): a report alone is a dot with its popup, a group a numbered circle that zooms in to its
  // reports. `opts.url(bbox, zoom)` is the query, `opts.colour(c)` a cluster's colour,
  // `opts.popup(c)` a report's popup, `opts.answer(a)` sees each answer. The map's element
  // carries the last answer's figures as `data-total` and `data-clusters`.
  // A marker's size on screen: a report's dot target, or a group's circle.
  function markerSize(count) { return count === 1 ? 24 : Math.round(26 + 8 * Math.log10(count)); }

  // The server groups by grid cell, so neighbours across a cell edge can land on top of each
  // other on screen; such neighbours are shown as one group (counts, extents and centres
  // combined), so no marker covers another or is too close to tap (WCAG 2.2 target size).
  function separate(map, clusters) {
    var shown = clusters.map(function (c) {
      return { c: c, p: map.latLngToContainerPoint([c.lat, c.lon]) };
    }).sort(function (a, b) { return b.c.count - a.c.count; });
    for (var merged = true, pass = 0; merged && pass < 6; pass++) {
      merged = false;
      for (var i = 0; i < shown.length; i++) {
        for (var j = i + 1; j < shown.length; j++) {
          var a = shown[i], b = shown[j];
          if (a.p.distanceTo(b.p) >= (markerSize(a.c.count) + markerSize(b.c.count)) / 2 + 2) continue;
          var n = a.c.count + b.c.count;
          a.c = {
            count: n, status: a.c.status, category: a.c.category,
            lat: (a.c.lat * a.c.count + b.c.lat * b.c.count) / n, lon: (a.c.lon * a.c.count + b.c.lon * b.c.count) / n,
            bbox: [Math.min(a.c.bbox[0], b.c.bbox[0]), Math.min(a.c.bbox[1], b.c.bbox[1]), Math.max(a.c.bbox[2], b.c.bbox[2]), Math.max(a.c.bbox[3], b.c.bbox[3])]
          };
          a.p = map.latLngToContainerPoint([a.c.lat, a.c.lon]);
          shown.splice(j, 1);
          j = i;
          merged = true;
        }
      }
    }
    return shown.map(function (s) { return s.c; });
  }

  function clusterLayer(el, map, opts) {
    var layer = L.layerGroup().addTo(map);
    var pending = null, timer = null;
    // The report whose popup is open stays open across a reload (opening it pans the map,
    // which loads the window again).
    var openRef = null, redrawing = false;
    map.on("popupopen", function (e) {
      var source = /** @type {any} */ (e.popup)._source;
      openRef = source && source.options && source.options.title || null;
    });
    map.on("popupclose", function () { if (!redrawing) openRef = null; });
    function load() {
      var b = map.getBounds();
      var bbox = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())]
        .map(function (v) { return v.toFixed(6); }).join(",");
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(opts.url(bbox, map.getZoom()), { signal: pending.signal, credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (a) {
        if (!a) return;
        redrawing = true;
        layer.clearLayers();
        redrawing = false;
        var reopen = /** @type {any} */ (null);
        var clusters = separate(map, a.clusters);
        el.dataset.total = String(a.total);
        el.dataset.clusters = String(clusters.length);
        clusters.forEach(function (c) {
          if (c.ref) {
            var marker = L.marker([c.lat, c.lon], { icon: dot(opts.colour(c)), title: c.ref }).bindPopup(opts.popup(c)).addTo(layer);
            if (c.ref === openRef) reopen = marker;
            return;
          }
          var size = markerSize(c.count);
          var label = c.count >= 10000 ? Math.round(c.count / 1000) + "k" : String(c.count);
          L.marker([c.lat, c.lon], {
            title: T("MapCluster").replace("{count}", c.count.toLocaleString(LOCALE)),
            icon: L.divIcon({
              className: "cluster-marker",
              html: '<span style="background:' + opts.colour(c) + ";width:" + size + "px;height:" + size + "px;line-height:" + size + 'px">' + label + "</span>",
              iconSize: [size, size], iconAnchor: [size / 2, size / 2]
            })
          }).on("click", function () {
            map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { padding: [30, 30], maxZoom: 19 });
          }).addTo(layer);
        });
        if (reopen) reopen.openPopup(); else openRef = null;
        opts.answer(a);
      }).catch(function () {});
    }
    map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 40); });
    return { load: load };
  }

  // The public map: open or all reports, of one category or all, clustered by the server; the
  // address search moves the map to the address picked.
  function reportsMap(el) {
    if (!el || !window.L || el._meldpuntMap) return;
    var map = baseMap(el, 50.8166, 5.1866, 14);
    // Wider than this, a window is more than the city and its surroundings.
    map.setMinZoom(9);
    el._meldpuntMap = map;
    var form = /** @type {HTMLFormElement | null} */ (document.querySelector("[data-map-filter]"));
    var legend = document.querySelector(".map-page .legend");
    function chosen(name) {
      var v = form ? new FormData(form).get(name) : null;
      return v ? String(v) : "";
    }
    function categoryName(code) {
      var option = form && form.querySelector('select[name="category"] option[value="' + CSS.escape(code) + '"]');
      return option ? (option.textContent || "").trim() : code;
    }
    var clusters = clusterLayer(el, map, {
      url: function (bbox, zoom) {
        var category = chosen("category");
        return "/api/v1/reports/clusters?bbox=" + bbox + "&zoom=" + zoom + "&status=" + (chosen("status") || "open") +
          (category ? "&category=" + encodeURIComponent(category) : "");
      },
      colour: function (c) { return STATUS_COLOURS[c.status] || "#333"; },
      popup: function (c) { return reportPopup(c, "/r/", categoryName, function (s) { return legendName(legend, s); }); },
      answer: function () {}
    });
    if (form) {
      form.addEventListener("change", function (e) {
        if (e.target && /** @type {HTMLElement} */ (e.target).hasAttribute("data-map-address")) return;
        clusters.load();
      });
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }
    var input = /** @type {HTMLInputElement | null} */ (document.querySelector("[data-map-address]"));
    var list = document.getElementById("map-address-list");
    if (input && list) {
      M.suggest(input, list, M.findAddresses(), function (h) { map.setView([h.lat, h.lon], 18); });
    }
    clusters.load();
  }

  // The planners' map: clusters computed by the server for the window and the filter, a heat
  // layer, colour by status or category. Filter changes apply at once, without a reload.
  var CATEGORY_COLOURS = M.FACTS.categoryPalette || ["#333"];
  function plannerMap(el) {
    if (!el || !window.L || el._meldpuntMap) return;
    var map = baseMap(el, 50.8166, 5.1866, 13);
    el._meldpuntMap = map;
    var renderer = L.canvas({ padding: 0.2 });
    var heatLayer = L.layerGroup();
    var heat = /** @type {HTMLInputElement | null} */ (document.querySelector("[data-heat]"));
    var colour = /** @type {HTMLSelectElement | null} */ (document.querySelector("[data-colour]"));
    var total = document.querySelector('[data-testid="planner-total"]');
    var form = /** @type {HTMLFormElement} */ (document.querySelector("[data-planner-filter]"));
    var query = el.dataset.query || "";
    var categoryColour = {};
    var statusLegend = /** @type {HTMLElement | null} */ (document.querySelector("[data-legend]"));
    var categoryLegend = /** @type {HTMLElement | null} */ (document.querySelector("[data-legend-category]"));
    // A category's name as the filter form shows it.
    function categoryName(code) {
      var box = form && form.querySelector('input[name="category"][value="' + CSS.escape(code) + '"]');
      var label = box && box.closest("label");
      return label ? (label.textContent || "").trim() : code;
    }
    // The legend follows the colouring: statuses, or the categories coloured so far.
    function showLegend() {
      var byCategory = !!colour && colour.value === "category";
      if (statusLegend) statusLegend.hidden = byCategory;
      if (!categoryLegend) return;
      categoryLegend.hidden = !byCategory;
      categoryLegend.innerHTML = "";
      Object.keys(categoryColour).forEach(function (code) {
        var swatch = M.el("span", { class: "swatch" });
        swatch.style.background = categoryColour[code];
        categoryLegend.appendChild(M.el("li", {}, [swatch, categoryName(code)]));
      });
    }
    function colourOf(c) {
      if (colour && colour.value === "category") {
        if (!(c.category in categoryColour)) {
          categoryColour[c.category] = CATEGORY_COLOURS[Object.keys(categoryColour).length % CATEGORY_COLOURS.length];
        }
        return categoryColour[c.category];
      }
      return STATUS_COLOURS[c.status] || "#333";
    }
    var clusters = clusterLayer(el, map, {
      url: function (bbox, zoom) {
        return "/api/v1/staff/planner/clusters?bbox=" + bbox + "&zoom=" + zoom +
          (heat && heat.checked ? "&heat=1" : "") + (query ? "&" + query : "");
      },
      colour: colourOf,
      popup: function (c) { return reportPopup(c, "/staff/r/", categoryName, function (s) { return legendName(statusLegend, s); }); },
      answer: function (a) {
        heatLayer.clearLayers();
        if (total) total.textContent = a.total.toLocaleString(LOCALE);
        showLegend();
        var max = 1;
        (a.heat || []).forEach(function (h) { max = Math.max(max, h.count); });
        (a.heat || []).forEach(function (h) {
          L.circleMarker([h.lat, h.lon], {
            renderer: renderer, radius: 12, stroke: false, fillColor: "#e03131",
            fillOpacity: 0.12 + 0.6 * Math.sqrt(h.count / max)
          }).addTo(heatLayer);
        });
      }
    });
    var load = clusters.load;
    if (heat) heat.addEventListener("change", function () {
      if (heat.checked) heatLayer.addTo(map); else map.removeLayer(heatLayer);
      load();
    });
    if (colour) colour.addEventListener("change", load);
    function applyFilter() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (v, k) { if (v !== "") params.append(k, String(v)); });
      query = params.toString();
      history.replaceState(null, "", "/planner" + (query ? "?" + query : ""));
      document.querySelectorAll(".planner-links a").forEach(function (/** @type {HTMLAnchorElement} */ a) {
        var u = new URL(a.href);
        var sep = u.searchParams.get("sep");
        u.search = (sep ? "sep=" + sep + (query ? "&" : "") : "") + query;
        a.href = u.pathname + u.search;
      });
      load();
    }
    if (form) {
      form.addEventListener("change", applyFilter);
      form.addEventListener("submit", function (e) { e.preventDefault(); applyFilter(); });
    }
    load();
  }

  // The crew's work on a map: points from the list, each linking to its report.
  function worklistMap(el) {
    if (!el || !window.L || el._meldpuntMap) return;
    var points = [];
    try { points = JSON.parse(el.dataset.points || "[]"); } catch (e) { points = []; }
    var map = baseMap(el, 50.8166, 5.1866, 13);
    el._meldpuntMap = map;
    var bounds = [];
    points.forEach(function (p) {
      var a = document.createElement("a");
      a.href = "/crew/r/" + p.ref;
      a.textContent = p.ref;
      L.marker([p.lat, p.lon], { icon: dot(p.colour || "#333"), title: p.ref }).bindPopup(a).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
  }

  // The places with most reports (statistics, annual report) on a map with streets: a numbered
  // marker per place, as large as its count, its popup naming the count, category and address
  // with a link to one report there. Shown instead of the plain plan, which stays for print.
  function hotspotMap(el) {
    if (!el || !window.L || el._meldpuntMap) return;
    var points = [];
    try { points = JSON.parse(el.dataset.points || "[]"); } catch (e) { points = []; }
    if (!points.length) return;
    el.hidden = false;
    var section = el.closest(".hotspots");
    if (section) section.classList.add("has-map");
    var map = baseMap(el, points[0].lat, points[0].lon, 14);
    el._meldpuntMap = map;
    var most = Math.max.apply(null, points.map(function (p) { return p.count; }));
    points.forEach(function (p, i) {
      var size = Math.round(26 + 14 * Math.sqrt(p.count / most));
      var icon = L.divIcon({ className: "rank-marker", html: "<span>" + (i + 1) + "</span>", iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
      var popup = M.el("div", {}, [
        M.el("strong", { text: (i + 1) + ". " + p.count + " · " + p.category }), M.el("br"),
        p.address || "", p.address ? M.el("br") : null,
        M.el("a", { href: "/staff/r/" + p.ref, text: p.ref })
      ]);
      // Where places overlap, the busier one lies on top (Leaflet otherwise stacks by
      // latitude), so the first in the list is never hidden under a later one.
      L.marker([p.lat, p.lon], { icon: icon, title: (i + 1) + ". " + (p.address || p.category), alt: String(i + 1),
        zIndexOffset: (points.length - i) * 1000 })
        .bindPopup(popup).addTo(map);
    });
    map.fitBounds(points.map(function (p) { return [p.lat, p.lon]; }), { padding: [40, 40], maxZoom: 17 });
  }

  M.pickerMap = pickerMap;
  M.hotspotMap = hotspotMap;
  M.movePin = movePin;
  M.showMap = showMap;
  M.reportsMap = reportsMap;
  M.plannerMap = plannerMap;
  M.worklistMap = worklistMap;
})(window.Meldpunt);
