// Session note: a filter box above each long picker (techniques, muscles, exercises). Without
// JavaScript the full select is there as it is; the filter only hides options that do not match.
(function () {
  "use strict";
  function attach(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-filter";
    box.id = select.id + "_filter";
    box.setAttribute("autocomplete", "off");
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("aria-label", "Filter the list: " + (label ? label.textContent : select.name));
    box.placeholder = "Type to filter";
    var options = Array.prototype.slice.call(select.options);
    box.addEventListener("input", function () {
      var words = box.value.trim().toLowerCase();
      var first = null;
      options.forEach(function (option) {
        var keep = option.value === "" || option.selected || option.text.toLowerCase().indexOf(words) !== -1;
        option.hidden = !keep;
        if (keep && option.value !== "" && first === null) { first = option; }
      });
      // One match left: choose it, so a few letters pick the technique.
      var shown = options.filter(function (o) { return !o.hidden && o.value !== ""; });
      if (words && shown.length === 1 && !select.value) { shown[0].selected = true; select.dispatchEvent(new Event("change")); }
    });
    select.parentNode.insertBefore(box, select);
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter]"), attach);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
