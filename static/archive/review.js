// The review page: beside each publication date typed day first (dd/mm/yyyy), its Hijri
// (Umm al-Qura) equivalent, as the browser's own calendar data gives it; and a name for
// the actor autocomplete's typing field, which the admin's select2 leaves unlabelled.
(function () {
  "use strict";
  var hijri = new Intl.DateTimeFormat("ar-SA-u-ca-islamic-umalqura-nu-latn", { day: "numeric", month: "long", year: "numeric" });
  function show(input, output) {
    var parts = input.value.trim().split(/[\/\-.]/);
    var day, month, year;
    if (parts.length === 3 && parts[0].length === 4) { year = +parts[0]; month = +parts[1]; day = +parts[2]; }
    else if (parts.length === 3) { day = +parts[0]; month = +parts[1]; year = +parts[2]; }
    var date = new Date(Date.UTC(year, month - 1, day));
    var valid = parts.length === 3 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    output.textContent = valid ? hijri.format(date) : "";
  }
  function labelAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var widget = select.nextElementSibling;
      if (!label || !widget) { return; }
      widget.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
        field.setAttribute("aria-label", label.textContent.replace(/[:\s]+$/, ""));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    // select2 draws its typing field again after every choice.
    labelAutocompletes();
    new MutationObserver(labelAutocompletes).observe(document.body, { childList: true, subtree: true });
    document.querySelectorAll("output[data-hijri-of]").forEach(function (output) {
      var input = document.getElementById(output.getAttribute("data-hijri-of"));
      if (!input) { return; }
      // Typing fires input; the admin's calendar sets the value, then focuses the box.
      ["input", "change", "focus"].forEach(function (name) {
        input.addEventListener(name, function () { show(input, output); });
      });
    });
  });
})();
