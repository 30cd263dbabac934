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


def build_index(articles, related: dict[str, tuple[Article, ...]] | None = None) -> Index:
    """The archive's indexes; ``related`` (see related_state) when worked out already."""
    ordered = newest_first(articles)
    by_region: dict[str, list[Article]] = defaultdict(list)
    places: dict[str, dict[str, Region]] = defaultdict(dict)
    by_theme: dict[str, list[Article]] = defaultdict(list)
    by_person: dict[str, list[Article]] = defaultdict(list)
    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in ordered:
        for person in dict.fromkeys(article.authors + article.photographers):
            by_person[person].append(article)
        by_year[article.year].append(article)
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
        places={
            k: tuple(sorted(v.values(), key=lambda r: r.name)) for k, v in sorted(places.items())
        },
        by_theme={k: tuple(v) for k, v in sorted(by_theme.items())},
        by_person={k: tuple(v) for k, v in sorted(by_person.items())},
        by_year={k: tuple(v) for k, v in sorted(by_year.items(), reverse=True)},
        related=related if related is not None else related_articles(ordered),
    )


RELATED = 5
NEAREST = 12
"""Articles looked at on each side of an article's date, per place it shares."""


def _day(article: Article) -> int:
    return datetime.date.fromisoformat(article.date).toordinal() if article.date else 0


@dataclass(frozen=True)
class RelatedState:
    """What related_articles worked from, kept between builds: a build after a few pages
    changed ranks again only the articles near them (see related_articles)."""

    marks: dict[str, tuple]
    """Article id -> (day, themes, counties, places): all the ranking reads of an article."""
    orders: dict[str, list[tuple[int, str]]]
    """Place -> (day, id) of its articles, in order."""
    related: dict[str, tuple[str, ...]]
    """Article id -> the ids of its related articles."""


def related_articles(
    articles, before: RelatedState | None = None
) -> dict[str, tuple[Article, ...]]:
    """For each article, up to five others about the same place: those sharing a county first,
    then a prefecture; within that, most themes in common, then nearest in date, then by id.
    Only the articles nearest in date in each place are weighed, so the work stays
    proportional to the archive. See related_state for ``before``."""
    return related_state(articles, before)[0]


def related_state(
    articles, before: RelatedState | None = None
) -> tuple[dict[str, tuple[Article, ...]], RelatedState]:
    """related_articles, and the state a later build can start from. With ``before`` (the
    state of an earlier build) only the articles that changed, and those within NEAREST + 1
    of one of them in a place's order (before or now), are ranked again: an article's ranking
    reads only its own marks and the articles in its windows, so the result is the same."""
    by_id = sorted(articles, key=lambda a: (_day(a), a.id))
    by_key = {a.id: a for a in by_id}
    marks = {
        a.id: (
            _day(a),
            tuple(sorted(set(a.themes))),
            tuple(sorted({r.name for r in a.regions if r.level == "county"})),
            tuple(_places(a)),
        )
        for a in by_id
    }
    orders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for article in by_id:
        for name in marks[article.id][3]:
            orders[name].append((marks[article.id][0], article.id))
    todo = set(marks)
    if before is not None:
        changed = {i for i in marks if before.marks.get(i) != marks[i]} | (
            before.marks.keys() - marks.keys()
        )
        todo = {i for i in changed if i in marks}
        for state, mark_of in ((before.orders, before.marks), (orders, marks)):
            for x in changed:
                if x not in mark_of:
                    continue
                day, *_, places = mark_of[x]
                for name in places:
                    at = bisect.bisect_left(state[name], (day, x))
                    todo.update(
                        key[1] for key in state[name][max(0, at - NEAREST - 1) : at + NEAREST + 2]
                    )
        todo &= marks.keys()
    theme_sets = {i: set(m[1]) for i, m in marks.items()}
    county_sets = {i: set(m[2]) for i, m in marks.items()}
    related_ids = {} if before is None else {i: before.related[i] for i in marks if i not in todo}
    for article_id in sorted(todo):
        day, _, _, places = marks[article_id]
        themes, counties, seen = theme_sets[article_id], county_sets[article_id], set()
        for name in places:
            at = bisect.bisect_left(orders[name], (day, article_id))
            seen.update(key[1] for key in orders[name][max(0, at - NEAREST) : at + NEAREST + 1])
        seen.discard(article_id)
        ranked = sorted(
            [
                (
                    not counties & county_sets[o],
                    -len(themes & theme_sets[o]),
                    abs(marks[o][0] - day),
                    o,
                )
                for o in seen
            ]
        )
        related_ids[article_id] = tuple(o for *_, o in ranked[:RELATED])
    related = {i: tuple(by_key[o] for o in related_ids[i]) for i in marks}
    return related, RelatedState(marks=marks, orders=dict(orders), related=related_ids)


def _places(article: Article) -> list[str]:
    return [r.name for r in article.regions if r.level in ("county", "prefecture")]


def _county_of(region: Region, regions) -> str | None:
    parents = {r.name: r for r in regions}
    while region and region.level in ("town", "village"):
        region = parents.get(region.parent)
    return region.name if region else None
