/* Body chart: the checklist form stays the single source of truth (it is what is posted, with
   or without JavaScript); this script draws it as a touch chart and writes into it.
   - A finger tap on the figure opens that body area zoomed, with its regions as big buttons; a
     mouse click on the figure, or Enter/Space on a focused region, marks the region directly.
   - Marking a region opens the editor: intensity and sensation as big chips.
   - With `data-bodychart-autosave` on the form, each change saves through htmx, which answers
     with the candidate muscles; hovering, focusing or tapping "Show on chart" on a candidate
     highlights its zones.
   No inline scripts (CSP). */
(function () {
  "use strict";

  function painClass(value) {
    if (value === "") return "pain-unrated";
    var n = Number(value);
    if (!/^\d+$/.test(value) || n > 10) return "";
    return n <= 3 ? "pain-low" : n <= 6 ? "pain-mid" : "pain-high";
  }

  function enhance(root) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = "1";
    var form = root.closest("form") || root;
    root.classList.add("bodychart-enhanced");
    form.classList.add("bodychart-enhanced");
    var autosave = form.hasAttribute && form.hasAttribute("data-bodychart-autosave");
    var announce = root.querySelector("[data-bodychart-announce]");
    var status = root.querySelector("[data-save-status]");
    var editor = root.querySelector("[data-region-editor]");
    var selected = null;
    var lastPointer = "mouse";
    var timer = null;

    function field(name) { return form.querySelector('[name="' + name + '"]'); }
    function checkbox(id) { return root.querySelector('input[name="regions"][value="' + id + '"]'); }
    function label(id) {
      var row = root.querySelector('.region-row[data-region="' + id + '"] .region-row-name');
      return row ? row.textContent.trim() : id;
    }
    function summary(id) {
      var intensity = field("intensity_" + id);
      var quality = field("quality_" + id);
      var parts = [intensity && intensity.value !== "" ? "intensity " + intensity.value : "no intensity"];
      if (quality && quality.value) parts.push(quality.options[quality.selectedIndex].text.toLowerCase());
      return parts.join(", ");
    }
    function say(text) { if (announce) announce.textContent = text; }

    function sync(id) {
      var box = checkbox(id);
      if (!box) return;
      var marked = box.checked;
      var intensity = field("intensity_" + id).value;
      root.querySelectorAll('.region[data-region="' + id + '"]').forEach(function (shape) {
        if (shape.getAttribute("role") === "button") shape.setAttribute("aria-pressed", marked ? "true" : "false");
        shape.classList.remove("is-marked", "pain-low", "pain-mid", "pain-high", "pain-unrated");
        if (marked) {
          shape.classList.add("is-marked");
          if (painClass(intensity)) shape.classList.add(painClass(intensity));
        }
      });
      root.querySelectorAll('[data-region-button="' + id + '"]').forEach(function (button) {
        button.setAttribute("aria-pressed", marked ? "true" : "false");
        button.classList.toggle("is-marked", marked);
        button.querySelector("[data-region-summary]").textContent = marked ? summary(id) : "not marked";
      });
      var row = root.querySelector('.region-row[data-region="' + id + '"]');
      if (row) row.classList.toggle("is-marked", marked);
      root.querySelectorAll("[data-area-panel]").forEach(function (panel) {
        var count = panel.querySelectorAll('.region-button[aria-pressed="true"]').length;
        var badge = root.querySelector('[data-area-count="' + panel.dataset.areaPanel + '"]');
        if (badge) badge.textContent = count ? count + " marked" : "";
      });
      if (selected === id) showEditor(id);
    }

    // One save in flight at a time, always of the whole drawing; "Saved" only once the last
    // change has been stored.
    var inFlight = false;
    var again = false;
    function send() {
      timer = null;
      if (!window.htmx) return;
      if (inFlight) { again = true; return; }
      inFlight = true;
      window.htmx.trigger(form, "bodychart-save");
    }
    function save() {
      if (!autosave) return;
      if (status) status.textContent = "Saving…";
      clearTimeout(timer);
      timer = setTimeout(send, 350);
    }

    function showEditor(id) {
      if (!editor) return;
      selected = id;
      editor.hidden = false;
      editor.querySelector("[data-editor-name]").textContent = label(id);
      editor.querySelector("[data-editor-summary]").textContent = "— " + summary(id);
      var intensity = field("intensity_" + id).value;
      var quality = field("quality_" + id).value;
      editor.querySelectorAll("[data-set-intensity]").forEach(function (chip) {
        chip.setAttribute("aria-pressed", chip.dataset.setIntensity === intensity ? "true" : "false");
      });
      editor.querySelectorAll("[data-set-quality]").forEach(function (chip) {
        chip.setAttribute("aria-pressed", chip.dataset.setQuality === quality ? "true" : "false");
      });
      // The editor sits right under the region's row of buttons in the open area (under the
      // finger); with no area open, under the area chooser.
      var panel = root.querySelector("[data-area-panel]:not([hidden])");
      var button = panel && panel.querySelector('[data-region-button="' + id + '"]');
      var anchor = root.querySelector(".area-chooser");
      if (button) {
        anchor = button;
        var next = button.nextElementSibling === editor ? editor.nextElementSibling : button.nextElementSibling;
        if (button.classList.contains("column-left") && next && next.classList.contains("column-right")) anchor = next;
      }
      if (anchor && anchor.nextElementSibling !== editor) anchor.after(editor);
    }

    function hideEditor() {
      if (editor) editor.hidden = true;
      selected = null;
    }

    function setMarked(id, marked) {
      var box = checkbox(id);
      if (!box) return;
      box.checked = marked;
      if (marked) showEditor(id);
      else if (selected === id) hideEditor();
      sync(id);
      say(marked ? "Marked: " + label(id) + " — " + summary(id) : "Cleared: " + label(id));
      save();
    }

    function toggle(id) {
      var box = checkbox(id);
      if (box) setMarked(id, !box.checked);
    }

    function openArea(areaId, focus) {
      var target = null;
      root.querySelectorAll("[data-area-panel]").forEach(function (panel) {
        var open = panel.dataset.areaPanel === areaId;
        panel.hidden = !open;
        if (open) target = panel;
      });
      root.querySelectorAll("[data-area-open]").forEach(function (button) {
        button.setAttribute("aria-expanded", button.dataset.areaOpen === areaId ? "true" : "false");
      });
      if (!target) return;
      if (selected && !target.querySelector('[data-region-button="' + selected + '"]')) hideEditor();
      if (selected) showEditor(selected);
      target.scrollIntoView({ block: "start" });
      if (focus) target.querySelector(".region-button").focus({ preventScroll: true });
    }

    function closeArea(panel) {
      panel.hidden = true;
      hideEditor();
      var opener = root.querySelector('[data-area-open="' + panel.dataset.areaPanel + '"]');
      root.querySelectorAll("[data-area-open]").forEach(function (b) { b.setAttribute("aria-expanded", "false"); });
      if (opener) opener.focus();
    }

    root.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var panel = event.target.closest && event.target.closest("[data-area-panel]");
      if (panel) closeArea(panel);
    });

    root.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || "mouse"; }, true);

    root.querySelectorAll(".bodychart-view .region").forEach(function (shape) {
      shape.setAttribute("role", "button");
      shape.setAttribute("tabindex", "0");
      sync(shape.dataset.region);
      shape.addEventListener("click", function () {
        // A fingertip covers several small regions: open the area big instead of guessing.
        if (lastPointer === "touch" || lastPointer === "pen") {
          openArea(shape.dataset.area, false);
          say(label(shape.dataset.region) + " is in this area: tap the region you mean.");
        } else {
          toggle(shape.dataset.region);
        }
      });
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle(shape.dataset.region);
        }
      });
    });

    root.addEventListener("click", function (event) {
      var t = event.target.closest ? event.target : event.target.parentNode;
      var el;
      if ((el = t.closest("[data-area-open]"))) {
        var open = el.getAttribute("aria-expanded") === "true";
        if (open) closeArea(root.querySelector('[data-area-panel="' + el.dataset.areaOpen + '"]'));
        else openArea(el.dataset.areaOpen, true);
      } else if ((el = t.closest("[data-area-close]"))) {
        closeArea(el.closest("[data-area-panel]"));
      } else if ((el = t.closest("[data-region-button]"))) {
        toggle(el.dataset.regionButton);
      } else if ((el = t.closest(".zoom-region"))) {
        toggle(el.dataset.region);
      } else if ((el = t.closest("[data-set-intensity]")) && selected) {
        field("intensity_" + selected).value = el.dataset.setIntensity;
        field("intensity_" + selected).dispatchEvent(new Event("change", { bubbles: true }));
        say(label(selected) + ": " + summary(selected));
      } else if ((el = t.closest("[data-set-quality]")) && selected) {
        field("quality_" + selected).value = el.dataset.setQuality;
        field("quality_" + selected).dispatchEvent(new Event("change", { bubbles: true }));
        say(label(selected) + ": " + summary(selected));
      } else if (t.closest("[data-editor-unmark]") && selected) {
        setMarked(selected, false);
      } else if (t.closest("[data-editor-done]") && selected) {
        var id = selected;
        hideEditor();
        var button = root.querySelector('[data-area-panel]:not([hidden]) [data-region-button="' + id + '"]');
        if (button) button.focus();
      }
    });

    form.addEventListener("change", function (event) {
      var name = event.target.name || "";
      if (name !== "regions" && !/^(intensity|quality)_/.test(name)) return;
      var id = name === "regions" ? event.target.value : name.replace(/^(intensity|quality)_/, "");
      sync(id);
      save();
    });

    form.addEventListener("htmx:afterRequest", function (event) {
      inFlight = false;
      if (again) { again = false; send(); return; }
      if (!status || timer) return;
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

    // Candidate muscles (the clinician's panel): their zones on the chart.
    function highlight(candidate, on) {
      (candidate.dataset.zones || "").split(" ").forEach(function (id) {
        if (!id) return;
        root.querySelectorAll('.region[data-region="' + id + '"]').forEach(function (shape) {
          shape.classList.toggle("is-highlighted", on);
        });
      });
    }
    function pinned(candidate) {
      var button = candidate.querySelector("[data-zones-toggle]");
      return button && button.getAttribute("aria-pressed") === "true";
    }
    ["mouseover", "focusin"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        var candidate = event.target.closest && event.target.closest(".candidate");
        if (candidate) highlight(candidate, true);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        var candidate = event.target.closest && event.target.closest(".candidate");
        if (candidate && !candidate.contains(event.relatedTarget) && !pinned(candidate)) highlight(candidate, false);
      });
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-zones-toggle]");
      if (!button) return;
      var on = button.getAttribute("aria-pressed") !== "true";
      form.querySelectorAll("[data-zones-toggle]").forEach(function (other) {
        if (other !== button && other.getAttribute("aria-pressed") === "true") {
          other.setAttribute("aria-pressed", "false");
          other.textContent = "Show on chart";
          highlight(other.closest(".candidate"), false);
        }
      });
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Hide from chart" : "Show on chart";
      highlight(button.closest(".candidate"), on);
      if (on) {
        var names = Array.prototype.map.call(button.closest(".candidate").querySelectorAll(".zone-essential, .zone-spillover"), function (z) { return z.textContent; });
        say("Shown on the chart: " + names.join(", "));
      }
    });
  }

  function enhanceAll(scope) {
    (scope || document).querySelectorAll("[data-bodychart]").forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.detail.elt.parentNode || document); });
})();
