/* Body chart: mark regions by click, tap or keyboard; the checklist form stays the single source
   of truth (it is what is posted, with or without JavaScript). Each change saves through htmx,
   which answers with the candidate muscles; hovering or focusing a candidate highlights its
   zones on the chart. No inline scripts (CSP). */
(function () {
  "use strict";

  function painClass(value) {
    if (value === "") return "";
    var n = Number(value);
    return n <= 3 ? "pain-low" : n <= 6 ? "pain-mid" : "pain-high";
  }

  function enhance(root) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = "1";
    root.classList.add("bodychart-enhanced");
    var form = root.querySelector("form");
    var announce = root.querySelector("[data-bodychart-announce]");
    var status = root.querySelector("[data-save-status]");
    var timer = null;

    function field(name) { return form.elements.namedItem(name); }
    function checkbox(id) { return root.querySelector('input[name="regions"][value="' + id + '"]'); }

    function sync(id) {
      var box = checkbox(id);
      if (!box) return;
      var marked = box.checked;
      var intensity = field("intensity_" + id).value;
      root.querySelectorAll('.region[data-region="' + id + '"]').forEach(function (shape) {
        shape.setAttribute("aria-pressed", marked ? "true" : "false");
        shape.classList.remove("is-marked", "pain-low", "pain-mid", "pain-high");
        if (marked) {
          shape.classList.add("is-marked");
          if (painClass(intensity)) shape.classList.add(painClass(intensity));
        }
      });
      var row = root.querySelector('.region-row[data-region="' + id + '"]');
      if (row) row.classList.toggle("is-marked", marked);
    }

    function save() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (window.htmx) {
          if (status) status.textContent = "Saving…";
          window.htmx.trigger(form, "bodychart-save");
        }
      }, 350);
    }

    function toggle(shape) {
      var id = shape.dataset.region;
      var box = checkbox(id);
      box.checked = !box.checked;
      sync(id);
      if (announce) {
        announce.textContent = shape.getAttribute("aria-label") + (box.checked ? " marked" : " cleared");
      }
      save();
    }

    root.querySelectorAll(".region").forEach(function (shape) {
      shape.setAttribute("role", "button");
      shape.setAttribute("tabindex", "0");
      sync(shape.dataset.region);
      shape.addEventListener("click", function () { toggle(shape); });
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle(shape);
        }
      });
    });

    form.addEventListener("change", function (event) {
      var name = event.target.name || "";
      var id = name === "regions" ? event.target.value : name.replace(/^(intensity|quality)_/, "");
      sync(id);
      save();
    });

    form.addEventListener("htmx:afterRequest", function (event) {
      if (!status) return;
      status.textContent = event.detail.successful ? "Saved" : "Not saved — check your connection";
    });

    var showAll = root.querySelector("[data-show-all]");
    var list = root.querySelector("[data-region-list]");
    if (showAll && list) {
      showAll.addEventListener("click", function () {
        var open = list.classList.toggle("show-all");
        showAll.setAttribute("aria-expanded", open ? "true" : "false");
        showAll.textContent = open ? "Show marked regions only" : "Show all regions as a list";
      });
    }

    function highlight(candidate, on) {
      (candidate.dataset.zones || "").split(" ").forEach(function (id) {
        if (!id) return;
        root.querySelectorAll('.region[data-region="' + id + '"]').forEach(function (shape) {
          shape.classList.toggle("is-highlighted", on);
        });
      });
    }
    ["mouseover", "focusin"].forEach(function (type) {
      root.addEventListener(type, function (event) {
        var candidate = event.target.closest && event.target.closest(".candidate");
        if (candidate) highlight(candidate, true);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      root.addEventListener(type, function (event) {
        var candidate = event.target.closest && event.target.closest(".candidate");
        if (candidate && !candidate.contains(event.relatedTarget)) highlight(candidate, false);
      });
    });
  }

  function enhanceAll(scope) {
    (scope || document).querySelectorAll("[data-bodychart]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.detail.elt.parentNode || document); });
})();
