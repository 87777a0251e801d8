// lurewatch console: CSRF header for htmx requests, and keyboard shortcuts.
// Any element with data-shortcut="x" is clicked when x is pressed outside a text field;
// on a case page d/m/w/r/b/e pick that decision and focus the reason field.
(function () {
  "use strict";
  const csrf = document.body.dataset.csrf;
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (csrf) { event.detail.headers["X-CSRF-Token"] = csrf; }
  });
  const decisions = { d: "dismiss", m: "monitor", w: "warn", r: "restrict", b: "ban", e: "escalate" };
  let selected = -1;
  function rows() { return Array.from(document.querySelectorAll("tr.case-row")); }
  function select(i) {
    const all = rows();
    if (!all.length) { return; }
    selected = Math.max(0, Math.min(all.length - 1, i));
    all.forEach(function (row, j) { row.classList.toggle("selected", j === selected); });
    all[selected].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("click", function (event) {
    const row = event.target.closest("tr.case-row");
    if (row && !event.target.closest("a")) { window.location = row.dataset.href; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    const tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    const key = event.key;
    if (key === "j") { select(selected + 1); return; }
    if (key === "k") { select(selected - 1); return; }
    if (key === "Enter" && selected >= 0) { window.location = rows()[selected].dataset.href; return; }
    const decision = document.getElementById("decision");
    if (decision && decisions[key]) {
      decision.value = decisions[key];
      document.getElementById("reason").focus();
      event.preventDefault();
      return;
    }
    if (key === "?") { document.querySelector("footer.keys").scrollIntoView(); return; }
    const target = document.querySelector('[data-shortcut="' + key + '"]');
    if (target) { target.click(); event.preventDefault(); }
  });
})();
