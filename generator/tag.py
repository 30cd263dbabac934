"""Regions, themes and figures of an article, read from its canonical (simplified) text."""

from __future__ import annotations

import dataclasses
import re

from .clean import CJK
from .figures import find_figures
from .models import Article, Notice, Region
from .resources import Resources
from .scope import Scope
from .script import canon
from .split import DATELINE

PLACE = re.compile(
    rf"(?P<town>[{CJK}]{{1,4}}?(?:乡|镇|街道))?(?P<village>[{CJK}]{{1,4}}?(?:村|社区|居委会))?"
)


def text_of(article: Article) -> str:
    """What the article says, in simplified script: not the dateline, which names the
    newsroom that filed the story (本报拉萨讯), not a place the story is about."""
    text = canon(article)
    parts = [text.kicker, text.title if not article.title_supplied else None, text.subtitle]
    parts += [
        DATELINE.sub("", b.text, count=1) if i == 0 else b.text for i, b in enumerate(text.blocks)
    ]
    return "\n".join(p for p in parts if p)


def _without_dateline(blocks: list[str]) -> list[str]:
    """The blocks with the dateline blanked out (its place is the newsroom's), positions kept."""
    if blocks:
        blocks = [DATELINE.sub(lambda m: " " * len(m.group()), blocks[0], count=1), *blocks[1:]]
    return blocks


def find_regions(text: str, res: Resources) -> tuple[Region, ...]:
    """Every division the text names, with its ancestors: counties and above by any of their
    forms; towns and villages named right after their county (巴宜区布久乡麦巴村); towns of the
    gazetteer named anywhere when their name is unique in Xizang or their county is named too;
    villages of the gazetteer whose town or county the same sentence names."""
    gaz = res.gazetteer
    found: dict[str, Region] = {}
    forms = dict(gaz.forms)
    for m in gaz.names.finditer(text):
        name = forms[m.group()]
        for ancestor in [*reversed(gaz.ancestors(name)), name]:
            found.setdefault(ancestor, gaz.regions[ancestor])
        if gaz.regions[name].level == "county":
            _places_after(text, m.end(), gaz.regions[name], found, res)
    _named_towns(text, gaz, found)
    _named_villages(text, gaz, found)
    return tuple(found.values())


def _places_after(
    text: str, pos: int, county: Region, found: dict[str, Region], res: Resources
) -> None:
    """Towns and villages named right after their county: 巴宜区布久乡麦巴村. A town of the
    gazetteer is taken as it stands (南伊珞巴民族乡); another name with a town's suffix is kept
    as printed (a former name, 古荣乡).

    A candidate whose last word runs past its suffix (凝聚乡村: 凝聚/乡村) is an
    ordinary phrase, not a place name; one that is a single word (城关镇) is a name."""
    parent = county
    known = [t for t in res.gazetteer.towns_of(county.name) if text.startswith(t.name, pos)]
    if known:
        town = max(known, key=lambda t: len(t.name))
        found.setdefault(town.name, town)
        parent, pos = town, pos + len(town.name)
    m = PLACE.match(text, pos)
    for level in ("town", "village"):
        if level == "town" and parent is not county:
            continue
        name = m.group(level) if m else None
        if name:
            suffix = next(
                s for s in ("街道", "居委会", "社区", "乡", "镇", "村") if name.endswith(s)
            )
            words = list(res.tokenizer.cut(name, HMM=False))
            if len(words) > 1 and len(words[-1]) > len(suffix) and words[-1].endswith(suffix):
                name = None
        if not name or res.not_a_name_start.match(name) or len(name) < 2:
            if level == "town":
                continue
            break
        place = Region(name, "", level, parent.name, county.name)
        found.setdefault(name, place)
        parent = place


def _add(place: Region, gaz, found: dict[str, Region]) -> None:
    county = gaz.county_of(place)
    for name in [*reversed(gaz.ancestors(county.name)), county.name] if county else []:
        found.setdefault(name, gaz.regions[name])
    if place.level == "village":
        town = next((t for t in gaz.towns.get(place.parent, ()) if t.county == place.county), None)
        if town is not None:
            found.setdefault(town.name, town)
    found.setdefault(place.name, place)


def _named_towns(text: str, gaz, found: dict[str, Region]) -> None:
    for name in dict.fromkeys(gaz.towns_in(text)):
        if name in gaz.ambiguous or name in found:
            continue
        towns = gaz.towns[name]
        here = [t for t in towns if t.county in found] if len(towns) > 1 else list(towns)
        if len(here) == 1:
            _add(here[0], gaz, found)


SENTENCE_END = re.compile(r"[。！？；\n]")
SENTENCE_REACH = 200
"""Characters on either side of a village name within which its town or county must stand."""


def _named_villages(text: str, gaz, found: dict[str, Region]) -> None:
    for start, end, name in gaz.villages_in(text):
        if name in gaz.ambiguous or name in found:
            continue
        window = max(0, start - SENTENCE_REACH)  # a sentence, within reach: linear time on any text
        left = max(window - 1, *(text.rfind(mark, window, start) for mark in "。！？；\n")) + 1
        right = SENTENCE_END.search(text, end, end + SENTENCE_REACH)
        sentence = text[left : right.start() if right else min(len(text), end + SENTENCE_REACH)]
        here = [
            v for v in gaz.villages[name] if v.parent in sentence or _county_named(v, gaz, sentence)
        ]
        if len(here) == 1:
            _add(here[0], gaz, found)


def _county_named(place: Region, gaz, sentence: str) -> bool:
    return any(
        form in sentence for form, county in gaz.forms if county == place.county and len(form) > 1
    )


def find_themes(text: str, res: Resources) -> tuple[str, ...]:
    """One to three themes by weighted phrase score: those reaching min_score and at least
    0.4 of the best; a short text reaching no threshold still gets its best theme."""
    scores = sorted(
        (-sum(w * text.count(p) for p, w in theme.phrases), theme.id)
        for theme in res.settings.themes
    )
    scores = [(-s, tid) for s, tid in scores if s < 0]
    if not scores:
        return ()
    top = scores[0][0]
    chosen = [
        tid
        for score, tid in scores[: res.settings.max_themes]
        if score >= res.settings.min_theme_score and score >= top * 0.4
    ]
    return tuple(chosen) or (scores[0][1],)


FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")


def infer_date(text: str) -> str | None:
    """The latest full date the text names: a report is written on or after what it reports.
    None when the text names a later year than that date: the report is later still."""
    dates = [
        f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        for y, m, d in FULL_DATE.findall(text)
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31
    ]
    if not dates:
        return None
    latest = max(dates)
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})年", text)]
    return None if max(years, default=0) > int(latest[:4]) else latest


def tag(
    article: Article,
    res: Resources,
    theme_override: tuple[str, ...] | None = None,
    region_override: tuple[str, ...] | None = None,
) -> Article:
    text = text_of(article)
    inferred = None if article.date else infer_date(text)
    if region_override is not None:
        gaz = res.gazetteer
        names = dict.fromkeys(a for n in region_override for a in [*reversed(gaz.ancestors(n)), n])
        regions = tuple(gaz.regions[n] for n in names)
    else:
        regions = find_regions(text, res)
    named = {r.name for r in regions}
    notices = list(article.notices)
    gaz = res.gazetteer
    shared = gaz.towns_in(text)
    for name in dict.fromkeys(
        [*(n for n in gaz.ambiguous if n in text), *(n for n in shared if len(gaz.towns[n]) > 1)]
    ):
        if name in named:
            continue
        counties = "、".join(sorted({t.county for t in gaz.towns.get(name, ())}))
        where = f" ({counties})" if counties else ""
        notices.append(
            Notice(
                "ambiguous-place",
                f"{name} is the name of places in several counties{where} and "
                f"is not tagged — write its county before it (…县{name})",
                article.line,
            )
        )
    return dataclasses.replace(
        article,
        notices=tuple(notices),
        date=article.date or inferred,
        date_inferred=inferred is not None,
        regions=regions,
        themes=theme_override if theme_override is not None else find_themes(text, res),
        figures=find_figures(
            article,
            res.figure_rules,
            res.pos_tagger,
            scope=lambda blocks: Scope(
                regions,
                _without_dateline(blocks),
                gaz,
                res.scope_rules,
                None if article.title_supplied else canon(article).title,
            ),
        ),
    )
