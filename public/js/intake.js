// The agents' intake form (see intakeForm below).
// @ts-check
(/** @param {any} M window.Meldpunt (public/js/base.js) */ function (M) {
  "use strict";
  var pickerMap = M.pickerMap, movePin = M.movePin;

  // The agents' intake form: address suggestions by keyboard (arrows, Enter), a map to adjust
  // the point, and open reports of the same category nearby that the caller can follow.
  function intakeForm(form) {
    var input = form.querySelector("#intake-address");
    var list = form.querySelector("#intake-suggestions");
    var lat = form.querySelector("#intake-lat");
    var lon = form.querySelector("#intake-lon");
    var category = form.querySelector("#intake-category");
    var nearby = form.querySelector("#intake-nearby");
    var active = -1;
    var timer = null;
    var hits = [];
    function setPoint(la, lo) {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
      showNearby();
    }
    pickerMap("intake-map", 50.8166, 5.1866, setPoint);
    function close() {
      list.innerHTML = "";
      hits = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      var h = hits[i];
      if (!h) return;
      input.value = h.label;
      close();
      setPoint(h.lat, h.lon);
      movePin(h.lat, h.lon);
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", "intake-hit-" + i);
    }
    input.addEventListener("input", function () {
      lat.value = "";
      lon.value = "";
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch("/api/v1/addresses?q=" + encodeURIComponent(input.value)).then(function (r) { return r.ok ? r.json() : []; }).then(function (found) {
          close();
          hits = found;
          found.forEach(function (h, i) {
            var li = document.createElement("li");
            li.id = "intake-hit-" + i;
            li.setAttribute("role", "option");
            li.textContent = h.label;
            li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
            list.appendChild(li);
          });
          if (found.length) { input.setAttribute("aria-expanded", "true"); highlight(0); }
        }).catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (!hits.length) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, hits.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" || e.key === "Tab") { if (active >= 0) { if (e.key === "Enter") e.preventDefault(); choose(active); } }
      else if (e.key === "Escape") { close(); }
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
