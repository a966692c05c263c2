// Meldpunt's browser helpers: Leaflet maps, photo downscaling, upload with progress,
// geolocation, and the offline parts (service worker, citizen outbox, crew queue, see outbox.js). The Leptos app calls these through `window.meldpunt` (see app/src/ui/js.rs).
// @ts-check
(function () {
  "use strict";
  // Facts from their one definition in Rust (app/src/ui/js.rs `facts`), rendered into the page.
  var FACTS = (function () {
    var el = document.getElementById("meldpunt-facts");
    try {
      return JSON.parse(el ? el.textContent : "{}");
    } catch (e) {
      return {};
    }
  })();
  var STATUS_COLOURS = FACTS.statusColours || {};
  var CREW_ACTIONS = FACTS.crewActions || {};
  var MAX_SIDE = 2048;
  var photos = new Map();
  var picker = null;
  var pin = null;

  function tileUrl() {
    var m = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="meldpunt-tiles"]'));
    return (m && m.content) || "";
  }

  // A map on a plain background: tiles are a bonus, so the map works without them (offline,
  // tests without internet).
  function baseMap(el, lat, lon, zoom) {
    var map = L.map(el, { zoomControl: true, attributionControl: true }).setView([lat, lon], zoom);
    var url = tileUrl();
    if (url) {
      L.tileLayer(url, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    }
    return map;
  }

  function dot(colour) {
    return L.divIcon({
      className: "dot-marker",
      html: '<span style="background:' + colour + '"></span>',
      iconSize: [18, 18], iconAnchor: [9, 9]
    });
  }

  function pickerMap(id, lat, lon, onMove) {
    var el = document.getElementById(id);
    if (!el || !window.L || el._meldpuntMap) return;
    picker = baseMap(el, lat, lon, 15);
    el._meldpuntMap = picker;
    function place(latlng) {
      if (!pin) {
        pin = L.marker(latlng, { draggable: true, title: "📍" }).addTo(picker);
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
    L.marker([lat, lon], { icon: dot(colour) }).addTo(map);
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

  function locate() {
    return new Promise(function (resolve, reject) {
      if (!navigator.geolocation) return reject("no geolocation");
      navigator.geolocation.getCurrentPosition(function (p) {
        resolve(JSON.stringify({ lat: p.coords.latitude, lon: p.coords.longitude }));
      }, function (e) { reject(e.message || "denied"); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // One id per report, kept across retries (outbox.js is loaded before this file).
  function newKey() { return window.MeldpuntOutbox.newKey(); }

  // Downscales to at most MAX_SIDE px as JPEG, upright (createImageBitmap applies EXIF
  // orientation). Files the browser cannot decode are sent as they are, for the server to judge.
  function prepare(file) {
    if (!window.createImageBitmap) return Promise.resolve({ blob: file, width: 0, height: 0 });
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bmp) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
      var w = Math.round(bmp.width * scale), h = Math.round(bmp.height * scale);
      var canvas = document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      canvas.getContext("2d").drawImage(bmp, 0, 0, w, h);
      if (bmp.close) bmp.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve({ blob: blob || file, width: w, height: h }); }, "image/jpeg", 0.85);
      });
    }, function () { return { blob: file, width: 0, height: 0 }; });
  }

  function addPhotos(inputId) {
    var input = /** @type {HTMLInputElement | null} */ (document.getElementById(inputId));
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(files.map(function (file) {
      return prepare(file).then(function (p) {
        var id = newKey();
        photos.set(id, p.blob);
        return { id: id, url: URL.createObjectURL(p.blob), width: p.width || 120, height: p.height || 90 };
      }, function (e) { return { error: String(e) }; });
    })).then(function (list) {
      if (input) input.value = "";
      return JSON.stringify(list);
    });
  }

  function removePhoto(id) { photos.delete(id); }

  // Keeps the report and its photos in the outbox on this device (see outbox.js); it is sent
  // from there, also after the page was closed.
  function queueReport(reportJson, key) {
    var blobs = Array.from(photos.values());
    return window.MeldpuntOutbox.queueReport(key, reportJson, blobs).then(function () {
      photos.clear();
      requestSync("meldpunt-outbox");
      scheduleReports(5000);
      return JSON.stringify({ status: 0, body: "", queued: true });
    });
  }

  function canQueue() { return !!(window.MeldpuntOutbox && window.indexedDB); }

  // XMLHttpRequest, not fetch: only XHR reports upload progress. Without network, or when the
  // upload fails on the way, the report goes to the outbox with the same Idempotency-Key.
  function submitReport(reportJson, key, onProgress) {
    if (!navigator.onLine && canQueue()) return queueReport(reportJson, key);
    return new Promise(function (resolve, reject) {
      var form = new FormData();
      form.append("report", new Blob([reportJson], { type: "application/json" }));
      var n = 0;
      photos.forEach(function (blob) { form.append("photo", blob, "photo-" + (++n) + ".jpg"); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/reports");
      xhr.setRequestHeader("Idempotency-Key", key);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) onProgress(Math.min(99, (e.loaded / e.total) * 100));
      };
      function failed(why) {
        if (canQueue()) resolve(queueReport(reportJson, key));
        else reject(why);
      }
      xhr.onload = function () {
        if (xhr.status === 201 || xhr.status === 200) { photos.clear(); onProgress(100); }
        if (xhr.status >= 500 || xhr.status === 408 || xhr.status === 429) return failed("server");
        resolve(JSON.stringify({ status: xhr.status, body: xhr.responseText }));
      };
      xhr.onerror = function () { failed("network"); };
      xhr.ontimeout = function () { failed("timeout"); };
      xhr.timeout = 120000;
      xhr.send(form);
    });
  }


  // The planners' map: clusters computed by the server for the window and the filter, a heat
  // layer, colour by status or category. Filter changes apply at once, without a reload.
  var CATEGORY_COLOURS = FACTS.categoryPalette || ["#333"];
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
        if (total) total.textContent = a.total.toLocaleString("nl-BE");
        a.clusters.forEach(function (c) {
          if (c.ref) {
            var link = document.createElement("a");
            link.href = "/staff/r/" + c.ref;
            link.textContent = c.ref;
            L.marker([c.lat, c.lon], { icon: dot(colourOf(c)), title: c.ref }).bindPopup(link).addTo(layer);
            return;
          }
          var size = Math.round(26 + 8 * Math.log10(c.count));
          var label = c.count >= 10000 ? Math.round(c.count / 1000) + "k" : String(c.count);
          L.marker([c.lat, c.lon], {
            title: c.count + " meldingen",
            icon: L.divIcon({
              className: "cluster-marker",
              html: '<span style="background:' + colourOf(c) + ";width:" + size + "px;height:" + size + "px;line-height:" + size + 'px">' + label + "</span>",
              iconSize: [size, size], iconAnchor: [size / 2, size / 2]
            })
          }).on("click", function () {
            map.fitBounds([[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]], { padding: [30, 30], maxZoom: 19 });
          }).addTo(layer);
        });
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

  // The agents' intake form: address suggestions by keyboard (arrows, Enter), a map to adjust
  // the point, and open reports of the same category nearby that the caller can follow.
  function intakeForm(form) {
    var input = form.querySelector("#intake-address");
    var list = form.querySelector("#intake-suggestions");
    var lat = form.querySelector("#intake-lat");
    var lon = form.querySelector("#intake-lon");
    var category = form.querySelector("#intake-category");
    var nearby = form.querySelector("#intake-nearby");
    var active = -1;
    var timer = null;
    var hits = [];
    function setPoint(la, lo) {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
      showNearby();
    }
    pickerMap("intake-map", 50.8166, 5.1866, setPoint);
    function close() {
      list.innerHTML = "";
      hits = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      var h = hits[i];
      if (!h) return;
      input.value = h.label;
      close();
      setPoint(h.lat, h.lon);
      movePin(h.lat, h.lon);
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", "intake-hit-" + i);
    }
    input.addEventListener("input", function () {
      lat.value = "";
      lon.value = "";
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/api/v1/addresses?q=" + encodeURIComponent(input.value)).then(function (r) { return r.ok ? r.json() : []; }).then(function (found) {
          close();
          hits = found;
          found.forEach(function (h, i) {
            var li = document.createElement("li");
            li.id = "intake-hit-" + i;
            li.setAttribute("role", "option");
            li.textContent = h.label;
            li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
            list.appendChild(li);
          });
          if (found.length) { input.setAttribute("aria-expanded", "true"); highlight(0); }
        }).catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (!hits.length) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, hits.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" || e.key === "Tab") { if (active >= 0) { if (e.key === "Enter") e.preventDefault(); choose(active); } }
      else if (e.key === "Escape") { close(); }
    });
    category.addEventListener("change", showNearby);
    function showNearby() {
      if (!lat.value || !category.value) return;
      var la = parseFloat(lat.value), lo = parseFloat(lon.value);
      var dLat = 250 / 111320, dLon = 250 / (111320 * Math.cos(la * Math.PI / 180));
      var bbox = [lo - dLon, la - dLat, lo + dLon, la + dLat].map(function (v) { return v.toFixed(6); }).join(",");
      fetch("/api/v1/reports?status=open&category=" + encodeURIComponent(category.value) + "&bbox=" + bbox)
        .then(function (r) { return r.ok ? r.json() : null; }).then(function (fc) {
          nearby.innerHTML = "";
          if (!fc || !fc.features.length) { nearby.classList.add("hidden"); return; }
          var h = document.createElement("h3");
          h.textContent = nearby.dataset.title || "Open meldingen in de buurt";
          nearby.appendChild(h);
          fc.features.slice(0, 5).forEach(function (f) {
            var p = f.properties;
            var row = document.createElement("p");
            var b = document.createElement("button");
            b.type = "submit";
            b.name = "follow";
            b.value = p.ref;
            b.className = "secondary";
            b.textContent = (nearby.dataset.follow || "Beller volgt") + " " + p.ref;
            b.formNoValidate = true;
            row.appendChild(b);
            row.appendChild(document.createTextNode(" " + (p.description || "").slice(0, 80)));
            nearby.appendChild(row);
          });
          nearby.classList.remove("hidden");
        }).catch(function () {});
    }
  }


  // ---- Offline: texts, service worker, outbox and crew queue ----

  var texts = null;
  function T(key) {
    if (!texts) {
      var el = document.getElementById("meldpunt-texts");
      try { texts = JSON.parse((el && el.textContent) || "{}"); } catch (e) { texts = {}; }
    }
    return texts[key] || key;
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  var swRegistration = null;
  function requestSync(tag) {
    if (swRegistration && swRegistration.sync) swRegistration.sync.register(tag).catch(function () {});
  }

  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (window.__meldpuntUpdating && !reloading) {
        reloading = true;
        window.location.reload();
      }
    });
    navigator.serviceWorker.register("/sw.js").then(function (reg) {
      swRegistration = reg;
      if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg);
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        if (!worker) return;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(reg);
        });
      });
    }).catch(function () {});
  }

  // A new version waits until the person chooses to reload, so a form being filled in is
  // not lost and old and new files never mix in one page.
  function offerUpdate(reg) {
    if (document.querySelector(".update-bar")) return;
    var button = el("button", { type: "button", class: "primary", text: T("update.reload") });
    button.addEventListener("click", function () {
      window.__meldpuntUpdating = true;
      if (reg.waiting) reg.waiting.postMessage({ type: "skip-waiting" });
    });
    document.body.insertBefore(el("div", { class: "update-bar", role: "status" }, [T("update") + " ", button]), document.body.firstChild);
  }

  function offlineBanner() {
    var bar = el("div", { class: "offline-bar", role: "status", hidden: "" }, [T("offline")]);
    document.body.insertBefore(bar, document.body.firstChild);
    function show() { if (navigator.onLine) bar.setAttribute("hidden", ""); else bar.removeAttribute("hidden"); }
    window.addEventListener("online", show);
    window.addEventListener("offline", show);
    show();
  }

  // The citizen outbox on the report page: what waits, what failed and why, what was sent.
  var reportTimer = null;
  function scheduleReports(ms) {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(function () { flushReports(false); }, ms);
  }
  function flushReports(force) {
    if (!canQueue()) return Promise.resolve();
    return window.MeldpuntOutbox.flushReports(force).then(function (left) {
      if (left > 0) scheduleReports(15000);
    }, function () { scheduleReports(30000); });
  }

  function renderOutbox(box) {
    var O = window.MeldpuntOutbox;
    Promise.all([O.listReports(), O.listSent()]).then(function (got) {
      var items = got[0].sort(function (a, b) { return a.created - b.created; });
      var week = Date.now() - 7 * 24 * 3600 * 1000;
      var sent = got[1].filter(function (s) {
        if (s.at < week) { O.forgetSent(s.key); return false; }
        return true;
      });
      box.innerHTML = "";
      if (!items.length && !sent.length) { box.setAttribute("hidden", ""); return; }
      box.removeAttribute("hidden");
      var list = el("ul", { class: "outbox-list" });
      sent.forEach(function (s) {
        var close = el("button", { type: "button", class: "link", "aria-label": "×", text: "×" });
        close.addEventListener("click", function () { O.forgetSent(s.key); });
        list.appendChild(el("li", { class: "sent", "data-state": "sent" }, [
          "✓ " + T("outbox.sent") + " ", el("strong", { "data-testid": "outbox-ref", text: s.reference }), " ",
          el("a", { href: s.url, text: T("outbox.open") }), " ", close
        ]));
      });
      items.forEach(function (item) {
        var report = {};
        try { report = JSON.parse(item.report); } catch (e) { report = {}; }
        var state = item.state === "failed" ? T("outbox.failed") + (item.error ? ": " + item.error : "")
          : item.state === "sending" ? T("outbox.sending") : T("outbox.waiting");
        var li = el("li", { "data-state": item.state, "data-key": item.key }, [
          el("strong", { text: (report.description || "").slice(0, 60) }), " · ",
          el("span", { class: "state", text: state }), " · " + item.photos.length + " " + T("outbox.photos")
        ]);
        if (item.state === "failed") {
          var thumbs = el("div", { class: "outbox-photos" });
          item.photos.forEach(function (blob, i) {
            var url = URL.createObjectURL(blob);
            var remove = el("button", { type: "button", class: "secondary", text: T("outbox.remove_photo") });
            remove.addEventListener("click", function () { O.retryReport(item.key, i); });
            thumbs.appendChild(el("figure", {}, [el("img", { src: url, alt: "", width: "80" }), remove]));
          });
          li.appendChild(thumbs);
          var retry = el("button", { type: "button", class: "primary", text: T("outbox.retry") });
          retry.addEventListener("click", function () { O.retryReport(item.key); });
          var drop = el("button", { type: "button", class: "link", text: T("outbox.delete") });
          drop.addEventListener("click", function () { O.deleteReport(item.key); });
          li.appendChild(el("p", {}, [retry, " ", drop]));
        }
        list.appendChild(li);
      });
      box.appendChild(el("h2", { text: T("outbox.title") }));
      box.appendChild(list);
    });
  }

  function startOutbox() {
    if (!canQueue()) return;
    var box = document.getElementById("outbox");
    if (box) {
      renderOutbox(box);
      window.MeldpuntOutbox.onChange(function (e) { if (e.type === "reports") renderOutbox(box); });
    }
    window.addEventListener("online", function () { flushReports(true); flushChanges(); });
    flushReports(true);
    // Also when the browser does not tell us the network came back.
    setInterval(function () { if (navigator.onLine) flushReports(false); }, 30000);
  }

  // ---- Crew: queued changes, sync, prepare for offline, sign-out ----

  function currentUser() {
    var u = document.querySelector("[data-user]");
    return u ? u.getAttribute("data-user") : null;
  }

  var syncing = null;
  function flushChanges() {
    if (!canQueue() || syncing) return syncing || Promise.resolve();
    var status = document.querySelector("[data-sync-status]");
    syncing = window.MeldpuntOutbox.flushChanges(function (done, total) {
      if (status && total) {
        status.removeAttribute("hidden");
        status.textContent = "⟳ " + T("sync.sending") + " " + done + "/" + total;
      }
    }).catch(function () {}).then(function () {
      syncing = null;
      showSyncStatus();
    });
    return syncing;
  }

  function showSyncStatus() {
    var status = /** @type {HTMLElement | null} */ (document.querySelector("[data-sync-status]"));
    var user = currentUser();
    if (!status || !user || !canQueue()) return;
    window.MeldpuntOutbox.listChanges(user).then(function (items) {
      var pending = items.filter(function (i) { return i.state === "pending" || i.state === "sending"; }).length;
      var problems = items.filter(function (i) { return i.state === "conflict" || i.state === "failed"; }).length;
      // Only crews' pages, or a tablet with something in its queue, show the sync state.
      if (!items.length && !document.querySelector("[data-crew-offline], [data-pending-for]")) {
        status.setAttribute("hidden", "");
        return;
      }
      status.removeAttribute("hidden");
      status.dataset.pending = String(pending);
      status.textContent = pending ? "⟳ " + pending + " " + T("sync.pending") : problems ? "⚠ " + problems : "✓ " + T("sync.done");
      status.className = "sync-status" + (pending ? " pending" : problems ? " problem" : "");
    });
    document.querySelectorAll("[data-pending-for], [data-crew-changes]").forEach(renderChanges);
  }

  // Changes of one report (crew report page) or all problems (work list).
  function renderChanges(box) {
    var ref = box.getAttribute("data-pending-for");
    window.MeldpuntOutbox.listChanges(currentUser()).then(function (items) {
      var shown = items.filter(function (i) {
        return ref ? i.ref === ref : i.state === "conflict" || i.state === "failed";
      });
      box.innerHTML = "";
      if (!shown.length) return;
      var list = el("ul", { class: "changes" });
      shown.forEach(function (i) {
        var what = i.change.type === "new_report" ? (i.change.input.description || "").slice(0, 40)
          : (i.ref + " · " + (i.change.action.action || ""));
        var text = i.state === "conflict" ? T("sync.conflict")
          : i.state === "failed" ? T("sync.failed") + ": " + (i.error || "")
          : T("sync.queued");
        var li = el("li", { "data-state": i.state }, [el("strong", { text: what }), " · " + text]);
        if (i.state === "conflict" || i.state === "failed") {
          var ok = el("button", { type: "button", class: "link", text: "×", "aria-label": T("outbox.delete") });
          ok.addEventListener("click", function () { window.MeldpuntOutbox.dismissChange(i.key); });
          li.appendChild(ok);
        }
        if (i.state === "failed") {
          var again = el("button", { type: "button", class: "secondary", text: T("outbox.retry") });
          again.addEventListener("click", function () { window.MeldpuntOutbox.retryChange(i.key).then(flushChanges); });
          li.appendChild(again);
        }
        list.appendChild(li);
      });
      box.appendChild(list);
    });
  }

  function filesOf(form) {
    var input = form.querySelector('input[type="file"]');
    var files = input && input.files ? Array.prototype.slice.call(input.files, 0, 3) : [];
    return Promise.all(files.map(function (f) { return prepare(f).then(function (p) { return p.blob; }); }));
  }

  // Crew forms save to the tablet's queue first and are sent from there, online or not.
  function crewForms() {
    if (!canQueue()) return;
    document.querySelectorAll('form[data-offline="status"]').forEach(function (/** @type {HTMLFormElement} */ form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var data = new FormData(form);
        var status = String(data.get("status") || "");
        var note = String(data.get("note") || "").trim();
        // A remark needs its text; a status change's note is optional.
        var action = { action: CREW_ACTIONS[status], note: status === "note" ? note : note || null };
        var ref = form.getAttribute("data-ref");
        var button = /** @type {HTMLButtonElement | null} */ (form.querySelector('button[type="submit"]'));
        if (button) button.disabled = true;
        filesOf(form).then(function (blobs) {
          return window.MeldpuntOutbox.queueChange(currentUser(), {
            type: "action", ref: ref, action: action, made_at: new Date().toISOString()
          }, parseInt(form.getAttribute("data-version"), 10), blobs);
        }).then(function () {
          form.reset();
          if (button) button.disabled = false;
          requestSync("meldpunt-changes");
          showSyncStatus();
          if (!navigator.onLine) return;
          return flushChanges().then(function () {
            return window.MeldpuntOutbox.listChanges(currentUser());
          }).then(function (items) {
            var left = items.filter(function (i) { return i.ref === ref; });
            if (!left.length) window.location.href = "/crew/r/" + ref + "?saved=1";
          });
        });
      });
    });
    document.querySelectorAll('form[data-offline="new"]').forEach(function (/** @type {HTMLFormElement} */ form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var d = new FormData(form);
        var num = function (k) { var v = parseFloat(String(d.get(k))); return isFinite(v) ? v : null; };
        var input = {
          category: String(d.get("category") || ""), description: String(d.get("description") || ""),
          address: String(d.get("address") || "") || null, lat: num("lat"), lon: num("lon"),
          channel: "field"
        };
        filesOf(form).then(function (blobs) {
          return window.MeldpuntOutbox.queueChange(currentUser(), { type: "new_report", input: input }, null, blobs);
        }).then(function () {
          form.reset();
          var details = form.closest("details");
          if (details) details.open = false;
          requestSync("meldpunt-changes");
          showSyncStatus();
          if (navigator.onLine) flushChanges();
        });
      });
    });
    // Signing out removes this user's offline data from the tablet, after a warning when
    // changes are still waiting.
    document.querySelectorAll('form[action="/logout"], form[action="/crew/logout"]').forEach(function (/** @type {HTMLFormElement} */ form) {
      form.addEventListener("submit", function (e) {
        var user = currentUser();
        if (!user) return;
        e.preventDefault();
        window.MeldpuntOutbox.pendingChanges(user).then(function (pending) {
          if (pending > 0 && !window.confirm(pending + " " + T("logout.pending"))) return;
          return window.MeldpuntOutbox.clearUser(user).then(function () { form.submit(); });
        });
      });
    });
  }

  // Tiles around each point for zooms 13 to 18, within about 200 m.
  function tilesFor(points, template) {
    var seen = {};
    var list = [];
    points.forEach(function (p) {
      for (var z = 13; z <= 18; z++) {
        var n = Math.pow(2, z);
        var dLat = 200 / 111320, dLon = 200 / (111320 * Math.cos(p.lat * Math.PI / 180));
        var x0 = lonToX(p.lon - dLon, n), x1 = lonToX(p.lon + dLon, n);
        var y0 = latToY(p.lat + dLat, n), y1 = latToY(p.lat - dLat, n);
        for (var x = x0; x <= x1; x++) for (var y = y0; y <= y1; y++) {
          var url = template.replace("{z}", z).replace("{x}", x).replace("{y}", y).replace("{s}", "a");
          if (!seen[url]) { seen[url] = true; list.push(url); }
        }
      }
    });
    return list;
  }
  function lonToX(lon, n) { return Math.floor((lon + 180) / 360 * n); }
  function latToY(lat, n) {
    var r = lat * Math.PI / 180;
    return Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
  }

  var TILE_BYTES = 18 * 1024;
  function prepareOffline(panel) {
    var user = currentUser();
    var bar = panel.querySelector("progress");
    var status = panel.querySelector("[data-prepare-status]");
    var button = panel.querySelector("[data-prepare]");
    button.disabled = true;
    bar.removeAttribute("hidden");
    var done = 0, total = 1;
    function step() {
      done += 1;
      bar.max = total;
      bar.value = done;
      status.textContent = T("prepare.busy") + " " + done + "/" + total;
    }
    var cacheName = "meldpunt-crew-" + user;
    var fresh = cacheName + "-new";
    var save = function (cache, url) {
      return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
        if (!r.ok || r.redirected) throw new Error(url + ": " + r.status);
        return cache.put(url, r.clone()).then(function () { return r; });
      });
    };
    var work;
    return caches.open(fresh).then(function (cache) {
      return fetch("/api/v1/staff/worklist", { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("worklist " + r.status);
        return r.json();
      }).then(function (list) {
        work = list;
        var pages = ["/crew"].concat(list.map(function (r) { return "/crew/r/" + r.ref; }));
        var template = tileUrl();
        var tiles = template ? tilesFor(list, template) : [];
        total = pages.length + tiles.length;
        panel.querySelector("[data-prepare-estimate]").textContent = tiles.length
          ? " · " + tiles.length + " " + T("prepare.tiles") + " " + (tiles.length * TILE_BYTES / 1048576).toFixed(1) + " MB" : "";
        var photos = [];
        return pages.reduce(function (chain, url) {
          return chain.then(function () {
            return save(cache, url).then(function (r) { return r.text(); }).then(function (html) {
              (html.match(/\/photos\/[A-Za-z0-9._\/-]+/g) || []).forEach(function (p) {
                if (photos.indexOf(p) < 0) { photos.push(p); total += 1; }
              });
              step();
            });
          });
        }, Promise.resolve()).then(function () {
          return photos.reduce(function (chain, url) {
            return chain.then(function () { return save(cache, url).catch(function () {}).then(step); });
          }, Promise.resolve());
        }).then(function () {
          if (!tiles.length) return;
          return caches.open("meldpunt-tiles").then(function (tileCache) {
            // A few at a time: the tile server's fair-use rules, and the tablet's connection.
            var queue = tiles.slice();
            function worker() {
              var url = queue.shift();
              if (!url) return Promise.resolve();
              return tileCache.match(url).then(function (hit) {
                if (hit) return;
                return fetch(url, { mode: "cors" }).then(function (r) { if (r.ok) return tileCache.put(url, r); });
              }).catch(function () {}).then(function () { step(); return worker(); });
            }
            return Promise.all([worker(), worker(), worker(), worker()]);
          });
        });
      });
    }).then(function () {
      return caches.delete(cacheName).then(function () { return caches.open(cacheName); }).then(function (target) {
        return caches.open(fresh).then(function (src) {
          return src.keys().then(function (keys) {
            return Promise.all(keys.map(function (k) { return src.match(k).then(function (r) { return target.put(k, r); }); }));
          });
        });
      });
    }).then(function () {
      return caches.delete(fresh);
    }).then(function () {
      var version = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="meldpunt-version"]'));
      return window.MeldpuntOutbox.setMeta({
        k: "package:" + user, at: Date.now(), count: work.length, version: version ? version.content : ""
      });
    }).then(function () {
      status.textContent = "✓ " + T("prepare.done");
      showPackage(panel);
    }, function () {
      caches.delete(fresh);
      status.textContent = "⚠ " + T("prepare.failed");
    }).then(function () {
      button.disabled = false;
      bar.setAttribute("hidden", "");
    });
  }

  function showPackage(panel) {
    var user = currentUser();
    var age = panel.querySelector("[data-package-age]");
    window.MeldpuntOutbox.getMeta("package:" + user).then(function (p) {
      if (!p) { age.textContent = T("prepare.none"); return; }
      var at = new Date(p.at);
      var minutes = Math.round((Date.now() - p.at) / 60000);
      age.textContent = T("prepare.age") + " " + at.toLocaleString() + " (" + (minutes < 60 ? minutes + " min" : Math.round(minutes / 60) + " h") + ", " + p.count + ")";
      age.dataset.at = String(p.at);
      // A package saved with an older app version points at files that are gone: renew it.
      var version = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="meldpunt-version"]'));
      if (navigator.onLine && version && p.version && p.version !== version.content && !panel.dataset.renewing) {
        panel.dataset.renewing = "1";
        prepareOffline(panel);
      }
    });
  }

  function startCrew() {
    if (!canQueue() || !currentUser()) return;
    crewForms();
    window.MeldpuntOutbox.onChange(function (e) { if (e.type === "changes") showSyncStatus(); });
    showSyncStatus();
    document.querySelectorAll("[data-crew-offline]").forEach(function (panel) {
      panel.removeAttribute("hidden");
      panel.querySelector("[data-prepare]").addEventListener("click", function () { prepareOffline(panel); });
      showPackage(panel);
    });
    if (navigator.onLine) flushChanges();
    setInterval(function () { if (navigator.onLine) flushChanges(); }, 30000);
  }

  function startOffline() {
    offlineBanner();
    registerServiceWorker();
    startOutbox();
    startCrew();
  }

  // Read-only maps need no app code: start them from their data- attributes.
  function startMaps() {
    document.querySelectorAll('[data-map="worklist"]').forEach(worklistMap);
    document.querySelectorAll("[data-intake]").forEach(intakeForm);
    document.querySelectorAll("[data-complaint-form]").forEach(complaintForm);
    // Forms that want the device's position (a crew's field report).
    document.querySelectorAll("[data-locate-fill]").forEach(function (f) {
      locate().then(function (json) {
        var p = JSON.parse(json);
        /** @type {HTMLInputElement} */ (f.querySelector('[name="lat"]')).value = p.lat.toFixed(6);
        /** @type {HTMLInputElement} */ (f.querySelector('[name="lon"]')).value = p.lon.toFixed(6);
      }, function () {});
    });
    document.querySelectorAll('[data-map="point"]').forEach(function (/** @type {HTMLElement} */ el) {
      showMap(el, parseFloat(el.dataset.lat), parseFloat(el.dataset.lon), el.dataset.colour || "#333");
    });
    document.querySelectorAll('[data-map="reports"]').forEach(reportsMap);
    document.querySelectorAll('[data-map="planner"]').forEach(plannerMap);
    // Links that reload a list sorted from the device's position (the crew's work list).
    document.querySelectorAll("[data-locate-link]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        locate().then(function (json) {
          var p = JSON.parse(json);
          window.location.href = a.getAttribute("href") + "?lat=" + p.lat.toFixed(6) + "&lon=" + p.lon.toFixed(6);
        }, function () { a.classList.add("failed"); });
      });
    });
  }
  // The citizen's complaint form: sent with fetch so that, when something is wrong (a refused
  // attachment, no network), the message shows and everything typed stays in the form.
  function complaintForm(form) {
    var error = /** @type {HTMLElement | null} */ (document.querySelector("[data-form-error]"));
    var button = form.querySelector('button[type="submit"]');
    function show(message, field) {
      form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
      var input = field && form.querySelector('[name="' + field + '"]');
      if (input) { input.setAttribute("aria-invalid", "true"); input.focus(); }
      if (error) { error.textContent = message; error.hidden = false; error.scrollIntoView({ block: "center" }); }
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      var label = button.textContent;
      button.textContent = T("complaint.sending");
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            if (r.ok && body.url) { window.location.href = body.url; return; }
            var field = body.field === "attachment" || body.field === "photo" ? "attachment" : body.field;
            show(T("complaint.refused") + " " + (body.message || r.status), field);
          });
        }, function () { show(T("complaint.offline")); })
        .then(function () { button.disabled = false; button.textContent = label; });
    });
  }

  function start() {
    startMaps();
    startOffline();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  window.meldpunt = {
    pickerMap: pickerMap, movePin: movePin,
    locate: locate, addPhotos: addPhotos, removePhoto: removePhoto, submitReport: submitReport, newKey: newKey
  };
})();
