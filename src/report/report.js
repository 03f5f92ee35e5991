(function () {
  "use strict";
  var table = document.getElementById("overview-table");
  if (!table) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var kind = th.getAttribute("data-sort");
    if (!kind) return;
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[i].getAttribute("data-v") || "";
        var y = b.cells[i].getAttribute("data-v") || "";
        if (x === "" || y === "") return (x === "") - (y === "");
        var c = kind === "num" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
  var filter = document.getElementById("rep-filter");
  if (!filter) return;
  filter.parentNode.hidden = false;
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    function match(el) {
      return !q || (el.getAttribute("data-name") || "").toLowerCase().indexOf(q) >= 0;
    }
    Array.prototype.forEach.call(body.rows, function (r) { r.hidden = !match(r); });
    document.querySelectorAll("section.rep").forEach(function (s) { s.hidden = !match(s); });
  });
})();
