// The citizen's complaint form (see complaintForm below), and the officer's letter preview.
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
            show(T("ComplaintRefused") + " " + M.explain(r.status, body), field);
          });
        }, function () { show(T("ComplaintOffline")); })
        .then(function () { button.disabled = false; button.textContent = label; });
    });
  }

  // A step that writes to the complainant (`form[data-letter]`: the acknowledgement, the
  // answer) first shows the letter as it will be sent; the server writes it from what the form
  // holds and changes nothing. "Send" then submits the step as usual, "Edit" goes back to the
  // form. When no letter comes (an answer too short, say) the step is submitted at once, so its
  // refusal shows where it always does.
  var previewed = null;
  document.addEventListener("submit", function (e) {
    if (!(e.target instanceof HTMLFormElement) || !e.target.hasAttribute("data-letter")) return;
    var form = e.target;
    if (previewed === form) { previewed = null; return; }
    e.preventDefault();
    e.stopImmediatePropagation();
    var submitter = /** @type {HTMLElement | null} */ (/** @type {SubmitEvent} */ (e).submitter);
    var send = function () { previewed = form; form.requestSubmit(submitter); };
    fetch(form.getAttribute("data-letter") || "", {
      method: "POST", body: new URLSearchParams(/** @type {any} */ (new FormData(form))),
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : null; }, function () { return null; })
      .then(function (letter) { if (letter) showLetter(letter, send); else send(); });
  }, true);

  /** @param {{email: ?string, postal: ?string, subject: string, body: string}} letter @param {() => void} send */
  function showLetter(letter, send) {
    var el = M.el;
    var ok = el("button", { type: "button", class: "primary", text: T("LetterSend") });
    var edit = el("button", { type: "button", class: "secondary", text: T("LetterEdit") });
    var dialog = el("dialog", { class: "letter-preview", "aria-labelledby": "letter-preview-title" }, [
      el("h2", { id: "letter-preview-title", text: T("LetterPreview") }),
      el("p", { class: "muted", "data-letter-to": "", text: letter.email ? T("LetterMailedTo") + " " + letter.email : T("LetterToPrint") + " " + (letter.postal || "") }),
      el("p", {}, [el("strong", { "data-letter-subject": "", text: letter.subject })]),
      el("pre", { class: "letter", "data-letter-body": "", text: letter.body }),
      el("div", { class: "dialog-actions" }, [ok, edit])
    ]);
    var close = function () { dialog.close(); dialog.remove(); };
    ok.addEventListener("click", function () { close(); send(); });
    edit.addEventListener("click", close);
    dialog.addEventListener("cancel", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
    ok.focus();
  }

  M.complaintForm = complaintForm;
})(window.Meldpunt);
