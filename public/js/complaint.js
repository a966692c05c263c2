// The citizen's complaint form (see complaintForm below).
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var T = M.T;

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
      button.textContent = T("ComplaintSending");
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            if (r.ok && body.url) { window.location.href = body.url; return; }
            var field = body.field === "attachment" || body.field === "photo" ? "attachment" : body.field;
            show(T("ComplaintRefused") + " " + (body.message || r.status), field);
          });
        }, function () { show(T("ComplaintOffline")); })
        .then(function () { button.disabled = false; button.textContent = label; });
    });
  }

  M.complaintForm = complaintForm;
})(window.Meldpunt);
