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

  // Widths and offsets computed on the server come as data attributes (a percent): the page's
  // Content-Security-Policy allows no style attributes, but styles set from a script are allowed.
  function applySizes(root) {
    root.querySelectorAll("[data-cur-width], [data-cur-left], [data-cur-height]").forEach(function (el) {
      if (el.dataset.curWidth !== undefined) { el.style.width = el.dataset.curWidth + "%"; }
      if (el.dataset.curLeft !== undefined) { el.style.left = el.dataset.curLeft + "%"; }
      if (el.dataset.curHeight !== undefined) { el.style.height = el.dataset.curHeight + "px"; }
    });
  }

  ready(function () {
    applySizes(document);
    // Status partials polled into the page (ratings, reports, classifier) bring their own bars.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) {
            if (node.matches("[data-cur-width], [data-cur-left], [data-cur-height]")) { applySizes(node.parentNode); } else { applySizes(node); }
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });

    // Selects that act at once (no inline handlers: the policy forbids them).
    document.querySelectorAll("select[data-cur-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("select[data-cur-go-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { if (select.value) { window.location = select.value; } });
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
