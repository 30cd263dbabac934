// The archive's search page, on Pagefind (see generator/search.py for how the index is made).
//
// A query in either script is turned into simplified characters (the map the generator
// writes, assets/search-map.js), then cut into the same terms the index holds: pairs of
// adjacent characters, searched as an exact phrase, so an article is found exactly when
// its text holds the query. Runs split by spaces or punctuation must all be present.
// Results show the view's own title, place, themes, date and an excerpt with the query
// marked; the filters narrow by prefecture, county, theme and year (terms of the index too).
(() => {
  "use strict";

  const UNIT = /[\u3400-\u9fff\uf900-\ufaff]|[0-9a-z]+(?:\.[0-9]+)*/g;
  const PAGE_SIZE = 10;

  // Runs of units standing next to each other (generator/search.py: units).
  function units(text) {
    const runs = [];
    let end = -1;
    for (const m of text.normalize("NFKC").toLowerCase().matchAll(UNIT)) {
      if (m.index !== end || !runs.length) runs.push([]);
      runs[runs.length - 1].push(m[0].replace(/\./g, "_"));
      end = m.index + m[0].length;
    }
    return runs;
  }

  // One list of terms per run: its pairs, or the unit alone (generator/search.py: query_terms).
  function queryTerms(text) {
    return units(text).map((run) => {
      const pairs = [];
      for (let i = 0; i + 1 < run.length; i++) pairs.push(run[i] + run[i + 1]);
      return pairs.length ? pairs : run;
    });
  }

  // assets/search-map.js: one string of pairs, each traditional character then its simplified one.
  let simplified = null;
  function toSimplified(text) {
    if (!simplified) {
      const chars = Array.from(window.ARCHIVE_TO_SIMPLIFIED || "");
      simplified = new Map();
      for (let i = 0; i + 1 < chars.length; i += 2) simplified.set(chars[i], chars[i + 1]);
    }
    return Array.from(text, (ch) => simplified.get(ch) || ch).join("");
  }

  // The text as the index reads it, one character for each character (so positions hold).
  function comparable(text) {
    return Array.from(text, (ch) => {
      const c = toSimplified(ch).normalize("NFKC").toLowerCase();
      return c.length === 1 ? c : ch;
    }).join("");
  }

  // A window of the text around the first match, every match in it marked: DOM nodes,
  // never HTML built from the text.
  function excerpt(text, needles) {
    const flat = text.replace(/\s+/g, " ");
    const probe = comparable(flat);
    const hits = [];
    for (const needle of needles) {
      for (let at = probe.indexOf(needle); needle && at >= 0; at = probe.indexOf(needle, at + 1)) {
        hits.push([at, at + needle.length]);
      }
    }
    hits.sort((a, b) => a[0] - b[0]);
    const start = hits.length ? Math.max(0, hits[0][0] - 30) : 0;
    const end = Math.min(flat.length, start + 140);
    const out = document.createElement("p");
    out.className = "archive-result__excerpt";
    if (start > 0) out.append("…");
    let at = start;
    for (const [from, to] of hits) {
      if (from < at || from >= end) continue;
      out.append(flat.slice(at, from));
      const mark = document.createElement("mark");
      mark.textContent = flat.slice(from, Math.min(to, end));
      out.append(mark);
      at = Math.min(to, end);
    }
    out.append(flat.slice(at, end));
    if (end < flat.length) out.append("…");
    return out;
  }

  async function loadPagefind(root, shards) {
    const path = new URL(root).pathname;
    const pagefind = await import(`${root}pagefind/${shards[0]}/pagefind.js`);
    await pagefind.options({ baseUrl: path, excerptLength: 0 });
    // Pagefind takes the query's language from the page, and for Chinese it would cut the
    // query into words again; the index's language is "und" (the terms are made here).
    const html = document.documentElement;
    const lang = html.getAttribute("lang");
    html.setAttribute("lang", "und");
    try {
      await pagefind.init();
    } finally {
      html.setAttribute("lang", lang);
    }
    await Promise.all(shards.slice(1).map((shard) =>
      pagefind.mergeIndex(`${root}pagefind/${shard}/`, { baseUrl: path })));
    return pagefind;
  }

  function startPage(box) {
    const shards = JSON.parse(box.dataset.shards || "[]");
    const labels = JSON.parse(box.dataset.labels || "{}");
    const form = box.querySelector("form");
    const input = form.elements.q;
    const status = box.querySelector(".archive-search__status");
    const list = box.querySelector(".archive-search__results");
    const more = box.querySelector(".archive-search__more");
    const selects = ["prefecture", "county", "theme", "year"].map((name) => form.elements[name]);
    const sort = form.elements.sort;
    const root = new URL("../", window.location.href).href.split(/[?#]/)[0];
    // the index starts loading when the page opens: the reader is still typing meanwhile
    let loading = null;
    const pagefindReady = () => loading || (loading = loadPagefind(root, shards).then((pagefind) => {
      box.dataset.ready = "true";
      performance.mark("archive-search-ready");
      return pagefind;
    }));
    let latest = 0;
    let shown = [];
    let needles = [];

    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    for (const select of [...selects, sort]) select.value = params.get(select.name) || "";

    function narrowCounties() {
      const prefecture = form.elements.prefecture.value;
      const county = form.elements.county;
      for (const option of county.options) {
        option.hidden = Boolean(prefecture && option.dataset.parent && option.dataset.parent !== prefecture);
      }
      if (county.selectedOptions[0] && county.selectedOptions[0].hidden) county.value = "";
    }

    function remember() {
      const state = new URLSearchParams();
      if (input.value.trim()) state.set("q", input.value.trim());
      for (const select of [...selects, sort]) if (select.value) state.set(select.name, select.value);
      const query = state.toString();
      window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    }

    async function render(results, run) {
      const batch = results.slice(shown.length, shown.length + PAGE_SIZE);
      const data = await Promise.all(batch.map((r) => r.data()));
      if (run !== latest) return;
      for (const d of data) {
        const item = document.createElement("li");
        item.className = "archive-result";
        const link = document.createElement("a");
        link.className = "archive-result__title";
        link.href = d.url;
        link.textContent = d.meta.title;
        const about = document.createElement("p");
        about.className = "archive-result__meta";
        about.textContent = [d.meta.date || labels.undated, d.meta.place, d.meta.themes].filter(Boolean).join(" · ");
        item.append(link, about, excerpt(d.meta.text || "", needles));
        list.append(item);
      }
      shown = shown.concat(batch);
      more.hidden = shown.length >= results.length;
      more.onclick = () => render(results, run);
    }

    async function search() {
      const run = ++latest;
      remember();
      const query = toSimplified(input.value.trim());
      const runs = queryTerms(query);
      needles = units(query).map((r) => r.join("").replace(/_/g, "."));
      // each chosen filter is one more term every result must hold (generator/search.py: filter_term)
      const filters = selects.filter((select) => select.value)
        .map((select) => [`f_${select.name}_${select.value}_`]);
      list.replaceChildren();
      shown = [];
      more.hidden = true;
      if (!runs.length && !filters.length) {
        status.textContent = "";
        return;
      }
      status.textContent = labels.search_loading;
      try {
        const pagefind = await pagefindReady();
        // newest first when asked, or when there are only filters (nothing to rank by)
        const options = sort.value || !runs.length ? { sort: { date: "desc" } } : {};
        const lists = await Promise.all([...runs, ...filters].map((terms) =>
          pagefind.search(terms.length > 1 ? `"${terms.join(" ")}"` : terms[0], options)));
        const others = lists.slice(1).map((l) => new Set(l.results.map((r) => r.id)));
        const results = lists[0].results.filter((r) => others.every((ids) => ids.has(r.id)));
        if (run !== latest) return;
        status.textContent = results.length
          ? labels.search_results.replace("{n}", results.length) : labels.search_none;
        box.dataset.count = String(results.length);
        await render(results, run);
        if (run === latest) {
          box.dataset.state = "done";
          // when the results are on screen (the next frame): what the benchmark reads
          requestAnimationFrame(() => performance.mark("archive-search-results"));
        }
      } catch (error) {
        status.textContent = labels.search_failed;
        box.dataset.state = "failed";
        console.error(error);
      }
    }

    let timer = null;
    input.addEventListener("input", (event) => {
      if (event.isComposing) return;
      box.dataset.state = "busy";
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("compositionend", () => { clearTimeout(timer); timer = setTimeout(search, 150); });
    form.addEventListener("change", (event) => {
      if (event.target === form.elements.prefecture) narrowCounties();
      if (event.target !== input) search();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); search(); }
      if (event.key === "ArrowDown") {
        const first = list.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      const links = [...list.querySelectorAll("a")];
      const at = links.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      if (event.key === "ArrowUp" && at === 0) input.focus();
      else links[Math.min(links.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))].focus();
    });

    narrowCounties();
    input.focus();
    pagefindReady().catch(() => { loading = null; });
    search();
  }

  function start() {
    // "/" anywhere puts the cursor in the search box (the page's own, or the header's).
    document.addEventListener("keydown", (event) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      const box = document.querySelector(".archive-search__input") ||
        document.querySelector("[data-archive-search-box]");
      if (box) { event.preventDefault(); box.focus(); }
    });
    const page = document.querySelector(".archive-search");
    if (page) startPage(page);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
