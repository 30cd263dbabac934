"""Stable article ids (generator/ids.py): a better reading keeps addresses and overrides."""

import dataclasses

from generator import ids
from generator.page import process_page
from generator.cli import main
from generator.read import read_page
from generator.resources import Resources

from .conftest import FIXTURES


def test_an_article_keeps_its_recorded_id_when_its_number_changes(read_fixture):
    first, second = read_fixture("glued_web_pages.txt").articles
    recorded = (
        ids.Recorded("glued_web_pages-01", 1, ids.anchors(second)),
        ids.Recorded("glued_web_pages-02", 2, ("deadbeef",)),
    )
    got = ids.assign("glued_web_pages", [first, second], recorded)
    assert [a.id for a in got.articles] == ["glued_web_pages-03", "glued_web_pages-01"]
    assert got.renumbered == ((1, 2),)
    assert got.redirects == (("glued_web_pages-02", "glued_web_pages-03"),)


def test_without_a_record_the_ids_are_the_numbers(read_fixture):
    articles = read_fixture("glued_web_pages.txt").articles
    got = ids.assign("glued_web_pages", list(articles), ())
    assert [a.id for a in got.articles] == ["glued_web_pages-01", "glued_web_pages-02"]
    assert got.redirects == () and got.renumbered == ()


def test_an_override_written_for_an_article_that_moved_is_a_warning(tmp_path, monkeypatch):
    page = tmp_path / "moved.txt"
    page.write_text(
        "---\nthemes:\n  1: [industry]\n---\n"
        + (FIXTURES / "glued_web_pages.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    res = Resources()
    plain = process_page(read_page(page), res)
    record = {"moved": (ids.Recorded("moved-01", 1, ids.anchors(plain.articles[1])),)}
    monkeypatch.setattr(Resources, "article_ids", property(lambda self: record))
    result = process_page(read_page(page), Resources())
    assert [a.id for a in result.articles] == ["moved-02", "moved-01"]
    assert [n.message for n in result.warnings] == [
        "moved.txt: the header's themes for article 1 was written for the article that is now "
        "number 2 — "
        "change 1 to 2 under themes"
    ]


def test_an_id_no_article_has_any_more_redirects_to_its_text(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    (content / "p.txt").write_text(
        (FIXTURES / "glued_web_pages.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    plain = process_page(read_page(content / "p.txt", content), Resources())
    record = {
        "p": (
            ids.Recorded("p-01", 1, ids.anchors(plain.articles[1])),
            ids.Recorded("p-07", 2, ("0",)),
        )
    }
    monkeypatch.setattr(Resources, "article_ids", property(lambda self: record))
    assert (
        main(
            [
                "build",
                "--content",
                str(content),
                "--site-dir",
                str(tmp_path / "site"),
                "--work-dir",
                str(tmp_path / "build"),
                "--site-url",
                "https://example.org/a/",
            ]
        )
        == 0
    )
    site = tmp_path / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "articles/p-03/" in sitemap and "articles/p-07/" not in sitemap
    assert (site / "articles/p-01/index.html").exists() and (
        site / "articles/p-03/index.html"
    ).exists()
    moved = (site / "articles/p-07/index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../p-03/"' in moved
    assert (site / "zh-Hant/articles/p-07/index.html").exists()


def test_the_ids_command_records_every_article(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    (content / "p.txt").write_text(
        (FIXTURES / "glued_web_pages.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    settings = dataclasses.replace(Resources().settings, site_data=tmp_path)
    monkeypatch.setattr("generator.resources.load_settings", lambda: settings)
    assert main(["ids", "--content", str(content)]) == 0
    assert ids.load(tmp_path / "article-ids.yaml")["p"][1].id == "p-02"
