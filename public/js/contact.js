// The agent's contact screen (app/src/contact/pages.rs), keyboard first: F2 from any staff
// page opens it; the topic is typed; Ctrl+K searches the knowledge base as the caller talks;
// from an article, B books its appointment for the caller and A marks the contact answered;
// Ctrl+Enter saves. What is typed is kept in the tab's session storage until it is saved, so
// switching to the report or complaint tab and back loses nothing, and neither does an error.
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var T = M.T, el = M.el;
  var DRAFT = "meldpunt-contact-draft";

  /** Lower case without accents, for matching what an agent types. */
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function lang() { return (document.documentElement.lang || "nl").slice(0, 2); }

  // F2 anywhere in the back office: a new contact (on the contact screen: its first field).
  function globalKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.key !== "F2" || !document.querySelector(".staffbar")) return;
      e.preventDefault();
      var topic = /** @type {HTMLElement | null} */ (document.querySelector("[data-contact-form] [data-topic-input]"));
      if (topic) topic.focus();
      else window.location.href = "/contact";
    });
  }

  /** @param {HTMLFormElement} form */
  function contactForm(form) {
    var status = /** @type {HTMLElement} */ (form.querySelector("[data-contact-status]"));
    var select = /** @type {HTMLSelectElement} */ (form.querySelector("[data-topic]"));
    var topic = /** @type {HTMLInputElement} */ (form.querySelector("[data-topic-input]"));
    var save = /** @type {HTMLButtonElement} */ (form.querySelector("[data-contact-save]"));
    /** @param {string} name */
    function field(name) { return /** @type {HTMLInputElement} */ (form.querySelector('[name="' + name + '"]')); }
    var options = Array.prototype.slice.call(document.querySelectorAll("#contact-topics option"));

    // The typed topic replaces the list; our messages replace the browser's.
    form.noValidate = true;
    select.hidden = true;
    select.required = false;
    topic.hidden = false;
    // A typed piece that fits one topic only ("strafreg") becomes that topic.
    function syncTopic(complete) {
      var typed = fold(topic.value);
      var exact = options.filter(function (o) { return fold(o.value) === typed; });
      var fits = typed ? options.filter(function (o) { return fold(o.value).indexOf(typed) >= 0; }) : [];
      var found = exact.length ? exact[0] : fits.length === 1 ? fits[0] : null;
      if (found && complete) topic.value = found.value;
      select.value = found ? found.dataset.code : "";
    }
    topic.addEventListener("input", function () { syncTopic(false); });
    topic.addEventListener("change", function () { syncTopic(true); });

    // The draft: every field by name, and when the contact started.
    function draft() {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (/** @type {HTMLInputElement} */ i) {
        if (!i.name || i.name === "topic") return;
        if (i.type === "radio") { if (i.checked) data[i.name] = i.value; }
        else data[i.name] = i.value;
      });
      return data;
    }
    function keep() { try { sessionStorage.setItem(DRAFT, JSON.stringify(draft())); } catch (e) { /* private mode */ } }
    function restore() {
      var data;
      try { data = JSON.parse(sessionStorage.getItem(DRAFT) || "null"); } catch (e) { data = null; }
      // A draft from an earlier shift is not this call.
      if (!data || !(Date.now() - Date.parse(data.started_at) < 4 * 3600 * 1000)) { syncTopic(false); return; }
      // What the address asks for (a reference a report tab produced) wins over the draft.
      var asked = new URLSearchParams(window.location.search);
      Object.keys(data).forEach(function (name) {
        if (asked.get(name)) return;
        var inputs = form.querySelectorAll('[name="' + name + '"]');
        Array.prototype.forEach.call(inputs, function (/** @type {HTMLInputElement} */ i) {
          if (i.type === "radio") i.checked = i.value === data[name];
          else i.value = data[name];
        });
      });
      syncTopic(false);
    }
    restore();
    // The screen opens ready to type the topic (F2 brings the agent here).
    if (!document.activeElement || document.activeElement === document.body) topic.focus();
    // A draft starts with the first thing typed (a screen left open is not a call).
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    function clearErrors() {
      form.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
      form.querySelectorAll(".inline-error").forEach(function (e) { e.remove(); });
    }
    /** A message in the status line and beside the field it is about. */
    function refuse(message, name) {
      clearErrors();
      status.className = "field-error";
      status.textContent = message;
      status.hidden = false;
      var input = name === "topic" ? topic : name && field(name);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        var note = el("span", { class: "inline-error field-error", role: "alert", text: message });
        (input.closest("label, fieldset") || input).appendChild(note);
        input.focus();
      }
    }
    function done(startedAt) {
      clearErrors();
      try { sessionStorage.removeItem(DRAFT); } catch (e) { /* private mode */ }
      form.reset();
      field("started_at").value = startedAt;
      field("reference").value = "";
      field("article").value = "";
      topic.value = "";
      select.value = "";
      var first = /** @type {HTMLInputElement} */ (form.querySelector('[name="outcome"]'));
      first.checked = true;
      status.className = "notice";
      status.textContent = T("ContactSaved");
      status.hidden = false;
      if (window.history.replaceState) window.history.replaceState(null, "", "/contact");
      topic.focus();
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (save.disabled) return;
      syncTopic(true);
      save.disabled = true;
      var body = new URLSearchParams();
      Array.prototype.forEach.call(form.elements, function (/** @type {HTMLInputElement} */ i) {
        if (!i.name || i.name === "topic_label" || (i.type === "radio" && !i.checked)) return;
        body.append(i.name, i.value);
      });
      fetch(form.action, { method: "POST", body: body, headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (answer) {
            if (r.ok) done(answer.started_at);
            else refuse(T("ContactRefused") + " " + M.explain(r.status, answer), answer.field);
          });
        }, function () { refuse(T("ContactOffline")); })
        .then(function () { save.disabled = false; });
    });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });

    var panel = document.querySelector("[data-kb]");
    if (panel) knowledgePanel(/** @type {HTMLElement} */ (panel), form, field, keep, save);
  }

  /**
   * @param {HTMLElement} panel
   * @param {HTMLFormElement} form
   * @param {(name: string) => HTMLInputElement} field
   * @param {() => void} keep
   * @param {HTMLButtonElement} save
   */
  function knowledgePanel(panel, form, field, keep, save) {
    var search = /** @type {HTMLInputElement} */ (panel.querySelector("[data-kb-search]"));
    var list = /** @type {HTMLElement} */ (panel.querySelector("[data-kb-hits]"));
    var article = /** @type {HTMLElement} */ (panel.querySelector("[data-kb-article]"));
    var bookButton = /** @type {HTMLButtonElement} */ (panel.querySelector("[data-kb-book]"));
    var answeredButton = /** @type {HTMLButtonElement} */ (panel.querySelector("[data-kb-answered]"));
    var slots = /** @type {HTMLElement} */ (panel.querySelector("[data-kb-slots]"));
    var slotList = /** @type {HTMLElement} */ (panel.querySelector("[data-kb-slot-list]"));
    var status = el("p", { class: "notice", role: "status", "data-kb-status": "", hidden: "" });
    panel.appendChild(status);
    /** @type {any[]} */
    var hits = [];
    var active = -1;
    /** @type {any} */
    var current = null;
    /** @type {AbortController | null} */
    var asking = null;
    var timer = 0;

    function say(text, isError) {
      status.className = isError ? "field-error" : "notice";
      status.textContent = text;
      status.hidden = !text;
    }

    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "K")) {
        e.preventDefault();
        search.focus();
        search.select();
      }
    });

    function render() {
      list.textContent = "";
      if (!hits.length && search.value.trim()) {
        list.appendChild(el("li", { class: "muted", text: T("KbNothing") }));
      }
      hits.forEach(function (h, i) {
        var item = el("li", { role: "option", id: "kb-hit-" + i, "data-slug": h.slug, "aria-selected": String(i === active) },
          [el("strong", { text: h.title }), el("br"), el("span", { class: "muted", text: h.summary })]);
        item.addEventListener("mousedown", function (e) { e.preventDefault(); open(i); });
        list.appendChild(item);
      });
      search.setAttribute("aria-expanded", String(hits.length > 0));
      if (active >= 0) search.setAttribute("aria-activedescendant", "kb-hit-" + active);
      else search.removeAttribute("aria-activedescendant");
    }

    function ask() {
      var q = search.value.trim();
      if (asking) asking.abort();
      if (!q) { hits = []; active = -1; render(); return; }
      asking = new AbortController();
      fetch("/api/v1/info?lang=" + lang() + "&q=" + encodeURIComponent(q), { signal: asking.signal, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) { hits = found.slice(0, 8); active = hits.length ? 0 : -1; render(); }, function () {});
    }
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 60);
    });
    search.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (!hits.length) return;
        active = (active + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        render();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (hits.length) open(Math.max(active, 0));
      } else if (e.key === "Escape") {
        hits = []; active = -1; render();
      }
    });

    function open(i) {
      current = hits[i];
      if (!current) return;
      /** @type {HTMLElement} */ (article.querySelector("[data-kb-title]")).textContent = current.title;
      /** @type {HTMLElement} */ (article.querySelector("[data-kb-summary]")).textContent = current.summary;
      /** @type {HTMLAnchorElement} */ (article.querySelector("[data-kb-link]")).href = current.url;
      bookButton.hidden = !current.appointment_type;
      article.hidden = false;
      slots.hidden = true;
      say("");
      article.focus();
    }
    article.addEventListener("keydown", function (e) {
      var t = /** @type {HTMLElement} */ (e.target);
      if (e.ctrlKey || e.metaKey || e.altKey || t.matches("input, textarea, select")) return;
      if ((e.key === "b" || e.key === "B") && !bookButton.hidden) { e.preventDefault(); showSlots(); }
      else if (e.key === "a" || e.key === "A") { e.preventDefault(); answered(); }
      else if (e.key === "Escape") { e.preventDefault(); search.focus(); }
    });
    bookButton.addEventListener("click", showSlots);
    answeredButton.addEventListener("click", answered);

    function setOutcome(value) {
      var radio = /** @type {HTMLInputElement | null} */ (form.querySelector('[name="outcome"][value="' + value + '"]'));
      if (radio) radio.checked = true;
    }
    function fromArticle() {
      field("article").value = current.slug;
      var summary = field("summary");
      if (!summary.value.trim()) summary.value = current.title;
    }
    function answered() {
      if (!current) return;
      fromArticle();
      setOutcome("answered");
      keep();
      save.focus();
    }

    function caller() {
      return { name: field("caller_name").value.trim(), phone: field("caller_phone").value.trim(), email: field("caller_email").value.trim() };
    }
    function when(w3) {
      return new Intl.DateTimeFormat(document.documentElement.lang || "nl-BE", {
        weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "Europe/Brussels"
      }).format(new Date(w3));
    }
    function day(offset) {
      var d = new Date(Date.now() + offset * 86400000);
      return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    }

    function showSlots() {
      if (!current || !current.appointment_type) return;
      var c = caller();
      if (!c.name || (!c.phone && !c.email)) {
        say(T("BookNeedsCaller"), true);
        field(c.name ? "caller_phone" : "caller_name").focus();
        return;
      }
      say("");
      fetch("/api/v1/appointments/slots?type=" + encodeURIComponent(current.appointment_type) + "&from=" + day(0) + "&to=" + day(13), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; }, function () { return []; })
        .then(function (found) {
          var free = found.filter(function (s) { return s.free > 0; }).slice(0, 12);
          slotList.textContent = "";
          free.forEach(function (s) {
            var b = el("button", { type: "button", "data-start": s.start, text: when(s.start) });
            b.addEventListener("click", function () { book(s.start); });
            slotList.appendChild(el("li", {}, [b]));
          });
          slots.hidden = false;
          if (!free.length) { say(T("BookNoSlots"), true); return; }
          /** @type {HTMLElement} */ (slotList.querySelector("button")).focus();
        });
    }
    slotList.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      e.preventDefault();
      var buttons = Array.prototype.slice.call(slotList.querySelectorAll("button"));
      var i = buttons.indexOf(document.activeElement);
      var next = buttons[(i + (e.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length];
      if (next) next.focus();
    });

    function book(start) {
      var c = caller();
      var channel = /** @type {HTMLInputElement | null} */ (form.querySelector('[name="channel"]:checked'));
      var body = JSON.stringify({
        type: current.appointment_type, start: start, name: c.name,
        phone: c.phone || null, email: c.email || null, lang: lang(), channel: channel ? channel.value : "phone"
      });
      fetch("/api/v1/staff/appointments", {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "Idempotency-Key": M.newKey() }
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (answer) {
          if (r.ok) {
            field("reference").value = answer.ref;
            fromArticle();
            setOutcome("appointment_booked");
            keep();
            slots.hidden = true;
            say(T("BookDone") + " " + answer.ref + " · " + when(answer.start));
            save.focus();
          } else {
            say(T("BookRefused") + " " + M.explain(r.status, answer), true);
            if (r.status === 409) showSlots();
          }
        });
      }, function () { say(T("ContactOffline"), true); });
    }
  }

  M.contactForm = contactForm;
  M.contactKeys = globalKeys;
})(window.Meldpunt);
