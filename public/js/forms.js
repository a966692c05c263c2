// Staff forms keep what was typed when the server refuses it. A form on a staff page (one with
// the staff bar), or a citizen's form marked `data-keep`, is posted in the background; the server answers as it does without this script,
// with a redirect: on success the page goes there, on a refusal the redirect's page holds the
// explanation in the page's language (`FormOutcome`, `[data-error-field]`), which is moved next
// to the field it names in the form as it is, with the values still in it. Forms another script
// handles (they call preventDefault), offline crew forms and signing out are left alone. On every
// page, the browser's validation bubbles are replaced by the page's own words.
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var T = M.T, el = M.el;

  /** @param {HTMLFormElement} form */
  function handled(form) {
    var action = form.getAttribute("action") || "";
    return (form.getAttribute("method") || "").toLowerCase() === "post" && !form.hasAttribute("data-offline") &&
      !form.hasAttribute("data-native") && !/\/(login|logout)$/.test(action) && (!!document.querySelector(".staffbar") || form.hasAttribute("data-keep"));
  }

  /** @param {HTMLFormElement} form */
  function clearErrors(form) {
    form.querySelectorAll("[data-moved-error]").forEach(function (e) { e.remove(); });
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (e) {
      e.removeAttribute("aria-invalid");
      e.removeAttribute("aria-describedby");
    });
  }

  // The control a server field name means: `contact.email` is the form's `contact_email`, a
  // location is chosen through the address.
  /** @param {HTMLFormElement} form @param {string} field */
  function controlFor(form, field) {
    if (!field) return null;
    var names = [field, field.replace(/\./g, "_"), field === "lat" || field === "lon" ? "address" : ""];
    for (var i = 0; i < names.length; i++) {
      if (!names[i]) continue;
      var found = Array.prototype.find.call(form.elements, function (/** @type {HTMLInputElement} */ e) {
        return e.name === names[i] && e.type !== "hidden";
      });
      if (found) return found;
    }
    return null;
  }

  /** @param {HTMLFormElement} form @param {string} field @param {string} text */
  function showError(form, field, text) {
    showAt(form, controlFor(form, field), text);
  }

  var seq = 0;
  /** @param {HTMLFormElement} form @param {HTMLElement | null} control @param {string} text */
  function showAt(form, control, text) {
    clearErrors(form);
    var id = "form-error-" + (++seq);
    var message = el("p", { class: "field-error", role: "alert", id: id, "data-moved-error": "", text: text });
    if (control) {
      var after = control.closest("label") || control;
      after.insertAdjacentElement("afterend", message);
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", id);
      control.focus();
    } else {
      form.insertBefore(message, form.firstChild);
      message.setAttribute("tabindex", "-1");
      message.focus();
    }
  }

  // The explanation in a page, also where streaming put it in a <template> until it was ready.
  /** @param {Document} page @returns {Element | null} */
  function explanationIn(page) {
    var found = page.querySelector("[data-error-field]");
    page.querySelectorAll("template").forEach(function (/** @type {HTMLTemplateElement} */ t) {
      found = found || t.content.querySelector("[data-error-field]");
    });
    return found;
  }

  /** @param {HTMLFormElement} form @param {HTMLElement | null} submitter */
  function post(form, submitter) {
    // The data first: a disabled submitter would not be part of it.
    // Sent the way the form says: multipart only when it asks for it.
    var data = new FormData(form, submitter);
    var body = (form.getAttribute("enctype") || "").toLowerCase() === "multipart/form-data" ? data : new URLSearchParams(/** @type {any} */ (data));
    var button = /** @type {HTMLButtonElement | null} */ (submitter || form.querySelector('button[type="submit"], button:not([type])'));
    if (button) button.disabled = true;
    var done = function () { if (button) button.disabled = false; };
    // Attributes, not properties: a field named "action" shadows `form.action`.
    var action = new URL((submitter && submitter.getAttribute("formaction")) || form.getAttribute("action") || "", window.location.href).href;
    fetch(action, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      var to = new URL(r.url);
      if (r.redirected && !to.searchParams.has("error")) {
        window.location.assign(r.url);
        return;
      }
      return r.text().then(function (html) {
        done();
        // A page made for this answer (a key shown once): shown as the browser would.
        if (r.ok && !r.redirected) {
          document.open();
          document.write(html);
          document.close();
          return;
        }
        var said = explanationIn(new DOMParser().parseFromString(html, "text/html"));
        if (said) showError(form, said.getAttribute("data-error-field") || "", said.textContent || "");
        else showError(form, "", T("FormRefused"));
      });
    }, function () {
      done();
      showError(form, "", T("FormOffline"));
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement) || e.defaultPrevented || !handled(form)) return;
    e.preventDefault();
    post(form, /** @type {HTMLElement | null} */ (/** @type {SubmitEvent} */ (e).submitter));
  });
  // The browser's own bubbles speak the browser's language ("Please fill out this field" on a
  // Dutch page): every form's are replaced by the page's words, next to the first field the
  // browser finds wrong (`invalid` fires for each; the first of one attempt is shown).
  var shown = false;
  document.addEventListener("invalid", function (e) {
    var control = /** @type {HTMLInputElement} */ (e.target);
    if (!(control instanceof HTMLElement) || !control.form) return;
    e.preventDefault();
    if (shown) return;
    shown = true;
    setTimeout(function () { shown = false; }, 0);
    var missing = control.validity && control.validity.valueMissing;
    // A day field (ui::DayInput) says how a day is written.
    showAt(control.form, control, T(missing ? "FieldRequired" : control.hasAttribute("data-day") ? "Error.DateInvalid" : "FieldInvalid"));
  }, true);

  // A field's error goes as soon as it is changed.
  document.addEventListener("input", function (e) {
    var target = /** @type {HTMLElement} */ (e.target);
    if (!(target instanceof HTMLElement) || target.getAttribute("aria-invalid") !== "true") return;
    var id = target.getAttribute("aria-describedby");
    var message = id ? document.getElementById(id) : null;
    if (message) message.remove();
    target.removeAttribute("aria-invalid");
    target.removeAttribute("aria-describedby");
  });

  // A standard reply chosen beside a note for the reporter fills that note, which stays
  // editable; the texts are on the page once (`#standard-replies`, office::replies).
  document.addEventListener("change", function (e) {
    var select = /** @type {HTMLSelectElement} */ (e.target);
    if (!(select instanceof HTMLSelectElement) || !select.hasAttribute("data-reply-fill")) return;
    var data = document.getElementById("standard-replies");
    var texts = {};
    try { texts = JSON.parse((data && data.textContent) || "{}"); } catch (err) { return; }
    var form = select.closest("form");
    var note = /** @type {HTMLTextAreaElement | null} */ (form && form.querySelector('textarea[name="note"], textarea[name="reason"]'));
    var text = texts[select.value];
    if (!note || typeof text !== "string") return;
    note.value = text;
    note.dispatchEvent(new Event("input", { bubbles: true }));
    select.value = "";
    note.focus();
  });
})(window.Meldpunt);
