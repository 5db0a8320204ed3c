/* The poster's "Print" button: shown only where JavaScript can open the print dialogue. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  "use strict";
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
