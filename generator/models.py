"""The frozen records that flow between the stages, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Header:
    """What an editor wrote in the optional YAML header of a page."""

    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    """Publication date, ``YYYY-MM-DD``."""
    edition_page: str | None = None
    titles: tuple[tuple[int, str], ...] = ()
    """Display titles supplied by an editor: (article number from 1, title)."""
    split_before: tuple[int, ...] = ()
    """Page lines (1-based, counted in the whole file) where a new article must start."""
    themes: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """Theme overrides: (article number from 1, theme ids)."""
    regions: tuple[tuple[int, tuple[str, ...]], ...] = ()
    """Region overrides: (article number from 1, division names from the gazetteer)."""
    id: str | None = None
    """The page's id, when the editor sets it; otherwise it comes from the file name."""
    added: str | None = None
    """When the page entered the archive, ``YYYY-MM-DD``: dates the feed entry of an undated
    article."""


@dataclass(frozen=True)
class Notice:
    """A problem found in a page: shown to editors, and to readers where it matters."""

    code: str
    """Stable identifier: ``untitled``, ``truncated``, ``garbled``, ``encoding`` …"""
    message: str
    line: int
    """Line of the page file (1-based) the notice is about."""


@dataclass(frozen=True)
class Page:
    """A page file as read: its text after the header, and where that text starts."""

    path: Path
    id: str
    """Stable id from the file name, unique in the archive."""
    source_name: str
    """The file's path relative to the content folder, with ``/``."""
    raw: str
    """The whole file as decoded, header included: what the archive keeps."""
    text: str
    """The page text after the header."""
    first_line: int
    """File line number of the first line of ``text``."""
    header: Header
    notices: tuple[Notice, ...] = ()
    format: str = "text"
    """``text`` (a text dump) or ``html`` (a saved web page; ``text`` is what was extracted)."""
    continued: bool = False
    """The page says the article goes on elsewhere (an HTML page's 下一页 link)."""


@dataclass(frozen=True)
class Removed:
    """Text the cleaner took out of a page, and why."""

    reason: str
    text: str
    line: int


@dataclass(frozen=True)
class Line:
    """One cleaned, non-empty line of a page."""

    no: int
    """File line number."""
    text: str
    gap_before: bool = False
    """Two or more empty lines precede it: on scraped newspaper pages, a picture stood there."""
    lead: bool = False
    """A lead label (■导读) introduced this line."""
    boundary_before: bool = False
    """Furniture that closes an article (a print-source line, credits, a share bar, a teaser
    list) was removed just before it: what follows starts anew."""
    meta_after: bool = False
    """A meta line (date, source, author) was removed just after it: it is a headline."""
    mark: str = ""
    """``caption`` or ``heading``: the line began with a mark that says so (▲, ◆)."""


@dataclass(frozen=True)
class Meta:
    """What a removed meta line, masthead or credit said about the article it stands in."""

    line: int
    date: str | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    edition_page: str | None = None


@dataclass(frozen=True)
class CleanPage:
    page: Page
    script: str
    """``zh-Hans`` or ``zh-Hant``: the script the page is written in."""
    lines: tuple[Line, ...]
    removed: tuple[Removed, ...]
    notices: tuple[Notice, ...]
    publisher: str | None
    edition_page: str | None
    date: str | None
    meta: tuple[Meta, ...] = ()
    """Meta lines in page order: split gives each article those within it, and the page's."""


@dataclass(frozen=True)
class Block:
    """A unit of article text."""

    kind: str
    """``paragraph``, ``heading``, ``lead`` or ``caption``."""
    text: str
    line: int


@dataclass(frozen=True)
class Figure:
    """A statistic an article states."""

    text: str
    """As printed (simplified script): ``12.66亿元``, ``3万至5万元``."""
    value: float
    """With 万/亿 folded in: 1266000000. For a range, its low end."""
    unit: str
    """As printed, without its magnitude word: ``元``."""
    label: str
    """What it counts, from the words before it: ``投资``."""
    approx: str
    """The approximation word printed with it (余, 多, 近, 约, 左右, 超, 以上), or empty."""
    line: int
    kind: str = "count"
    """``money``, ``people``, ``households``, ``area``, ``weight``, ``length``, ``percent`` or
    ``count``."""
    high: float | None = None
    """The high end of a range (3万至5万元: 50000)."""
    year: int | None = None
    """The year the sentence states for it, if any."""
    sentence: str = ""
    """The sentence it comes from."""
    place: str | None = None
    """The place it speaks for (a division's or a town's or village's name), if known."""
    level: str = ""
    """What it speaks for: ``region``, ``prefecture``, ``county``, ``town``, ``village``,
    or ``project`` or ``household`` (one in ``place``); empty when unknown."""
    summed: bool = True
    """False for what a total must not add: a part of a figure before it (其中…) or an
    average (人均, 每村)."""


@dataclass(frozen=True)
class Region:
    """A division in the gazetteer, or a town or village placed under its county."""

    name: str
    slug: str
    level: str
    """``region``, ``prefecture``, ``county``, ``town`` or ``village``."""
    parent: str | None
    """Name of the parent division."""
    county: str | None = None
    """For a town or village from the gazetteer: its county (two towns of one name differ by it)."""


@dataclass(frozen=True)
class Article:
    id: str
    page_id: str
    number: int
    """Position on its page, from 1."""
    kicker: str | None
    title: str | None
    """The headline as printed; None when the page prints none."""
    display_title: str
    """What the site shows as the title: the headline, or one supplied (see title_supplied)."""
    title_supplied: bool
    subtitle: str | None
    """Without the dash (——) that introduces it on the page."""
    byline: str | None
    """The byline as printed (本报记者 次仁片多 索朗琼珠); its names are in ``authors``."""
    authors: tuple[str, ...]
    photographers: tuple[str, ...]
    dateline: str | None
    date: str | None
    """Publication date, YYYY-MM-DD: from the page header or its meta lines, else inferred."""
    blocks: tuple[Block, ...]
    notices: tuple[Notice, ...]
    line: int
    """File line where the article starts."""
    script: str
    """Script of the page text: ``zh-Hans`` or ``zh-Hant``."""
    source: str | None = None
    added: str | None = None
    """When its page entered the archive (header ``added:``, else the page's first commit),
    ``YYYY-MM-DD``: the feed dates an undated article by it. Never shown as its date."""
    date_inferred: bool = False
    """The page does not state the date; it was read from the text (the latest full date named)."""
    regions: tuple[Region, ...] = ()
    """Every division the article's own text names, with its ancestors, root first."""
    themes: tuple[str, ...] = ()
    """Theme ids."""
    figures: tuple[Figure, ...] = ()
    views: tuple[tuple[str, "ArticleText"], ...] = field(default=())
    """The article's text in each script view, keyed by view (``zh-Hans``, ``zh-Hant``)."""
    parts: tuple[tuple[int, str], ...] = ()
    """(file line, what it became: ``title``, ``byline``, ``paragraph 3``…) for every line the
    article was read from (``inspect --lines``)."""

    @property
    def year(self) -> str:
        """YYYY of its date, or "undated": how the year listings, the search's shards and the
        data files group articles."""
        return self.date[:4] if self.date else "undated"


@dataclass(frozen=True)
class ArticleText:
    """An article's words in one script."""

    kicker: str | None
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    photographers: tuple[str, ...]
    dateline: str | None
    blocks: tuple[Block, ...]
    source: str | None
    excerpt: str = ""
    """The start of its first paragraph, kept when the text is left out (listings show it)."""
