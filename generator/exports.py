"""The downloads (articles and figures as CSV and JSON) and the figures page's table, made
per article when its page is read and kept by the page's key (rows_output), then put
together in the archive's order: a build after one page changed does not encode every
article again. The parts are UTF-8 bytes, as written: loading them decodes nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .kept import PageOutput
from .models import Article
from .resources import Resources
from .signing import Signer
from .script import canon, view


def _suffix(lang: str) -> str:
    return lang.lower().replace("-", "_")


def article_fields(views) -> tuple[str, ...]:
    """The columns of articles.csv: the title and address in each view other than the first
    (display_title_zh_hant, url_zh_hant)."""
    others = [_suffix(v.lang) for v in views[1:]]
    return (
        "id",
        "title",
        "display_title",
        *(f"display_title_{s}" for s in others),
        "title_supplied",
        "kicker",
        "subtitle",
        "authors",
        "photographers",
        "dateline",
        "date",
        "date_inferred",
        "source",
        "page",
        "regions",
        "themes",
        "warnings",
        "url",
        *(f"url_{s}" for s in others),
    )


FIGURE_FIELDS = (
    "article",
    "title",
    "label",
    "value",
    "high",
    "unit",
    "approx",
    "kind",
    "year",
    "text",
    "sentence",
    "regions",
    "themes",
    "speaks_for",
    "level",
    "summed",
)
"""``speaks_for``: the place the figure speaks for (generator/scope.py); ``level`` what it is
(region … village, project, household); ``summed``: false for a part (其中…) or an average."""


@dataclass(frozen=True)
class ArticleExport:
    """One article's parts of the data files, encoded."""

    article_id: str
    article_json: bytes
    """Its object in articles.json."""
    article_csv: bytes
    """Its row of articles.csv, with the line end."""
    figures_json: bytes
    """The objects of its figures in figures.json, with commas between them."""
    figures_csv: bytes
    """The rows of its figures in figures.csv."""
    table: tuple[tuple[bytes, bytes], ...] = ()
    """Per view: its entry in figures-table.json, and its figures' rows there, with NUMBER in
    place of the article's number in the table (known once the archive is in order)."""


BOM = "\ufeff".encode("utf-8")
"""Before the CSV files, so that spreadsheet programs read them as UTF-8."""
NUMBER = b"\0"
"""Stands for a number in figures-table.json rows: JSON writes a NUL in a string as \\u0000,
so the character itself is found nowhere else."""


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, CSV injection)."""


def cell(value):
    """A CSV cell as a spreadsheet may safely open it: text that could start a formula gets a
    leading apostrophe (numbers stay numbers; -3.5 is a number, not a formula)."""
    if isinstance(value, list):
        value = "|".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_rows(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([cell(v) for v in record.values()] for record in records)
    return out.getvalue().encode("utf-8")


def article_record(article: Article, views) -> dict:
    text, others = canon(article), views[1:]
    values = (
        article.id,
        article.title and text.title,
        text.title,
        *(view(article, v.lang).title for v in others),
        article.title_supplied,
        text.kicker,
        text.subtitle,
        list(text.authors),
        list(text.photographers),
        text.dateline,
        article.date,
        article.date_inferred,
        text.source,
        article.page_id,
        [r.name for r in article.regions],
        list(article.themes),
        sorted({n.code for n in article.notices}),
        f"articles/{article.id}/",
        *(f"{v.root}articles/{article.id}/" for v in others),
    )
    return dict(zip(article_fields(views), values))


def figure_records(article: Article) -> list[dict]:
    title = canon(article).title
    regions, themes = [r.name for r in article.regions], list(article.themes)
    return [
        dict(
            zip(
                FIGURE_FIELDS,
                (
                    article.id,
                    title,
                    f.label,
                    f.value,
                    f.high,
                    f.unit,
                    f.approx,
                    f.kind,
                    f.year,
                    f.text,
                    f.sentence,
                    regions,
                    themes,
                    f.place,
                    f.level,
                    f.summed,
                ),
            )
        )
        for f in article.figures
    ]


def article_export(article: Article, res: Resources) -> ArticleExport:
    views = res.settings.views
    record = article_record(article, views)
    figures = figure_records(article)
    table = []
    if article.figures:
        names = [r.name for r in article.regions if r.level in ("prefecture", "county")]
        printed = [t for f in article.figures for t in (f.label, f.unit, f.text, f.place or "")]
        for at, v in enumerate(views):
            shown = iter(res.to_view(v.lang).convert_all(printed) if at else printed)
            head = _json([article.id, view(article, v.lang).title, names, list(article.themes)])
            # one encoding of all rows, each first "\0" (JSON: "\u0000", which no row holds at
            # the start of an array otherwise) put as NUMBER
            rows = _json(
                [
                    [
                        "\0",
                        next(shown),
                        f.value,
                        next(shown),
                        f.kind,
                        next(shown),
                        next(shown),
                        f.level,
                    ]
                    for f in article.figures
                ]
            )[1:-1].replace(b'["\\u0000",', b"[" + NUMBER + b",")
            table.append((head, rows))
    return ArticleExport(
        article_id=article.id,
        article_json=_json(record),
        article_csv=_csv_rows([record]),
        figures_json=_json(figures)[1:-1],
        figures_csv=_csv_rows(figures),
        table=tuple(table),
    )


def page_rows(result, res: Resources) -> dict[str, ArticleExport]:
    """Article id -> its parts of the data files, for each article of a page (a
    page.PageResult) just read."""
    return {a.id: article_export(a, res) for a in result.articles}


ROWS = "export-rows"
"""The folder in the work folder of each page's articles' parts (page_rows), by page key."""


def rows_output(work: Path, signer: Signer) -> PageOutput:
    """The articles' parts of the data files, made from each page as it is read."""
    return PageOutput(work / ROWS, page_rows, signer)


def in_order(
    articles: list[tuple[str, str]], page_rows: Callable[[str], dict[str, ArticleExport]]
) -> list[ArticleExport]:
    """The parts of ``articles`` (article id, its page's key), in their order; ``page_rows``
    gives a page's (by its key), as kept by rows_output: each is asked for once."""
    kept: dict[str, dict[str, ArticleExport]] = {}
    parts = []
    for article_id, key in articles:
        if key not in kept:
            kept[key] = page_rows(key)
        parts.append(kept[key][article_id])
    return parts


def _header(fields) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue().encode("utf-8")


def data_files(parts: list[ArticleExport], views) -> dict[str, bytes]:
    """The archive's metadata and figures as CSV and JSON (simplified script, every view's
    title), from the parts of its articles in the archive's order."""
    figures = [p.figures_json for p in parts if p.figures_json]
    csv_files = {
        "data/articles.csv": (article_fields(views), [p.article_csv for p in parts]),
        "data/figures.csv": (FIGURE_FIELDS, [p.figures_csv for p in parts if p.figures_json]),
    }
    out = {
        "data/articles.json": b"[" + b",".join(p.article_json for p in parts) + b"]\n",
        "data/figures.json": b"[" + b",".join(figures) + b"]\n",
    }
    for name, (fields, rows) in csv_files.items():
        # no header when there is nothing
        out[name] = BOM + _header(fields) + b"".join(rows) if rows else b""
    return out


def figures_table(parts: list[ArticleExport], at: int) -> bytes:
    """The figures page's data in the script of view number ``at``, compact: the page's script
    builds the table from it, so the page stays small however large the archive grows."""
    heads, rows = [], []
    for part in parts:
        if part.table:
            head, figure_rows = part.table[at]
            heads.append(head)
            rows.append(figure_rows.replace(NUMBER, str(len(heads) - 1).encode()))
    return b'{"articles":[' + b",".join(heads) + b'],"rows":[' + b",".join(rows) + b"]}\n"
