// The figures table, built from the parts beside the page that the year menu names (2021.json,
// or 2021-03.json … for a year too large to send whole): the part or parts chosen, filtered by
// region, theme and kind, sorted by a column, a hundred rows at a time. Text goes in with
// textContent only.
document.addEventListener("DOMContentLoaded", async () => {
  const table = document.querySelector("table[data-figures]");
  if (!table) return;
  const kinds = JSON.parse(table.dataset.kinds);
  const levels = JSON.parse(table.dataset.levels);
  const body = table.tBodies[0];
  const more = document.querySelector("[data-more]");
  const count = document.querySelector("[data-count]");
  const year = document.querySelector("select[data-year]");
  const selects = Array.from(document.querySelectorAll("select[data-filter]"));
  // what a figure speaks for: 日喀则市（地市）; a project or a household: 项目（林周县）
  const speaksFor = (place, level) => {
    const word = levels[level || "unknown"];
    if (!place) return word;
    return level === "project" || level === "household" ? `${word}（${place}）` : `${place}（${word}）`;
  };
  const parts = new Map(); // year -> its rows, fetched once
  const part = async (name) => {
    if (!parts.has(name)) {
      const data = await (await fetch(`${encodeURIComponent(name)}.json`)).json();
      parts.set(name, data.rows.map((r) => ({ article: data.articles[r[0]], label: r[1], value: r[2], unit: r[3],
                                                kind: r[4], text: r[5], speaks: speaksFor(r[6], r[7]) })));
    }
    return parts.get(name);
  };
  // the option without a value stands for every year (offered only while the whole table is small)
  const years = () => (year.value ? [year.value] : Array.from(year.options, (o) => o.value).filter(Boolean));
  const columns = [(r) => r.article[1], (r) => r.label, (r) => r.value, (r) => r.unit, (r) => kinds[r.kind], (r) => r.text,
                   (r) => r.speaks];
  let rows = [], shown = [], limit = 100;

  const cell = (tr, text, cls) => { const td = tr.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; };
  const render = () => {
    body.replaceChildren();
    for (const r of shown.slice(0, limit)) {
      const tr = body.insertRow();
      const link = document.createElement("a");
      link.href = `../articles/${r.article[0]}/`;
      link.textContent = r.article[1];
      tr.insertCell().appendChild(link);
      cell(tr, r.label);
      cell(tr, r.value.toLocaleString("zh"), "figure-value");
      cell(tr, r.unit);
      cell(tr, kinds[r.kind]);
      cell(tr, r.text);
      cell(tr, r.speaks);
    }
    more.hidden = shown.length <= limit;
    count.textContent = `${Math.min(limit, shown.length)} / ${shown.length}`;
  };
  const sorted = () => {
    const th = table.querySelector("th[aria-sort=ascending], th[aria-sort=descending]");
    if (!th) return;
    const key = columns[Number(th.dataset.col)];
    const sign = th.getAttribute("aria-sort") === "ascending" ? 1 : -1;
    shown.sort((a, b) => {
      const x = key(a), y = key(b);
      return sign * (typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh"));
    });
  };
  const apply = () => {
    const want = Object.fromEntries(selects.map((s) => [s.dataset.filter, s.value]));
    shown = rows.filter((r) => (!want.regions || r.article[2].includes(want.regions)) &&
                               (!want.themes || r.article[3].includes(want.themes)) &&
                               (!want.kind || r.kind === want.kind));
    limit = 100;
    sorted();
    render();
  };
  const load = async () => {
    const chosen = years();
    const loaded = (await Promise.all(chosen.map(part))).flat();
    if (String(years()) !== String(chosen)) return; // another year was chosen meanwhile
    rows = loaded;
    apply();
  };
  year.addEventListener("change", load);
  selects.forEach((s) => s.addEventListener("change", apply));
  more.addEventListener("click", () => { limit += 100; render(); });
  table.querySelectorAll("th").forEach((th) => {
    th.querySelector("button").addEventListener("click", () => {
      const order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      table.querySelectorAll("th").forEach((other) => other.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", order);
      sorted();
      render();
    });
  });
  await load();
});
