// Crews' tablets: status forms and field reports saved to the queue first (outbox.js) and
// sent from there, the sync state, getting ready for a shift offline, signing out.
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var T = M.T, el = M.el, canQueue = M.canQueue, requestSync = M.requestSync, tileUrl = M.tileUrl;
  var prepare = M.prepare, CREW_ACTIONS = M.CREW_ACTIONS;

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
        status.textContent = "⟳ " + T("SyncSending") + " " + done + "/" + total;
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
      status.textContent = pending ? "⟳ " + pending + " " + T("SyncPending") : problems ? "⚠ " + problems : "✓ " + T("SyncDone");
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
        var text = i.state === "conflict" ? T("SyncConflict")
          : i.state === "failed" ? T("SyncFailed") + ": " + M.explain(i.status, i.error)
          : T("SyncQueued");
        var li = el("li", { "data-state": i.state }, [el("strong", { text: what }), " · " + text]);
        if (i.state === "conflict" || i.state === "failed") {
          var ok = el("button", { type: "button", class: "link", text: "×", "aria-label": T("OutboxDelete") });
          ok.addEventListener("click", function () { window.MeldpuntOutbox.dismissChange(i.key); });
          li.appendChild(ok);
        }
        if (i.state === "failed") {
          var again = el("button", { type: "button", class: "secondary", text: T("OutboxRetry") });
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
    // A file the tablet cannot read goes as it is; the server says what is wrong with it.
    return Promise.all(files.map(function (f) { return prepare(f).then(function (p) { return p.blob; }, function () { return f; }); }));
  }

  // The chosen category's answers (fields `q.CATEGORY.QUESTION`), as the intake API takes them.
  /** @param {FormData} data */
  function answersOf(data) {
    var prefix = "q." + String(data.get("category") || "") + ".";
    /** @type {Record<string, string[]>} */
    var answers = {};
    data.forEach(function (value, name) {
      if (name.indexOf(prefix) !== 0 || typeof value !== "string" || !value.trim()) return;
      var code = name.slice(prefix.length);
      (answers[code] = answers[code] || []).push(value);
    });
    return answers;
  }

  // The after-photo button hides the file control: the chosen photos' names show under it.
  document.addEventListener("change", function (e) {
    var input = /** @type {HTMLInputElement} */ (e.target);
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.form) return;
    var out = input.form.querySelector("[data-photo-chosen]");
    if (out) out.textContent = Array.prototype.map.call(input.files || [], function (f) { return "📷 " + f.name; }).join(", ");
  });

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
          channel: "field", answers: answersOf(d)
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
          if (pending > 0 && !window.confirm(pending + " " + T("LogoutPending"))) return;
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
      status.textContent = T("PrepareBusy") + " " + done + "/" + total;
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
          ? " · " + tiles.length + " " + T("PrepareTiles") + " " + (tiles.length * TILE_BYTES / 1048576).toFixed(1) + " MB" : "";
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
      status.textContent = "✓ " + T("PrepareDone");
      showPackage(panel);
    }, function () {
      caches.delete(fresh);
      status.textContent = "⚠ " + T("PrepareFailed");
    }).then(function () {
      button.disabled = false;
      bar.setAttribute("hidden", "");
    });
  }

  function showPackage(panel) {
    var user = currentUser();
    var age = panel.querySelector("[data-package-age]");
    window.MeldpuntOutbox.getMeta("package:" + user).then(function (p) {
      if (!p) { age.textContent = T("PrepareNone"); return; }
      var at = new Date(p.at);
      var minutes = Math.round((Date.now() - p.at) / 60000);
      age.textContent = T("PrepareAge") + " " + at.toLocaleString() + " (" + (minutes < 60 ? minutes + " min" : Math.round(minutes / 60) + " h") + ", " + p.count + ")";
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
    if (!canQueue() || !currentUser()) {
      document.querySelectorAll("[data-crew-offline]").forEach(function (panel) { panel.setAttribute("hidden", ""); });
      return;
    }
    crewForms();
    window.MeldpuntOutbox.onChange(function (e) { if (e.type === "changes") showSyncStatus(); });
    showSyncStatus();
    document.querySelectorAll("[data-crew-offline]").forEach(function (panel) {
      panel.querySelector("[data-prepare]").addEventListener("click", function () { prepareOffline(panel); });
      showPackage(panel);
    });
    if (navigator.onLine) flushChanges();
    setInterval(function () { if (navigator.onLine) flushChanges(); }, 30000);
  }

  M.flushChanges = flushChanges;
  M.startCrew = startCrew;
})(window.Meldpunt);
