// "Добавить строку" under a passport's lists: a new row from the formset's empty form, with
// __prefix__ replaced by the next index and TOTAL_FORMS raised, as Django's formsets expect.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) {
      return;
    }
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    if (!total || !template || !body) {
      return;
    }
    var index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var first = body.lastElementChild.querySelector("input, select, textarea");
    if (first) {
      first.focus();
    }
  });
})();
