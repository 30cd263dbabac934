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


def test_parts_come_in_the_archives_order_a_page_held_while_it_is_among_the_last_asked():
    asked = []

    def page_rows(key):
        asked.append(key)
        return {f"{key}-{n}": f"part {key}-{n}" for n in (1, 2)}

    parts = exports.in_order([("p-2", "p"), ("q-1", "q"), ("p-1", "p")], page_rows)
    assert list(parts) == ["part p-2", "part q-1", "part p-1"] and asked == ["p", "q"]
    again = exports.in_order([("p-1", "p"), ("q-1", "q"), ("p-2", "p")], page_rows, pages_held=1)
    assert list(again) == ["part p-1", "part q-1", "part p-2"] and asked[2:] == ["p", "q", "p"]


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
    assert entry.key in rows.kept_keys()
    rows.file(entry.key).write_bytes(b"XAK1" + b"\0" * 40)  # not whole: read as missing
    kept = pages.kept(rows, entry.key)
    assert [p.article_id for p in kept.values()] == [a.id for a in entry.articles]
    assert rows.get(entry.key) == kept


def test_the_data_files_and_tables_are_written_as_streams_and_again_only_on_change(tmp_path):
    """write_exports: JSON arrays and CSV files of the parts in order (a CSV file's header
    only above rows), each view's figures table with the articles' numbers put in; each
    file's digest is its bytes'; the same articles in the same order write nothing again."""
    import hashlib
    import json
    from types import SimpleNamespace

    views = [SimpleNamespace(lang="zh-Hans"), SimpleNamespace(lang="zh-Hant")]
    rows = {"p": {"a1": part(1, True), "a2": part(2, False)}, "q": {"a3": part(3, True)}}
    order = [("a1", "p", "2021", "2021-01-05"), ("a2", "p", "2021", "2021-01-09")]
    order += [("a3", "q", "2021", "2021-02-01")]
    out = exports.write_exports(tmp_path, order, rows.get, views)
    read = {name: (tmp_path / name).read_bytes() for name in out.files}
    assert read["data/articles-2021.json"] == b'[{"id":"a1"},{"id":"a2"},{"id":"a3"}]\n'
    assert read["data/figures-2021.json"] == b'[{"f":1},{"f":1}]\n'
    assert read["data/articles-2021.csv"].startswith(exports.BOM + b"id,title,")
    assert read["data/figures-2021.csv"].endswith(b"\nf1\nf1\n")
    table = json.loads(read["figures-table/zh-Hant/2021.json"])
    assert table == {"articles": ["t-1", "t-3"], "rows": [[0, "t"], [1, "t"]]}
    assert json.loads(read["figures-table/zh-Hans/2021.json"])["articles"] == ["s-1", "s-3"]
    assert all(out[n].digest == hashlib.sha1(read[n]).hexdigest() for n in out.files)
    assert out.figures == {"2021": 2}
    # each month's part of the table too, for a year too large to send whole
    assert out.months == {"2021": {"2021-01": 1, "2021-02": 1}}
    assert json.loads(read["figures-table/zh-Hant/2021-01.json"]) == {
        "articles": ["t-1"],
        "rows": [[0, "t"]],
    }
    assert json.loads(read["figures-table/zh-Hant/2021-02.json"])["articles"] == ["t-3"]
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob("*.rows"))

    times = {n: (tmp_path / n).stat().st_mtime_ns for n in out.files}
    exports.write_exports(tmp_path, order, rows.get, views)
    assert {n: (tmp_path / n).stat().st_mtime_ns for n in out.files} == times

    only_articles = exports.write_exports(
        tmp_path / "none", [("a2", "p", "2021", None)], rows.get, views
    )
    assert only_articles["data/figures-2021.csv"].path.read_bytes() == b""
    assert json.loads(only_articles["figures-table/zh-Hans/2021.json"].path.read_bytes()) == {
        "articles": [],
        "rows": [],
    }
    assert exports.write_exports(tmp_path / "empty", [], rows.get, views).files == {}


def part(n, figures):
    """An article's parts of the data files, as rows_output keeps them: a1 … and its figure."""
    table = tuple(
        (f'"{lang}-{n}"'.encode(), f'[{exports.NUMBER.decode()},"{lang}"]'.encode())
        for lang in ("s", "t")
    )
    return exports.ArticleExport(
        article_id=f"a{n}",
        article_json=f'{{"id":"a{n}"}}'.encode(),
        article_csv=f"a{n}\n".encode(),
        figures_json=b'{"f":1}' if figures else b"",
        figures_csv=b"f1\n" if figures else b"",
        table=table if figures else (),
        figures=1 if figures else 0,
    )


def test_a_year_whose_articles_did_not_change_is_not_written_again(tmp_path):
    """Each year's files are written from its own articles: a page added to one year writes
    that year's files alone, and the files of a year no longer there are removed."""
    from types import SimpleNamespace

    views = [SimpleNamespace(lang="zh-Hans")]
    rows = {"p": {"a1": part(1, True)}, "q": {"a2": part(2, True)}, "r": {"a3": part(3, False)}}
    asked = []

    def page_rows(key):
        asked.append(key)
        return rows[key]

    first = exports.write_exports(
        tmp_path, [("a2", "q", "2022", None), ("a1", "p", "2021", None)], page_rows, views
    )
    assert sorted(asked) == ["p", "q"] and "data/figures-2022.json" in first.files
    assert first.figures == {"2022": 1, "2021": 1}
    times = {n: (tmp_path / n).stat().st_mtime_ns for n in first.files}
    asked.clear()
    later = [("a2", "q", "2022", None), ("a3", "r", "2022", None), ("a1", "p", "2021", None)]
    second = exports.write_exports(tmp_path, later, page_rows, views)
    assert asked == ["q", "r"]  # 2021's page is not read again
    assert second.figures == {"2022": 1, "2021": 1}  # 2021's count from its stamp
    assert (tmp_path / "data/articles-2022.json").read_bytes() == b'[{"id":"a2"},{"id":"a3"}]\n'
    assert all((tmp_path / n).stat().st_mtime_ns == t for n, t in times.items() if "2021" in n)
    assert second["data/articles-2021.json"] == first["data/articles-2021.json"]
    exports.write_exports(tmp_path, [("a1", "p", "2021", None)], page_rows, views)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert not [name for name in left if "2022" in name], left
