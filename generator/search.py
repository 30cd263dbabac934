"""Search: the records Pagefind indexes for each view, the search page, and the index build.

Chinese is indexed as pairs of adjacent characters (bigrams), not as dictionary words. A
word segmenter at index time and another one in the reader's browser cut the same phrase
differently (拉萨市 / 拉萨 + 市), and a phrase the two disagree on is never found; pairs
need no dictionary, so a query finds every article whose text holds it, and nothing else
(the query's pairs must stand next to each other: Pagefind's exact-phrase search).

Both views index the same terms, made from the article's simplified text; a query typed
in either script is turned into simplified characters before it is cut into pairs
(overrides/assets/archive-search.js, with the map written here). So 鄉村振興 and 乡村振兴
find the same articles, in both views. What a result shows (title, place, themes, the
excerpt) is in the view's own script.

Large archives are indexed in shards (consecutive years up to ``search_shard_articles``,
a larger year split in parts): each shard is one Pagefind run, which bounds its memory;
the search page merges them in the browser.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from .clean import CJK, CJK_CHAR
from .markup import esc, front_matter
from .models import Article
from .render import ViewContext
from .script import view

UNIT = re.compile(rf"[{CJK}]|[0-9a-z]+(?:\.[0-9]+)*")
"""What a term is made of: one Chinese character, or a run of Latin letters and digits
(a number keeps its decimal point: 12.66)."""


RUN = re.compile(f"(?:{UNIT.pattern})+")


def units(text: str) -> list[list[str]]:
    """Runs of units that stand next to each other; punctuation and spaces end a run."""
    runs = RUN.findall(unicodedata.normalize("NFKC", text).lower())
    return [[u.replace(".", "_") if "." in u else u for u in UNIT.findall(run)] for run in runs]


def index_terms(text: str) -> list[str]:
    """The terms of a text, in order: each unit joined to the next one, and the last unit of
    a run alone, so that a one-character query finds it wherever it stands."""
    out = []
    for run in units(text):
        out += [a + b for a, b in zip(run, run[1:])]
        out.append(run[-1])
    return out


def query_terms(text: str) -> list[list[str]]:
    """A query's terms, one list per run: its pairs, or the unit alone for a run of one.
    archive-search.js does the same in the browser (the browser tests search with it and
    compare the hits with the articles' text)."""
    return [[a + b for a, b in zip(run, run[1:])] or run for run in units(text)]


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


def _span(kind: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{key}[data-value]" data-value="{esc(value)}"></span>'


def article_terms(article: Article) -> tuple[str, str]:
    """The terms of an article's head (kicker, title, subtitle, names) and of its text, from
    the simplified view: the same in both views' records."""
    canon = view(article, "zh-Hans")
    head = " ".join(x for x in (canon.kicker, canon.title, canon.subtitle, *canon.authors, *canon.photographers) if x)
    body = "\n".join(b.text for b in canon.blocks)
    return " ".join(index_terms(head)), " ".join(index_terms(body))


def record(article: Article, ctx: ViewContext, terms: tuple[str, str] | None = None) -> str:
    """The page Pagefind reads for one article: its terms (the searched text, never shown),
    and what a result shows and is filtered by, in the view's script."""
    text = view(article, ctx.name)
    head, body = terms or article_terms(article)
    regions = [r for r in article.regions if r.level in ("prefecture", "county")]
    counties = [r.parent + r.name for r in regions if r.level == "county"]
    places = counties or [r.name for r in regions]
    spans = [
        _span("meta", "title", text.title),
        _span("meta", "date", article.date or ""),
        _span("meta", "place", "、".join(ctx.conv(p) for p in places)),
        _span("meta", "themes", "、".join(ctx.theme_name(t) for t in article.themes)),
        _span("meta", "text", "\n".join(b.text for b in text.blocks)),
        _span("sort", "date", article.date or "0000-00-00"),
    ]
    filters = [("year", article.date[:4] if article.date else "undated")]
    filters += [(r.level, r.name) for r in regions] + [("theme", t) for t in article.themes]
    return ('<!doctype html>\n<html lang="und"><head><meta charset="utf-8"><title></title></head><body>\n'
            f'<div data-pagefind-body><p data-pagefind-weight="5">{esc(head)}</p>\n'
            f'<p>{esc(body)}</p>\n'
            f'<p>{esc(" ".join(filter_term(k, v) for k, v in filters))}</p></div>\n'
            + "\n".join(spans) + "\n</body></html>\n")


def filter_term(key: str, value: str) -> str:
    """A filter (county, theme, year…) as one more term of the record: f_county_左贡县_.
    No query makes a term like it, and the closing mark keeps 城关区 from finding 城关区X.
    (Pagefind's own filters would do, but its filter files come out in a different order
    on every run, and the site must build byte for byte the same.)"""
    return f"f_{key}_{value}_"


def records(ctx: ViewContext, articles: list[Article], make=None) -> dict:
    """The records of one shard's articles (see shards), by path under the shard's folder:
    articles/ID/index.html. ``make(article)``, if given, makes each file instead (the build
    passes files made only when their page changed, with the terms made when it was read)."""
    make = make or (lambda article: record(article, ctx))
    return {f"articles/{a.id}/index.html": make(a) for a in articles}


def to_simplified_map(res) -> dict[str, str]:
    """Each traditional character the simplified text would have otherwise (what the browser
    applies to a query, character by character)."""
    chars = (chr(c) for c in range(0x3400, 0xFB00) if CJK_CHAR.match(chr(c)))
    return {c: s for c in chars if len(s := res.to_simplified.convert(c)) == 1 and s != c}


def search_map_script(res) -> str:
    """assets/search-map.js: to_simplified_map as one string of pairs (traditional,
    simplified), half the bytes of a JSON object; every first search loads it."""
    pairs = "".join(t + s for t, s in sorted(to_simplified_map(res).items()))
    return "window.ARCHIVE_TO_SIMPLIFIED = " + json.dumps(pairs, ensure_ascii=False) + ";\n"


def search_page(ctx: ViewContext, shard_names: list[str]) -> str:
    """The search page: a query box, and filters of the archive's own regions (a county list
    narrowed to the chosen prefecture), themes and years; archive-search.js runs it."""
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

    labels = {key: ctx.say(key) for key in ("search_results", "search_none", "search_more", "search_loading",
                                             "search_failed", "undated")}
    form = [
        f'<div class="archive-search" data-shards="{esc(json.dumps(shard_names))}" '
        f'data-labels="{esc(json.dumps(labels, ensure_ascii=False))}">',
        '<form class="archive-search__form" role="search" onsubmit="return false">',
        f'<input class="archive-search__input" type="search" name="q" autocomplete="off" '
        f'placeholder="{esc(ctx.say("search_placeholder"))}" aria-label="{esc(ctx.say("search"))}">',
        '<div class="archive-search__filters">',
        select("prefecture", ctx.say("prefecture"), [(r.name, ctx.conv(r.name), "") for r in prefectures]),
        select("county", ctx.say("county"),
               [(r.name, ctx.conv(r.name), f' data-parent="{esc(r.parent)}"') for r in counties]),
        select("theme", ctx.say("themes"), [(t.id, t.names[ctx.name], "") for t in themes]),
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


def run_pagefind(source: Path, out: Path) -> tuple[str, int, str, float]:
    """Index one shard's records into a Pagefind bundle at ``out``: (source, exit code, output, seconds)."""
    started = time.monotonic()
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return str(source), proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started
