import dataclasses
import xml.etree.ElementTree as ET

from generator.config import load_settings
from generator.feeds import atom_feed, sitemap
from generator.index import build_index
from generator.render import ViewContext

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_lists_the_newest_articles_in_the_views_script(read_fixture, res):
    articles = [
        dataclasses.replace(a, date=f"2021-0{i + 1}-01")
        for i, a in enumerate(read_fixture("photo_title_after.txt").articles)
    ]
    ctx = ViewContext("zh-Hant", res, build_index(articles))
    feed = ET.fromstring(atom_feed(ctx, "https://example.org/a/", "zh-Hant/"))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(articles)
    assert entries[0].find(f"{ATOM}updated").text == f"2021-0{len(articles)}-01T00:00:00Z"
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(link.startswith("https://example.org/a/zh-Hant/articles/") for link in links)
    assert "紅土豆助力致富夢" in [e.find(f"{ATOM}title").text for e in entries]


def test_without_the_sites_address_links_are_relative_and_ids_stay_stable(read_fixture, res):
    articles = [
        dataclasses.replace(a, added="2024-05-01")
        for a in read_fixture("photo_title_after.txt").articles
    ]
    ctx = ViewContext("zh-Hans", res, build_index(articles))
    feed = ET.fromstring(atom_feed(ctx, None, ""))
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href").startswith("articles/")
    assert entry.find(f"{ATOM}id").text.startswith("urn:xizang-archive:zh-Hans:")


def test_the_sitemap_pairs_every_page_with_its_twin(tmp_path):
    for rel in (
        "index.html",
        "about/index.html",
        "zh-Hant/index.html",
        "zh-Hant/about/index.html",
        "search-index/x/index.html",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    root = ET.fromstring(sitemap(tmp_path, "https://example.org/a", load_settings().views))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    assert locs == [
        "https://example.org/a/",
        "https://example.org/a/zh-Hant/",
        "https://example.org/a/about/",
        "https://example.org/a/zh-Hant/about/",
    ]
    alternates = root.find("s:url", ns).findall("x:link", ns)
    assert {(a.get("hreflang"), a.get("href")) for a in alternates} == {
        ("zh-Hans", "https://example.org/a/"),
        ("zh-Hant", "https://example.org/a/zh-Hant/"),
    }


def test_an_undated_entry_is_dated_by_when_its_page_entered_the_archive_or_left_out(
    read_fixture, res
):
    first, second, *rest = read_fixture("photo_title_after.txt").articles
    articles = [
        dataclasses.replace(first, date="2023-01-05"),
        dataclasses.replace(second, added="2024-02-01"),
        *(dataclasses.replace(a, date=None, added=None) for a in rest),
    ]
    text = atom_feed(ViewContext("zh-Hans", res, build_index(articles)), None, "")
    entries = ET.fromstring(text).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}updated").text for e in entries] == [
        "2024-02-01T00:00:00Z",
        "2023-01-05T00:00:00Z",
    ]
    assert "1970" not in text
    assert ET.fromstring(text).find(f"{ATOM}updated").text == "2024-02-01T00:00:00Z"


def test_with_no_date_anywhere_the_feed_has_no_entry_and_no_date(read_fixture, res):
    articles = [
        dataclasses.replace(a, date=None, added=None)
        for a in read_fixture("photo_title_after.txt").articles
    ]
    text = atom_feed(ViewContext("zh-Hans", res, build_index(articles)), None, "")
    assert ET.fromstring(text).findall(f"{ATOM}entry") == [] and "<updated>" not in text
