// The message queue's keyboard: operators triage all day, so the rows are reachable without a mouse.
//   j / k        next / previous row (highlighted, scrolled into view)
//   Enter or o   open the highlighted message's card
//   c / r        open the card at its classify / route form
//   a            accept the classifier's suggestion shown in the highlighted row
//   n            next page
//   /            focus the search box
// Keys typed into a field, or with Ctrl/Alt/Meta held, are left to the browser. The page works
// without this file: every row's number is an ordinary link.
(function () {
  "use strict";

  var ACTIVE = "cur-row-active";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  ready(function () {
    var table = document.querySelector("[data-cur-queue]");
    if (!table) {
      return;
    }
    // Empty filters stay out of the URL: «?q=мусор», not «?q=мусор&sector=&category=&…».
    var filters = document.querySelector("form.cur-filters");
    if (filters) {
      filters.addEventListener("submit", function () {
        filters.querySelectorAll("input, select").forEach(function (field) {
          if ((field.type === "checkbox" && !field.checked) || field.value === "") {
            field.disabled = true;
          }
        });
      });
      // Back from the next page: the fields disabled above must work again.
      window.addEventListener("pageshow", function () {
        filters.querySelectorAll("input:disabled, select:disabled").forEach(function (field) {
          field.disabled = false;
        });
      });
    }

    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    // The highlight survives a visit to a card and the way back (same page, same filters).
    var memoryKey = "cur-queue-row:" + window.location.pathname + window.location.search;
    var current = -1;

    function highlight(index, scroll) {
      if (!rows.length) {
        return;
      }
      index = Math.max(0, Math.min(rows.length - 1, index));
      if (current >= 0 && rows[current]) {
        rows[current].classList.remove(ACTIVE);
        rows[current].removeAttribute("aria-current");
      }
      current = index;
      var row = rows[current];
      row.classList.add(ACTIVE);
      row.setAttribute("aria-current", "true");
      if (scroll) {
        row.scrollIntoView({ block: "nearest" });
      }
      try {
        window.sessionStorage.setItem(memoryKey, row.getAttribute("data-id") || "");
      } catch (e) {
        // Private mode: the highlight is simply not remembered.
      }
    }

    function open(anchor) {
      if (current < 0 || !rows[current]) {
        return;
      }
      window.location.href = rows[current].getAttribute("data-href") + (anchor || "");
    }

    try {
      var remembered = window.sessionStorage.getItem(memoryKey);
      if (remembered) {
        rows.forEach(function (row, index) {
          if (row.getAttribute("data-id") === remembered) {
            highlight(index, true);
          }
        });
      }
    } catch (e) {
      // No storage: start without a highlight.
    }

    // A click on a row (not on its link) highlights it; a double click opens it.
    rows.forEach(function (row, index) {
      row.addEventListener("click", function (event) {
        if (!event.target.closest("a, button, input, label")) {
          highlight(index, false);
        }
      });
      row.addEventListener("dblclick", function (event) {
        if (!event.target.closest("a, button, input, label")) {
          highlight(index, false);
          open("");
        }
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) {
        return;
      }
      if (document.querySelector(".dropdown-menu.show, .modal.show")) {
        return;
      }
      switch (event.key) {
        case "j":
        case "J":
          highlight(current + 1, true);
          break;
        case "k":
        case "K":
          highlight(current < 0 ? 0 : current - 1, true);
          break;
        case "Enter":
          if (current < 0 || (event.target && event.target.closest && event.target.closest("a, button"))) {
            return; // Enter on a focused link or button does what it always does.
          }
          open("");
          break;
        case "o":
        case "O":
          open("");
          break;
        case "c":
        case "C":
          open("#classify");
          break;
        case "r":
        case "R":
          open("#route");
          break;
        case "a":
        case "A":
          var accept = current >= 0 && rows[current] ? rows[current].querySelector("form[data-cur-accept]") : null;
          if (!accept) {
            return;
          }
          accept.requestSubmit();
          break;
        case "n":
        case "N":
          var next = document.querySelector("[data-cur-next]");
          if (next) {
            window.location.href = next.href;
          }
          break;
        case "/":
          var search = document.querySelector("input[name=q]");
          if (search) {
            search.focus();
            search.select();
          }
          break;
        default:
          return;
      }
      event.preventDefault();
    });
  });
})();
