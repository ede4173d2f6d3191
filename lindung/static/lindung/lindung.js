// The page behaviour that used to sit inline in the templates; the Content-Security-Policy
// allows scripts from this site only, so every handler lives here and reads data- attributes.
(function () {
  "use strict";

  // <form data-confirm="Yakin?">: ask before sending.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);

  // <select data-autosubmit>: choosing a value sends its form.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) event.target.form.submit();
  });

  // The registry's filter form: empty fields stay out of the URL htmx pushes.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.target.matches || !event.target.matches("form#filters")) return;
    var data = event.detail.formData;
    if (!data) return;
    Array.from(data.entries()).forEach(function (pair) {
      if (pair[1] === "") data.delete(pair[0]);
    });
  });

  // htmx keeps Back/Forward snapshots as HTML, so the values chosen on screen are written into it first.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("#filters option").forEach(function (o) { o.toggleAttribute("selected", o.selected); });
    document.querySelectorAll("#filters input").forEach(function (i) { i.setAttribute("value", i.value); });
  });

  // Phones: keep the list in view; the other filters open on a tap unless one is in use.
  function foldFilters() {
    var details = document.querySelector("#filters details.more-filters");
    if (details && !details.hasAttribute("data-active") && window.matchMedia("(max-width: 640px)").matches) {
      details.open = false;
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", foldFilters);
  else foldFilters();
  document.addEventListener("htmx:afterSettle", foldFilters);
})();
