// minsheng serve: sorts the rows of a table by a clicked heading, and submits
// a filter form when one of its lists changes. The pages work without it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      // a narrower region makes the lists below it stale
      var names = ["province", "city", "county"];
      var i = names.indexOf(sel.name);
      if (i >= 0) {
        names.slice(i + 1).forEach(function (n) {
          var below = sel.form.elements[n];
          if (below) below.value = "";
        });
      }
      sel.form.submit();
    });
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var c;
          if (numeric) {
            var fx = parseFloat(x), fy = parseFloat(y);
            if (isNaN(fx) && isNaN(fy)) c = 0;
            else if (isNaN(fx)) return 1; // empty cells last either way
            else if (isNaN(fy)) return -1;
            else c = fx - fy;
          } else {
            if (x === "" && y !== "") return 1;
            if (y === "" && x !== "") return -1;
            c = x.localeCompare(y, "zh-CN", { numeric: true });
          }
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
});
