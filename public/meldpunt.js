// Meldpunt's browser helpers: Leaflet maps, photo downscaling, upload with progress and
// geolocation. The Leptos app calls these through `window.meldpunt` (see app/src/ui/js.rs).
(function () {
  "use strict";
  var STATUS_COLOURS = {
    new: "#d9480f", accepted: "#e67700", assigned: "#7048e8", in_progress: "#1971c2",
    done: "#2b8a3e", rejected: "#495057", duplicate: "#868e96", forwarded: "#0c8599"
  };
  var MAX_SIDE = 2048;
  var photos = new Map();
  var picker = null;
  var pin = null;

  function tileUrl() {
    var m = document.querySelector('meta[name="meldpunt-tiles"]');
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
      var checked = document.querySelector('input[name="mapfilter"]:checked');
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

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

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
    var input = document.getElementById(inputId);
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

  // XMLHttpRequest, not fetch: only XHR reports upload progress.
  function submitReport(reportJson, key, onProgress) {
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
      xhr.onload = function () {
        if (xhr.status === 201) { photos.clear(); onProgress(100); }
        resolve(JSON.stringify({ status: xhr.status, body: xhr.responseText }));
      };
      xhr.onerror = function () { reject("network"); };
      xhr.ontimeout = function () { reject("timeout"); };
      xhr.send(form);
    });
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

  // Read-only maps need no app code: start them from their data- attributes.
  function startMaps() {
    document.querySelectorAll('[data-map="worklist"]').forEach(worklistMap);
    document.querySelectorAll("[data-intake]").forEach(intakeForm);
    // Forms that want the device's position (a crew's field report).
    document.querySelectorAll("[data-locate-fill]").forEach(function (f) {
      locate().then(function (json) {
        var p = JSON.parse(json);
        f.querySelector('[name="lat"]').value = p.lat.toFixed(6);
        f.querySelector('[name="lon"]').value = p.lon.toFixed(6);
      }, function () {});
    });
    document.querySelectorAll('[data-map="point"]').forEach(function (el) {
      showMap(el, parseFloat(el.dataset.lat), parseFloat(el.dataset.lon), el.dataset.colour || "#333");
    });
    document.querySelectorAll('[data-map="reports"]').forEach(reportsMap);
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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startMaps);
  } else {
    startMaps();
  }

  window.meldpunt = {
    pickerMap: pickerMap, movePin: movePin,
    locate: locate, addPhotos: addPhotos, removePhoto: removePhoto, submitReport: submitReport, newKey: newKey
  };
})();
