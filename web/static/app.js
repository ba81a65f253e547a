// Small enhancements on top of htmx; every page works without this file.
(function () {
  "use strict";

  // A save answers with HX-Trigger {"draft-version": {"value": N}}: every form on the page
  // now edits from version N, so only a save by someone else is a conflict.
  document.addEventListener("draft-version", function (event) {
    var value = String(event.detail.value);
    document.querySelectorAll('input[name="expected_version"]').forEach(function (input) {
      input.value = value;
    });
    document.querySelectorAll("[data-draft-version]").forEach(function (node) {
      node.textContent = value;
    });
  });

  // A weight slider shows its value (the page's CSP allows no inline handlers).
  document.addEventListener("input", function (event) {
    var slider = event.target;
    if (slider.type !== "range" || !slider.nextElementSibling) return;
    slider.nextElementSibling.value = Number(slider.value).toFixed(2);
  });

  // Drag and drop onto the upload zone: put the files in the input and submit.
  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.querySelector(".dropzone");
    if (!zone) return;
    var input = zone.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      input.files = event.dataTransfer.files;
      input.form.requestSubmit();
    });
  });

  // Bytes sent while a large upload is still on its way (before ingest progress takes over).
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector && event.target.querySelector(".upload-progress");
    if (!bar || !event.detail.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
  });
})();
