// Meldpunt's service worker. The server prepends VERSION and PRECACHE (see server/src/offline.rs).
//
// - The app shell (citizen form, scripts, wasm, styles, Leaflet, icons) is precached in a cache
//   named after VERSION. A new version installs next to the old one and takes over only when
//   the page asks (the "new version" bar) or no page of the old one is open; the old caches and
//   the pages saved with old asset names are then deleted, so old and new files never mix.
// - Pages are fetched from the network first; a saved copy is shown only without network
//   (the page then says it is offline). API calls are never answered from a cache.
// - Map tiles are kept at runtime, at most MAX_TILES of them.
// - Background Sync sends the citizen outbox and the crew's queued changes (outbox.js).
/* global VERSION, PRECACHE, MeldpuntOutbox */
// @ts-check
"use strict";

var sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

importScripts("/outbox.js?v=" + VERSION);

var SHELL = "meldpunt-shell-" + VERSION;
var PAGES = "meldpunt-pages";
var TILES = "meldpunt-tiles";
var CREW_PREFIX = "meldpunt-crew-";
var MAX_TILES = 4000;
var NETWORK_TIMEOUT_MS = 6000;

sw.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(PRECACHE.map(function (url) { return new Request(url, { cache: "reload" }); }));
  }));
});

sw.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      // Old shells, and saved pages that point at the old shell's file names.
      return (k.indexOf("meldpunt-shell-") === 0 && k !== SHELL) || k === PAGES || k.indexOf(CREW_PREFIX) === 0;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return sw.clients.claim(); }));
});

sw.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "skip-waiting") sw.skipWaiting();
  if (data.type === "version" && event.ports[0]) event.ports[0].postMessage(VERSION);
});

sw.addEventListener("sync", function (/** @type {SyncEvent} */ event) {
  if (event.tag === "meldpunt-outbox") event.waitUntil(MeldpuntOutbox.flushReports());
  if (event.tag === "meldpunt-changes") event.waitUntil(MeldpuntOutbox.flushChanges());
});

function isTile(url) {
  return url.origin !== sw.location.origin && /\/\d+\/\d+\/\d+(@2x)?\.(png|jpg|jpeg|webp)(\?.*)?$/.test(url.pathname + url.search);
}

// Pages worth keeping a copy of: public pages and, for crews who prepared, their work pages.
function pageCache(url) {
  if (url.pathname.indexOf("/crew") === 0) return null;
  if (url.pathname === "/" || url.pathname === "/kaart" || /^\/(r|track)\//.test(url.pathname)) return PAGES;
  return null;
}

function withTimeout(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, ms);
    promise.then(function (r) { clearTimeout(timer); resolve(r); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

function navigate(request) {
  var url = new URL(request.url);
  return withTimeout(fetch(request), NETWORK_TIMEOUT_MS).then(function (response) {
    if (response.ok && response.type === "basic") {
      var name = pageCache(url);
      // Crew pages are saved by "prepare for offline" only: a copy fetched after the session
      // ended would be a sign-in form.
      if (name) {
        var copy = response.clone();
        caches.open(name).then(function (c) { return c.put(url.pathname + url.search, copy); });
      }
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || caches.match(url.pathname, { ignoreSearch: true, ignoreVary: true });
    }).then(function (hit) {
      if (hit) return hit;
      // The citizen form works offline whatever query the link had.
      if (url.pathname === "/") return caches.match("/", { ignoreVary: true });
      return caches.match("/offline.html");
    });
  });
}

function tile(request) {
  return caches.open(TILES).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok || response.type === "opaque") {
          cache.put(request, response.clone()).then(function () { return trimTiles(cache); });
        }
        return response;
      });
    });
  });
}

function trimTiles(cache) {
  return cache.keys().then(function (keys) {
    // Oldest first: keys come back in insertion order.
    var extra = keys.length - MAX_TILES;
    return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (k) { return cache.delete(k); }));
  });
}

sw.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (isTile(url)) {
    event.respondWith(tile(request));
    return;
  }
  if (url.origin !== sw.location.origin) return;
  // The API is never answered from a cache: stale data must not look current.
  if (url.pathname.indexOf("/api/") === 0 || url.pathname === "/sw.js") return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
    return;
  }
  // Shell files and photos (content-addressed) from the cache, the rest from the network.
  event.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
    return hit || fetch(request);
  }));
});
