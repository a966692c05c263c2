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

  function addPhotos(inputId) {
    var input = /** @type {HTMLInputElement | null} */ (document.getElementById(inputId));
    var files = input && input.files ? Array.prototype.slice.call(input.files) : [];
    return Promise.all(files.map(function (file) {
      return prepare(file).then(function (p) {
        var id = newKey();
        photos.set(id, p.blob);
        return { id: id, url: URL.createObjectURL(p.blob), width: p.width || 120, height: p.height || 90 };
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
          "✓ " + T("OutboxSent") + " ", el("strong", { "data-testid": "outbox-ref", text: s.reference }), " ",
          el("a", { href: s.url, text: T("OutboxOpen") }), " ", close
        ]));
      });
      items.forEach(function (item) {
        var report = {};
        try { report = JSON.parse(item.report); } catch (e) { report = {}; }
        var state = item.state === "failed" ? T("OutboxFailed") + (item.error ? ": " + item.error : "")
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
    window.addEventListener("online", function () { flushReports(true); M.flushChanges(); });
    flushReports(true);
    // Also when the browser does not tell us the network came back.
    setInterval(function () { if (navigator.onLine) flushReports(false); }, 30000);
  }

  M.newKey = newKey;
  M.prepare = prepare;
  M.addPhotos = addPhotos;
  M.removePhoto = removePhoto;
  M.submitReport = submitReport;
  M.startOutbox = startOutbox;
})(window.Meldpunt);
