"""Site settings and site-data, loaded and validated once; every error collected, then one abort."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .markup import LOADER

ROOT = Path(__file__).resolve().parent.parent
SITE_DATA = ROOT / "site-data"


LABELS = {
    "home",
    "regions",
    "themes",
    "tags",
    "about",
    "latest",
    "articles_count",
    "reporter",
    "photographer",
    "dateline",
    "source",
    "date",
    "undated",
    "edition_page",
    "original",
    "original_note",
    "supplied_title",
    "supplied_title_note",
    "warning_truncated",
    "warning_garbled",
    "warning_untitled",
    "figures",
    "region_all",
    "theme_all",
    "no_articles",
    "part_of",
    "places",
    "figures_page",
    "figures_intro",
    "people",
    "years",
    "month_name",
    "all",
    "kind",
    "value",
    "unit",
    "as_printed",
    "label_col",
    "article",
    "download",
    "articles_per_prefecture",
    "investment_per_prefecture",
    "articles_per_theme",
    "articles_per_county",
    "investment_per_county",
    "chart_table",
    "kind_money",
    "kind_people",
    "kind_households",
    "kind_area",
    "kind_weight",
    "kind_length",
    "kind_percent",
    "kind_count",
    "inferred_date",
    "more",
    "shown",
    "search",
    "search_placeholder",
    "search_results",
    "search_results_at_least",
    "search_none",
    "search_more",
    "search_loading",
    "search_failed",
    "search_noscript",
    "prefecture",
    "county",
    "sort",
    "sort_relevance",
    "sort_newest",
    "all_articles",
    "previous_page",
    "next_page",
    "date_span",
    "related",
    "feed",
    "region_col",
    "investment_col",
    "from_articles",
    "from_figures",
    "investment_note",
    "speaks_for",
    "level_region",
    "level_prefecture",
    "level_county",
    "level_town",
    "level_village",
    "level_project",
    "level_household",
    "level_unknown",
    "footer",
    "investment_from",
    "not_found_title",
    "not_found_text",
    "palette_dark",
    "palette_light",
    "copy_link",
    "link_copied",
    "photo_missing",
    "page_address",
    "article_number",
    "original_title",
    "original_text",
    "original_html",
    "original_download",
    "original_legend",
}
"""Every label the site templates use (site-data/site.yaml, labels)."""


class ConfigError(Exception):
    """Site-data is wrong; the message lists every problem found."""


@dataclass(frozen=True)
class CleaningRules:
    groups: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    """(reason, whole-line patterns), in the order they are tried."""
    masthead: tuple[re.Pattern, ...]
    """Whole-line patterns tried only before the page's first line of article text."""
    teaser: re.Pattern
    column_labels: frozenset[str]
    lead_labels: tuple[re.Pattern, ...]
    lead_prefixes: tuple[re.Pattern, ...]
    label_marks: str
    caption_marks: str = ""
    heading_marks: str = ""
    furniture_words: tuple[str, ...] = ()
    """Longest first: a line of these and nothing else is furniture."""
    meta_keys: tuple[tuple[str, str], ...] = ()
    """(key as printed, field), longest key first."""
    credit_roles: tuple[str, ...] = ()
    reporter_roles: tuple[str, ...] = ()
    organisation_suffixes: tuple[str, ...] = ()
    teaser_headings: frozenset[str] = frozenset()
    section_labels: frozenset[str] = frozenset()
    meta_pattern: re.Pattern | None = None
    """A meta key and its colon (来源：), where a line may have one."""
    credit_pattern: re.Pattern | None = None
    """A credit role and its colon (编辑：, 记者：)."""
    table_caption: re.Pattern | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    names: dict
    description: str
    phrases: tuple[tuple[str, float], ...]


OPENCC_CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk")
"""The OpenCC configurations a view may be converted with (from the simplified canonical text)."""


@dataclass(frozen=True)
class View:
    """One script view of the site (site-data/site.yaml, ``views``)."""

    lang: str
    """Its language tag (zh-Hans): the html lang, the view's name in the build."""
    switch: str
    """What the script switch says for it, in its own script (繁體中文)."""
    home: str
    """What a link to its home page says, in its own script (繁體中文首頁)."""
    prefix: str
    """Its folder under the site's root; empty for the first view, which is at the root."""
    site_name: str
    description: str
    convert: str | None
    """OpenCC configuration that makes its text from the canonical text; None for the first view,
    whose text is the canonical (simplified) text itself."""
    interface_convert: str | None
    """OpenCC configuration of its interface words (labels, names of things), with ``words``."""
    interface_words: dict
    """Simplified -> this view's words of the interface, applied before interface_convert."""
    theme_strings: str
    """The Material language whose own strings it shows (zh, zh-TW, zh-HK)."""
    corner_quotes: bool = False
    """Its article text prints “”‘’ as 「」『』."""

    @property
    def root(self) -> str:
        """The way from the site's root to this view's root: "" or "zh-Hant/"."""
        return f"{self.prefix}/" if self.prefix else ""


@dataclass(frozen=True)
class Settings:
    views: tuple[View, ...]
    """The site's views, the canonical (simplified) one first."""
    reading_config: str
    """OpenCC configuration the reader uses to recognise traditional script (detecting a page's
    script, segmentation words in both scripts)."""
    removed_reasons: dict
    """Reason a text was removed -> what the original-text page says (site.yaml)."""
    max_page_bytes: int
    search_shard_articles: int
    search_chunk_bytes: int
    home_articles: int
    listing_page_size: int
    figures_table_rows: int
    """The figures page shows every year at once up to this many figures, else a year at a
    time (site.yaml)."""
    cleaning: CleaningRules
    gazetteer: dict
    towns: dict
    """County -> town -> its villages (site-data/towns.yaml, generated)."""
    figure_units: dict
    """Unit -> kind (site-data/figures.yaml)."""
    figure_classifiers: tuple[str, ...]
    figure_not_after: tuple[str, ...]
    speaks_for: dict
    """Word -> what it may stand for, in order (``county``, ``county:区``…; figures.yaml)."""
    subjects: dict
    """Subject (project, household) -> (``clause`` or ``sentence``, its words)."""
    part_words: tuple[str, ...]
    average_words: tuple[str, ...]
    not_a_place_before: tuple[str, ...]
    not_a_place_after: tuple[str, ...]
    name_endings: tuple[str, ...]
    themes: tuple[Theme, ...]
    min_theme_score: float
    max_themes: int
    glossary: dict
    """``to_traditional`` and ``to_simplified``: term -> replacement."""
    labels: dict
    """Words the site shows, in simplified script, by key."""
    words: tuple[str, ...]
    """Words the segmenter keeps whole (site-data/words.txt)."""
    site_data: Path = SITE_DATA
    """The folder these were read from (site-data/article-ids.yaml is read from it by Resources)."""

    @property
    def site_name(self) -> dict[str, str]:
        return {v.lang: v.site_name for v in self.views}

    @property
    def description(self) -> dict[str, str]:
        return {v.lang: v.description for v in self.views}

    def view(self, lang: str) -> View:
        return next(v for v in self.views if v.lang == lang)


def _load(path: Path, errors: list[str]):
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=LOADER) or {}
    except FileNotFoundError:
        errors.append(f"{path}: missing — restore it from git")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        errors.append(
            f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)}) — fix the syntax"
        )
    return {}


def _patterns(path: Path, key: str, values, errors: list[str]) -> tuple[re.Pattern, ...]:
    out = []
    for value in values or []:
        try:
            out.append(re.compile(str(value)))
        except re.error as exc:
            errors.append(
                f"{path}: {key}: pattern {value!r} is not a valid regular expression ({exc})"
            )
    return tuple(out)


GROUPS = ("navigation", "print_source", "copyright", "footer", "web_chrome")
"""The groups of whole-line patterns in site-data/cleaning.yaml, in the order they are tried."""
META_FIELDS = ("date", "source", "author", "editor", "views", "other")


def _keys_pattern(keys: list[str], colon: str, opening: str = "") -> re.Pattern | None:
    """``key:`` at the start of a line or after a space, bar or bracket: the longest key first."""
    if not keys:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=[\s|｜【\[({opening}]))(?P<key>{alternatives})\s*{colon}")


def _word_list(data: dict, key: str) -> tuple[str, ...]:
    """A list of words from site-data, longest first."""
    return tuple(sorted({str(x) for x in data.get(key) or []}, key=lambda w: (-len(w), w)))


def _cleaning(path: Path, data: dict, errors: list[str]) -> CleaningRules:
    groups = []
    meta = data.get("meta_keys") or {}
    unknown = sorted(set(meta) - set(META_FIELDS))
    if unknown:
        errors.append(
            f"{path}: meta_keys: unknown field {', '.join(unknown)} — use {', '.join(META_FIELDS)}"
        )
    meta_keys = sorted(
        ((str(k), field) for field in META_FIELDS for k in meta.get(field) or []),
        key=lambda kv: (-len(kv[0]), kv[0]),
    )
    for reason in GROUPS:
        if reason not in data:
            errors.append(
                f"{path}: '{reason}' is missing — add a list of patterns (it may be empty)"
            )
        groups.append((reason, _patterns(path, reason, data.get(reason), errors)))
    teaser = _patterns(path, "teaser", [data.get("teaser", r"(?!x)x")], errors)
    return CleaningRules(
        groups=tuple(groups),
        masthead=_patterns(path, "masthead", data.get("masthead"), errors),
        teaser=teaser[0] if teaser else re.compile(r"(?!x)x"),
        column_labels=frozenset(str(x) for x in data.get("column_labels") or []),
        lead_labels=_patterns(path, "lead_labels", data.get("lead_labels"), errors),
        lead_prefixes=_patterns(path, "lead_prefixes", data.get("lead_prefixes"), errors),
        label_marks=str(data.get("label_marks", "")),
        caption_marks=str(data.get("caption_marks", "")),
        heading_marks=str(data.get("heading_marks", "")),
        furniture_words=_word_list(data, "furniture_words"),
        meta_keys=tuple(meta_keys),
        credit_roles=_word_list(data, "credit_roles"),
        reporter_roles=_word_list(data, "reporter_roles"),
        organisation_suffixes=_word_list(data, "organisation_suffixes"),
        teaser_headings=frozenset(str(x) for x in data.get("teaser_headings") or []),
        section_labels=frozenset(str(x) for x in data.get("section_labels") or []),
        meta_pattern=_keys_pattern([k for k, _ in meta_keys], r"[:：]"),
        credit_pattern=_keys_pattern(
            [*_word_list(data, "credit_roles"), *_word_list(data, "reporter_roles")],
            r"[:：/]",
            "（",
        ),
        table_caption=(_patterns(path, "table_caption", [data["table_caption"]], errors) or [None])[
            0
        ]
        if data.get("table_caption")
        else None,
    )


def _themes(path: Path, data: dict, errors: list[str], views: list[str]) -> tuple[Theme, ...]:
    themes, seen = [], set()
    for i, item in enumerate(data.get("themes") or [], 1):
        tid = str(item.get("id", ""))
        if not re.fullmatch(r"[a-z0-9-]+", tid):
            errors.append(
                f"{path}: theme {i}: id {tid!r} must be lower-case letters, digits and '-'"
            )
        if tid in seen:
            errors.append(f"{path}: theme id {tid!r} appears twice — rename one")
        seen.add(tid)
        names = item.get("name") or {}
        if views and views[0] not in names or set(names) - set(views):
            errors.append(
                f"{path}: theme {tid!r}: give 'name' in {views[0] if views else 'the first view'}, "
                f"and in others of {', '.join(views)} where converting it is not enough"
            )
        phrases = item.get("phrases") or {}
        if not phrases:
            errors.append(f"{path}: theme {tid!r}: add weighted 'phrases'")
        themes.append(
            Theme(
                tid,
                dict(names),
                str(item.get("description", "")),
                tuple((str(k), float(v)) for k, v in phrases.items()),
            )
        )
    return tuple(themes)


def _gazetteer(path: Path, data: dict, errors: list[str]) -> dict:
    names: set[str] = set()

    def walk(node, depth):
        name = node.get("name")
        if not name or not node.get("slug"):
            errors.append(f"{path}: every division needs 'name' and 'slug' (near {node!r:.60})")
            return
        if name in names:
            errors.append(f"{path}: division {name} appears twice")
        names.add(name)
        if depth > 2:
            errors.append(f"{path}: {name}: only region, prefecture and county levels belong here")
        for child in node.get("children") or []:
            walk(child, depth + 1)

    walk(data, 0)
    return data


def _towns(path: Path, data: dict, regions: dict, errors: list[str]) -> dict:
    counties = {
        c.get("name") for p in regions.get("children") or [] for c in p.get("children") or []
    }
    towns = data.get("counties") or {}
    if not isinstance(towns, dict):
        errors.append(
            f"{path}: 'counties' must map a county to its towns — run python -m "
            "generator.make_gazetteer"
        )
        return {}
    unknown = sorted(set(towns) - counties)
    if unknown:
        errors.append(
            f"{path}: counties {', '.join(unknown)} are not in regions.yaml — "
            f"add them there or run python -m generator.make_gazetteer again"
        )
    return {
        county: {str(t): [str(v) for v in vs or []] for t, vs in (ts or {}).items()}
        for county, ts in towns.items()
        if county in counties
    }


def _words(path: Path, errors: list[str]) -> tuple[str, ...]:
    try:
        rows = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        errors.append(f"{path}: missing — restore it from git")
        return ()
    words = []
    for no, row in enumerate(rows, 1):
        word = row.strip()
        if not word or word.startswith("#"):
            continue
        if " " in word:
            errors.append(f"{path}:{no}: {word!r} — one word a line, no spaces")
        words.append(word)
    return tuple(words)


LEVELS = ("region", "prefecture", "county", "town", "village")


def _speaks_for(path: Path, entries: dict, errors: list[str]) -> dict[str, tuple[str, ...]]:
    """figures.yaml's speaks_for: word -> the places it may stand for, each a level, with a
    suffix the name ends in after a colon (county:区)."""
    out = {}
    for word, meanings in entries.items():
        meanings = [meanings] if isinstance(meanings, str) else list(meanings or [])
        bad = [m for m in meanings if str(m).split(":")[0] not in LEVELS]
        if bad or not meanings:
            errors.append(
                f"{path}: speaks_for: {word}: {bad or 'nothing'} — list levels "
                f"({', '.join(LEVELS)}), a suffix after a colon (county:区)"
            )
            continue
        out[str(word)] = tuple(str(m) for m in meanings)
    return out


def _subjects(
    path: Path, entries: dict, errors: list[str]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    out = {}
    for name, entry in entries.items():
        entry = entry if isinstance(entry, dict) else {}
        within, words = entry.get("within"), entry.get("words")
        if within not in ("clause", "sentence") or not words:
            errors.append(
                f"{path}: subjects: {name}: give `within: clause` or `within: sentence` "
                f"and a list of `words`"
            )
            continue
        out[str(name)] = (within, tuple(str(w) for w in words))
    return out


def _views(path: Path, entries, errors: list[str]) -> tuple[View, ...]:
    """site.yaml's views: the first the canonical text at the site's root, each other one
    converted from it and served under its prefix."""
    if not isinstance(entries, list) or not entries:
        errors.append(f"{path}: 'views' must list the site's views, the simplified one first")
        return ()
    views, seen = [], set()
    for at, entry in enumerate(entries):
        entry = entry if isinstance(entry, dict) else {}
        lang, prefix = str(entry.get("lang", "")), str(entry.get("prefix") or "")
        where = f"{path}: views: {lang or at + 1}"
        missing = [
            k
            for k in ("lang", "switch", "home", "site_name", "description", "theme_strings")
            if not entry.get(k)
        ]
        if missing:
            errors.append(f"{where}: give {', '.join(missing)}")
        first = at == 0
        if first and (prefix or entry.get("convert")):
            errors.append(
                f"{where}: the first view is the canonical text at the site's root: no prefix, no "
                "convert"
            )
        if not first and (
            not re.fullmatch(r"[A-Za-z0-9-]+", prefix) or entry.get("convert") not in OPENCC_CONFIGS
        ):
            errors.append(
                f"{where}: give a prefix (letters, digits, -) and convert (one of "
                f"{', '.join(OPENCC_CONFIGS)})"
            )
        interface = entry.get("interface") or {}
        if not first and interface.get("convert", entry.get("convert")) not in OPENCC_CONFIGS:
            errors.append(f"{where}: interface convert must be one of {', '.join(OPENCC_CONFIGS)}")
        if lang in seen or (prefix and prefix in seen):
            errors.append(f"{where}: another view has this lang or prefix")
        seen |= {lang, prefix}
        views.append(
            View(
                lang=lang,
                switch=str(entry.get("switch", "")),
                home=str(entry.get("home", "")),
                prefix=prefix,
                site_name=str(entry.get("site_name", "")),
                description=str(entry.get("description", "")),
                convert=None if first else str(entry.get("convert")),
                interface_convert=None
                if first
                else str(interface.get("convert", entry.get("convert"))),
                interface_words={str(k): str(v) for k, v in (interface.get("words") or {}).items()},
                theme_strings=str(entry.get("theme_strings", "")),
                corner_quotes=bool(entry.get("corner_quotes")),
            )
        )
    return tuple(views)


def load_settings(site_data: Path = SITE_DATA) -> Settings:
    errors: list[str] = []
    site = _load(site_data / "site.yaml", errors)
    cleaning = _load(site_data / "cleaning.yaml", errors)
    regions = _load(site_data / "regions.yaml", errors)
    towns = _load(site_data / "towns.yaml", errors)
    figures = _load(site_data / "figures.yaml", errors)
    kinds = {"money", "people", "households", "area", "weight", "length", "percent", "count"}
    for unit, kind in (figures.get("units") or {}).items():
        if kind not in kinds:
            errors.append(
                f"{site_data / 'figures.yaml'}: unit {unit}: kind {kind!r} — use one of "
                f"{', '.join(sorted(kinds))}"
            )
    themes = _load(site_data / "themes.yaml", errors)
    glossary = _load(site_data / "glossary.yaml", errors)
    views = _views(site_data / "site.yaml", site.get("views"), errors)
    if site.get("reading_config", "s2tw") not in OPENCC_CONFIGS:
        errors.append(
            f"{site_data / 'site.yaml'}: reading_config must be one of {', '.join(OPENCC_CONFIGS)}"
        )
    missing = sorted(LABELS - set(site.get("labels") or {}))
    if missing:
        errors.append(
            f"{site_data / 'site.yaml'}: labels {', '.join(missing)} are missing — add them"
        )
    for key in ("to_traditional", "to_simplified"):
        if not isinstance(glossary.get(key, {}), dict):
            errors.append(f"{site_data / 'glossary.yaml'}: '{key}' must map terms to replacements")
    settings = Settings(
        views=views,
        reading_config=str(site.get("reading_config", "s2tw")),
        removed_reasons={str(k): str(v) for k, v in (site.get("removed_reasons") or {}).items()},
        max_page_bytes=int(site.get("max_page_bytes", 4_000_000)),
        search_shard_articles=int(site.get("search_shard_articles", 10000)),
        search_chunk_bytes=int(site.get("search_chunk_bytes", 4096)),
        home_articles=int(site.get("home_articles", 20)),
        listing_page_size=int(site.get("listing_page_size", 50)),
        figures_table_rows=int(site.get("figures_table_rows", 20000)),
        cleaning=_cleaning(site_data / "cleaning.yaml", cleaning, errors),
        gazetteer=_gazetteer(site_data / "regions.yaml", regions, errors),
        towns=_towns(site_data / "towns.yaml", towns, regions, errors),
        figure_units={str(k): str(v) for k, v in (figures.get("units") or {}).items()},
        figure_classifiers=tuple(str(x) for x in figures.get("classifiers") or []),
        figure_not_after=tuple(str(x) for x in figures.get("not_after") or []),
        speaks_for=_speaks_for(site_data / "figures.yaml", figures.get("speaks_for") or {}, errors),
        subjects=_subjects(site_data / "figures.yaml", figures.get("subjects") or {}, errors),
        part_words=tuple(str(x) for x in figures.get("part_words") or []),
        average_words=tuple(str(x) for x in figures.get("average_words") or []),
        not_a_place_before=tuple(str(x) for x in figures.get("not_a_place_before") or []),
        not_a_place_after=tuple(str(x) for x in figures.get("not_a_place_after") or []),
        name_endings=tuple(str(x) for x in figures.get("name_endings") or []),
        themes=_themes(site_data / "themes.yaml", themes, errors, [v.lang for v in views]),
        min_theme_score=float(themes.get("min_score", 6)),
        max_themes=int(themes.get("max_themes", 3)),
        glossary={
            k: {str(a): str(b) for a, b in (glossary.get(k) or {}).items()}
            for k in ("to_traditional", "to_simplified")
        },
        labels={str(k): str(v) for k, v in (site.get("labels") or {}).items()},
        words=_words(site_data / "words.txt", errors),
        site_data=site_data,
    )
    if errors:
        raise ConfigError("\n".join(errors))
    return settings
