// The figures table: filter by region, theme and kind; sort by a column. No other host, no library.
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table[data-figures]");
  if (!table) return;
  const rows = Array.from(table.tBodies[0].rows);
  const selects = Array.from(document.querySelectorAll("select[data-filter]"));
  const apply = () => {
    const want = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
    for (const row of rows) {
      const ok = (!want.regions || row.dataset.regions.split(" ").includes(want.regions)) &&
                 (!want.themes || row.dataset.themes.split(" ").includes(want.themes)) &&
                 (!want.kind || row.dataset.kind === want.kind);
      row.hidden = !ok;
    }
  };
  selects.forEach((s) => s.addEventListener("change", apply));
  table.querySelectorAll("th").forEach((th) => {
    th.querySelector("button").addEventListener("click", () => {
      const col = Number(th.dataset.col);
      const order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      table.querySelectorAll("th").forEach((other) => other.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", order);
      const key = (row) => {
        const cell = row.cells[col];
        return cell.dataset.sort !== undefined ? Number(cell.dataset.sort) : cell.textContent;
      };
      const sorted = rows.slice().sort((a, b) => {
        const x = key(a), y = key(b);
        const c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh");
        return order === "ascending" ? c : -c;
      });
      sorted.forEach((row) => table.tBodies[0].appendChild(row));
    });
  });
});
