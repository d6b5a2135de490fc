/* Progressive enhancement of the catalogue filters. Without this file (or without htmx) the
   filter form is a plain GET form and every page link is a normal link. */
(function () {
  "use strict";

  var form = document.getElementById("filter-form");
  if (!form) {
    return;
  }
  var province = form.elements.namedItem("province");
  var regency = form.elements.namedItem("regency");
  var status = document.getElementById("results-status");

  // A regency belongs to one province: after a new province the old regency would match nothing.
  if (province && regency) {
    province.addEventListener("change", function () {
      var current = form.elements.namedItem("regency");
      if (current) {
        current.value = "";
      }
    });
  }

  // Shareable URLs: parameters left empty are dropped from the request and the pushed URL.
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form) {
      return;
    }
    var data = event.detail.formData;
    var empty = [];
    data.forEach(function (value, key) {
      if (value === "" && data.getAll(key).every(function (v) { return v === ""; })) {
        empty.push(key);
      }
    });
    empty.forEach(function (key) {
      data.delete(key);
    });
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.target || event.detail.target.id !== "results") {
      return;
    }
    var heading = document.getElementById("results-heading");
    if (status && heading) {
      // The swapped region is not a live region (it would read every card); this line is.
      status.textContent = heading.textContent.trim();
    }
    var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (heading && trigger && trigger.closest && trigger.closest(".pagination")) {
      // After changing page, keyboard and screen-reader users continue at the new results.
      heading.focus();
    }
  });
})();
