// Draws every chart of a page with the vendored Chart.js (static/vendor/chartjs): nothing is
// loaded from outside. The server writes each chart's data with json_script next to a <canvas
// data-cur-chart="ID">; numbers are formatted the Russian way (1 234,5) with the unit the
// server names, on the axis and on hover. Animation is off: dashboards are read, not watched,
// and a screenshot taken at once shows the final picture. The table beside each chart holds the
// same numbers for people and printers that do not run scripts.
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384", "#0dcaf0", "#ffc107",
                 "#084298", "#842029", "#0f5132", "#984c0c", "#432874"];
  var SUFFIX = {percent: " %", hours: " ч", days: " дн.", score: "", count: ""};

  function format(value, unit) {
    if (value === null || value === undefined) {
      return "—";
    }
    var digits = unit === "count" ? 0 : 1;
    return new Intl.NumberFormat("ru-RU", {maximumFractionDigits: digits}).format(value) + (SUFFIX[unit] || "");
  }

  // The value axis gets Russian numbers with the unit; the category axis keeps its labels
  // (a tick callback there would print indexes instead of names).
  function scales(spec, stacked) {
    var values = {stacked: stacked, beginAtZero: true, ticks: {callback: function (v) { return format(v, spec.unit); }}};
    if (spec.unit === "count") {
      // Counts are whole: without this a small chart ticks 0,2 0,4 … and prints them rounded as 0 0 1 1.
      values.ticks.precision = 0;
    }
    var categories = {stacked: stacked, ticks: {autoSkip: true, maxRotation: 0}};
    return spec.type === "hbar" ? {x: values, y: categories} : {x: categories, y: values};
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-cur-chart"));
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var box = canvas.parentNode;
    if (box && box.dataset.curHeight) {
      box.style.height = box.dataset.curHeight + "px";  // the policy allows no style attribute in the markup
    }
    var spec = JSON.parse(source.textContent);
    var stacked = !!spec.stacked;
    var datasets = spec.datasets.map(function (set, i) {
      var colour = set.color || PALETTE[i % PALETTE.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: colour,
        backgroundColor: spec.type === "line" ? colour : colour + "cc",
        borderWidth: spec.type === "line" ? 2 : 0,
        pointRadius: spec.type === "line" && set.data.length > 60 ? 0 : 2,
        tension: 0.2,
        spanGaps: true,
      };
    });
    canvas.curChart = new Chart(canvas, {
      type: spec.type === "hbar" ? "bar" : spec.type,
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: spec.type === "hbar" ? "y" : "x",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: "ru-RU",
        interaction: {mode: "index", intersect: false},
        plugins: {
          legend: {display: datasets.length > 1, position: "bottom", labels: {boxWidth: 12}},
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var value = spec.type === "hbar" ? ctx.parsed.x : ctx.parsed.y;
                return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + format(value, spec.unit);
              },
            },
          },
        },
        scales: scales(spec, stacked),
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-cur-chart]").forEach(draw);
  }

  if (document.readyState !== "loading") {
    drawAll();
  } else {
    document.addEventListener("DOMContentLoaded", drawAll);
  }
})();
