"""Cross-article indexes: the order of the archive, and articles by region and theme."""
from __future__ import annotations

from collections import defaultdict
import bisect
import datetime
from dataclasses import dataclass, field

from .models import Article, Region


@dataclass(frozen=True)
class Index:
    articles: tuple[Article, ...]
    """Newest first; undated articles last, in page order."""
    by_region: dict[str, tuple[Article, ...]]
    """Division name -> articles tagged with it (its own or a descendant's mention)."""
    places: dict[str, tuple[Region, ...]]
    """County name -> the towns and villages articles name under it."""
    by_theme: dict[str, tuple[Article, ...]]
    by_person: dict[str, tuple[Article, ...]]
    """Reporter or photographer (simplified name) -> articles."""
    by_year: dict[str, tuple[Article, ...]]
    """Year (YYYY) or "undated" -> articles."""
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Article id -> other articles about the same place (see related_articles)."""


def newest_first(articles) -> list[Article]:
    by_id = sorted(articles, key=lambda a: a.id)
    dated = sorted((a for a in by_id if a.date), key=lambda a: a.date, reverse=True)
    return dated + [a for a in by_id if not a.date]


def build_index(articles) -> Index:
    ordered = newest_first(articles)
    by_region: dict[str, list[Article]] = defaultdict(list)
    places: dict[str, dict[str, Region]] = defaultdict(dict)
    by_theme: dict[str, list[Article]] = defaultdict(list)
    by_person: dict[str, list[Article]] = defaultdict(list)
    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in ordered:
        for person in dict.fromkeys(article.authors + article.photographers):
            by_person[person].append(article)
        by_year[article.date[:4] if article.date else "undated"].append(article)
        for region in article.regions:
            if region.level in ("town", "village"):
                county = _county_of(region, article.regions)
                if county:
                    places[county][region.name] = region
                continue
            by_region[region.name].append(article)
        for theme in article.themes:
            by_theme[theme].append(article)
    return Index(
        articles=tuple(ordered),
        by_region={k: tuple(v) for k, v in sorted(by_region.items())},
        places={k: tuple(sorted(v.values(), key=lambda r: r.name)) for k, v in sorted(places.items())},
        by_theme={k: tuple(v) for k, v in sorted(by_theme.items())},
        by_person={k: tuple(v) for k, v in sorted(by_person.items())},
        by_year={k: tuple(v) for k, v in sorted(by_year.items(), reverse=True)},
        related=related_articles(ordered),
    )


RELATED = 5
NEAREST = 12
"""Articles looked at on each side of an article's date, per place it shares."""


def _day(article: Article) -> int:
    return datetime.date.fromisoformat(article.date).toordinal() if article.date else 0


def related_articles(articles) -> dict[str, tuple[Article, ...]]:
    """For each article, up to five others about the same place: those sharing a county first,
    then a prefecture; within that, most themes in common, then nearest in date, then by id.
    Only the articles nearest in date in each place are weighed, so the work stays
    proportional to the archive."""
    by_id = sorted(articles, key=lambda a: (_day(a), a.id))
    days = {a.id: _day(a) for a in by_id}
    keys: dict[str, list[tuple[int, str]]] = defaultdict(list)
    """Place -> (day, id) of its articles, in order."""
    for article in by_id:
        for name in _places(article):
            keys[name].append((days[article.id], article.id))
    theme_sets = {a.id: set(a.themes) for a in by_id}
    county_sets = {a.id: {r.name for r in a.regions if r.level == "county"} for a in by_id}
    by_key = {a.id: a for a in by_id}
    out = {}
    for article in by_id:
        day, themes, seen = days[article.id], theme_sets[article.id], set()
        counties = county_sets[article.id]
        for name in _places(article):
            at = bisect.bisect_left(keys[name], (day, article.id))
            seen.update(key[1] for key in keys[name][max(0, at - NEAREST):at + NEAREST + 1])
        seen.discard(article.id)
        ranked = sorted([(not counties & county_sets[o], -len(themes & theme_sets[o]), abs(days[o] - day), o)
                         for o in seen])
        out[article.id] = tuple(by_key[o] for *_, o in ranked[:RELATED])
    return out


def _places(article: Article) -> list[str]:
    return [r.name for r in article.regions if r.level in ("county", "prefecture")]


def _county_of(region: Region, regions) -> str | None:
    parents = {r.name: r for r in regions}
    while region and region.level in ("town", "village"):
        region = parents.get(region.parent)
    return region.name if region else None
