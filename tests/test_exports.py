"""The data files (generator/exports.py)."""
import csv
import io

from generator import exports


def test_cells_that_would_start_a_formula_are_prefixed():
    assert [exports.cell(v) for v in ("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "林芝", 12.5, -3.5, None)] \
        == ["'=HYPERLINK(\"x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "林芝", 12.5, -3.5, None]


def test_a_csv_row_opens_with_text_as_text():
    row = exports._csv_rows([{"a": "=1+1", "b": ["x", "y"], "c": 3}]).decode("utf-8")
    assert list(csv.reader(io.StringIO(row))) == [["'=1+1", "x|y", "3"]]
