// The archive's search page, on the index the generator writes (generator/search.py says
// how it is made and what its files hold).
//
// A query in either script is turned into simplified characters (the map the generator
// writes, assets/search-map.js), then cut into runs of units; a run of several units is
// found where its pairs stand next to each other, so an article is found exactly when its
// text holds the query. Runs split by spaces or punctuation must all be present.
// Only the files that hold the query's terms are fetched, and then what the shown results
// need. The index comes in shards of consecutive articles, and a common term's entry in a
// shard in chunks of consecutive articles: both are read newest first, a few shards at a
// time, until a page of results is found ("at least N found", ranked among themselves);
// "more results" looks further back. Results show the view's own title, place, themes,
// date and an excerpt with the query marked; the filters narrow by prefecture, county,
// theme and year (terms of the index too).
(() => {
  "use strict";

  const UNIT = /[\u3400-\u9fff\uf900-\ufaff]|[0-9a-z]+(?:\.[0-9]+)*/g;
  const PAGE_SIZE = 10;
  const AT_ONCE = 5;        // a browser fetches six files at a time from one host (HTTP/1.1)
  const FILES_AT_ONCE = 6;  // so the shards opened together hold a query's terms in about six files
  const BODY = 4096;        // where an article's text starts in the index; its head comes before
  const HEAD_WEIGHT = 5;    // a match in the head ranks as five in the text

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

  // Unsigned LEB128 varints, read one after the other.
  function reader(bytes) {
    let at = 0;
    return {
      more: () => at < bytes.length,
      next() {
        let n = 0;
        let scale = 1;
        let byte;
        do {
          byte = bytes[at++];
          n += (byte & 127) * scale;
          scale *= 128;
        } while (byte & 128);
        return n;
      },
      take(length) {
        at += length;
        return bytes.subarray(at - length, at);
      },
    };
  }

  const encoder = new TextEncoder();

  // 32-bit FNV-1a of the UTF-8 bytes (generator/search.py: fnv1a): the term's bucket.
  function fnv1a(bytes) {
    let h = 0x811c9dc5;
    for (const byte of bytes) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h;
  }

  // The index of every shard: files fetched once, terms looked up, results ranked.
  function openIndex(base, view, shards) {
    const files = new Map();
    function fetched(url, as) {
      if (!files.has(url)) {
        const load = fetch(url).then((response) => {
          if (!response.ok) throw new Error(`${url}: ${response.status}`);
          return as === "json" ? response.json() : response.arrayBuffer().then((b) => new Uint8Array(b));
        });
        files.set(url, load.catch((error) => { files.delete(url); throw error; }));
      }
      return files.get(url);
    }

    // A term's part of one shard's index, or null when no article of the shard holds it.
    async function part(shard, term) {
      const key = encoder.encode(term);
      const bytes = await fetched(`${base}${shard.name}/t/${fnv1a(key) % shard.buckets}.bin`);
      const r = reader(bytes);
      while (r.more()) {
        const found = r.take(r.next());
        const payload = r.take(r.next());
        if (found.length === key.length && found.every((b, i) => b === key[i])) return payload;
      }
      return null;
    }

    // A term's articles in one shard: their numbers (rising), how often the term is in each,
    // and for a pair where it stands: article i's positions are at[from[i]] to at[from[i + 1]].
    // The positions' varints are read in line, not by a call: that loop runs for every
    // position a query looks at.
    function decode(payload, withPositions) {
      const bytes = payload || new Uint8Array([0]);
      let at = 0;
      const varint = () => {
        let byte = bytes[at++];
        let n = byte & 127;
        for (let scale = 128; byte & 128; scale *= 128) n += ((byte = bytes[at++]) & 127) * scale;
        return n;
      };
      const n = varint();
      const list = { numbers: new Int32Array(n), counts: new Int32Array(n) };
      const from = withPositions ? new Int32Array(n + 1) : null;
      const positions = withPositions ? new Int32Array(bytes.length) : null;   // a position takes a byte at least
      for (let i = 0, number = 0, k = 0; i < n; i++) {
        number += varint();
        list.numbers[i] = number;
        const count = (list.counts[i] = varint());
        if (!withPositions) continue;
        from[i] = k;
        for (let c = 0, p = 0; c < count; c++) {
          let byte = bytes[at++];
          let step = byte & 127;
          for (let scale = 128; byte & 128; scale *= 128) step += ((byte = bytes[at++]) & 127) * scale;
          positions[k++] = p += step;
        }
        from[i + 1] = k;
      }
      return Object.assign(list, { from, at: positions });
    }

    // A term in one shard: null when no article of the shard holds it, its entry ({payload}),
    // or, when the entry is cut in chunks of consecutive articles (a common term), where each
    // chunk starts and its file, newest first ({chunks}).
    async function head(shard, term) {
      const payload = await part(shard, term);
      if (!payload || payload[0] !== 0) return payload && { payload };
      const r = reader(payload);
      r.next();                    // 0: the entry is cut
      r.next();                    // how many articles hold the term
      const file = r.next();
      const n = r.next();
      const chunks = [];
      for (let k = 0; k < n; k++) chunks.push({ start: r.next(), url: `${base}${shard.name}/c/${file}-${n - 1 - k}.bin` });
      return { chunks };
    }

    const chunkLists = new Map();    // url -> the chunk decoded
    function listOf(head, url, bytes, withPositions) {
      if (head.payload) return head.list || (head.list = decode(head.payload, withPositions));
      if (!chunkLists.has(url)) chunkLists.set(url, decode(bytes, withPositions));
      return chunkLists.get(url);
    }

    // article number -> how often, for the articles in [lo, hi) (a single unit, a filter)
    function counted(list, lo, hi) {
      const out = new Map();
      for (let i = 0; i < list.numbers.length; i++) {
        if (list.numbers[i] >= lo && list.numbers[i] < hi) out.set(list.numbers[i], list.counts[i]);
      }
      return out;
    }

    // article number -> score for one run of units, for the articles in [lo, hi): where its
    // pairs (every other one and the last: two pairs two apart are in one run) stand next to
    // each other. Numbers and positions rise in every list: one pointer per list walks along.
    function phrase(lists, offsets, lo, hi) {
      const [first, ...others] = lists;
      const row = new Int32Array(others.length);     // where each other list is in its numbers
      const next = new Int32Array(others.length);    // and in the positions of that article
      const scores = new Map();
      for (let i = 0; i < first.numbers.length; i++) {
        const number = first.numbers[i];
        if (number < lo) continue;
        if (number >= hi) break;
        let all = true;
        for (let j = 0; all && j < others.length; j++) {
          const numbers = others[j].numbers;
          let r = row[j];
          while (r < numbers.length && numbers[r] < number) r++;
          row[j] = r;
          all = numbers[r] === number;
          next[j] = others[j].from[r];
        }
        if (!all) continue;
        let score = 0;
        for (let a = first.from[i]; a < first.from[i + 1]; a++) {
          const p = first.at[a];
          let here = true;
          for (let j = 0; here && j < others.length; j++) {
            const list = others[j];
            const end = list.from[row[j] + 1];
            const want = p + offsets[j + 1];
            let k = next[j];
            while (k < end && list.at[k] < want) k++;
            next[j] = k;
            here = k < end && list.at[k] === want;
          }
          if (here) score += p < BODY ? HEAD_WEIGHT : 1;
        }
        if (score) scores.set(number, score);
      }
      return scores;
    }

    // Whether a shard may hold articles of ``year`` ("" for any; "undated"): its years are
    // [first, last], or null for the undated (generator/search/terms.py: shard_years).
    function holdsYear(shard, year) {
      if (!year) return true;
      return shard.years ? shard.years[0] <= Number(year) && Number(year) <= shard.years[1] : year === "undated";
    }

    // The terms a query looks up: for each run its pairs (every other one and the last) or
    // its one unit, then each filter.
    function planOf(runs, filters) {
      const terms = [];
      const parts = runs.map((run) => {
        const from = terms.length;
        if (run.length === 1) {
          terms.push({ term: run[0], positions: false });
          return { from, offsets: null };
        }
        const offsets = [];
        for (let i = 0; i + 1 < run.length; i += 2) offsets.push(i);
        if (offsets[offsets.length - 1] !== run.length - 2) offsets.push(run.length - 2);
        for (const i of offsets) terms.push({ term: run[i] + run[i + 1], positions: true });
        return { from, offsets };
      });
      const filtersFrom = terms.length;
      for (const term of filters) terms.push({ term, positions: false });
      return { terms, parts, filtersFrom };
    }

    // The next articles of a shard to look at, newest first: numbers [lo, hi) and the chunk
    // each cut term needs for them; null once the shard is done. Whole entries are at hand:
    // the window ends after the last article they all may hold, so no chunk is fetched for
    // articles they rule out.
    function nextWindow(state, plan) {
      if (state.heads.some((h) => h === null)) return null;
      let hi = state.hi;
      state.heads.forEach((h, t) => {
        if (!h.payload) return;
        const numbers = listOf(h, null, null, plan.terms[t].positions).numbers;
        let k = numbers.length - 1;
        while (k >= 0 && numbers[k] >= hi) k--;
        hi = Math.min(hi, k < 0 ? 0 : numbers[k] + 1);
      });
      if (hi <= 0) return null;
      let lo = 0;
      const urls = state.heads.map((h) => {
        if (!h.chunks) return null;
        const chunk = h.chunks.find((c) => c.start < hi);
        lo = Math.max(lo, chunk.start);
        return chunk.url;
      });
      return { lo, hi, urls };
    }

    // The articles of a window holding every run and every filter, scored by the runs, the
    // later article first.
    async function examine(state, window, plan) {
      const { lo, hi, urls } = window;
      state.hi = lo;
      const bytes = await Promise.all(urls.map((url) => url && fetched(url)));
      const lists = state.heads.map((h, t) => listOf(h, urls[t], bytes[t], plan.terms[t].positions));
      const scored = plan.parts.map(({ from, offsets }) => (offsets
        ? phrase(lists.slice(from, from + offsets.length), offsets, lo, hi)
        : counted(lists[from], lo, hi)));
      const kept = lists.slice(plan.filtersFrom).map((list) => counted(list, lo, hi));
      const all = [...scored, ...kept];
      const smallest = all.reduce((a, b) => (b.size < a.size ? b : a));
      const out = [];
      for (const number of smallest.keys()) {
        if (!all.every((list) => list.has(number))) continue;
        out.push({ shard: state.shard, number, score: scored.reduce((sum, list) => sum + list.get(number), 0) });
      }
      return out.reverse();          // the lists' numbers rise: the later article first
    }

    // Best first (or newest first). Ties keep the order ``found`` is in: the shards in the
    // page's order (newest first), then the later article. One sort of numbers, not of objects
    // through a comparator: the key is the result's place less its score (or date, both whole
    // numbers) times the count, exact far beyond any archive's size.
    async function ranked(found, byDate) {
      if (byDate) {
        const dates = new Map(await Promise.all([...new Set(found.map((r) => r.shard))].map(async (shard) =>
          [shard, new DataView((await fetched(`${base}${shard.name}/dates.bin`)).buffer)])));
        for (const r of found) r.date = dates.get(r.shard).getUint16(2 * r.number, true);
      }
      const n = found.length;
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = i - (byDate ? found[i].date : found[i].score) * n;
      keys.sort();
      return Array.from(keys, (key) => found[((key % n) + n) % n]);
    }

    return {
      // The articles holding each run and every filter, looked at newest first: the shards'
      // entries of the query's terms a few shards at a time (their files about as many as a
      // browser fetches at once), and the chunks of common terms, only until a page of results
      // is found; with a ``year`` chosen, only the shards of that year. ``results`` grows by
      // ``more(n)``, each time by at least n results (fewer when none are left; ``complete``
      // then), ranked among themselves.
      async search(runs, filters, byDate, year) {
        const plan = planOf(runs, filters);
        const together = Math.max(1, Math.floor(FILES_AT_ONCE / plan.terms.length));
        const states = shards.filter((shard) => holdsYear(shard, year)).map((shard) => ({ shard, hi: Infinity, heads: null }));
        const open = (from) => Promise.all(states.slice(from, from + together).map(async (state) => {
          state.heads = state.heads || await Promise.all(plan.terms.map(({ term }) => head(state.shard, term)));
        }));
        let at = 0;
        const cursor = {
          results: [],
          complete: false,
          async more(need) {
            const found = [];
            while (at < states.length) {
              if (!states[at].heads) {
                if (found.length >= need) break;     // enough, and the next shards are not fetched yet
                await open(at);
              }
              const window = nextWindow(states[at], plan);
              if (!window) {
                at += 1;
                continue;
              }
              // enough, and the next articles would need a file not fetched yet
              if (found.length >= need && window.urls.some((url) => url && !files.has(url))) break;
              found.push(...(await examine(states[at], window, plan)));
            }
            cursor.complete = at >= states.length;
            cursor.results.push(...(await ranked(found, byDate)));
          },
        };
        await cursor.more(PAGE_SIZE);
        return cursor;
      },
      show: (result) => fetched(`${base}${result.shard.name}/${view}/${result.number}.json`, "json"),
    };
  }

  // assets/search-map.js: one string of pairs, each traditional character then its simplified one.
  let simplified = null;
  function simplifiedOf() {
    if (!simplified) {
      const chars = Array.from(window.ARCHIVE_TO_SIMPLIFIED || "");
      simplified = new Map();
      for (let i = 0; i + 1 < chars.length; i += 2) simplified.set(chars[i], chars[i + 1]);
    }
    return simplified;
  }

  function toSimplified(text) {
    const map = simplifiedOf();
    return Array.from(text, (ch) => map.get(ch) || ch).join("");
  }

  // The text as the index reads it, one character for each character (so positions hold).
  // Chinese characters and ASCII need no Unicode normalisation: only the rest is looked at.
  // Only what may change is visited: a Chinese character without a simplified form stays.
  let changing = null;
  function comparable(text) {
    const map = simplifiedOf();
    if (!changing) {
      const keys = Array.from(map.keys(), (ch) => ch.replace(/[\]\\^-]/, "\\$&")).join("");
      changing = new RegExp(`[^\\u4e00-\\u9fff]${keys ? `|[${keys}]` : ""}`, "gu");
    }
    return text.replace(changing, (ch) => {
      const code = ch.codePointAt(0);
      if (code < 0x80) return ch.toLowerCase();
      if (map.has(ch)) return map.get(ch);
      if (code >= 0x4e00 && code <= 0x9fff) return ch;
      const c = ch.normalize("NFKC").toLowerCase();
      return c.length === 1 ? c : ch;
    });
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

  function startPage(box) {
    const shards = JSON.parse(box.dataset.shards || "[]")
      .map(([name, buckets, years], order) => ({ name, buckets, order, years }));
    const labels = JSON.parse(box.dataset.labels || "{}");
    const form = box.querySelector("form");
    const input = form.elements.q;
    const status = box.querySelector(".archive-search__status");
    const list = box.querySelector(".archive-search__results");
    const more = box.querySelector(".archive-search__more");
    const selects = ["prefecture", "county", "theme", "year"].map((name) => form.elements[name]);
    const sort = form.elements.sort;
    const root = new URL("../", window.location.href).href.split(/[?#]/)[0];
    // nothing to load before the first query: each query fetches the files it needs
    const index = openIndex(new URL(box.dataset.index, window.location.href).href, box.dataset.view, shards);
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

    function resultItem(d) {
      const item = document.createElement("li");
      item.className = "archive-result";
      const link = document.createElement("a");
      link.className = "archive-result__title";
      link.href = new URL(d.url, root).href;
      link.textContent = d.title;
      const about = document.createElement("p");
      about.className = "archive-result__meta";
      about.textContent = [d.date || labels.undated, d.place, d.themes].filter(Boolean).join(" · ");
      item.append(link, about, excerpt(d.text || "", needles));
      return item;
    }

    // How many were found: "at least" while older articles are still to be looked at.
    function tell(cursor) {
      const n = cursor.results.length;
      const label = cursor.complete ? labels.search_results : labels.search_results_at_least;
      status.textContent = n ? label.replace("{n}", n) : labels.search_none;
      box.dataset.count = String(n);
      box.dataset.complete = String(cursor.complete);
    }

    // The next PAGE_SIZE results (looked for first when fewer are found), all asked for at
    // once and drawn AT_ONCE at a time, as soon as they have come; ``drawn`` is called once
    // the first ones are in the page.
    async function render(cursor, run, drawn = () => {}) {
      more.hidden = true;
      const wanted = shown.length + PAGE_SIZE - cursor.results.length;
      if (wanted > 0 && !cursor.complete) {
        await cursor.more(wanted);
        if (run !== latest) return;
        tell(cursor);
      }
      const batch = cursor.results.slice(shown.length, shown.length + PAGE_SIZE);
      shown = shown.concat(batch);
      const loads = batch.map(index.show);
      if (!loads.length) drawn();
      for (let from = 0; from < loads.length; from += AT_ONCE) {
        const data = await Promise.all(loads.slice(from, from + AT_ONCE));
        if (run !== latest) return;
        list.append(...data.map(resultItem));
        if (from === 0) drawn();
      }
      more.hidden = shown.length >= cursor.results.length && cursor.complete;
      more.onclick = () => {
        box.dataset.state = "busy";
        step(run, () => render(cursor, run));
      };
    }

    async function search() {
      const run = ++latest;
      performance.mark("archive-search-query");        // the benchmark times results from here
      setTimeout(remember);                             // the address, while the index is fetched
      const query = toSimplified(input.value.trim());
      const runs = units(query);
      needles = runs.map((r) => r.join("").replace(/_/g, "."));
      // each chosen filter is one more term every result must hold (generator/search.py: filter_term)
      const filters = selects.filter((select) => select.value).map((select) => `f_${select.name}_${select.value}_`);
      list.replaceChildren();
      shown = [];
      more.hidden = true;
      if (!runs.length && !filters.length) {
        status.textContent = "";
        return;
      }
      status.textContent = labels.search_loading;
      await step(run, async () => {
        // newest first when asked, or when there are only filters (nothing to rank by)
        const cursor = await index.search(runs, filters, Boolean(sort.value) || !runs.length, form.elements.year.value);
        if (run !== latest) return;
        tell(cursor);
        // when the first results are on screen (the next frame): what the benchmark reads
        await render(cursor, run, () => requestAnimationFrame(() => performance.mark("archive-search-results")));
      });
    }

    // A search's first page or its next ("more results"): the box says when it is done (what
    // tests and the benchmark wait for) or that it failed.
    async function step(run, work) {
      try {
        await work();
        if (run === latest) box.dataset.state = "done";
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
    comparable("。");              // the character map and what it changes, made while the reader types
    box.dataset.ready = "true";
    performance.mark("archive-search-ready");
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
