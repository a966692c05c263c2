// The shared part of Meldpunt's browser scripts: the facts and texts Rust renders into every
// page, an element builder, the base map, the device's position, and the namespace
// `window.Meldpunt` the other files in public/js/ add their parts to. Loaded first.
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

  // Texts in the page's language (app/src/ui/js.rs `texts`), by the name of their catalogue entry.
  var texts = null;
  function T(key) {
    if (!texts) {
      var el = document.getElementById("meldpunt-texts");
      try { texts = JSON.parse((el && el.textContent) || "{}"); } catch (e) { texts = {}; }
    }
    return texts[key] || key;
  }

  // What people read about an error the server answered (an `AppError` as JSON, or its text):
  // its code's explanation in the page's language, else its kind's, by the answer's status
  // (facts `errorKinds`). Never its English `message`, which is for developers.
  /** @param {number} status @param {any} body the parsed answer, or its text */
  function explain(status, body) {
    if (typeof body === "string") {
      try { body = JSON.parse(body); } catch (e) { body = {}; }
    }
    var prefix = "Error.";
    var code = body && typeof body.code === "string" ? prefix + body.code : "";
    if (code && T(code) !== code) return T(code);
    return T(prefix + ((FACTS.errorKinds || {})[String(status)] || "Internal"));
  }

  // Print buttons (`data-print`): pages carry no inline script, which the policy forbids.
  document.addEventListener("click", function (e) {
    var target = e.target instanceof Element ? e.target.closest("[data-print]") : null;
    if (target) window.print();
  });

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

  // A text box with a list of suggestions under it (the WAI-ARIA combobox pattern):
  // `find(text, show)` hands `show` the suggestions ({label}) for what was typed, arrows move
  // through them (ArrowDown on an empty list asks for them), Enter or Tab takes the highlighted
  // one, Escape closes, and `choose(hit)` is told. Serves the intake's address and category.
  function suggest(input, list, find, choose) {
    var active = -1;
    var hits = [];
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    list.setAttribute("role", "listbox");
    function close() {
      list.innerHTML = "";
      hits = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
        if (j === i && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + i);
    }
    function take(i) {
      var h = hits[i];
      if (!h) return;
      input.value = h.label;
      close();
      choose(h);
    }
    function show(found) {
      close();
      hits = found;
      found.forEach(function (h, i) {
        var li = el("li", { id: list.id + "-" + i, role: "option", text: h.label });
        li.addEventListener("mousedown", function (e) { e.preventDefault(); take(i); });
        list.appendChild(li);
      });
      if (found.length) { input.setAttribute("aria-expanded", "true"); highlight(0); }
    }
    input.addEventListener("input", function () { find(input.value, show); });
    input.addEventListener("blur", function () { setTimeout(close, 0); });
    input.addEventListener("keydown", function (e) {
      if (!hits.length) {
        if (e.key === "ArrowDown") { e.preventDefault(); find(input.value, show); }
        return;
      }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, hits.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" || e.key === "Tab") { if (active >= 0) { if (e.key === "Enter") e.preventDefault(); take(active); } }
      else if (e.key === "Escape") { close(); }
    });
  }

  // A `find` for `suggest`: addresses of the register matching what was typed
  // (`/api/v1/addresses`, {label, lat, lon}), asked once typing pauses.
  function findAddresses() {
    var timer = null;
    return function (/** @type {string} */ text, /** @type {function(any[]): void} */ show) {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/api/v1/addresses?q=" + encodeURIComponent(text)).then(function (r) { return r.ok ? r.json() : []; })
          .then(show).catch(function () {});
      }, 150);
    };
  }

  function tileUrl() {
    var m = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="meldpunt-tiles"]'));
    return (m && m.content) || "";
  }

  // A map on a plain background: tiles are a bonus, so the map works without them (offline,
  // tests without internet).
  function baseMap(el, lat, lon, zoom) {
    var map = L.map(el, { zoomControl: false, attributionControl: true, maxZoom: 19 }).setView([lat, lon], zoom);
    L.control.zoom({ zoomInTitle: T("MapZoomIn"), zoomOutTitle: T("MapZoomOut") }).addTo(map);
    // A popup's close button says "Close popup" whatever the page's language.
    map.on("popupopen", function (e) {
      var close = e.popup.getElement() && e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", T("MapClosePopup"));
    });
    var url = tileUrl();
    if (url) {
      // On a high-density screen (most phones) four tiles of the next zoom level fill the place
      // of one, so the map is as sharp as the text; the tiles stop at zoom 19, as the server's do.
      var sharp = L.Browser.retina;
      L.tileLayer(url, sharp ? { detectRetina: true, maxZoom: 20, maxNativeZoom: 18, attribution: "© OpenStreetMap" }
        : { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    }
    return map;
  }

  function dot(colour) {
    return L.divIcon({
      className: "dot-marker",
      html: '<span style="background:' + colour + '"></span>',
      // An 18 px dot in a 24 px target (WCAG 2.2 target size).
      iconSize: [24, 24], iconAnchor: [12, 12]
    });
  }

  function locate() {
    return new Promise(function (resolve, reject) {
      if (!navigator.geolocation) return reject("no geolocation");
      navigator.geolocation.getCurrentPosition(function (p) {
        resolve(JSON.stringify({ lat: p.coords.latitude, lon: p.coords.longitude }));
      }, function (e) { reject(e.message || "denied"); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // The offline queues need outbox.js (loaded first) and IndexedDB.
  function canQueue() { return !!(window.MeldpuntOutbox && window.indexedDB); }

  // Asks the service worker (registered by public/meldpunt.js) to send a queue in the background.
  function requestSync(tag) {
    var reg = window.Meldpunt.sw;
    if (reg && reg.sync) reg.sync.register(tag).catch(function () {});
  }

  window.Meldpunt = {
    FACTS: FACTS, STATUS_COLOURS: STATUS_COLOURS, CREW_ACTIONS: CREW_ACTIONS,
    T: T, explain: explain, el: el, suggest: suggest, findAddresses: findAddresses, tileUrl: tileUrl, baseMap: baseMap, dot: dot, locate: locate,
    canQueue: canQueue, requestSync: requestSync,
    /** The service worker's registration, once there is one. */
    sw: null
  };
})();
