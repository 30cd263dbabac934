"""Stable article ids: a better reading of a page must not move its articles' addresses.

An article's id is ``<page id>-NN``, NN its number on the page when its id was first given.
``site-data/article-ids.yaml`` records, for each page, every article's id, its number and what
it is (a short digest of the start of each of its paragraphs); ``python -m generator ids``
writes it from the current reading, and editors commit it. A build matches each article
to the recorded one that shares most of its paragraphs and keeps that id, whatever its number
is now; an article that matches none gets the next free number; a recorded id that no article
takes any more gets a redirect to the article that took most of its text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .chars import CJK
from .models import Article, Notice

ANCHOR_CHARS = 12
"""Chinese characters from the start of a paragraph that name it."""
CHINESE = re.compile(f"[{CJK}]")


@dataclass(frozen=True)
class Recorded:
    """An article of a page as site-data/article-ids.yaml records it."""

    id: str
    number: int
    anchors: tuple[str, ...]


def anchors(article: Article, to_simplified=None) -> tuple[str, ...]:
    """What an article is: a digest of the first Chinese characters of each of its paragraphs,
    in simplified script (the same whichever script the page is in)."""
    out = []
    for block in article.blocks:
        if block.kind not in ("paragraph", "lead"):
            continue
        text = "".join(
            m.group() for m in itertools.islice(CHINESE.finditer(block.text), ANCHOR_CHARS)
        )
        if to_simplified is not None:
            text = to_simplified(text)
        if len(text) >= 4:
            out.append(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8])
    return tuple(dict.fromkeys(out))


def load(path: Path) -> dict[str, tuple[Recorded, ...]]:
    """Page id -> its recorded articles; {} when there is no file yet."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return {}
    return {
        str(page): tuple(
            Recorded(str(a["id"]), int(a["number"]), tuple(a.get("anchors") or ()))
            for a in articles or []
        )
        for page, articles in (data.get("pages") or {}).items()
    }


@dataclass(frozen=True)
class Assigned:
    """The articles of a page with their stable ids, and what moved."""

    articles: tuple[Article, ...]
    redirects: tuple[tuple[str, str], ...]
    """(old id no article has any more, the id of the article that took most of its text)."""
    renumbered: tuple[tuple[int, int], ...]
    """(number an article had when its id was recorded, its number now), where they differ."""


def assign(
    page_id: str, articles: list[Article], recorded: tuple[Recorded, ...], to_simplified=None
) -> Assigned:
    """Each article's id: the recorded id it shares most paragraphs with (ties: the same number),
    else a new one; recorded ids left over redirect to their text's new article."""
    if not recorded:  # a page whose ids were never recorded keeps its numbers
        return Assigned(tuple(articles), (), ())
    mine = [anchors(a, to_simplified) for a in articles]
    pairs = sorted(
        (
            (len(set(m) & set(r.anchors)), -abs(a.number - r.number), k, j)
            for k, (a, m) in enumerate(zip(articles, mine))
            for j, r in enumerate(recorded)
        ),
        reverse=True,
    )
    taken: dict[int, int] = {}
    used: set[int] = set()
    for shared, _, k, j in pairs:
        if shared and k not in taken and j not in used:
            taken[k] = j
            used.add(j)
    numbers = {r.number for r in recorded} | {
        int(r.id.rsplit("-", 1)[-1]) for r in recorded if r.id.rsplit("-", 1)[-1].isdigit()
    }
    free = (n for n in range(1, 10_000) if n not in numbers)
    out, renumbered = [], []
    for k, article in enumerate(articles):
        if k in taken:
            r = recorded[taken[k]]
            if r.number != article.number:
                renumbered.append((r.number, article.number))
            out.append(dataclasses.replace(article, id=r.id))
        elif recorded:
            out.append(dataclasses.replace(article, id=f"{page_id}-{next(free):02d}"))
        else:
            out.append(article)
    redirects = []
    for j, r in enumerate(recorded):
        if j in used:
            continue
        best = max(
            range(len(articles)), key=lambda k: len(set(mine[k]) & set(r.anchors)), default=None
        )
        if best is not None:
            redirects.append((r.id, out[best].id))
    return Assigned(tuple(out), tuple(redirects), tuple(renumbered))


def override_warnings(page, renumbered: tuple[tuple[int, int], ...]) -> list[Notice]:
    """A titles:, themes: or regions: override written for an article that now has another
    number: a warning naming the page and the new number."""
    out = []
    moved = dict(renumbered)
    for key, pairs in (
        ("titles", page.header.titles),
        ("themes", page.header.themes),
        ("regions", page.header.regions),
    ):
        for number, _ in pairs:
            if number in moved:
                out.append(
                    Notice(
                        "override-moved",
                        f"{page.source_name}: the header's {key} for article {number} "
                        f"was written for the article that is now number {moved[number]} — change "
                        f"{number} to {moved[number]} under {key}",
                        1,
                    )
                )
    return out


def record(pages: list[tuple[str, list[Article], object]]) -> str:
    """site-data/article-ids.yaml for these pages' articles, as read now: (page id, its
    articles, the converter to simplified script for a traditional page or None)."""
    lines = [
        "# Every article's id, as first given: python -m generator ids writes this file from the",
        "# current reading; commit it. A build keeps these ids when a page reads differently, and",
        "# gives an id that no article has any more a redirect (generator/ids.py).",
        "pages:",
    ]
    for page_id, articles, to_simplified in sorted(pages, key=lambda p: p[0]):
        lines.append(f"  {page_id}:")
        for a in articles:
            said = ", ".join(anchors(a, to_simplified))
            lines.append(f"  - {{id: {a.id}, number: {a.number}, anchors: [{said}]}}")
    return "\n".join(lines) + "\n"
