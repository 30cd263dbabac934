"""Search: the index the generator builds for both views, and the search page.

Chinese is indexed as pairs of adjacent characters (bigrams), not as dictionary words. A
word segmenter at index time and another one in the reader's browser cut the same phrase
differently (拉萨市 / 拉萨 + 市), and a phrase the two disagree on is never found; pairs
need no dictionary, so a query finds every article whose text holds it, and nothing else:
the index keeps where each pair stands, and the query's pairs must stand next to each other.

One index serves both views. Its terms come from the article's simplified text; a query
typed in either script is turned into simplified characters before it is cut into pairs
(overrides/assets/archive-search.js, with the map written here). So 鄉村振興 and 乡村振兴
find the same articles, in both views. What a result shows (title, place, themes, the
text the excerpt is cut from) is a small file per article and view, in the view's script.

The index is the generator's own, not a search engine's: a first search fetches only the
few files that hold its terms and the results it shows (the benchmark in bench/ measures
it), and indexing is a merge of what was worked out when each page was read.

Files (site folder ``search-index/``), per shard (see shards):
  ``t/<bucket>.bin``  every term whose hash (FNV-1a of its UTF-8 bytes) falls in the bucket:
      entries of varint(key length), key, varint(payload length), payload. A payload is
      varint(articles), then per article varint(number - previous number) and its part:
      for a pair, varint(count) and its positions, each as the step from the one before;
      for a single unit or a filter, varint(count).
  ``dates.bin``       each article's date as days since 1900-01-01 (uint16, little-endian;
      0 when undated; see days), for sorting by date.
  ``<view>/<number>.json``  what a result shows.
Articles are numbered within their shard in the order of their ids.
"""
from __future__ import annotations

import collections
import datetime
import json
import operator
import os
import pickle
import re
import shutil
import struct
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .cache import load_part
from .chars import CJK, CJK_RANGES
from .markup import esc, front_matter
from .models import Article
from .render import ViewContext
from .script import canon as canonical_text, view
from .write import link_or_copy

UNIT = re.compile(rf"[{CJK}]|[0-9a-z]+(?:\.[0-9]+)*")
"""What a term is made of: one Chinese character, or a run of Latin letters and digits
(a number keeps its decimal point: 12.66)."""


RUN = re.compile(f"(?:{UNIT.pattern})+")


def units(text: str) -> list[list[str]]:
    """Runs of units that stand next to each other; punctuation and spaces end a run. The
    rule that ``tokens`` (for the index) and archive-search.js (for a query) follow; the
    tests hold them to it."""
    runs = RUN.findall(unicodedata.normalize("NFKC", text).lower())
    return [[u.replace(".", "_") if "." in u else u for u in UNIT.findall(run)] for run in runs]


BODY = 4096
"""Where the positions of an article's text start; its head's (kicker, title, subtitle,
names) come before. A match in the head ranks five times one in the text."""


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 128:
        out.append(n & 127 | 128)
        n >>= 7
    out.append(n)
    return bytes(out)


_SMALL = [_varint(n) for n in range(1 << 14)]
_ONCE = [_SMALL[1] + code for code in _SMALL]
"""The entry of a pair that stands once, at a position below 1 << 14: count 1, position."""


def varints(numbers) -> bytes:
    """Unsigned numbers as LEB128 varints, one after the other."""
    small = _SMALL
    return b"".join(small[n] if n < 16384 else _varint(n) for n in numbers)


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a; archive-search.js computes the same to find a term's bucket."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_count(articles: int) -> int:
    """Buckets of a shard's index: two for each article (a couple of KB each, so a term's
    file holds little besides it)."""
    return max(1, 2 * articles)


def filter_term(key: str, value: str) -> str:
    """A filter (county, theme, year…) as one more term of the article: f_county_左贡县_.
    No query makes a term like it, and the closing mark keeps 城关区 from finding 城关区X."""
    return f"f_{key}_{value}_"


GAP = re.compile(rf"[^{CJK}0-9a-z.]+|(?<![0-9a-z])\.|\.(?![0-9])")
"""What ends a run of units (see UNIT): anything else, and a point not inside a number."""

FULL_WIDTH_GAPS = "，；：！？（）"
"""Marks of Chinese text that end a run and that NFKC would change. Put as "\\0" (what GAP
makes of them) before NFKC, they leave most paragraphs NFKC already, and NFKC then returns
them at once (it took half the time of ``tokens``)."""

LATIN = re.compile(r"([0-9a-z]+(?:_[0-9]+)*)")
"""A unit of Latin letters and digits, once a number's point is "_"."""


def tokens(text: str) -> list[str]:
    """The units of a text in order (as ``units`` cuts them), with "\\0" between runs. What
    GAP leaves is Chinese characters, "\\0" and Latin units: these are cut out whole and the
    rest taken one character at a time (a third of the time a pattern of the three took)."""
    for mark in FULL_WIDTH_GAPS:
        text = text.replace(mark, "\0")
    pieces = LATIN.split(GAP.sub("\0", unicodedata.normalize("NFKC", text).lower()).replace(".", "_"))
    out = list(pieces[0])
    for i in range(1, len(pieces), 2):
        out.append(pieces[i])
        out += pieces[i + 1]
    return out


@dataclass(frozen=True)
class IndexPart:
    """An article's part of the index, as the page cache keeps it: its terms (joined by
    newlines, in the order they were found: shard_index sorts the shard's), their entries one
    after the other, and ``layout``, the struct format that cuts them apart ("2s1s3s…": each
    entry's length; struct cuts the entries of an article in one call, a third of the time
    slicing took, where the index of a shard does it for every term of every article)."""

    terms: str
    entries: bytes
    layout: str

    def items(self):
        """(term, entry) in the order of the terms."""
        return zip(self.terms.split("\n") if self.terms else (), struct.unpack(self.layout, self.entries))


_LAYOUT = [f"{n}s" for n in range(1 << 10)]


def layout(lengths: list[int]) -> str:
    """The struct format of entries of these lengths, one after the other."""
    if max(lengths, default=0) < len(_LAYOUT):
        return "".join(map(_LAYOUT.__getitem__, lengths))
    return "".join(f"{n}s" for n in lengths)


def text_terms(head: str, body: str) -> tuple[dict[str, bytes], dict[str, int]]:
    """Each pair of units of a text with its entry: count and positions, as varints of the
    step from the one before (the head's positions from 0, the body's from BODY; runs one
    position apart, so no pair of one run stands two from a pair of another); and how often
    each unit is there. It runs for every article of the archive, so the work per pair is
    done by whole-list operations: most pairs stand once, and only those that stand again
    are gathered one position at a time. The entries keep the order of the pairs' first
    places, those that stand again last."""
    head_tokens, body_tokens = tokens(head), tokens(body)
    joined = head_tokens + ["\0"] + body_tokens
    pairs = list(map(operator.add, joined, joined[1:]))
    split = len(head_tokens)                        # where the body's pairs start (this one holds "\0")
    body = max(BODY, split + 1)                     # the first body pair's position
    place = [*range(split), *range(body - 1, body - 1 + len(pairs) - split)]
    near = not place or place[-1] < len(_SMALL)        # every position a varint of _SMALL
    code = _SMALL.__getitem__ if near else _varint
    # every pair as if it stood once (where it stands last); those that stand again follow
    where = dict(zip(pairs, map(_ONCE.__getitem__, place) if near else map(_SMALL[1].__add__, map(_varint, place))))
    again = {pair: [] for pair, n in collections.Counter(pairs).items() if n > 1}
    if again:
        for pair in again:
            del where[pair]
        gathered = again.get
        for pair, at in zip(pairs, place):
            held = gathered(pair)
            if held is not None:
                held.append(at)
        small = _SMALL
        for pair, at in again.items():          # the count, then the first position and each step
            n = len(at)
            steps = map(code, map(operator.sub, at, [0, *at]))
            where[pair] = (small[n] if n < len(small) else _varint(n)) + b"".join(steps)
    for pair in [p for p in where if "\0" in p]:
        del where[pair]
    units = collections.Counter(joined)
    del units["\0"]
    return where, dict(units)


def encoded(where: dict[str, bytes], counts: dict[str, int]) -> IndexPart:
    """An article's IndexPart from its pairs' entries and its units' and filters' counts."""
    parts = dict(where)
    small = _SMALL
    parts.update(zip(counts, map(small.__getitem__, counts.values()) if max(counts.values(), default=0) < len(small)
                     else map(_varint, counts.values())))
    entries = list(parts.values())
    return IndexPart("\n".join(parts), b"".join(entries), layout(list(map(len, entries))))


def shown_regions(article: Article) -> list:
    """The article's prefectures and counties: what results show and filter by."""
    return [r for r in article.regions if r.level in ("prefecture", "county")]


def article_terms(article: Article) -> IndexPart:
    """An article's part of the index: its pairs with their positions, each unit alone and
    each filter with a count. Made from the simplified view when the page is read, so both
    views share it."""
    canon = canonical_text(article)
    head = " ".join(x for x in (canon.kicker, canon.title, canon.subtitle, *canon.authors, *canon.photographers) if x)
    where, counts = text_terms(head, "\n".join(b.text for b in canon.blocks))
    regions = shown_regions(article)
    filters = [("year", article.date[:4] if article.date else "undated")]
    filters += [(r.level, r.name) for r in regions] + [("theme", t) for t in article.themes]
    for key, value in filters:
        counts[filter_term(key, value)] = 1
    return encoded(where, counts)


def shards(articles: list[Article], limit: int) -> dict[str, list[Article]]:
    """Articles by search shard: consecutive years packed together up to ``limit`` articles
    (2016_2017), a year larger than that split in parts (2021-1, 2021-2), undated ones apart.
    Fewer shards mean fewer files for a first search to fetch; the limit bounds the memory
    of indexing one. Stable: by year, then by id."""
    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in sorted(articles, key=lambda a: a.id):
        by_year[article.date[:4] if article.date else "undated"].append(article)
    out: dict[str, list[Article]] = {}
    packed: list[str] = []

    def close():
        if packed:
            name = packed[0] if len(packed) == 1 else f"{packed[0]}_{packed[-1]}"
            out[name] = [a for year in packed for a in by_year[year]]
            packed.clear()

    for year in sorted(by_year, key=lambda y: (y == "undated", y)):
        group = by_year[year]
        if year == "undated" or len(group) > limit:
            close()
            parts = [group[i:i + limit] for i in range(0, len(group), limit)]
            for number, part in enumerate(parts, 1):
                out[year if len(parts) == 1 else f"{year}-{number}"] = part
            continue
        if sum(len(by_year[y]) for y in packed) + len(group) > limit:
            close()
        packed.append(year)
    close()
    return out


def days(date: str | None) -> int:
    """A date as dates.bin keeps it, in two bytes: days since 1900-01-01, from 1 (a date
    before that) to 65535 (one from 2079 on); 0 when there is none."""
    if not date:
        return 0
    try:
        since = (datetime.date.fromisoformat(date[:10]) - datetime.date(1900, 1, 1)).days
    except ValueError:
        return 0
    return min(max(since, 1), 65535)


def fragment(article: Article, ctx: ViewContext) -> str:
    """What a result shows of one article, in the view's script (JSON: never markup; the
    page puts it in as text)."""
    text = view(article, ctx.name)
    regions = shown_regions(article)
    counties = [r.parent + r.name for r in regions if r.level == "county"]
    places = counties or [r.name for r in regions]
    return json.dumps({"url": f"articles/{article.id}/", "title": text.title, "date": article.date or "",
                       "place": "、".join(ctx.conv(p) for p in places),
                       "themes": "、".join(ctx.theme_name(t) for t in article.themes),
                       "text": "\n".join(b.text for b in text.blocks)}, ensure_ascii=False)


def fragments(ctx: ViewContext, articles: list[Article], make=None) -> dict:
    """The fragments of one shard's articles, by file name: ID.json. ``make(article)``, if
    given, makes each file instead (the build passes files made only when their page changed)."""
    make = make or (lambda article: fragment(article, ctx))
    return {f"{a.id}.json": make(a) for a in articles}


def terms_file(date: str | None, part: IndexPart) -> bytes:
    """What the index of a shard takes from one article: its date and its part."""
    return pickle.dumps((days(date), part.terms, part.entries, part.layout), protocol=5)


def shard_index(parts: list[bytes]) -> dict[str, bytes]:
    """One shard's index files (t/N.bin, dates.bin) from its articles' terms files, in the
    order of their numbers. Each term's entry grows as one bytearray, so memory follows the
    size of the index, not the number of (term, article) pairs."""
    # term -> [the number of the last article it was in, how many it is in, its entry]: one
    # lookup per term of an article (25 million at 10,000 articles)
    seen: dict[str, list] = {}
    dates = bytearray()
    code = _SMALL.__getitem__ if len(parts) < len(_SMALL) else _varint      # a step is below len(parts)
    get = seen.get
    for number, part in enumerate(parts):
        date, *fields = pickle.loads(part)
        dates += date.to_bytes(2, "little")
        first = code(number)
        for term, entry in IndexPart(*fields).items():
            known = get(term)
            if known is None:
                seen[term] = [number, 1, bytearray(first + entry)]
            else:                         # two appends in place: no bytes made for the pair of them
                data = known[2]
                data += code(number - known[0])
                data += entry
                known[0] = number
                known[1] += 1
    buckets = bucket_count(len(parts))
    files = [bytearray() for _ in range(buckets)]
    for term in sorted(seen):
        _, count, entry = seen[term]
        key, data = term.encode("utf-8"), varints([count]) + entry
        files[fnv1a(key) % buckets] += varints([len(key)]) + key + varints([len(data)]) + data
    out = {f"t/{n}.bin": bytes(f) for n, f in enumerate(files)}
    out["dates.bin"] = bytes(dates)
    return out


def index_shard(articles: list[tuple[str, Path]], views: dict[str, Path], out: Path) -> tuple[str, float]:
    """Write one shard's index and its fragments (numbered) into ``out``: ``articles`` are
    the shard's (article id, the page cache's file of its page, which keeps a dict of article
    id -> terms_file), in order; each view's folder holds their fragments (ID.json).
    (out, seconds)"""
    started = time.monotonic()
    ids, parts, kept = [], [], (None, {})
    for article_id, file in articles:
        if kept[0] != file:               # a page's articles stand together: its file is read once
            kept = (file, load_part(file, "terms"))
        if kept[1] is None:
            raise ValueError(f"{file} is missing or cut short")
        ids.append(article_id)
        parts.append(kept[1][article_id])
    files = shard_index(parts)
    if out.exists():
        shutil.rmtree(out)
    for folder in {os.path.dirname(rel) for rel in files}:
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    for rel, data in files.items():
        with open(os.path.join(out, rel), "wb") as fh:
            fh.write(data)
    for name, folder in views.items():      # the generator's files, linked (write_tree replaces, never overwrites)
        os.makedirs(os.path.join(out, name))
        for number, i in enumerate(ids):
            link_or_copy(os.path.join(folder, f"{i}.json"), os.path.join(out, name, f"{number}.json"))
    return str(out), time.monotonic() - started


def to_simplified_map(res) -> dict[str, str]:
    """Each traditional character the simplified text would have otherwise (what the browser
    applies to a query, character by character)."""
    chars = (chr(c) for low, high in CJK_RANGES for c in range(low, high + 1))
    return {c: s for c in chars if len(s := res.to_simplified.convert(c)) == 1 and s != c}


def search_map_script(res) -> str:
    """assets/search-map.js: to_simplified_map as one string of pairs (traditional,
    simplified), half the bytes of a JSON object; every first search loads it."""
    pairs = "".join(t + s for t, s in sorted(to_simplified_map(res).items()))
    return "window.ARCHIVE_TO_SIMPLIFIED = " + json.dumps(pairs, ensure_ascii=False) + ";\n"


def search_page(ctx: ViewContext, shard_sizes: dict[str, int], index_url: str) -> str:
    """The search page: a query box, and filters of the archive's own regions (a county list
    narrowed to the chosen prefecture), themes and years; archive-search.js runs it, with
    the index at ``index_url`` (relative to the page) and its shards' names and buckets."""
    gaz = ctx.res.gazetteer
    prefectures = [r for r in gaz.regions.values() if r.level == "prefecture" and r.name in ctx.index.by_region]
    counties = [r for r in gaz.regions.values() if r.level == "county" and r.name in ctx.index.by_region]
    themes = [t for t in ctx.res.settings.themes if t.id in ctx.index.by_theme]
    years = list(ctx.index.by_year)

    def select(name: str, label: str, options: list[tuple[str, str, str]]) -> str:
        """Options are (value: the filter term's name, what the reader sees, more attributes)."""
        items = "".join(f'<option value="{esc(value)}"{extra}>{esc(shown)}</option>' for value, shown, extra in options)
        return (f'<label class="archive-search__filter"><span>{esc(label)}</span>'
                f'<select name="{name}"><option value="">{esc(ctx.say("all"))}</option>{items}</select></label>')

    # newest first, undated last: the order results that rank the same are shown in
    names = [n for n in reversed(shard_sizes) if n != "undated"] + [n for n in shard_sizes if n == "undated"]
    shard_list = [[n, bucket_count(shard_sizes[n])] for n in names]
    labels = {key: ctx.say(key) for key in ("search_results", "search_none", "search_more", "search_loading",
                                             "search_failed", "undated")}
    form = [
        f'<div class="archive-search" data-index="{esc(index_url)}" data-view="{esc(ctx.name)}" '
        f'data-shards="{esc(json.dumps(shard_list))}" '
        f'data-labels="{esc(json.dumps(labels, ensure_ascii=False))}">',
        '<form class="archive-search__form" role="search" onsubmit="return false">',
        f'<input class="archive-search__input" type="search" name="q" autocomplete="off" '
        f'placeholder="{esc(ctx.say("search_placeholder"))}" aria-label="{esc(ctx.say("search"))}">',
        '<div class="archive-search__filters">',
        select("prefecture", ctx.say("prefecture"), [(r.name, ctx.conv(r.name), "") for r in prefectures]),
        select("county", ctx.say("county"),
               [(r.name, ctx.conv(r.name), f' data-parent="{esc(r.parent)}"') for r in counties]),
        select("theme", ctx.say("themes"), [(t.id, ctx.theme_name(t.id), "") for t in themes]),
        select("year", ctx.say("years"), [(y, y if y != "undated" else ctx.say("undated"), "") for y in years]),
        (f'<label class="archive-search__filter"><span>{esc(ctx.say("sort"))}</span><select name="sort">'
         f'<option value="">{esc(ctx.say("sort_relevance"))}</option>'
         f'<option value="date">{esc(ctx.say("sort_newest"))}</option></select></label>'),
        "</div></form>",
        '<p class="archive-search__status" role="status" aria-live="polite"></p>',
        '<ol class="archive-search__results"></ol>',
        f'<button class="md-button archive-search__more" type="button" hidden>{esc(ctx.say("search_more"))}</button>',
        f'<noscript><p>{esc(ctx.say("search_noscript"))}</p></noscript>',
        "</div>",
    ]
    return (front_matter({"title": ctx.say("search"), "hide": ["toc"]})
            + f"# {esc(ctx.say('search'))}\n\n" + "\n".join(form) + "\n"
            + '\n<script src="../assets/search-map.js"></script>\n')
