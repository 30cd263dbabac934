"""The stages in order: read every page and build every article in memory, then write."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .clean import clean_page
from .models import Article, CleanPage, Page, Removed
from .read import PageError, read_page
from .resources import Resources
from .script import add_views
from .search import article_terms
from .split import split_page
from .tag import tag


@dataclass(frozen=True)
class PageResult:
    """One page, read: its articles and what was removed from it."""

    page: Page
    clean: CleanPage
    articles: tuple[Article, ...]
    removed: tuple[Removed, ...]
    """Everything taken out of the page, with its reason, in page order."""
    terms: tuple[tuple[str, tuple[str, str]], ...] = ()
    """(article id, its search terms: search.article_terms), made here so that they are made
    in parallel and kept in the page cache with the rest."""


def header_overrides(page: Page, res: Resources, count: int) -> tuple[dict, dict]:
    """The themes and regions an editor set per article in the page header, checked."""
    known_themes = {t.id for t in res.settings.themes}
    known_regions = res.gazetteer.regions
    themes, regions = {}, {}
    for key, pairs, known, where in (("themes", page.header.themes, known_themes, "site-data/themes.yaml"),
                                     ("regions", page.header.regions, known_regions, "site-data/regions.yaml")):
        for number, names in pairs:
            unknown = [n for n in names if n not in known]
            if unknown:
                raise PageError(f"{page.path}:1: unknown {key[:-1]} {', '.join(unknown)} in the header — "
                                f"use a name from {where}")
            if not 1 <= number <= count:
                raise PageError(f"{page.path}:1: the header sets {key} for article {number}, "
                                f"but the page has {count} articles")
            (themes if key == "themes" else regions)[number] = names
    return themes, regions


def process_page(page: Page, res: Resources) -> PageResult:
    clean = clean_page(page, res)
    articles, stray = split_page(clean)
    themes, regions = header_overrides(page, res, len(articles))
    done = []
    for article in articles:
        article = add_views(article, res)
        article = tag(article, res, themes.get(article.number), regions.get(article.number))
        done.append(article)
    removed = tuple(sorted(clean.removed + tuple(stray), key=lambda r: r.line))
    terms = tuple((a.id, article_terms(a)) for a in done)
    return PageResult(page=page, clean=clean, articles=tuple(done), removed=removed, terms=terms)


def read_one(path: Path, res: Resources, content: Path | None = None) -> PageResult:
    page = read_page(path, content, res.settings.max_page_bytes)
    return process_page(page, res)
