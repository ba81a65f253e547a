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

  // A chip's passage: on a phone the panel is a bottom sheet over the page (CSS), shown
  // in view wherever the chip was; focus moves to it and back to the chip when closed.
  var opener = null;
  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || panel.id !== "passage-panel") return;
    opener = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
    panel.classList.add("open");
    var close = panel.querySelector("[data-close-panel]");
    if (close) close.hidden = false;
    panel.focus({ preventScroll: true });
    var quote = panel.querySelector("mark");
    if (quote) quote.scrollIntoView({ block: "nearest" });  // a long passage: the quote in view
  });
  function closePanel() {
    var panel = document.getElementById("passage-panel");
    if (!panel || !panel.classList.contains("open")) return;
    panel.classList.remove("open");
    if (opener && opener.focus) opener.focus({ preventScroll: true });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-close-panel]")) closePanel();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
  });

  // "Next flagged sentence": the one after the flagged sentence last reached (else the
  // first below the top of the window), round to the first again, its collapsed group
  // opened; without JavaScript the link goes to the first flagged block.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-next-flag]");
    if (!link) return;
    var flags = Array.prototype.slice.call(document.querySelectorAll(".paper .flagged"));
    if (!flags.length) return;
    event.preventDefault();
    var current = flags.indexOf(document.activeElement);
    var next = current >= 0 ? flags[(current + 1) % flags.length] : flags.find(function (flag) {
      return flag.getBoundingClientRect().top > 90;
    }) || flags[0];
    for (var box = next.closest("details"); box; box = box.parentElement.closest("details")) {
      box.open = true;
    }
    next.setAttribute("tabindex", "-1");
    next.scrollIntoView({ block: "center" });
    next.focus({ preventScroll: true });
  });
})();
