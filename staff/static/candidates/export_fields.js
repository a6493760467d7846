/*
 * The export page's "select all" box (config/templates/admin/import_export/export.html): ticks or unticks every
 * column. django-import-export wires it with an onchange="" attribute, which the content security policy refuses.
 */
(function () {
  "use strict";

  function start() {
    var toggle = document.getElementById("select-all-toggle");
    if (!toggle) {
      return;
    }
    toggle.addEventListener("change", function () {
      document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach(function (box) {
        box.checked = toggle.checked;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
