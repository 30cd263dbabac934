"""A reader in headless Chromium (Debian's chromium, driven by Playwright)."""

import json
import os
import re
import shutil

import pytest

from .conftest import CONTENT, dated_archive, serving

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTICLE = "articles/000_5500f5ed390632a4-06/"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert path, (
        "Debian's chromium is not installed: run 'make test' as root or 'apt-get install chromium'"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside = []
    page.on("request", lambda r: None if r.url.startswith(site_url) else outside.append(r.url))
    yield page
    context.close()
    assert outside == [], f"the site asked other hosts: {outside}"


def search(page, site_url, query="", view="", **filters):
    """Open the search page with this query and filters; the results once the search is done."""
    from urllib.parse import urlencode

    params = urlencode({"q": query, **filters})
    page.goto(f"{site_url}/{view}search/?{params}")
    page.wait_for_selector(".archive-search[data-state=done]", timeout=30000)
    return page.locator(".archive-result")


def found(page) -> list[str]:
    """Every result's article address (all pages of results)."""
    while page.locator(".archive-search__more").is_visible():
        page.locator(".archive-search__more").click()  # the search is busy until they are shown
        page.wait_for_selector(".archive-search[data-state=done]", timeout=30000)
    return [
        a.split("/articles/")[1]
        for a in page.locator(".archive-result__title").evaluate_all(
            "links => links.map(a => a.href)"
        )
    ]


def test_switch_script_on_an_article_and_back(page, site_url):
    page.goto(f"{site_url}/{ARTICLE}")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "红土豆助力致富梦"
    page.locator(".script-switch__link").click()
    page.wait_for_load_state()
    assert page.url == f"{site_url}/zh-Hant/{ARTICLE}"
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.locator("h1").inner_text() == "紅土豆助力致富夢"
    assert "駐村工作隊" in page.locator("article").inner_text()
    page.locator(".script-switch__link").click()
    page.wait_for_load_state()
    assert page.url == f"{site_url}/{ARTICLE}"


def test_find_the_article_by_a_word_from_it_in_both_views(page, site_url):
    page.goto(f"{site_url}/")
    page.keyboard.press("/")  # the header box takes the cursor
    page.keyboard.type("土豆")
    page.keyboard.press("Enter")
    page.wait_for_selector(".archive-search[data-state=done]", timeout=30000)
    results = page.locator(".archive-result")
    assert "红土豆助力致富梦" in results.first.locator(".archive-result__title").inner_text()
    assert results.first.locator("mark").first.inner_text() == "土豆"
    page.locator(".archive-search__input").press("ArrowDown")  # keyboard down to the first result
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{site_url}/{ARTICLE}")

    results = search(page, site_url, "土豆", view="zh-Hant/")
    first = results.first
    assert "紅土豆助力致富夢" in first.locator(".archive-result__title").inner_text()
    assert "土豆" in first.locator(".archive-result__excerpt mark").first.inner_text()
    # place, in the view's script
    assert "左貢縣" in first.locator(".archive-result__meta").inner_text()


def article_texts(site) -> dict[str, str]:
    """What each article of a built site says, by its address under articles/: not the links,
    figures table or byline around it."""
    texts = {}
    for path in (site / "articles").glob("*/index.html"):
        body = path.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        body = re.sub(
            r'<div class="article-links".*|<details class="article-figures".*?</details>'
            r'|<p class="article-byline">.*?</p>|<nav class="md-tags".*?</nav>',
            "",
            body,
            flags=re.S,
        )
        texts[path.parent.name + "/"] = re.sub(r"<[^>]+>", "", body)
    return texts


@pytest.mark.parametrize("index", ["one shard", "shards and chunks"])
def test_a_query_finds_exactly_the_articles_holding_it(browser, request, index):
    if index == "one shard":
        url, site = request.getfixturevalue("site_url"), request.getfixturevalue("built_site")
    else:
        url, site = request.getfixturevalue("sharded_site")
    texts = article_texts(site)
    page = browser.new_page()
    for query in ("拉萨市", "脱贫", "合作社", "2021年", "藏", "工作"):
        search(page, url, query)
        holding = {slug for slug, text in texts.items() if query in text}
        assert set(found(page)) == holding, query
        assert holding, query
    page.close()


def test_a_common_phrase_fetches_the_newest_chunks_until_a_page_is_found(browser, sharded_site):
    url, site = sharded_site
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    query = "工作"  # in 14 of the 16 articles
    results = search(page, url, query)
    box = page.locator(".archive-search")
    first = [a for a in asked if "/c/" in a]
    assert results.count() == 10 and box.get_attribute("data-complete") == "false"
    assert page.locator(".archive-search__status").inner_text().startswith("至少找到 10")
    everything = found(page)
    assert box.get_attribute("data-complete") == "true"
    assert first and len([a for a in asked if "/c/" in a]) > len(first)
    holding = {slug for slug, text in article_texts(site).items() if query in text}
    assert len(everything) == len(set(everything)) and set(everything) == holding
    page.close()


def test_article_reads_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the article page scrolls sideways on a phone"
    assert page.locator(".script-switch__link").is_visible()
    context.close()


@pytest.fixture(scope="module")
def markup_site_url(tmp_path_factory):
    """A site built from a page whose text is full of HTML, Markdown and template syntax."""
    from generator.cli import main

    from .conftest import FIXTURES

    base = tmp_path_factory.mktemp("markup")
    content = base / "content"
    content.mkdir()
    (content / "markup.txt").write_text(
        (FIXTURES / "markup_in_text.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert (
        main(
            [
                "build",
                "--content",
                str(content),
                "--site-dir",
                str(base / "site"),
                "--work-dir",
                str(base / "build"),
            ]
        )
        == 0
    )
    with serving(base / "site") as url:
        yield url


def test_no_script_from_content_runs_and_the_markup_reads_as_text(browser, markup_site_url):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{markup_site_url}/articles/markup-01/")
    page.wait_for_load_state("networkidle")
    text = page.locator("article").inner_text()
    assert dialogs == []
    assert "标题<script>alert(1)</script>测试" in page.locator("h1").inner_text()
    assert "<img src=x onerror=alert(2)>" in text
    assert "[链接](javascript:alert(3))" in text and "{{ config.site_name }}" in text
    assert page.locator("article a[href^='javascript']").count() == 0
    assert page.locator("article img").count() == 0
    assert "# 这一行以井号开头" in text
    search(page, markup_site_url, "正文里有")  # and as a search result
    result = page.locator(".archive-result")
    assert (
        "标题<script>alert(1)</script>测试" in result.locator(".archive-result__title").inner_text()
    )
    assert "<img src=x onerror=alert(2)>" in result.locator(".archive-result__excerpt").inner_text()
    assert result.locator("img, script").count() == 0 and dialogs == []
    page.close()


def test_figures_table_filters_sorts_and_links_the_downloads(page, site_url):
    import urllib.request

    page.goto(f"{site_url}/zh-Hant/figures/")
    page.wait_for_selector("table[data-figures] tbody tr")
    rows = page.locator("table[data-figures] tbody tr")
    total = int(page.locator("[data-count]").inner_text().split("/")[1])
    assert total > 100 and rows.count() == 100
    page.select_option("select[data-filter=regions]", "左贡县")
    assert 0 < rows.count() < 20
    assert all(
        "紅土豆" in t or "深入開展" in t for t in rows.locator("td:first-child").all_inner_texts()
    )
    page.locator("th[data-col='2'] button").click()
    page.locator("th[data-col='2'] button").click()  # descending by value
    values = [float(v.replace(",", "")) for v in rows.locator("td.figure-value").all_inner_texts()]
    assert values == sorted(values, reverse=True)
    page.select_option("select[data-filter=regions]", "")
    years = page.locator("select[data-year] option").evaluate_all("os => os.map(o => o.value)")
    assert years[0] == "" and len(years) >= 2  # every year, then each one
    counted = 0
    for year in years[1:]:
        page.select_option("select[data-year]", year)
        expected = int(
            page.locator(f"select[data-year] option[value='{year}']")
            .inner_text()
            .split("（")[1]
            .rstrip("）")
            .replace(",", "")
        )
        page.wait_for_function(
            f"document.querySelector('[data-count]').textContent.endsWith('/ {expected}')"
        )
        counted += expected
        shown = [
            float(v.replace(",", "")) for v in rows.locator("td.figure-value").all_inner_texts()
        ]
        assert shown == sorted(shown, reverse=True)  # the sort holds for each year's rows
    assert counted == total
    for link in page.locator(".figure-downloads a").all():
        href = link.evaluate("a => a.href")
        with urllib.request.urlopen(href) as response:
            assert response.status == 200 and response.read(100)


def test_a_query_in_either_script_finds_the_same_in_both_views(page, site_url):
    for queries in (("乡村振兴", "鄉村振興"), ("驻村工作队", "駐村工作隊")):
        hits = {}
        for view in ("", "zh-Hant/"):
            for query in queries:
                search(page, site_url, query, view=view)
                hits[view, query] = sorted(found(page))
        first = next(iter(hits.values()))
        assert len(first) > 1 and all(v == first for v in hits.values()), hits


def test_filters_by_county_and_theme_narrow_the_results(page, site_url):
    everything = search(page, site_url, view="zh-Hant/", prefecture="昌都市").count()
    search(page, site_url, "", view="zh-Hant/", prefecture="昌都市", county="左贡县")
    by_county = found(page)
    assert 0 < len(by_county) < everything
    county = page.locator("select[name=county]")
    assert county.input_value() == "左贡县"
    assert county.locator("option:checked").inner_text() == "左貢縣"
    hidden = county.locator("option[data-parent]:not([data-parent='昌都市'])")
    assert hidden.count() and all(o.evaluate("o => o.hidden") for o in hidden.all())
    label = page.locator(".archive-result__meta").first.inner_text().split(" · ")[-1].split("、")[0]
    theme = page.locator("select[name=theme] option", has_text=label).get_attribute("value")
    search(page, site_url, "", view="zh-Hant/", county="左贡县", theme=theme)
    narrowed = found(page)
    assert all(label in meta for meta in page.locator(".archive-result__meta").all_inner_texts())
    search(page, site_url, "", view="zh-Hant/", theme=theme)
    assert narrowed and set(narrowed) == set(by_county) & set(found(page))


def test_search_page_works_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_url}/")
    with page.expect_navigation():
        page.locator(".archive-header-search__button").click()
    page.locator(".archive-search__input").fill("乡村振兴")
    page.wait_for_selector(".archive-search[data-state=done]", timeout=30000)
    assert page.locator(".archive-result").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """content/ with its pages dated in three years, a shard limit of 5 articles and chunks of
    16 bytes: the search index comes in several shards that the search page merges, and a
    common term's entry in several chunks that it fetches newest first."""
    from generator.cli import main
    from generator.config import ROOT

    base = tmp_path_factory.mktemp("sharded")
    site_data = base / "site-data"
    shutil.copytree(ROOT / "site-data", site_data)
    settings = (site_data / "site.yaml").read_text(encoding="utf-8")
    assert "\nsearch_chunk_bytes: 4096\n" in settings
    (site_data / "site.yaml").write_text(
        settings.replace("\nsearch_chunk_bytes: 4096\n", "\nsearch_chunk_bytes: 16\n"),
        encoding="utf-8",
    )
    content = base / "content"
    content.mkdir()
    for n, page in enumerate(sorted((ROOT / "content").glob("*.txt"))):
        text = page.read_text(encoding="utf-8")
        (content / page.name).write_text(
            f"---\ndate: {2019 + n % 3}-0{1 + n}-15\n---\n{text}", encoding="utf-8"
        )
    assert (
        main(
            [
                "build",
                "--content",
                str(content),
                "--site-dir",
                str(base / "site"),
                "--work-dir",
                str(base / "build"),
                "--search-shard-articles",
                "5",
                "--site-data",
                str(site_data),
            ]
        )
        == 0
    )
    with serving(base / "site") as url:
        yield url, base / "site"


@pytest.fixture(scope="module")
def many_shards_site(tmp_path_factory):
    """40 of the benchmark's long articles over ten years, with a shard limit of 3 articles:
    15 shards, every article holding 脱贫."""
    from bench.synth import make
    from generator.cli import main

    base = tmp_path_factory.mktemp("many-shards")
    make(base / "content", 40, "mixed")
    folders = ["--site-dir", str(base / "site"), "--work-dir", str(base / "build")]
    args = ["build", "--content", str(base / "content"), *folders, "--search-shard-articles", "3"]
    assert main(args) == 0
    with serving(base / "site") as url:
        yield url, base / "site"


def test_a_year_chosen_is_looked_up_only_in_its_shards(browser, many_shards_site):
    url, _ = many_shards_site
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    search(page, url, "", year="2019")
    found(page)
    read = {u.split("/search-index/")[1].split("/")[0] for u in asked if "/t/" in u}
    assert read == {"2019-1", "2019-2"}
    dates = page.locator(".archive-result__meta").all_inner_texts()
    assert len(dates) == 6 and all(d.startswith("2019-") for d in dates)  # 3 in each
    page.close()


def test_shards_are_read_newest_first_until_a_page_of_results_is_found(browser, many_shards_site):
    url, site = many_shards_site
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))

    def shards_read() -> set[str]:
        return {u.split("/search-index/")[1].split("/")[0] for u in asked if "/t/" in u}

    results = search(page, url, "脱贫")
    box = page.locator(".archive-search")
    shards = [shard[0] for shard in json.loads(box.get_attribute("data-shards"))]
    first = shards_read()
    assert len(shards) == 15 and results.count() == 10
    assert box.get_attribute("data-complete") == "false"
    assert first == set(shards[: len(first)]) and len(first) < len(shards)  # the newest only
    everything = found(page)
    assert shards_read() == set(shards) and box.get_attribute("data-complete") == "true"
    holding = {slug for slug, text in article_texts(site).items() if "脱贫" in text}
    assert len(holding) == 40 and sorted(everything) == sorted(holding)
    page.close()


def test_a_search_across_shards_finds_what_one_index_finds(page, site_url, browser, sharded_site):
    url, site = sharded_site
    assert len(list((site / "search-index").iterdir())) >= 3
    other = browser.new_page()
    for query in ("乡村振兴", "駐村工作隊"):
        search(page, site_url, query)  # content/ in one shard
        whole = sorted(found(page))
        search(other, url, query, view="zh-Hant/")  # the same pages in several
        assert sorted(found(other)) == whole and whole, query
    search(other, url, "", year="2020")
    dates = other.locator(".archive-result__meta").all_inner_texts()
    assert dates and all(d.startswith("2020-") for d in dates)
    search(other, url, "乡村振兴", sort="date")  # newest first, across the shards
    found(other)
    dates = [
        meta.split(" · ")[0] for meta in other.locator(".archive-result__meta").all_inner_texts()
    ]
    assert len(set(dates)) >= 3 and dates == sorted(dates, reverse=True)
    other.close()


def test_the_archived_original_reads_in_the_browser(page, site_url):
    """Served as text/plain without a charset, the original still reads as Chinese (its BOM)."""
    first = sorted(CONTENT.glob("*.txt"))[0]
    page.goto(f"{site_url}/originals/{first.name}")
    shown = page.inner_text("body")
    expected = first.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    assert expected and expected[:10] in shown, shown[:200]


# --- every kind of page, both views: no failed request, no console error, no serious axe finding

AXE = os.path.join(os.path.dirname(__file__), "browser", "node_modules", "axe-core", "axe.min.js")
KINDS = {
    "home": "",
    "article": ARTICLE,
    "search": "search/?q=%E5%9C%9F%E8%B1%86",
    "regions": "regions/",
    "region": "regions/rikaze/",
    "theme": "themes/industry/",
    "figures": "figures/",
    "years": "years/",
    "people": "people/",
    "about": "about/",
    "original": "originals/000_5500f5ed390632a4/",
}


@pytest.fixture(scope="module")
def addressed_site_url(tmp_path_factory):
    """content/ built with the address it is served at (site_url): sitemap, absolute feed
    links."""
    from generator.cli import main

    base = tmp_path_factory.mktemp("addressed")
    (base / "site").mkdir()
    with serving(base / "site") as url:
        assert (
            main(
                [
                    "build",
                    "--site-dir",
                    str(base / "site"),
                    "--work-dir",
                    str(base / "build"),
                    "--site-url",
                    url + "/",
                ]
            )
            == 0
        )
        yield url


def open_quietly(browser, url: str, width: int = 1280, scheme: str = "light"):
    """The page at ``url`` loaded; what went wrong meanwhile (failed requests, HTTP errors,
    console errors and warnings, uncaught exceptions)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    wrong = []
    page.on("requestfailed", lambda r: wrong.append(f"failed {r.url}"))
    page.on("response", lambda r: wrong.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on(
        "console",
        lambda m: (
            wrong.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: wrong.append(f"exception {e}"))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "/search/" in url:
        page.wait_for_selector(".archive-search[data-state=done]", timeout=30000)
    return context, page, wrong


@pytest.mark.parametrize("view", ["", "zh-Hant/"])
def test_no_page_fails_a_request_or_logs_an_error_with_or_without_the_sites_address(
    browser, site_url, addressed_site_url, view
):
    for base in (site_url, addressed_site_url):
        for kind, path in KINDS.items():
            context, page, wrong = open_quietly(browser, f"{base}/{view}{path}")
            seen = list(wrong)  # before closing, which may cut off what is still loading
            context.close()
            assert seen == [], (base, kind, seen)


@pytest.mark.parametrize("view", ["", "zh-Hant/"])
@pytest.mark.parametrize("width,scheme", [(1280, "light"), (390, "dark")])
def test_no_serious_accessibility_finding_on_any_kind_of_page(
    browser, site_url, view, width, scheme
):
    assert os.path.exists(AXE), (
        "axe-core is not installed: run 'make test' (it runs npm ci in tests/browser)"
    )
    findings = {}
    for kind in ("home", "article", "search", "region", "theme", "figures", "original"):
        context, page, _ = open_quietly(browser, f"{site_url}/{view}{KINDS[kind]}", width, scheme)
        page.add_script_tag(path=AXE)
        found = page.evaluate("""async () =>
            (await axe.run(document, {resultTypes: ["violations"]}))
            .violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)""")
        context.close()
        if found:
            findings[kind] = found
    assert findings == {}


def test_the_palette_follows_the_system_and_the_toggle_switches_it(browser, site_url):
    context, page, _ = open_quietly(browser, f"{site_url}/{ARTICLE}", scheme="dark")

    def scheme():
        return page.evaluate("document.body.getAttribute('data-md-color-scheme')")

    assert scheme() == "slate"
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    assert scheme() == "default"
    context.close()
    context, page, _ = open_quietly(browser, f"{site_url}/zh-Hant/", scheme="light")
    assert scheme() == "default"
    assert (
        page.locator("label.md-header__button[for^='__palette']:visible").get_attribute("title")
        == "切換到深色模式"
    )
    context.close()


def test_chart_labels_are_at_least_12px_on_a_phone(browser, site_url):
    context, page, _ = open_quietly(browser, f"{site_url}/zh-Hant/regions/", width=390)
    sizes = page.locator(".chart-label, .chart-value").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 12, sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_countys_bar_is_the_sum_of_the_figures_that_speak_for_it(browser, site_url, built_site):
    context, page, _ = open_quietly(browser, f"{site_url}/regions/lasa/")
    figures = [
        f
        for path in sorted((built_site / "data").glob("figures-*.json"))
        for f in page.evaluate(
            "async (name) => (await fetch('../../data/' + name)).json()", path.name
        )
    ]
    chart = page.locator("figure.chart-figure", has_text="投资与资金")
    rows = chart.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    assert rows
    for county, value, articles, count in rows:
        mine = [
            f
            for f in figures
            if f["speaks_for"] == county
            and f["kind"] == "money"
            and f["summed"]
            and f["high"] is None
            and re.search("投资|投入|资金|经费", f["label"])
        ]
        assert round(sum(f["value"] for f in mine) / 1e8, 2) == float(value), county
        assert int(count) == len(mine) and int(articles) == len({f["article"] for f in mine})
    context.close()


def test_copy_link_copies_the_articles_address(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}/{ARTICLE}")
    button = page.locator(".article-copy-link")
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}/{ARTICLE}"
    assert button.inner_text() == "已复制链接"
    context.close()


def test_an_article_prints_without_the_sites_chrome_and_with_its_address(browser, site_url):
    context, page, _ = open_quietly(browser, f"{site_url}/{ARTICLE}")
    page.emulate_media(media="print")
    assert (
        not page.locator(".md-header").is_visible() and not page.locator(".md-footer").is_visible()
    )
    assert page.locator(".article-print-address").inner_text().endswith(f"{site_url}/{ARTICLE}")
    assert page.locator(".article-byline").is_visible()
    context.close()


def test_the_original_text_page_links_each_article_and_its_file(browser, site_url):
    context, page, wrong = open_quietly(
        browser, f"{site_url}/zh-Hant/originals/000_5500f5ed390632a4/"
    )
    assert wrong == []
    assert page.locator("h1").inner_text() == "存檔原文"
    first = page.locator(".original-article").first
    first.click()
    page.wait_for_load_state()
    assert "/zh-Hant/articles/000_5500f5ed390632a4-01/" in page.url
    page.go_back()
    assert (
        page.locator("a[download]")
        .get_attribute("href")
        .endswith("originals/000_5500f5ed390632a4.txt")
    )
    context.close()


def test_the_figures_read_the_same_in_both_views(browser, site_url):
    numbers = []
    for view in ("", "zh-Hant/"):
        context, page, _ = open_quietly(
            browser, f"{site_url}/{view}articles/000_5500f5ed390632a4-04/"
        )
        page.locator(".article-figures summary").click()
        cells = page.locator(".article-figures tbody tr td:nth-child(2)").all_inner_texts()
        numbers.append([re.findall(r"[\d.,]+", c) for c in cells])
        context.close()
    assert numbers[0] and numbers[0] == numbers[1]


def test_a_large_year_of_figures_is_browsed_month_by_month(browser, tmp_path):
    """Past figures_table_rows (10 here), the year menu offers the year's months: the newest
    month's rows load first, and another month's when it is chosen, as many as its label says."""
    from generator.cli import main

    content, site_data = dated_archive(
        tmp_path,
        {"001_18fdfa43ce83c0de": "2022-03-05", "000_5500f5ed390632a4": "2022-11-20"},
        figures_table_rows=10,
    )
    site = tmp_path / "site"
    argv = ["build", "--content", str(content), "--site-data", str(site_data)]
    assert main([*argv, "--site-dir", str(site), "--work-dir", str(tmp_path / "build")]) == 0
    page = browser.new_page()
    try:
        with serving(site) as url:
            page.goto(f"{url}/zh-Hant/figures/")
            group = page.locator("select[data-year] optgroup")
            assert group.get_attribute("label").startswith("2022（")
            months = group.locator("option").evaluate_all("os => os.map(o => [o.value, o.text])")
            assert [value for value, _ in months] == ["2022-11", "2022-03"]
            for value, label in months:
                page.select_option("select[data-year]", value)
                expected = int(label.split("（")[1].rstrip("）").replace(",", ""))
                page.wait_for_function(
                    f"document.querySelector('[data-count]').textContent.endsWith('/ {expected}')"
                )
            assert (
                sum(int(label.split("（")[1].rstrip("）").replace(",", "")) for _, label in months)
                > 10
            )
    finally:
        page.close()
