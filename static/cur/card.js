// The message card: open the action a link points at (#classify, #route from the queue's keys),
// and bring a refused form into view. Every form works without this file.
(function () {
  "use strict";

  function openAction(id, focus, where) {
    if (!id) {
      return;
    }
    var panel = document.getElementById(id);
    if (!panel || panel.tagName.toLowerCase() !== "details") {
      return;
    }
    panel.open = true;
    panel.classList.add("cur-action-focus");
    panel.scrollIntoView({ block: where || "start" });
    if (focus) {
      var field = panel.querySelector("select, textarea, input:not([type=hidden]), button");
      if (field) {
        field.focus({ preventScroll: true });
      }
    }
  }

  function fromHash() {
    openAction(decodeURIComponent(window.location.hash.slice(1)), true);
  }

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  function size(bytes) {
    if (bytes < 1024 * 1024) {
      return Math.max(1, Math.round(bytes / 1024)) + "\u00a0КБ";
    }
    return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + "\u00a0МБ";
  }

  // The names of the chosen files beside the Russian "choose" button, with the limits checked
  // before a 20 MB upload is sent only to be refused.
  function showFiles(input) {
    var out = document.querySelector('[data-cur-files-for="' + input.id + '"]');
    if (!out) {
      return;
    }
    var files = Array.prototype.slice.call(input.files || []);
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    if (!files.length) {
      out.textContent = "файлы не выбраны";
      out.className = "small text-body-secondary";
      return;
    }
    var problems = [];
    var names = files.map(function (file) {
      if (maxBytes && file.size > maxBytes) {
        problems.push("«" + file.name + "» больше " + size(maxBytes));
      }
      return file.name + " (" + size(file.size) + ")";
    });
    if (maxFiles && files.length > maxFiles) {
      problems.push("не больше " + maxFiles + " файлов");
    }
    out.textContent = names.join(", ") + (problems.length ? " — " + problems.join("; ") : "");
    out.className = "small " + (problems.length ? "text-danger" : "text-body");
  }

  ready(function () {
    document.querySelectorAll(".cur-files-input").forEach(function (input) {
      input.addEventListener("change", function () { showFiles(input); });
    });
    var failed = document.querySelector("[data-cur-failed-action]");
    if (failed) {
      // The refused form in the middle of the screen, its errors and the notice above both in view.
      openAction(failed.getAttribute("data-cur-failed-action"), false, "center");
    } else {
      fromHash();
    }
    window.addEventListener("hashchange", fromHash);
    document.addEventListener("keydown", acceptSuggestion);
  });

  // «a» accepts the classifier's suggestion: the classify form already holds it, so the key only
  // submits that form — and only while the operator has not picked another category.
  function acceptSuggestion(event) {
    if (event.key !== "a" && event.key !== "A") {
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) {
      return;
    }
    var form = document.querySelector('form[data-cur-action="classify"]');
    var suggested = form && form.querySelector('input[name$="suggested_category"]');
    var chosen = form && form.querySelector('select[name$="-category"]');
    if (!suggested || !suggested.value || !chosen || chosen.value !== suggested.value) {
      return;
    }
    event.preventDefault();
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }
})();
