"""Views come from site data alone: a third view (Hong Kong's forms, s2hk) from a copy of
site-data with one more entry under `views`, and no code naming it."""

import re
import shutil
from collections import Counter

import pytest
import yaml

from generator.cli import main
from generator.config import SITE_DATA

from .conftest import CONTENT, dated_archive

HONG_KONG = {
    "lang": "zh-HK",
    "switch": "香港繁體",
    "home": "香港繁體首頁",
    "prefix": "zh-HK",
    "site_name": "西藏鄉村振興新聞檔案",
    "description": "西藏鄉村振興新聞報道檔案。",
    "convert": "s2hk",
    "interface": {"convert": "s2hk"},
    "theme_strings": "zh-Hant",
    "corner_quotes": True,
}


@pytest.fixture(scope="module")
def three_views(tmp_path_factory):
    base = tmp_path_factory.mktemp("views")
    site_data = base / "site-data"
    shutil.copytree(SITE_DATA, site_data)
    config = yaml.safe_load((site_data / "site.yaml").read_text(encoding="utf-8"))
    config["views"].append(HONG_KONG)
    (site_data / "site.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    assert (
        main(
            [
                "build",
                "--content",
                str(CONTENT),
                "--site-data",
                str(site_data),
                "--site-dir",
                str(base / "site"),
                "--work-dir",
                str(base / "build"),
                "--site-url",
                "https://example.org/a/",
            ]
        )
        == 0
    )
    return base / "site"


ARTICLE = "articles/000_5500f5ed390632a4-06/index.html"


def test_a_third_view_is_built_from_site_data_alone(three_views):
    hk = (three_views / "zh-HK" / ARTICLE).read_text(encoding="utf-8")
    assert '<html lang="zh-HK"' in hk
    assert "紅土豆助力致富夢" in hk and "「金疙瘩」" in hk
    assert "<title>" in hk and "西藏鄉村振興新聞檔案" in hk
    assert (three_views / "zh-HK/originals/000_5500f5ed390632a4/index.html").is_file()
    assert (three_views / "zh-HK/feed.xml").is_file() and (
        three_views / "zh-HK/sitemap.xml"
    ).is_file()


def test_every_view_links_the_others_and_the_sitemap_pairs_all_three(three_views):
    for root, expected in (
        ("", {"zh-Hant/", "zh-HK/"}),
        ("zh-Hant/", {"../", "../zh-HK/"}),
        ("zh-HK/", {"../", "../zh-Hant/"}),
    ):
        page = (three_views / root / "index.html").read_text(encoding="utf-8")
        links = {
            a.split('href="')[1].split('"')[0].removeprefix("./").removeprefix(".") or "./"
            for a in page.split("script-switch__link")[1:]
        }
        assert len(links) == 2, (root, links)
    sitemap = (three_views / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="zh-HK" href="https://example.org/a/zh-HK/articles/' in sitemap
    assert "<loc>https://example.org/a/zh-HK/about/</loc>" in sitemap


def test_the_data_files_carry_every_views_title_and_address(three_views):
    files = sorted((three_views / "data").glob("articles-*.csv"))
    assert files
    for path in files:
        header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        wanted = {"display_title_zh_hant", "display_title_zh_hk", "url_zh_hant", "url_zh_hk"}
        assert wanted <= set(header), path.name


def test_the_search_index_holds_each_views_result_files(three_views):
    for name in ("zh-Hans", "zh-Hant", "zh-HK"):
        files = list((three_views / "search-index").glob(f"*/{name}/*.json"))
        assert len(files) == 16, name
    shown = next((three_views / "search-index").glob("*/zh-HK/0.json")).read_text(encoding="utf-8")
    assert "鄉" in shown or "產" in shown or "區" in shown


def test_a_views_files_of_one_page_are_made_from_one_load_of_its_text(tmp_path, monkeypatch):
    from generator import build, workers
    from generator.cache import PageCache

    loads = []
    kept_result = PageCache.result
    monkeypatch.setattr(workers, "can_fork", lambda: False)  # the views one after the other
    build.generate(CONTENT, tmp_path / "work")  # read: the cache now holds every page
    shutil.rmtree(tmp_path / "work" / "docs")
    shutil.rmtree(tmp_path / "work" / "search")
    monkeypatch.setattr(
        PageCache, "result", lambda self, entry: loads.append(entry.key) or kept_result(self, entry)
    )
    done = build.generate(CONTENT, tmp_path / "work")
    views = len(yaml.safe_load((SITE_DATA / "site.yaml").read_text(encoding="utf-8"))["views"])
    # per view, each page's text at most twice: for the feed (the newest articles) and for the
    # docs folder (its articles and its original, made together); what the search's results
    # show was kept when the page was read
    assert len(set(loads)) == done.pages
    assert max(Counter(loads).values()) == 2 * views
    assert len(list((tmp_path / "work" / "search").glob("*/*/*.json"))) == views * done.articles


def test_a_views_pages_are_made_last_page_first(tmp_path, monkeypatch):
    """The cache is read back in the order opposite to its writing: in an archive larger than
    memory, the pages kept last are those the system still holds."""
    from generator import build, workers
    from generator.cache import PageCache

    monkeypatch.setattr(workers, "can_fork", lambda: False)  # the views one after the other
    build.generate(CONTENT, tmp_path / "work")
    shutil.rmtree(tmp_path / "work" / "docs")
    read, loads = [], []
    kept_get, kept_result = PageCache.get, PageCache.result
    monkeypatch.setattr(
        PageCache, "get", lambda self, path, key: read.append(key) or kept_get(self, path, key)
    )
    monkeypatch.setattr(
        PageCache, "result", lambda self, entry: loads.append(entry.key) or kept_result(self, entry)
    )
    build.generate(CONTENT, tmp_path / "work")
    assert len(read) == len(set(read)) > 2
    made = list(dict.fromkeys(loads[-len(read) :]))  # the last view's docs, after its feed
    assert made == read[::-1]


def test_a_year_past_the_figures_table_limit_is_published_month_by_month(tmp_path):
    """The figures page's parts beside it: each month of a year holding more figures than
    figures_table_rows (site.yaml) and none of the whole year; the page offers those months."""
    from generator import build

    content, site_data = dated_archive(
        tmp_path,
        {"001_18fdfa43ce83c0de": "2022-03-05", "002_47b14402c1a80d79": "2022-11-20"},
        figures_table_rows=10,
    )
    assert build.generate(content, tmp_path / "work", site_data=site_data) is not None
    for view in ("zh-Hans", "zh-Hant"):
        figures = tmp_path / "work" / "docs" / view / "figures"
        assert sorted(p.name for p in figures.glob("*.json")) == ["2022-03.json", "2022-11.json"]
        page = (figures / "index.md").read_text(encoding="utf-8")
        years = re.search(r"<select data-year>(.*?)</select>", page).group(1)
        assert re.findall(r'<option value="([^"]*)">2022年(\d+)月', years) == [
            ("2022-11", "11"),
            ("2022-03", "3"),
        ]
        assert years.startswith('<optgroup label="2022（')
