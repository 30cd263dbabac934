"""The data files (generator/exports.py)."""

import csv
import io

from generator import exports


def test_cells_that_would_start_a_formula_are_prefixed():
    assert [
        exports.cell(v)
        for v in ('=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx", "林芝", 12.5, -3.5, None)
    ] == ['\'=HYPERLINK("x")', "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "林芝", 12.5, -3.5, None]


def test_a_csv_row_opens_with_text_as_text():
    row = exports._csv_rows([{"a": "=1+1", "b": ["x", "y"], "c": 3}]).decode("utf-8")
    assert list(csv.reader(io.StringIO(row))) == [["'=1+1", "x|y", "3"]]


def test_parts_come_in_the_archives_order_each_page_asked_for_once():
    asked = []

    def page_rows(key):
        asked.append(key)
        return {f"{key}-{n}": f"part {key}-{n}" for n in (1, 2)}

    parts = exports.in_order([("p-2", "p"), ("q-1", "q"), ("p-1", "p")], page_rows)
    assert parts == ["part p-2", "part q-1", "part p-1"] and asked == ["p", "q"]


def test_a_pages_rows_are_made_again_when_what_was_kept_is_unreadable(tmp_path, res):
    from generator.archive import Pages, read_all
    from generator.cache import PageCache
    from generator.signing import Signer

    from .conftest import CONTENT

    entries, _ = read_all(CONTENT, res, cache=PageCache(None))
    pages = Pages(entries, PageCache(None), res, CONTENT)
    rows = exports.rows_output(tmp_path, Signer(b"k" * 32))
    pages.complete((rows,))
    entry = entries[0]
    assert rows.has(entry.key)
    rows.file(entry.key).write_bytes(b"XAK1" + b"\0" * 40)  # not whole: read as missing
    kept = pages.kept(rows, entry.key)
    assert [p.article_id for p in kept.values()] == [a.id for a in entry.articles]
    assert rows.get(entry.key) == kept
