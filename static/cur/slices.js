// The statistics page's small helpers. The page works without them: the form submits, the
// downloads are plain links.
//   - empty fields stay out of the URL, so links and saved slices read «?rows=category», not «…&sector=&…»;
//   - a check-box drop-down shows what is chosen in its button, and long lists can be searched;
//   - «Скопировать ссылку» puts a URL the server wrote (data-cur-copy) on the clipboard, also on
//     plain http inside a closed network, where navigator.clipboard does not exist.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (e) {
        done = false;
      }
      document.body.removeChild(area);
      if (done) {
        resolve();
      } else {
        reject(new Error("copy"));
      }
    });
  }

  function setUpCopy(button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-cur-copy");
      var label = button.querySelector("[data-cur-copy-label]");
      var before = label ? label.textContent : button.title;
      copyText(url).then(function () {
        if (label) {
          label.textContent = button.getAttribute("data-cur-copied");
        }
        button.classList.add("text-success");
        window.setTimeout(function () {
          if (label) {
            label.textContent = before;
          }
          button.classList.remove("text-success");
        }, 2000);
      }, function () {
        // No clipboard at all: let the reader copy it by hand.
        window.prompt(before || "", url);
      });
    });
  }

  function setUpMulti(box) {
    var summary = box.querySelector("[data-cur-multi-summary]");
    var boxes = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
    function update() {
      var chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) {
        var label = box.querySelector("label[for='" + b.id + "']");
        return label ? label.textContent : b.value;
      });
      if (!chosen.length) {
        summary.textContent = summary.getAttribute("data-cur-all");
      } else if (chosen.length <= 2) {
        summary.textContent = chosen.join(", ");
      } else {
        summary.textContent = summary.getAttribute("data-cur-many") + " " + chosen.length;
      }
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });

    var search = box.querySelector("[data-cur-multi-search]");
    if (search) {
      search.addEventListener("input", function () {
        var words = search.value.trim().toLowerCase();
        box.querySelectorAll("[data-cur-multi-option]").forEach(function (option) {
          option.hidden = words !== "" && option.textContent.toLowerCase().indexOf(words) === -1;
        });
        box.querySelectorAll("[data-cur-multi-group]").forEach(function (group) {
          var next = group.nextElementSibling;
          var any = false;
          while (next && next.hasAttribute("data-cur-multi-option")) {
            any = any || !next.hidden;
            next = next.nextElementSibling;
          }
          group.hidden = !any;
        });
      });
      // Enter in the search box must not submit the whole form half-chosen.
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
        }
      });
    }
  }

  ready(function () {
    document.querySelectorAll("[data-cur-copy]").forEach(setUpCopy);
    document.querySelectorAll("[data-cur-multi]").forEach(setUpMulti);

    var form = document.querySelector("form[data-cur-slice-form]");
    if (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (field) {
          if ((field.type === "checkbox" && !field.checked) || field.value === "" || field.type === "search") {
            field.disabled = true;
          }
        });
      });
      // Back from the next page: the fields disabled above must work again.
      window.addEventListener("pageshow", function () {
        form.querySelectorAll("input:disabled, select:disabled").forEach(function (field) {
          field.disabled = false;
        });
      });
    }
  });
})();
