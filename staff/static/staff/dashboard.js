/*
 * Draws the dashboard's charts with Chart.js (served from our static files).
 * The figures come from the JSON block "dashboard-data" written by the page; each <canvas data-chart="key">
 * gets the chart of that key. No inline script: this file is the only code the page runs.
 */
(function () {
  "use strict";

  var PALETTE = ["#417690", "#79aec8", "#e3a21a", "#5b8c5a", "#a05195", "#d45087"];
  // Longer labels are cut into lines of about this many characters: Chart.js draws an array as several lines,
  // where one long line would be clipped at the edge of the canvas.
  var LABEL_LINE_LENGTH = 22;

  function wrap(label) {
    var lines = [];
    String(label).split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= LABEL_LINE_LENGTH) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.length > 1 ? lines : lines[0];
  }

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
    var categoryAxis = chart.horizontal ? "y" : "x";
    var scales = {};
    if (!isPie) {
      // Every label shown, none rotated: wrapped labels fit, and the padding keeps them off the canvas edge.
      scales[categoryAxis] = { ticks: { autoSkip: false, maxRotation: 0, minRotation: 0, padding: 4 } };
      scales[categoryAxis === "x" ? "y" : "x"] = { beginAtZero: true };
    }
    return new window.Chart(canvas, {
      type: chart.type,
      data: { labels: isPie ? chart.labels : chart.labels.map(wrap), datasets: datasets },
      options: {
        indexAxis: categoryAxis,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : undefined,
        layout: { padding: { top: 8, right: 16, bottom: 8, left: 8 } },
        scales: scales,
        plugins: {
          legend: { display: isPie || datasets.length > 1 },
          tooltip: {
            callbacks: {
              title: function (items) {
                // The whole label, on one line, whatever the axis drew.
                return items.length ? chart.labels[items[0].dataIndex] : "";
              },
            },
          },
        },
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
