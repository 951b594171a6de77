// The month page of the governor's report: while a version is being built, ask for its progress
// every two seconds and show it; when it is ready (or failed), reload the page to show the result.
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-poll");
    if (!url) return;
    window.setTimeout(function () {
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.firstElementChild;
          if (!fresh) return;
          if (!fresh.getAttribute("data-poll")) { window.location.reload(); return; }
          box.replaceWith(fresh);
          poll(fresh);
        })
        .catch(function () { window.setTimeout(function () { poll(box); }, 5000); });
    }, 2000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-cur='report-status'][data-poll]").forEach(poll);
  });
})();

// «Выпустить окончательную версию» asks once: the final version cannot be changed.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
