// The maps: the report form's location picker (also the intake's), one report's point, the
// public map of reports, the planners' cluster map and the crew's work list.
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

  function reportsMap(el) {
    if (!el || !window.L || el._meldpuntMap) return;
    var map = baseMap(el, 50.8166, 5.1866, 14);
    el._meldpuntMap = map;
    var layer = L.layerGroup().addTo(map);
    var pending = null;
    function filter() {
      var checked = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="mapfilter"]:checked'));
      return checked ? checked.value : "";
    }
    function load() {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
      if (pending) pending.abort();
      pending = new AbortController();
      var url = "/api/v1/reports?bbox=" + bbox + (filter() ? "&status=" + filter() : "");
      fetch(url, { signal: pending.signal }).then(function (r) { return r.ok ? r.json() : null; }).then(function (fc) {
        if (!fc) return;
        layer.clearLayers();
        el.dataset.count = String(fc.features.length);
        fc.features.forEach(function (f) {
          var p = f.properties;
          var c = f.geometry.coordinates;
          var popup = document.createElement("div");
          var a = document.createElement("a");
          a.href = p.url;
          a.textContent = p.ref;
          var d = document.createElement("p");
          d.textContent = p.description;
          popup.appendChild(a);
          popup.appendChild(d);
          L.marker([c[1], c[0]], { icon: dot(STATUS_COLOURS[p.status] || "#333"), title: p.ref })
            .bindPopup(popup).addTo(layer);
        });
      }).catch(function () {});
    }
    map.on("moveend", load);
    document.querySelectorAll('input[name="mapfilter"]').forEach(function (i) { i.addEventListener("change", load); });
    load();
  }

  // The planners' map: clusters computed by the server for the window and the filter, a heat
  // layer, colour by status or category. Filter changes apply at once, without a reload.
  var CATEGORY_COLOURS = M.FACTS.categoryPalette || ["#333"];
  function plannerMap(el) {
    if (!el || !window.L || el._meldpuntMap) return;
    var map = baseMap(el, 50.8166, 5.1866, 13);
    el._meldpuntMap = map;
    var renderer = L.canvas({ padding: 0.2 });
    var layer = L.layerGroup().addTo(map);
    var heatLayer = L.layerGroup();
    var heat = /** @type {HTMLInputElement | null} */ (document.querySelector("[data-heat]"));
    var colour = /** @type {HTMLSelectElement | null} */ (document.querySelector("[data-colour]"));
    var total = document.querySelector('[data-testid="planner-total"]');
    var form = /** @type {HTMLFormElement} */ (document.querySelector("[data-planner-filter]"));
    var query = el.dataset.query || "";
    var pending = null, timer = null, categoryColour = {};
    var statusLegend = /** @type {HTMLElement | null} */ (document.querySelector("[data-legend]"));
    var categoryLegend = /** @type {HTMLElement | null} */ (document.querySelector("[data-legend-category]"));
    // A category's name as the filter form shows it, a status's as the legend does.
    function categoryName(code) {
      var box = form && form.querySelector('input[name="category"][value="' + CSS.escape(code) + '"]');
      var label = box && box.closest("label");
      return label ? (label.textContent || "").trim() : code;
    }
    function statusName(code) {
      var item = statusLegend && statusLegend.querySelector('[data-status="' + CSS.escape(code) + '"]');
      return item ? (item.textContent || "").trim() : code;
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
    // A report's popup: category, status, date and the link to it.
    function popupOf(c) {
      var link = M.el("a", { href: "/staff/r/" + c.ref, text: c.ref });
      var when = c.created_at ? new Date(c.created_at).toLocaleDateString(LOCALE) : "";
      return M.el("div", { class: "map-popup" }, [
        M.el("p", {}, [M.el("strong", {}, [link])]),
        M.el("p", { text: categoryName(c.category) }),
        M.el("p", { text: statusName(c.status) + (when ? " · " + when : "") }),
      ]);
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
    function load() {
      var b = map.getBounds();
      var bbox = [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())]
        .map(function (v) { return v.toFixed(6); }).join(",");
      if (pending) pending.abort();
      pending = new AbortController();
      var url = "/api/v1/staff/planner/clusters?bbox=" + bbox + "&zoom=" + map.getZoom() +
        (heat && heat.checked ? "&heat=1" : "") + (query ? "&" + query : "");
      fetch(url, { signal: pending.signal, credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (a) {
        if (!a) return;
        layer.clearLayers();
        heatLayer.clearLayers();
        el.dataset.total = String(a.total);
        el.dataset.clusters = String(a.clusters.length);
        if (total) total.textContent = a.total.toLocaleString(LOCALE);
        a.clusters.forEach(function (c) {
          if (c.ref) {
            L.marker([c.lat, c.lon], { icon: dot(colourOf(c)), title: c.ref }).bindPopup(popupOf(c)).addTo(layer);
            return;
          }
          var size = Math.round(26 + 8 * Math.log10(c.count));
          var label = c.count >= 10000 ? Math.round(c.count / 1000) + "k" : String(c.count);
          L.marker([c.lat, c.lon], {
            title: T("MapCluster").replace("{count}", c.count.toLocaleString(LOCALE)),
            icon: L.divIcon({
              className: "cluster-marker",
              html: '<span style="background:' + colourOf(c) + ";width:" + size + "px;height:" + size + "px;line-height:" + size + 'px">' + label + "</span>",
              iconSize: [size, size], iconAnchor: [size / 2, size / 2]
            })
          }).on("click", function () {
            map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { padding: [30, 30], maxZoom: 19 });
          }).addTo(layer);
        });
        showLegend();
        var max = 1;
        (a.heat || []).forEach(function (h) { max = Math.max(max, h.count); });
        (a.heat || []).forEach(function (h) {
          L.circleMarker([h.lat, h.lon], {
            renderer: renderer, radius: 12, stroke: false, fillColor: "#e03131",
            fillOpacity: 0.12 + 0.6 * Math.sqrt(h.count / max)
          }).addTo(heatLayer);
        });
      }).catch(function () {});
    }
    function schedule(ms) { clearTimeout(timer); timer = setTimeout(load, ms); }
    map.on("moveend", function () { schedule(40); });
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

  M.pickerMap = pickerMap;
  M.movePin = movePin;
  M.showMap = showMap;
  M.reportsMap = reportsMap;
  M.plannerMap = plannerMap;
  M.worklistMap = worklistMap;
})(window.Meldpunt);
