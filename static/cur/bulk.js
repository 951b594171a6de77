// The queue's bulk toolbar: count the ticked rows, "tick all", x to tick the highlighted row, show
// only the field the chosen operation needs, and ask before closing messages. Without this file the
// toolbar still posts.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  function plural(n, one, few, many) {
    var mod10 = n % 10;
    var mod100 = n % 100;
    if (mod10 === 1 && mod100 !== 11) {
      return one;
    }
    if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) {
      return few;
    }
    return many;
  }

  ready(function () {
    var form = document.querySelector("[data-cur-bulk]");
    if (!form) {
      return;
    }
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name="ids"][form="' + form.id + '"]'));
    var all = document.querySelector("[data-cur-bulk-all]");
    var count = form.querySelector("[data-cur-bulk-count]");
    var operation = form.querySelector("[data-cur-bulk-operation]");
    var submit = form.querySelector("[data-cur-bulk-submit]");

    function ticked() {
      return boxes.filter(function (box) { return box.checked; }).length;
    }

    function refresh() {
      var n = ticked();
      count.textContent = n ? "Отмечено: " + n + " " + plural(n, "сообщение", "сообщения", "сообщений") : "Отметьте сообщения в списке";
      submit.disabled = !n || !operation.value;
      if (all) {
        all.checked = n > 0 && n === boxes.length;
        all.indeterminate = n > 0 && n < boxes.length;
      }
      form.querySelectorAll("[data-cur-bulk-for]").forEach(function (part) {
        part.hidden = part.getAttribute("data-cur-bulk-for") !== operation.value;
      });
    }

    boxes.forEach(function (box) { box.addEventListener("change", refresh); });
    operation.addEventListener("change", refresh);
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
        refresh();
      });
    }
    // On the button's click, not on submit: a refused confirmation must leave the button enabled
    // (portal.js disables the buttons of a form being sent). Enter in a field clicks it too.
    submit.addEventListener("click", function (event) {
      var n = ticked();
      var closing = operation.value === "spam" || operation.value === "duplicate";
      if (closing && !window.confirm("Закрыть отмеченные сообщения (" + n + ")? Это действие не отменяется.")) {
        event.preventDefault();
      }
    });
    // x ticks the row highlighted with the queue's j/k keys (queue.js), as mail clients do.
    document.addEventListener("keydown", function (event) {
      var tag = event.target && event.target.tagName ? event.target.tagName.toLowerCase() : "";
      if (event.key !== "x" || event.ctrlKey || event.altKey || event.metaKey || ["input", "textarea", "select"].indexOf(tag) >= 0) {
        return;
      }
      var box = document.querySelector('tr.cur-row-active input[name="ids"][form="' + form.id + '"]');
      if (box) {
        box.checked = !box.checked;
        refresh();
        event.preventDefault();
      }
    });
    refresh();
  });
})();
