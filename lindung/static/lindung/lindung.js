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
  // The main menu's groups are <details>: they work without script; with it, one is open at a time,
  // Escape closes it (back to its heading) and a click elsewhere closes it.
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (d) { if (d !== except) d.open = false; });
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details[data-menu]") && event.target.open) closeMenus(event.target);
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("details[data-menu]")) closeMenus(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = event.target.closest && event.target.closest("details[data-menu][open]");
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", foldFilters);
  else foldFilters();
  document.addEventListener("htmx:afterSettle", foldFilters);
})();
