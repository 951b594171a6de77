// Ratings: while a computation runs, its status fragment is polled; when it ends the page reloads
// to show the new version.
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-url");
    setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html.trim();
          var fresh = holder.firstElementChild;
          box.replaceWith(fresh);
          var state = fresh.getAttribute("data-state");
          if (state === "done") { window.location.reload(); }
          else if (state === "queued" || state === "running") { poll(fresh); }
        })
        .catch(function () { poll(box); });
    }, 1500);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[data-cur="run-status"]').forEach(function (box) {
      var state = box.getAttribute("data-state");
      if (state === "queued" || state === "running") { poll(box); }
    });
  });
})();
