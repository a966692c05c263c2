// Reporting from the citizen's form: photos downscaled on the device, the upload with
// progress, and the outbox on this device for reports that could not be sent yet (outbox.js).
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var T = M.T, el = M.el, canQueue = M.canQueue, requestSync = M.requestSync;
  var MAX_SIDE = 2048;
  /** The photos picked for the report being written, by their id. */
  var photos = new Map();

  // One id per report, kept across retries (outbox.js is loaded before this file).
  function newKey() { return window.MeldpuntOutbox.newKey(); }

  // What a file is, from its first bytes (never its name): "jpeg", "png", "webp", "heic" or "".
  function sniff(file) {
    return file.slice(0, 12).arrayBuffer().then(function (buf) {
      var b = new Uint8Array(buf);
      var ascii = function (from, to) { return String.fromCharCode.apply(null, Array.prototype.slice.call(b, from, to)); };
      if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
      if (b[0] === 0x89 && ascii(1, 4) === "PNG") return "png";
      if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
      if (ascii(4, 8) === "ftyp") return "heic";
      return "";
    });
  }

  // Downscales to at most MAX_SIDE px as JPEG, upright (createImageBitmap applies EXIF
  // orientation). A file the browser cannot decode is refused here, with the reason the server
  // would give (an ErrorText name), and never sent; one it decodes is sent as JPEG, whatever it was.
  function prepare(file) {
    return sniff(file).then(function (kind) {
      if (!window.createImageBitmap) {
        if (kind === "jpeg" || kind === "png" || kind === "webp") return { blob: file, width: 0, height: 0 };
        throw kind === "heic" ? "PhotoHeic" : "PhotoNotAnImage";
      }
      return decode(file).catch(function () { throw kind === "heic" ? "PhotoHeic" : kind ? "PhotoUnreadable" : "PhotoNotAnImage"; });
    });
  }

  function decode(file) {
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
    });
  }

  // Where a JPEG photo was taken, from its EXIF GPS tags: {lat, lon}, or null. Read here, from
  // the file as picked, because the copy that is sent (drawn on a canvas) carries no metadata.
  // Written by hand rather than vendored: four tags of one block take these lines, an EXIF
  // library tens of kilobytes more on every citizen's first load. Garbage reads as null.
  function gpsOf(file) {
    return file.slice(0, 131072).arrayBuffer().then(function (buf) {
      var v = new DataView(buf);
      if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return null;
      for (var at = 2; at + 4 <= v.byteLength; at += 2 + v.getUint16(at + 2)) {
        var marker = v.getUint16(at);
        if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
        if (marker === 0xffe1 && at + 10 <= v.byteLength && v.getUint32(at + 4) === 0x45786966) {
          return exifGps(v, at + 10, Math.min(v.byteLength, at + 2 + v.getUint16(at + 2)));
        }
      }
      return null;
    }).catch(function () { return null; });
  }

  // The GPS position in the EXIF block (a TIFF structure) starting at `tiff` and ending at `end`.
  function exifGps(v, tiff, end) {
    var little = v.getUint16(tiff) === 0x4949;
    /** @param {number} o @param {number} n */
    function inside(o, n) { return o >= 0 && tiff + o + n <= end; }
    /** @param {number} o */
    function u16(o) { if (!inside(o, 2)) throw "outside"; return v.getUint16(tiff + o, little); }
    /** @param {number} o */
    function u32(o) { if (!inside(o, 4)) throw "outside"; return v.getUint32(tiff + o, little); }
    // A directory's entries by tag: each entry's offset.
    /** @param {number} o */
    function entries(o) {
      var found = {};
      for (var i = 0, n = u16(o); i < n && i < 200; i++) found[u16(o + 2 + 12 * i)] = o + 2 + 12 * i;
      return found;
    }
    var gpsAt = entries(u32(4))[0x8825];
    if (gpsAt === undefined) return null;
    var gps = entries(u32(gpsAt + 8));
    /** @param {number} tag */
    function ref(tag) { return gps[tag] === undefined ? "" : String.fromCharCode(v.getUint8(tiff + gps[tag] + 8)); }
    // Degrees, minutes and seconds: three RATIONALs (type 5).
    /** @param {number} tag */
    function degrees(tag) {
      if (gps[tag] === undefined || u16(gps[tag] + 2) !== 5 || u32(gps[tag] + 4) !== 3) return NaN;
      var o = u32(gps[tag] + 8), d = 0;
      for (var i = 0; i < 3; i++) d += u32(o + 8 * i) / u32(o + 8 * i + 4) / Math.pow(60, i);
      return d;
    }
    var lat = degrees(2) * (ref(1) === "S" ? -1 : 1), lon = degrees(4) * (ref(3) === "W" ? -1 : 1);
    var plausible = isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && (lat !== 0 || lon !== 0);
    return plausible ? { lat: lat, lon: lon } : null;
  }

  function addPhotos(inputId) {
    var input = /** @type {HTMLInputElement | null} */ (document.getElementById(inputId));
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(files.map(function (file) {
      return Promise.all([prepare(file), gpsOf(file)]).then(function (done) {
        var p = done[0], at = done[1];
        var id = newKey();
        photos.set(id, p.blob);
        var item = { id: id, url: URL.createObjectURL(p.blob), width: p.width || 120, height: p.height || 90 };
        return at ? Object.assign(item, { lat: at.lat, lon: at.lon }) : item;
      }, function (e) { return { error: String(e), name: file.name }; });
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
        if (xhr.status === 201 || xhr.status === 200) {
          photos.clear();
          onProgress(100);
          if (canQueue()) {
            try {
              window.MeldpuntOutbox.rememberSent(key, JSON.parse(xhr.responseText), true).catch(function () {});
            } catch (e) { /* an answer without a receipt: nothing to remember */ }
          }
        }
        if (xhr.status >= 500 || xhr.status === 408 || xhr.status === 429) return failed("server");
        resolve(JSON.stringify({ status: xhr.status, body: xhr.responseText }));
      };
      xhr.onerror = function () { failed("network"); };
      xhr.ontimeout = function () { failed("timeout"); };
      xhr.timeout = 120000;
      xhr.send(form);
    });
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

  // Reports sent from this device, newest first, under the form: a year, at most 20 shown.
  var SENT_KEEP_MS = 365 * 24 * 3600 * 1000;
  function renderSentHere(here, sent) {
    here.innerHTML = "";
    if (!sent.length) { here.setAttribute("hidden", ""); return; }
    here.removeAttribute("hidden");
    var list = el("ul", { class: "sent-list" });
    sent.slice(0, 20).forEach(function (s) {
      var forget = el("button", { type: "button", class: "link", "aria-label": T("SentForget") + " " + s.reference, text: "×" });
      forget.addEventListener("click", function () { window.MeldpuntOutbox.forgetSent(s.key); });
      list.appendChild(el("li", { "data-sent": s.reference }, [
        el("a", { href: s.url, text: s.reference }), " · " + new Date(s.at).toLocaleDateString(document.documentElement.lang), " ", forget
      ]));
    });
    here.appendChild(el("h2", { text: T("SentHere") }));
    here.appendChild(list);
    here.appendChild(el("p", {}, [el("a", { href: "/mijn-meldingen", text: T("AllMyReports") })]));
  }

  function renderOutbox(box) {
    var O = window.MeldpuntOutbox;
    Promise.all([O.listReports(), O.listSent()]).then(function (got) {
      var items = got[0].sort(function (a, b) { return a.created - b.created; });
      var now = Date.now();
      var kept = got[1].filter(function (s) {
        if (s.at < now - SENT_KEEP_MS) { O.forgetSent(s.key); return false; }
        return true;
      }).sort(function (a, b) { return b.at - a.at; });
      var here = document.getElementById("sent-here");
      if (here) renderSentHere(here, kept);
      // The outbox announces a report it sent later, until the citizen closes the line.
      var week = now - 7 * 24 * 3600 * 1000;
      var sent = kept.filter(function (s) { return !s.seen && s.at >= week; });
      box.innerHTML = "";
      if (!items.length && !sent.length) { box.setAttribute("hidden", ""); return; }
      box.removeAttribute("hidden");
      var list = el("ul", { class: "outbox-list" });
      sent.forEach(function (s) {
        var close = el("button", { type: "button", class: "link", "aria-label": "×", text: "×" });
        close.addEventListener("click", function () { O.markSeen(s.key); });
        list.appendChild(el("li", { class: "sent", "data-state": "sent" }, [
          "✓ " + T("OutboxSent") + " ", el("strong", { "data-testid": "outbox-ref", text: s.reference }), " ",
          el("a", { href: s.url, text: T("OutboxOpen") }), " ", close
        ]));
      });
      items.forEach(function (item) {
        var report = {};
        try { report = JSON.parse(item.report); } catch (e) { report = {}; }
        var state = item.state === "failed" ? T("OutboxFailed") + ": " + M.explain(item.status, item.error)
          : item.state === "sending" ? T("OutboxSending") : T("OutboxWaiting");
        var li = el("li", { "data-state": item.state, "data-key": item.key }, [
          el("strong", { text: (report.description || "").slice(0, 60) }), " · ",
          el("span", { class: "state", text: state }), " · " + item.photos.length + " " + T("OutboxPhotos")
        ]);
        if (item.state === "failed") {
          var thumbs = el("div", { class: "outbox-photos" });
          item.photos.forEach(function (blob, i) {
            var url = URL.createObjectURL(blob);
            var remove = el("button", { type: "button", class: "secondary", text: T("OutboxRemovePhoto") });
            remove.addEventListener("click", function () { O.retryReport(item.key, i); });
            thumbs.appendChild(el("figure", {}, [el("img", { src: url, alt: "", width: "80" }), remove]));
          });
          li.appendChild(thumbs);
          var retry = el("button", { type: "button", class: "primary", text: T("OutboxRetry") });
          retry.addEventListener("click", function () { O.retryReport(item.key); });
          var drop = el("button", { type: "button", class: "link", text: T("OutboxDelete") });
          drop.addEventListener("click", function () { O.deleteReport(item.key); });
          li.appendChild(el("p", {}, [retry, " ", drop]));
        }
        list.appendChild(li);
      });
      box.appendChild(el("h2", { text: T("OutboxTitle") }));
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
    window.addEventListener("online", function () { flushReports(true); if (M.flushChanges) M.flushChanges(); });
    flushReports(true);
    // Also when the browser does not tell us the network came back.
    setInterval(function () { if (navigator.onLine) flushReports(false); }, 30000);
  }

  M.newKey = newKey;
  M.gpsOf = gpsOf;
  M.prepare = prepare;
  M.addPhotos = addPhotos;
  M.removePhoto = removePhoto;
  M.submitReport = submitReport;
  M.startOutbox = startOutbox;
})(window.Meldpunt);
