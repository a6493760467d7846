/*
 * Draws the dashboard's charts with Chart.js (served from our static files).
 * The figures come from the JSON block "dashboard-data" written by the page; each <canvas data-chart="key">
 * gets the chart of that key. No inline script: this file is the only code the page runs.
 */
(function () {
  "use strict";

  var PALETTE = ["#417690", "#79aec8", "#e3a21a", "#5b8c5a", "#a05195", "#d45087"];

  function draw(canvas, chart) {
    var isPie = chart.type === "doughnut" || chart.type === "pie";
    var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var datasets = chart.datasets.map(function (dataset, index) {
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: isPie ? PALETTE.slice(0, dataset.data.length) : PALETTE[index % PALETTE.length],
      };
    });
    return new window.Chart(canvas, {
      type: chart.type,
      data: { labels: chart.labels, datasets: datasets },
      options: {
        indexAxis: chart.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: reducedMotion ? false : undefined,
        plugins: { legend: { display: isPie || datasets.length > 1 } },
      },
    });
  }

  function start() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.Chart) {
      return;
    }
    var charts = JSON.parse(source.textContent).charts;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var chart = charts[canvas.dataset.chart];
      if (chart) {
        draw(canvas, chart);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
