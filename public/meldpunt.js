// Starts Meldpunt's browser scripts on every page: the maps and forms found in the page, the
// service worker and the offline bar, the citizen outbox and the crew's queue. The parts live
// in public/js/ (base, maps, report, intake, crew, complaint, contact, forms), loaded before this file in the
// order of `SCRIPTS` in app/src/ui/js.rs; the report form island calls `window.meldpunt`.
// @ts-check
(function () {
  "use strict";
  var M = window.Meldpunt;
  var el = M.el, T = M.T;

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
      M.sw = reg;
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
    var button = el("button", { type: "button", class: "primary", text: T("UpdateReload") });
    button.addEventListener("click", function () {
      window.__meldpuntUpdating = true;
      if (reg.waiting) reg.waiting.postMessage({ type: "skip-waiting" });
    });
    document.body.insertBefore(el("div", { class: "update-bar", role: "status" }, [T("Update") + " ", button]), document.body.firstChild);
  }

  function offlineBanner() {
    var bar = el("div", { class: "offline-bar", role: "status", hidden: "" }, [T("Offline")]);
    document.body.insertBefore(bar, document.body.firstChild);
    function show() { if (navigator.onLine) bar.setAttribute("hidden", ""); else bar.removeAttribute("hidden"); }
    window.addEventListener("online", show);
    window.addEventListener("offline", show);
    show();
  }

  function startOffline() {
    offlineBanner();
    registerServiceWorker();
    M.startOutbox();
    if (M.startCrew) M.startCrew();
  }

  // Read-only maps need no app code: start them from their data- attributes, each in a task of
  // its own (after the forms and keys, which are quick), so that a tap or key between them is
  // answered at once: a map takes about 60 ms of this machine's main thread, four times that on
  // a mid-range phone, and the page's whole start was one task of 75 to 85 ms.
  function startMaps() {
    /** @param {string} selector @param {(el: HTMLElement) => void} start */
    function each(selector, start) {
      document.querySelectorAll(selector).forEach(function (/** @type {HTMLElement} */ el) {
        setTimeout(function () { start(el); }, 0);
      });
    }
    each('[data-map="worklist"]', M.worklistMap);
    each('[data-map="point"]', function (el) {
      M.showMap(el, parseFloat(el.dataset.lat || ""), parseFloat(el.dataset.lon || ""), el.dataset.colour || "#333");
    });
    each('[data-map="reports"]', M.reportsMap);
    each('[data-map="planner"]', M.plannerMap);
    each('[data-map="hotspots"]', M.hotspotMap);
  }

  function startForms() {
    // The staff parts (intake, crew, contact) are loaded only for a signed-in member of staff.
    if (M.intakeForm) document.querySelectorAll("[data-intake]").forEach(M.intakeForm);
    document.querySelectorAll("[data-complaint-form]").forEach(M.complaintForm);
    if (M.contactForm) document.querySelectorAll("[data-contact-form]").forEach(M.contactForm);
    // Forms that want the device's position (a crew's field report): asked when the crew opens
    // or starts the form, never when the page loads.
    document.querySelectorAll("[data-locate-fill]").forEach(function (f) {
      var asked = false;
      function fill() {
        if (asked) return;
        asked = true;
        M.locate().then(function (json) {
          var p = JSON.parse(json);
          /** @type {HTMLInputElement} */ (f.querySelector('[name="lat"]')).value = p.lat.toFixed(6);
          /** @type {HTMLInputElement} */ (f.querySelector('[name="lon"]')).value = p.lon.toFixed(6);
        }, function () {});
      }
      var details = f.closest("details");
      if (details) details.addEventListener("toggle", function () { if (details.open) fill(); });
      f.addEventListener("focusin", fill);
    });
    // Links that reload a list sorted from the device's position (the crew's work list).
    document.querySelectorAll("[data-locate-link]").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        M.locate().then(function (json) {
          var p = JSON.parse(json);
          window.location.href = a.getAttribute("href") + "?lat=" + p.lat.toFixed(6) + "&lon=" + p.lon.toFixed(6);
        }, function () { a.classList.add("failed"); });
      });
    });
  }

  // What the report form island calls (app/src/ui/js.rs); set before anything
  // starts, so that a part failing to start does not take the form down with it.
  window.meldpunt = {
    pickerMap: M.pickerMap, movePin: M.movePin,
    locate: M.locate, addPhotos: M.addPhotos, removePhoto: M.removePhoto, submitReport: M.submitReport, newKey: M.newKey,
    /** An error's explanation in the page's language, or "" (`ErrorText` names). @param {string} name */
    errorText: function (name) { var key = "Error." + name, text = T(key); return text === key ? "" : text; }
  };

  // A plain form that asks category questions shows only the chosen category's (without
  // script, every category's questions show, each block marked with its category).
  function categoryQuestions() {
    // Only the chosen category's block shows; the others are disabled too, so a plain form
    // does not send their empty fields.
    /** @param {Element} form @param {string | null} code */
    function showBlocks(form, code) {
      form.querySelectorAll("fieldset.questions[data-category]").forEach(function (/** @type {HTMLFieldSetElement} */ b) {
        var other = b.getAttribute("data-category") !== code;
        b.hidden = other;
        b.disabled = other;
      });
    }
    // The citizen's form chooses by buttons (`data-code`), inside its island.
    document.addEventListener("click", function (e) {
      var target = /** @type {HTMLElement} */ (e.target);
      var button = target && target.closest ? target.closest("button.category[data-code]") : null;
      var form = button ? button.closest("form") : null;
      if (!button || !form) return;
      showBlocks(form, button.getAttribute("data-code"));
    });
    document.querySelectorAll("form").forEach(function (/** @type {HTMLFormElement} */ form) {
      var select = /** @type {HTMLSelectElement | null} */ (form.querySelector('select[name="category"]'));
      if (!select || !form.querySelector("fieldset.questions[data-category]")) return;
      var chosen = select;
      function show() { showBlocks(form, chosen.value); }
      select.addEventListener("change", show);
      show();
    });
  }

  // The forms and keys at once (a key pressed as the page loads finds them); the maps and the
  // offline parts each in a task of their own, in this order.
  function start() {
    categoryQuestions();
    if (M.contactKeys) M.contactKeys();
    startForms();
    startMaps();
    setTimeout(startOffline, 0);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

})();
