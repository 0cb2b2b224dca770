/* Print buttons on handout pages: a <button data-print hidden> is shown and wired only when
   this script runs, so without JavaScript no dead button appears. No inline handlers (CSP). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
