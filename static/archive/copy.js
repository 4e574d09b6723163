// The article page's copy buttons: each copies the text of the element its data-copy names
// (the citation, the permanent link) and says so in the page's status line. Without script
// or without a clipboard the buttons stay hidden, and the text is there to select.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.querySelector(".copy-status");
    function say(name) {
      if (status) { status.textContent = status.getAttribute(name); }
    }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(
          function () { say("data-copied"); },
          function () { say("data-failed"); }
        );
      });
    });
  });
})();
