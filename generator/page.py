"""One page through the stages: read, clean, split, script views, tag; what the build keeps
of it."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import ids
from .charts import is_investment
from .clean import clean_page
from .models import Article, Notice, Page, Removed
from .read import PageError, read_page
from .resources import Resources
from .script import add_views
from .split import DATELINE, split_page
from .tag import tag


@dataclass(frozen=True)
class PageResult:
    """One page, read: its articles and what was removed from it."""

    page: Page
    script: str
    """``zh-Hans`` or ``zh-Hant``: the script the page is written in."""
    publisher: str | None
    edition_page: str | None
    date: str | None
    """Page data the cleaner found (the header's, or read from lines it removed). The cleaned
    lines themselves are not kept: the articles hold the text (a fifth less to pickle)."""
    articles: tuple[Article, ...]
    removed: tuple[Removed, ...]
    """Everything taken out of the page, with its reason, in page order."""
    redirects: tuple[tuple[str, str], ...] = ()
    """(an id the page's articles had, the id of the article that has its text now)."""
    warnings: tuple[Notice, ...] = ()
    """Problems with the page as a whole that an editor must fix (an override that moved)."""

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)


@dataclass(frozen=True)
class PageEntry:
    """A page as the stages over the whole archive see it (indexes, listings, data files,
    problems): its articles without their text, and ``key``, which names everything made
    from the page. The page's PageResult, with the text, is loaded only when an article
    page or a search file of it must be made again (see archive.Pages)."""

    path: Path
    page_id: str
    source_name: str
    key: str
    """Digest of the page file's bytes, its name and the generator's version."""
    text_digest: str
    """Digest of the page's text, stripped: finds the same page under two names."""
    articles: tuple[Article, ...]
    """The articles without their text (``blocks`` left out in every view) and with only the
    figures the charts add up (all of them are in the data files' rows: exports.py)."""
    problems: tuple[tuple[str, int, str], ...]
    """(level, line, message) for ``check`` and the build: error, warning or notice."""
    redirects: tuple[tuple[str, str], ...] = ()
    """(old article id, the id its text has now): a redirect page at the old address."""


EXCERPT = 120
"""Characters of an article's first paragraph a listing shows (two lines on most screens)."""


def excerpt(text) -> str:
    """The start of the first paragraph (a lead, else a paragraph) of an ArticleText, without
    the dateline it may begin with (本报昌都电（记者 万慧）)."""
    first = next((b.text for b in text.blocks if b.kind in ("lead", "paragraph")), "")
    first = DATELINE.sub("", first, count=1).strip() or first
    return first if len(first) <= EXCERPT else first[:EXCERPT] + "…"


def entry_of(result: PageResult, key: str) -> PageEntry:
    """The PageEntry of a page just read."""
    page = result.page
    untext = lambda text: dataclasses.replace(text, blocks=(), excerpt=excerpt(text))  # noqa: E731
    slim = tuple(
        dataclasses.replace(
            a,
            blocks=(),
            views=tuple((n, untext(t)) for n, t in a.views),
            figures=tuple(
                dataclasses.replace(f, sentence="") for f in a.figures if is_investment(f)
            ),
        )
        for a in result.articles
    )
    return PageEntry(
        path=page.path,
        page_id=page.id,
        source_name=page.source_name,
        key=key,
        text_digest=hashlib.sha1(page.raw.strip().encode("utf-8")).hexdigest(),
        articles=slim,
        problems=page_problems(result),
        redirects=result.redirects,
    )


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def views_disagree(result: PageResult) -> list[tuple[int, str]]:
    """Numbers must read the same in every script view; a converter that changed one is a bug."""
    out = []
    for article in result.articles:
        (_, first), *others = article.views
        for name, text in others:
            for a, b in zip(first.blocks, text.blocks):
                if NUMBER.findall(a.text) != NUMBER.findall(b.text):
                    out.append(
                        (
                            a.line,
                            f"{article.id}: the {name} view changes a number in this paragraph — "
                            f"report it; fix the glossary in site-data/glossary.yaml",
                        )
                    )
    return out


def page_problems(result: PageResult) -> tuple[tuple[str, int, str], ...]:
    """What an editor should know about a page, as (level, line, message). Article notices
    (no headline, text cut off, garbled span) describe the source and are shown to readers:
    they do not fail a strict build."""
    out = [("warning", n.line, n.message) for n in (*result.page.notices, *result.warnings)]
    if not result.articles:
        out.append(
            (
                "warning",
                1,
                "no article text on the page, only what the cleaner removes — check "
                "that it is the right file (inspect lists what was removed)",
            )
        )
    out += [("error", line, message) for line, message in views_disagree(result)]
    out += [("notice", n.line, f"{a.id}: {n.message}") for a in result.articles for n in a.notices]
    return tuple(out)


def header_overrides(page: Page, res: Resources, count: int) -> tuple[dict, dict]:
    """The themes and regions an editor set per article in the page header, checked."""
    known_themes = {t.id for t in res.settings.themes}
    known_regions = res.gazetteer.regions
    themes, regions = {}, {}
    for key, pairs, known, where in (
        ("themes", page.header.themes, known_themes, "site-data/themes.yaml"),
        ("regions", page.header.regions, known_regions, "site-data/regions.yaml"),
    ):
        for number, names in pairs:
            unknown = [n for n in names if n not in known]
            if unknown:
                raise PageError(
                    f"{page.path}:1: unknown {key[:-1]} {', '.join(unknown)} in the header — "
                    f"use a name from {where}"
                )
            if not 1 <= number <= count:
                raise PageError(
                    f"{page.path}:1: the header sets {key} for article {number}, "
                    f"but the page has {count} articles"
                )
            (themes if key == "themes" else regions)[number] = names
    return themes, regions


def process_page(page: Page, res: Resources) -> PageResult:
    clean = clean_page(page, res)
    articles, stray = split_page(clean)
    simplify = res.to_simplified.convert if clean.script == "zh-Hant" else None
    stable = ids.assign(page.id, articles, res.article_ids.get(page.id, ()), simplify)
    articles = list(stable.articles)
    themes, regions = header_overrides(page, res, len(articles))
    done = []
    for article in articles:
        article = add_views(article, res)
        article = tag(article, res, themes.get(article.number), regions.get(article.number))
        done.append(article)
    removed = tuple(sorted(clean.removed + tuple(stray), key=lambda r: r.line))
    return PageResult(
        page=page,
        script=clean.script,
        publisher=clean.publisher,
        edition_page=clean.edition_page,
        date=clean.date,
        articles=tuple(done),
        removed=removed,
        redirects=stable.redirects,
        warnings=tuple(ids.override_warnings(page, stable.renumbered)),
    )


def read_one(path: Path, res: Resources, content: Path | None = None) -> PageResult:
    page = read_page(path, content, res.settings.max_page_bytes)
    return process_page(page, res)
