// Meldpunt's offline queues, in IndexedDB, shared by the pages and the service worker:
//
// - the citizen outbox: reports (with their photos as Blobs) that could not be sent yet;
// - the crew's queue: status changes, notes, after-photos and new reports made on a tablet.
//
// Every item carries the id the device gave it (a UUID), sent as `Idempotency-Key`, so sending
// twice never makes two. An item leaves its queue only after a 2xx answer; any other answer or
// a lost connection keeps it, with its state and reason. Only one sender runs at a time
// (Web Locks), whether in a page or the service worker.
// @ts-check
(/** @param {any} scope the page's window or the service worker */ function (scope) {
  "use strict";
  var DB_NAME = "meldpunt";
  var DB_VERSION = 1;
  var BACKOFF_MAX_MS = 5 * 60 * 1000;
  var listeners = [];
  var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("meldpunt-outbox") : null;
  if (channel) channel.onmessage = function (e) { listeners.forEach(function (f) { f(e.data); }); };

  function notify(what) {
    listeners.forEach(function (f) { f({ type: what }); });
    if (channel) channel.postMessage({ type: what });
  }

  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open(DB_NAME, DB_VERSION);
        open.onupgradeneeded = function () {
          var d = open.result;
          d.createObjectStore("reports", { keyPath: "key" });
          d.createObjectStore("sent", { keyPath: "key" });
          d.createObjectStore("changes", { keyPath: "key" });
          d.createObjectStore("meta", { keyPath: "k" });
        };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { dbPromise = null; reject(open.error); };
      });
    }
    return dbPromise;
  }

  function tx(store, mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(store, mode);
        var result;
        Promise.resolve(work(t.objectStore(store))).then(function (r) { result = r; });
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error || new Error("aborted")); };
      });
    });
  }
  function req(r) {
    return new Promise(function (resolve, reject) {
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }
  function all(store) { return tx(store, "readonly", function (s) { return req(s.getAll()); }); }
  function get(store, key) { return tx(store, "readonly", function (s) { return req(s.get(key)); }); }
  function put(store, value) { return tx(store, "readwrite", function (s) { return req(s.put(value)); }); }
  function del(store, key) { return tx(store, "readwrite", function (s) { return req(s.delete(key)); }); }

  var localLocks = {};
  function withLock(name, work) {
    if (scope.navigator && navigator.locks && navigator.locks.request) {
      return navigator.locks.request(name, work);
    }
    var previous = localLocks[name] || Promise.resolve();
    var next = previous.then(work, work);
    localLocks[name] = next.catch(function () {});
    return next;
  }

  function backoff(attempts) {
    return Math.min(BACKOFF_MAX_MS, 5000 * Math.pow(2, Math.max(0, attempts - 1)));
  }

  // An answer the server gives for a request that may succeed later (overload, restart).
  function transient(status) {
    return status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;
  }

  // Why an item was refused: the answer's status and text (an `AppError` as JSON). The page
  // explains it in its own language (`Meldpunt.explain`); the service worker has none.
  /** @param {any} item @param {number} status @param {string} text */
  function refused(item, status, text) {
    item.status = status;
    item.error = String(text || "").slice(0, 2000);
    try { item.field = JSON.parse(text).field || null; } catch (x) { item.field = null; }
  }
  // ---- Citizen outbox ----

  function queueReport(key, reportJson, photos) {
    var item = {
      key: key, report: reportJson, photos: photos.slice(0, 3), created: Date.now(),
      state: "waiting", error: null, field: null, attempts: 0, nextAt: 0
    };
    return put("reports", item).then(function () {
      notify("reports");
      return item;
    });
  }

  function sendReport(item) {
    var form = new FormData();
    form.append("report", new Blob([item.report], { type: "application/json" }));
    item.photos.forEach(function (blob, i) { form.append("photo", blob, "photo-" + (i + 1) + ".jpg"); });
    return fetch("/api/v1/reports", {
      method: "POST", body: form, credentials: "same-origin",
      headers: { "Idempotency-Key": item.key }
    }).then(function (r) { return r.text().then(function (text) { return { status: r.status, text: text }; }); });
  }

  // Sends what is due (everything, when `force`); resolves to the number still waiting.
  function flushReports(force) {
    return withLock("meldpunt-reports", function () {
      return all("reports").then(function (items) {
        var now = Date.now();
        var due = items.filter(function (i) { return i.state !== "failed" && (force || i.nextAt <= now); })
          .sort(function (a, b) { return a.created - b.created; });
        var stop = false;
        return due.reduce(function (chain, item) {
          return chain.then(function () {
            if (stop) return;
            item.state = "sending";
            return put("reports", item).then(function () {
              notify("reports");
              return sendReport(item);
            }).then(function (answer) {
              if (answer.status === 200 || answer.status === 201) {
                var receipt = JSON.parse(answer.text);
                return rememberSent(item.key, receipt, false)
                  .then(function () { return del("reports", item.key); });
              }
              refused(item, answer.status, answer.text);
              if (transient(answer.status)) {
                stop = true;
                return retryLater(item);
              }
              item.state = "failed";
              return put("reports", item);
            }, function () {
              stop = true;
              item.error = null;
              return retryLater(item);
            }).then(function () { notify("reports"); });
          });
        }, Promise.resolve()).then(function () {
          return all("reports").then(function (left) { return left.length; });
        });
      });
    });
  }

  function retryLater(item) {
    item.state = "waiting";
    item.attempts += 1;
    item.nextAt = Date.now() + backoff(item.attempts);
    return put("reports", item);
  }

  function listReports() { return all("reports"); }
  function listSent() { return all("sent"); }
  function forgetSent(key) { return del("sent", key).then(function () { notify("reports"); }); }
  // Every report sent from this device, for its own list (a receipt the page showed already
  // is `seen`: the outbox does not announce it again).
  /** @param {string} key @param {{ref: string, tracking_url: string}} receipt @param {boolean} seen */
  function rememberSent(key, receipt, seen) {
    return put("sent", { key: key, reference: receipt.ref, url: receipt.tracking_url, at: Date.now(), seen: seen });
  }
  function markSeen(key) {
    return get("sent", key).then(function (s) {
      if (!s) return;
      s.seen = true;
      return put("sent", s);
    }).then(function () { notify("reports"); });
  }
  function deleteReport(key) { return del("reports", key).then(function () { notify("reports"); }); }

  // Back to the queue after the citizen changed it (e.g. left out a refused photo). The server
  // refused the old content, so the changed report is a new request with a new key.
  function retryReport(key, removePhotoIndex) {
    return get("reports", key).then(function (item) {
      if (!item) return;
      if (typeof removePhotoIndex === "number") item.photos.splice(removePhotoIndex, 1);
      item.state = "waiting";
      item.error = null;
      item.field = null;
      item.attempts = 0;
      item.nextAt = 0;
      var changed = Object.assign({}, item, { key: newKey() });
      return del("reports", key).then(function () { return put("reports", changed); });
    }).then(function () {
      notify("reports");
      return flushReports(true);
    });
  }

  // ---- Crew queue ----

  var seq = 0;
  function queueChange(user, change, formVersion, photos) {
    var item = {
      key: newKey(), user: String(user), seq: Date.now() * 1000 + (seq++ % 1000),
      ref: change.ref || null, formVersion: formVersion, change: change, photos: photos || [],
      state: "pending", error: null, result: null, sentJson: null
    };
    return put("changes", item).then(function () {
      notify("changes");
      return item;
    });
  }

  // The version a change is really based on: the one on the crew's screen, moved forward over
  // the changes this tablet itself made since (so its own changes never conflict).
  function follow(pairs, version) {
    var v = version;
    for (var guard = 0; guard < 1000; guard++) {
      var next = null;
      for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === v) next = pairs[i][1];
      if (next === null) return v;
      v = next;
    }
    return v;
  }

  function sendChange(item, json) {
    var form = new FormData();
    form.append("change", new Blob([json], { type: "application/json" }));
    item.photos.forEach(function (blob, i) { form.append("photo", blob, "after-" + (i + 1) + ".jpg"); });
    return fetch("/api/v1/staff/sync", {
      method: "POST", body: form, credentials: "same-origin",
      headers: { "Idempotency-Key": item.key }
    }).then(function (r) { return r.text().then(function (text) { return { status: r.status, text: text }; }); });
  }

  // Sends queued changes oldest first; stops at the first that cannot reach the server.
  // `onProgress(done, total)` follows along.
  function flushChanges(onProgress) {
    return withLock("meldpunt-changes", function () {
      return Promise.all([all("changes"), get("meta", "versions")]).then(function (got) {
        var items = got[0].filter(function (i) { return i.state === "pending" || i.state === "sending"; })
          .sort(function (a, b) { return a.seq - b.seq; });
        var versions = got[1] || { k: "versions", pairs: {} };
        var stop = false;
        var done = 0;
        if (onProgress) onProgress(0, items.length);
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            if (stop) return;
            if (!item.sentJson) {
              var change = Object.assign({}, item.change);
              if (change.type === "action") {
                change.base_version = follow(versions.pairs[item.ref] || [], item.formVersion);
              }
              item.sentJson = JSON.stringify(change);
            }
            item.state = "sending";
            return put("changes", item).then(function () {
              notify("changes");
              return sendChange(item, item.sentJson);
            }).then(function (answer) {
              if (answer.status === 200) {
                var result = JSON.parse(answer.text);
                item.result = result;
                item.state = result.outcome;
                item.photos = [];
                item.error = null;
                if (result.outcome === "applied" && item.change.type === "action") {
                  var sent = JSON.parse(item.sentJson);
                  var pairs = versions.pairs[item.ref] || (versions.pairs[item.ref] = []);
                  pairs.push([sent.base_version, result.version]);
                }
                done += 1;
                var keep = result.outcome === "conflict";
                return put("meta", versions).then(function () {
                  return keep ? put("changes", item) : del("changes", item.key);
                });
              }
              if (transient(answer.status) || answer.status === 401) {
                stop = true;
                item.state = "pending";
                refused(item, answer.status, answer.text);
                return put("changes", item);
              }
              item.state = "failed";
              refused(item, answer.status, answer.text);
              return put("changes", item);
            }, function () {
              stop = true;
              item.state = "pending";
              return put("changes", item);
            }).then(function () {
              if (onProgress) onProgress(done, items.length);
              notify("changes");
            });
          });
        }, Promise.resolve()).then(function () { return pendingChanges(); });
      });
    });
  }

  function listChanges(user) {
    return all("changes").then(function (items) {
      return items.filter(function (i) { return user === undefined || i.user === String(user); })
        .sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function pendingChanges(user) {
    return listChanges(user).then(function (items) {
      return items.filter(function (i) { return i.state === "pending" || i.state === "sending"; }).length;
    });
  }
  function dismissChange(key) { return del("changes", key).then(function () { notify("changes"); }); }
  function retryChange(key) {
    return get("changes", key).then(function (item) {
      if (!item) return;
      item.state = "pending";
      item.error = null;
      return put("changes", item);
    }).then(function () { notify("changes"); });
  }

  // Everything this tablet holds for a user who signs out: queued changes, the work package
  // and its saved pages. Version pairs and packages of other users stay.
  function clearUser(user) {
    return listChanges(user).then(function (items) {
      return Promise.all(items.map(function (i) { return del("changes", i.key); }));
    }).then(function () {
      return del("meta", "package:" + user);
    }).then(function () {
      return del("meta", "versions");
    }).then(function () {
      return scope.caches ? caches.delete("meldpunt-crew-" + user) : null;
    }).then(function () { notify("changes"); });
  }

  function newKey() {
    if (scope.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    a[6] = (a[6] & 0x0f) | 0x40;
    a[8] = (a[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(a, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  scope.MeldpuntOutbox = {
    newKey: newKey,
    queueReport: queueReport, flushReports: flushReports, listReports: listReports, listSent: listSent,
    forgetSent: forgetSent, rememberSent: rememberSent, markSeen: markSeen,
    deleteReport: deleteReport, retryReport: retryReport,
    queueChange: queueChange, flushChanges: flushChanges, listChanges: listChanges,
    pendingChanges: pendingChanges, dismissChange: dismissChange, retryChange: retryChange,
    clearUser: clearUser, follow: follow,
    getMeta: function (k) { return get("meta", k); },
    setMeta: function (v) { return put("meta", v); },
    onChange: function (f) { listeners.push(f); }
  };
})(self);
