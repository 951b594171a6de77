// ЦУР portal: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  ready(function () {
    // Bootstrap tooltips for elements that ask for one.
    if (window.bootstrap) {
      document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
        window.bootstrap.Tooltip.getOrCreateInstance(el);
      });
    }

    // Success notices fade out after a while; warnings and errors stay until closed.
    document.querySelectorAll(".cur-messages .alert-success").forEach(function (el) {
      window.setTimeout(function () {
        if (window.bootstrap) {
          window.bootstrap.Alert.getOrCreateInstance(el).close();
        }
      }, 8000);
    });

    // A form is sent once: a second click while the page loads would post it twice.
    document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll('button[type="submit"]').forEach(function (button) {
          window.setTimeout(function () { button.disabled = true; }, 0);
        });
      });
    });
  });

  // Coming back through the browser history shows the page as it was left: enable the buttons again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll('form button[type="submit"]:disabled').forEach(function (button) {
        button.disabled = false;
      });
    }
  });
})();
