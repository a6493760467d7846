/*
 * A need's review board: the "select all on this page" box, and the periodic refresh of the board's region held
 * back while rows are ticked (a refresh would untick them). No inline script: the page loads this file with its
 * nonce; htmx does the requests and the swaps.
 */
(function () {
  "use strict";

  // htmx carries the "style" attribute of an element over to its new copy while it settles; the browser may leave
  // an empty one on form fields, and setting it is an inline style the content security policy refuses.
  if (window.htmx) {
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }

  function rowTicks() {
    return Array.prototype.slice.call(document.querySelectorAll("#board-region .board-row-tick"));
  }

  function syncSelectAll() {
    var all = document.getElementById("board-select-page");
    if (!all) {
      return;
    }
    var ticks = rowTicks();
    var ticked = ticks.filter(function (box) { return box.checked; }).length;
    all.hidden = ticks.length === 0;
    all.checked = ticks.length > 0 && ticked === ticks.length;
    all.indeterminate = ticked > 0 && ticked < ticks.length;
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "board-select-page") {
      rowTicks().forEach(function (box) { box.checked = target.checked; });
    }
    if (target.id === "board-select-page" || target.classList.contains("board-row-tick")) {
      syncSelectAll();
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var region = document.getElementById("board-region");
    var isRefresh = event.detail.elt === region && event.detail.requestConfig.verb === "get";
    if (isRefresh && rowTicks().some(function (box) { return box.checked; })) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:afterSettle", syncSelectAll);
  document.addEventListener("DOMContentLoaded", syncSelectAll);
})();
