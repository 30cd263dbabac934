"""The stages in order: read every page and build every article in memory, then write."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .clean import clean_page
from .models import Article, CleanPage, Notice, Page
from .read import PageError, read_page
from .resources import Resources
from .script import add_views
from .split import split_page
from .tag import tag


@dataclass(frozen=True)
class PageResult:
    """One page, read: its articles and what was removed from it."""

    page: Page
    clean: CleanPage
    articles: tuple[Article, ...]


def theme_overrides(page: Page, res: Resources, count: int) -> dict[int, tuple[str, ...]]:
    known = {t.id for t in res.settings.themes}
    out = {}
    for number, themes in page.header.themes:
        unknown = [t for t in themes if t not in known]
        if unknown:
            raise PageError(f"{page.path}:1: unknown theme {', '.join(unknown)} in the header — "
                            f"use one of {', '.join(sorted(known))} (site-data/themes.yaml)")
        if not 1 <= number <= count:
            raise PageError(f"{page.path}:1: the header sets themes for article {number}, "
                            f"but the page has {count} articles")
        out[number] = themes
    return out


def process_page(page: Page, res: Resources) -> PageResult:
    clean = clean_page(page, res)
    articles = split_page(clean)
    overrides = theme_overrides(page, res, len(articles))
    done = []
    for article in articles:
        article = add_views(article, res)
        article = tag(article, res, overrides.get(article.number))
        done.append(article)
    return PageResult(page=page, clean=clean, articles=tuple(done))


def read_one(path: Path, res: Resources, content: Path | None = None) -> PageResult:
    page = read_page(path, content, res.settings.max_page_bytes)
    return process_page(page, res)
