// The agents' intake form (see intakeForm below).
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var pickerMap = M.pickerMap, movePin = M.movePin, el = M.el, T = M.T;

  // Case and accents aside, for matching what an agent types against a name.
  /** @param {string} s */
  function folded(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The category as a search box over the select's options, keyboard first: typing "sluik"
  // finds "🚯 Sluikstort" (every option starts with its icon, so the select's own type-ahead
  // finds nothing). The select stays in the form, hidden, and carries the choice; the box is
  // refused while what it says is not a category.
  /** @param {HTMLSelectElement} select */
  function categoryBox(select) {
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value; });
    var box = /** @type {HTMLInputElement} */ (el("input", { type: "text", id: select.id + "-search", autocomplete: "off", spellcheck: "false" }));
    var list = el("ul", { id: select.id + "-list", class: "suggestions" });
    var focused = document.activeElement === select || select.autofocus;
    var label = select.closest("label");
    select.before(box);
    (label || select).after(list);
    select.hidden = true;
    box.required = select.required;
    select.required = false;
    var quiet = false;
    function sync() {
      if (quiet) return;
      var o = select.selectedOptions[0];
      box.value = o && o.value ? (o.textContent || "").trim() : "";
      box.setCustomValidity("");
    }
    sync();
    select.addEventListener("change", sync);
    M.suggest(box, list, function (text, show) {
      if (select.value) {
        quiet = true;
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
        quiet = false;
      }
      box.setCustomValidity(text.trim() ? T("FieldInvalid") : "");
      var words = folded(text).split(/\s+/).filter(Boolean);
      show(options.filter(function (o) {
        var name = folded(o.textContent || "");
        return words.every(function (w) { return name.indexOf(w) >= 0; });
      }).map(function (o) { return { label: (o.textContent || "").trim(), value: o.value }; }));
    }, function (h) {
      select.value = h.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    if (focused) box.focus();
  }

  // The agents' intake form: address suggestions by keyboard (arrows, Enter), a map to adjust
  // the point, and open reports of the same category nearby that the caller can follow.
  function intakeForm(form) {
    var input = form.querySelector("#intake-address");
    var list = form.querySelector("#intake-suggestions");
    var lat = form.querySelector("#intake-lat");
    var lon = form.querySelector("#intake-lon");
    var category = form.querySelector("#intake-category");
    var nearby = form.querySelector("#intake-nearby");
    function setPoint(la, lo) {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
      showNearby();
    }
    pickerMap("intake-map", 50.8166, 5.1866, setPoint);
    categoryBox(category);
    var findAddresses = M.findAddresses();
    M.suggest(input, list, function (text, show) {
      lat.value = "";
      lon.value = "";
      findAddresses(text, show);
    }, function (h) {
      setPoint(h.lat, h.lon);
      movePin(h.lat, h.lon);
    });
    category.addEventListener("change", showNearby);
    function showNearby() {
      if (!lat.value || !category.value) return;
      var la = parseFloat(lat.value), lo = parseFloat(lon.value);
      var dLat = 250 / 111320, dLon = 250 / (111320 * Math.cos(la * Math.PI / 180));
      var bbox = [lo - dLon, la - dLat, lo + dLon, la + dLat].map(function (v) { return v.toFixed(6); }).join(",");
      fetch("/api/v1/reports?status=open&category=" + encodeURIComponent(category.value) + "&bbox=" + bbox)
        .then(function (r) { return r.ok ? r.json() : null; }).then(function (fc) {
          nearby.innerHTML = "";
          if (!fc || !fc.features.length) { nearby.classList.add("hidden"); return; }
          var h = document.createElement("h3");
          h.textContent = nearby.dataset.title || "Open meldingen in de buurt";
          nearby.appendChild(h);
          fc.features.slice(0, 5).forEach(function (f) {
            var p = f.properties;
            var row = document.createElement("p");
            var b = document.createElement("button");
            b.type = "submit";
            b.name = "follow";
            b.value = p.ref;
            b.className = "secondary";
            b.textContent = (nearby.dataset.follow || "Beller volgt") + " " + p.ref;
            b.formNoValidate = true;
            row.appendChild(b);
            row.appendChild(document.createTextNode(" " + (p.description || "").slice(0, 80)));
            nearby.appendChild(row);
          });
          nearby.classList.remove("hidden");
        }).catch(function () {});
    }
  }

  M.intakeForm = intakeForm;
})(window.Meldpunt);
