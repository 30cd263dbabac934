"""The downloads (articles and figures as CSV and JSON) and the figures page's table, made
per article when its page is read and kept by the page's key (rows_output), then put
together in the archive's order: a build after one page changed does not encode every
article again. The parts are UTF-8 bytes, as written: loading them decodes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .kept import PageOutput
from .models import Article
from .resources import Resources
from .signing import Signer
from .write import FileAt, made_key
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
    figures: int = 0
    """How many figures it has."""


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
        figures=len(figures),
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
    articles: list[tuple[str, str]],
    page_rows: Callable[[str], dict[str, ArticleExport]],
    pages_held: int = 64,
) -> Iterator[ArticleExport]:
    """The parts of ``articles`` (article id, its page's key), in their order, one at a time;
    ``page_rows`` gives a page's (by its key), as kept by rows_output. The last
    ``pages_held`` pages asked for are held: a page's articles stand together or close."""
    held: OrderedDict[str, dict[str, ArticleExport]] = OrderedDict()
    for article_id, key in articles:
        if key in held:
            held.move_to_end(key)
        else:
            held[key] = page_rows(key)
            if len(held) > pages_held:
                held.popitem(last=False)
        yield held[key][article_id]


def _header(fields) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue().encode("utf-8")


EXPORTS = "exports"
"""The folder in the work folder the data files and figures tables are written into."""


def data_files(year: str) -> tuple[str, ...]:
    """The downloads of one year ("undated" too), in the first view: the articles' metadata and
    figures as CSV and JSON (simplified script, every view's title). A file per year keeps each
    within what a spreadsheet opens (a million rows) as the archive grows, and a page added
    rewrites its year's files only."""
    return tuple(
        f"data/{kind}-{year}.{ext}" for kind in ("articles", "figures") for ext in ("csv", "json")
    )


def table_file(lang: str, part: str) -> str:
    """Where write_exports puts a part of the figures page's table in a view: a year's (2021),
    or a month's (2021-03)."""
    return f"figures-table/{lang}/{part}.json"


def month_of(date: str | None, year: str) -> str | None:
    """The month whose part of the figures table an article's rows are in besides its year's
    (2021-03); None for an undated article. A year's table grows with the archive; a month's
    is what the figures page offers where a year's would be too large to send to a phone."""
    if year == "undated":
        return None
    return date[:7] if date and date[4:5] == "-" and date[5:7].isdigit() else f"{year}-00"


@dataclass(frozen=True)
class DataFiles:
    """What write_exports wrote: relative path -> FileAt, how many figures each year holds
    (what the figures page offers, year by year), and how many each month of a year holds
    (year -> month -> figures: the parts offered instead of a large year)."""

    files: dict[str, FileAt]
    figures: dict[str, int]
    months: dict[str, dict[str, int]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> FileAt:
        return self.files[name]


def write_exports(
    folder: Path,
    articles: list[tuple[str, str, str, str | None]],
    page_rows: Callable[[str], dict[str, ArticleExport]],
    views,
) -> DataFiles:
    """Each year's data files (data_files) and figures tables (table_file, a year's and each
    of its months'), written into ``folder``; ``articles``: (article id, its page's key, its
    year, its date) in the archive's order. A year's files are written in one pass over its
    articles' parts (in_order), each file as a stream: no file, nor every part, is held
    whole; and again only when the year's articles or their pages changed (a stamp per
    year). Files of years no longer there are removed."""
    years: dict[str, list[tuple[str, str, str | None]]] = {}
    for article_id, key, year, date in articles:
        years.setdefault(year, []).append((article_id, key, month_of(date, year)))
    files: dict[str, FileAt] = {}
    figures: dict[str, int] = {}
    months: dict[str, dict[str, int]] = {}
    for year, group in years.items():
        kept = _write_year(folder, year, group, page_rows, views)
        files.update({name: FileAt(folder / name, d) for name, d in kept["digests"].items()})
        figures[year], months[year] = kept["figures"], kept["months"]
    stamps = {f"stamps/{year}.json" for year in years}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in files and rel not in stamps:
                path.unlink()
    return DataFiles(files, figures, months)


def _write_year(folder: Path, year: str, articles, page_rows, views) -> dict:
    """A year's files written unless its stamp says they hold these articles: the stamp
    (key, digests by relative path, figures, figures by month)."""
    key = made_key(*(f"{a} {k} {m}" for a, k, m in articles), *(v.lang for v in views))
    months = sorted({m for _, _, m in articles if m})
    tables = [year, *months]
    names = _year_files(year, tables, views)
    stamp = folder / "stamps" / f"{year}.json"
    try:
        kept = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    if kept.get("key") != key or not all((folder / n).is_file() for n in names):
        stamp.unlink(missing_ok=True)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        digests, figures = _write_all(folder, year, tables, articles, page_rows, views)
        kept = {"key": key, "digests": digests, "figures": figures[year]}
        kept["months"] = {m: figures[m] for m in months}
        stamp.write_text(json.dumps(kept), encoding="utf-8")
    return kept


def _year_files(year: str, parts: list[str], views) -> list[str]:
    """A year's files: its data files, and each view's figures table of each of ``parts``."""
    return [*data_files(year), *(table_file(v.lang, t) for t in parts for v in views)]


def _write_all(
    folder: Path, year: str, parts: list[str], articles, page_rows, views
) -> tuple[dict[str, str], dict[str, int]]:
    """The year's files written (its data files, and a figures table of each of ``parts``,
    the year first, in each view): their digests, and how many figures each part holds."""
    outs = {name: _Out(folder / name) for name in _year_files(year, parts, views)}
    articles_csv, articles_json, figures_csv, figures_json = (outs[n] for n in data_files(year))
    articles_json = _Joined(articles_json, b"[", b"]\n")
    figures_json = _Joined(figures_json, b"[", b"]\n")
    articles_csv = articles_csv.after(BOM + _header(article_fields(views)))
    figures_csv = figures_csv.after(BOM + _header(FIGURE_FIELDS))
    tables = {
        t: [
            _Table(outs[table_file(v.lang, t)], folder / f"{table_file(v.lang, t)}.rows")
            for v in views
        ]
        for t in parts
    }
    figures = dict.fromkeys(parts, 0)
    parts_of = in_order([(a, k) for a, k, _ in articles], page_rows)
    for (_, _, month), part in zip(articles, parts_of):
        articles_json.add(part.article_json)
        articles_csv.write(part.article_csv)
        if part.figures_json:
            figures_json.add(part.figures_json)
            figures_csv.write(part.figures_csv)
        for t in (year, month) if month else (year,):
            figures[t] += part.figures
            for at, table in enumerate(tables[t] if part.table else ()):
                table.add(*part.table[at])
    articles_json.close()
    figures_json.close()
    for table in (t for group in tables.values() for t in group):
        table.close()
    return {name: out.close() for name, out in outs.items()}, figures


class _Out:
    """A file written to a temporary name and put in place by close, which gives its digest;
    ``after(head)``: what is written is preceded by ``head``, and the file is empty if
    nothing is (a CSV file's header, only above rows)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.tmp = path, path.with_name(path.name + ".tmp")
        self.fh, self.digest, self.head = open(self.tmp, "wb"), hashlib.sha1(), b""

    def after(self, head: bytes) -> _Out:
        self.head = head
        return self

    def write(self, data: bytes) -> None:
        if self.head:
            data, self.head = self.head + data, b""
        self.fh.write(data)
        self.digest.update(data)

    def close(self) -> str:
        self.fh.close()
        os.replace(self.tmp, self.path)  # a new file: a link to the old one keeps its bytes
        return self.digest.hexdigest()


class _Joined:
    """A JSON array written an item at a time."""

    def __init__(self, out: _Out, start: bytes, end: bytes):
        self.out, self.end, self.sep = out, end, b""
        out.write(start)

    def add(self, item: bytes) -> None:
        self.out.write(self.sep + item)
        self.sep = b","

    def close(self) -> None:
        self.out.write(self.end)


class _Table:
    """A figures table (see add): its articles written as they come, their rows to a file
    beside, appended at the end."""

    def __init__(self, out: _Out, rows: Path):
        self.heads = _Joined(out, b'{"articles":[', b'],"rows":[')
        self.rows_path, self.rows, self.sep, self.count = rows, open(rows, "wb"), b"", 0

    def add(self, head: bytes, figure_rows: bytes) -> None:
        """An article's entry, and its figures' rows with its number in the table."""
        self.heads.add(head)
        self.rows.write(self.sep + figure_rows.replace(NUMBER, str(self.count).encode()))
        self.sep, self.count = b",", self.count + 1

    def close(self) -> None:
        self.heads.close()
        self.rows.close()
        with open(self.rows_path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                self.heads.out.write(chunk)
        self.rows_path.unlink()
        self.heads.out.write(b"]}\n")
