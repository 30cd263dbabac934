"""The main job on content/: a strict build, both views, links between them, nothing external."""

import re
from pathlib import Path

from .conftest import CONTENT

ARTICLE = "articles/000_5500f5ed390632a4-06/index.html"


def test_both_views_have_every_article(built_site):
    ids = sorted(p.name for p in (built_site / "articles").iterdir())
    assert len(ids) == 16
    assert ids == sorted(p.name for p in (built_site / "zh-Hant" / "articles").iterdir())
    files = sorted(p.name for p in CONTENT.glob("*.txt"))
    assert sorted(p.name for p in (built_site / "originals").glob("*.txt")) == files
    for view in ("", "zh-Hant/"):  # each page's original-text page, in each view
        assert (
            sorted(
                p.parent.name + ".txt"
                for p in (built_site / view / "originals").glob("*/index.html")
            )
            == files
        )


def test_html_lang_and_script_of_each_view(built_site):
    hans = (built_site / ARTICLE).read_text(encoding="utf-8")
    hant = (built_site / "zh-Hant" / ARTICLE).read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in hans and '<html lang="zh-Hant"' in hant
    assert "红土豆助力致富梦" in hans and "紅土豆助力致富夢" in hant


def test_each_page_links_to_the_same_page_in_the_other_script(built_site):
    hans = (built_site / ARTICLE).read_text(encoding="utf-8")
    hant = (built_site / "zh-Hant" / ARTICLE).read_text(encoding="utf-8")
    assert 'href="../../zh-Hant/articles/000_5500f5ed390632a4-06/"' in hans
    assert 'href="../../../articles/000_5500f5ed390632a4-06/"' in hant
    assert 'hreflang="zh-Hant"' in hans


def test_the_archived_original_is_the_page_as_received(built_site):
    for page in CONTENT.glob("*.txt"):
        kept = (built_site / "originals" / page.name).read_bytes()
        assert kept == b"\xef\xbb\xbf" + page.read_bytes().removeprefix(b"\xef\xbb\xbf")


def test_both_views_link_to_the_one_copy_of_each_original(built_site):
    """An article links to its page's original-text page in its own view, and that page to
    the one archived file, in the root view."""
    assert not list((built_site / "zh-Hant" / "originals").glob("*.txt"))
    for view in (built_site, built_site / "zh-Hant"):
        page = view / ARTICLE
        href = re.search(
            r'href="([^"]*originals/[^"#]*)#L\d+"', page.read_text(encoding="utf-8")
        ).group(1)
        original = (page.parent / href / "index.html").resolve()
        assert original.parent.parent == (view / "originals").resolve() and original.is_file(), href
        download = re.search(
            r'href="([^"]*\.txt)" download', original.read_text(encoding="utf-8")
        ).group(1)
        target = (original.parent / download).resolve()
        assert target.parent == (built_site / "originals").resolve() and target.is_file(), download


def test_reader_warnings_and_supplied_titles_are_shown(built_site):
    truncated = (built_site / ARTICLE).read_text(encoding="utf-8")
    assert "原文不完整" in truncated
    garbled = (built_site / "zh-Hant/articles/003_c630fa1ab2720138-01/index.html").read_text(
        encoding="utf-8"
    )
    assert "原文疑有亂碼" in garbled
    untitled = (built_site / "articles/000_5500f5ed390632a4-01/index.html").read_text(
        encoding="utf-8"
    )
    assert "编者拟题" in untitled


def test_region_and_theme_pages_list_their_articles(built_site):
    county = (built_site / "regions/zuogong/index.html").read_text(encoding="utf-8")
    assert "红土豆助力致富梦" in county and "碧土村" in county
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert home.count('href="articles/') >= 16


def test_nothing_is_loaded_from_other_hosts(built_site):
    loads = re.compile(
        r'<(?:script|img|iframe)[^>]+src="(https?:)?//|<link[^>]+href="(https?:)?//[^"]+"[^>]*'
        r'rel="(?:stylesheet|preconnect|preload)"|<link[^>]+rel="(?:stylesheet|preconnect|preload)"'
        r'[^>]+href="(https?:)?//|@import url\((https?:)?//'
    )
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not loads.search(text), html
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html


def test_one_search_index_serves_both_views_and_no_other(built_site):
    index = built_site / "search-index"
    assert [p.name for p in index.iterdir()] == ["undated"]
    shown = {
        view: sorted(p.name for p in (index / "undated" / view).iterdir())
        for view in ("zh-Hans", "zh-Hant")
    }
    assert shown["zh-Hans"] == shown["zh-Hant"] == sorted(f"{n}.json" for n in range(16))
    for root in (built_site, built_site / "zh-Hant"):
        assert not (root / "search" / "search_index.json").exists()  # no Material search
        assert (root / "search" / "index.html").is_file()


def test_charts_per_prefecture_and_county_with_their_data(built_site):
    overview = (built_site / "regions/index.html").read_text(encoding="utf-8")
    assert "各地市报道数量" in overview and "各地市报道中提到的投资与资金（亿元）" in overview
    prefecture = (built_site / "zh-Hant/regions/changdu/index.html").read_text(encoding="utf-8")
    assert (
        "<figcaption>各縣（區）" in prefecture
        and 'class="chart-row"' in prefecture
        and "左貢縣" in prefecture
    )


def chart_rows(html: str, caption: str) -> dict[str, float]:
    """The data table of the chart with this caption: place -> value."""
    at = html.find(f"<figcaption>{caption}")
    if at < 0:
        return {}
    table = html[at : html.index("</table>", at)]
    return {
        m[0]: float(m[1].replace(",", ""))
        for m in re.findall(r"<tr><td>([^<]+)</td><td>([\d,.]+)</td>", table)
    }


def test_investment_charts_add_up(built_site):
    """Each county's bar is what the figures speaking for it add up to; no prefecture's counties
    add up to more than the prefecture's own bar (a region-wide figure is counted once)."""
    import json

    from generator.resources import Resources

    res = Resources()
    figures = [
        f
        for path in sorted((built_site / "data").glob("figures-*.json"))
        for f in json.loads(path.read_text(encoding="utf-8"))
    ]
    assert figures
    prefectures = chart_rows(
        (built_site / "regions/index.html").read_text(encoding="utf-8"),
        "各地市报道中提到的投资与资金（亿元）",
    )
    assert prefectures, "the overview has no investment chart"
    counties_seen = 0
    for region in res.gazetteer.regions.values():
        if region.level != "prefecture" or region.name not in prefectures:
            continue
        page = (built_site / f"regions/{region.slug}/index.html").read_text(encoding="utf-8")
        counties = chart_rows(page, "各县（区）报道中提到的投资与资金（亿元）")
        assert sum(counties.values()) <= prefectures[region.name] + 0.01, (region.name, counties)
        for county, value in counties.items():
            stated = sum(
                f["value"]
                for f in figures
                if f["speaks_for"] == county
                and f["kind"] == "money"
                and f["summed"]
                and f["high"] is None
                and re.search("投资|投入|资金|经费", f["label"])
            )
            below = [
                f
                for f in figures
                if f["speaks_for"]
                in {
                    t.name
                    for towns in res.gazetteer.towns.values()
                    for t in towns
                    if t.county == county
                }
            ]
            if not below:
                assert round(stated / 1e8, 2) == value, county
            counties_seen += 1
    assert counties_seen


def test_the_404_page_speaks_both_scripts_and_links_both_homes(built_site):
    hans = (built_site / "404.html").read_text(encoding="utf-8")
    hant = (built_site / "zh-Hant/404.html").read_text(encoding="utf-8")
    assert "<h1>找不到这个页面</h1>" in hans and "<h1>找不到這個頁面</h1>" in hant
    assert 'href="/zh-Hant/">繁體中文首頁</a>' in hans
    assert 'href="//' not in hans and 'href="//' not in hant


def test_pages_sharing_a_sidebar_keep_links_relative_to_their_own_folder(built_site):
    """Article and people pages are rendered once per folder and filled in
    (generator/builders/mkdocs/plugin.py)."""

    def sidebar(page: Path) -> str:
        html = page.read_text(encoding="utf-8")
        return re.search(
            r'<div class="md-sidebar md-sidebar--primary".*?</nav>', html, re.S
        ).group()

    articles = [sidebar(p) for p in sorted((built_site / "articles").glob("*/index.html"))]
    assert len(articles) == 16 and len(set(articles)) == 1
    assert '<a href="../../people/" class="md-nav__link">' in articles[0]
    person = sidebar(next((built_site / "people").glob("*/index.html")))
    assert '<a href="../" class="md-nav__link">' in person


def test_article_tags_link_to_the_region_and_theme_listings(built_site):
    for root in (built_site, built_site / "zh-Hant"):
        html = (root / ARTICLE).read_text(encoding="utf-8")
        chips = re.search(r'<nav class="md-tags"[^>]*>(.*?)</nav>', html, re.S).group(1)
        links = re.findall(r'<a href="([^"]+)" class="md-tag">', chips)
        assert "../../regions/zuogong/" in links and any(
            link.startswith("../../themes/") for link in links
        )
        for link in links:  # each chip is a page of that view
            assert (root / ARTICLE).parent.joinpath(link, "index.html").resolve().is_file(), link
    assert not (built_site / "tags").exists()


def test_article_bodies_are_the_generators_html_as_written(built_site):
    """generator/builders/mkdocs/plugin.py hands MkDocs the body without Markdown: the page holds it
    byte for byte."""
    docs = built_site.parent / "build" / "docs" / "zh-Hans"
    for source in sorted((docs / "articles").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("---\n", 2)[2].rstrip("\n")
        html = (built_site / "articles" / source.stem / "index.html").read_text(encoding="utf-8")
        assert body in html, source.name


def test_what_the_views_were_made_from_is_freed_in_a_thread_a_page_at_a_time():
    from generator.build import Generated

    results, entries = {"key 1": ["text"], "key 2": ["text"]}, [("entry",), ("entry",)]
    held = [results, entries, ["related"], "pages"]
    done = Generated(
        articles=2, pages=2, errors=0, warnings=0, notices=0, cached=0, written=0, held=held
    )
    done.release().join(timeout=30)
    assert held == [] and results == {} and entries == []


def test_the_build_frees_the_generators_data_once_mkdocs_and_the_index_are_under_way(
    tmp_path, monkeypatch
):
    from generator import build as site

    events = []
    monkeypatch.setattr(site.search, "search_jobs", lambda work, views: [])
    monkeypatch.setattr(
        site.search,
        "index_search",
        lambda work, jobs, timings, views: events.append("index") or True,
    )
    monkeypatch.setattr(site.builder, "build_view", lambda work, name, strict: (name, 1, "", 0.0))
    views = site.load_settings().views
    ok = site.build_views(
        tmp_path, tmp_path / "site", False, views, {}, on_started=lambda: events.append("started")
    )
    assert not ok  # the stand-in MkDocs failed: nothing swapped in
    assert sorted(events) == ["index", "started"] and not (tmp_path / "site").exists()


def test_the_traditional_view_speaks_taiwan_readers_words(built_site):
    hant = (built_site / "zh-Hant/index.html").read_text(encoding="utf-8")
    figures = (built_site / "zh-Hant/figures/index.html").read_text(encoding="utf-8")
    assert "搜尋" in hant and "搜索" not in hant
    assert "報導" in hant and "報道" not in hant
    assert "資料" in figures and "數據" not in figures
    assert "回到頂端" in hant  # Material's own strings, zh-TW
    hans = (built_site / "index.html").read_text(encoding="utf-8")
    assert "搜索" in hans and "最新报道" in hans


def test_traditional_article_text_prints_corner_quotes_and_the_same_figures(built_site):
    hans = (built_site / ARTICLE).read_text(encoding="utf-8")
    hant = (built_site / "zh-Hant" / ARTICLE).read_text(encoding="utf-8")
    assert "“金疙瘩”" in hans and "「金疙瘩」" in hant and "“金疙瘩”" not in hant

    def figures(html: str) -> list[str]:
        table = html[html.index('class="article-figures"') :]
        table = table[: table.index("</table>")]
        return [
            re.findall(r"[\d.,]+", f)
            for f in re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td>", table)
        ]

    assert figures(hans) and figures(hans) == figures(hant)  # the numbers as printed, row by row


def test_the_script_switch_appears_once_on_every_kind_of_page(built_site):
    for rel in (
        "index.html",
        ARTICLE,
        "regions/index.html",
        "search/index.html",
        "figures/index.html",
        "zh-Hant/index.html",
        "404.html",
    ):
        html = (built_site / rel).read_text(encoding="utf-8")
        assert html.count('class="script-switch__link"') == 1, rel
        assert "md-select" not in html, rel  # not Material's language menu beside it


def test_an_investment_chart_says_how_many_figures_and_articles_it_adds_up(built_site):
    html = (built_site / "regions/lasa/index.html").read_text(encoding="utf-8")
    caption = re.search(
        r"<figcaption>各县（区）报道中提到的投资与资金（亿元）：(\d+) 个数字，来自 (\d+) 篇报道</figcaption>",
        html,
    )
    table = html[html.index(caption.group(0)) :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><td>[^<]+</td><td>[\d,.]+</td><td>(\d+)</td><td>(\d+)</td></tr>", table)
    assert rows and sum(int(f) for _, f in rows) == int(caption.group(1))
    assert max(int(a) for a, _ in rows) <= int(caption.group(2)) <= sum(int(a) for a, _ in rows)
