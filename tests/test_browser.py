"""A reader in headless Chromium (Debian's chromium, driven by Playwright)."""
import os
import shutil

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTICLE = "articles/000_5500f5ed390632a4-06/"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    assert path, "Debian's chromium is not installed: run 'make test' as root or 'apt-get install chromium'"
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


def visible(text: str) -> str:
    """Text as a reader sees it: without the zero-width word marks of the search index."""
    return text.replace("\u200b", "")


def search(page, query):
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")               # what typing through an input method ends with
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    return page.locator(".md-search-result__item")


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
    results = search(page, "土豆")
    assert "红土豆助力致富梦" in visible(results.first.inner_text())
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{site_url}/{ARTICLE}")

    page.goto(f"{site_url}/zh-Hant/")
    results = search(page, "土豆")
    assert "紅土豆助力致富夢" in visible(results.first.inner_text())


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
    import functools
    import http.server
    import threading

    from generator.cli import main

    from .conftest import FIXTURES, QuietHandler

    base = tmp_path_factory.mktemp("markup")
    content = base / "content"
    content.mkdir()
    (content / "markup.txt").write_text((FIXTURES / "markup_in_text.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    assert main(["build", "--content", str(content), "--site-dir", str(base / "site"),
                 "--work-dir", str(base / "build")]) == 0
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(base / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


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
    assert all("紅土豆" in t or "深入開展" in t for t in rows.locator("td:first-child").all_inner_texts())
    page.locator("th[data-col='2'] button").click()
    page.locator("th[data-col='2'] button").click()          # descending by value
    values = [float(v.replace(",", "")) for v in rows.locator("td.figure-value").all_inner_texts()]
    assert values == sorted(values, reverse=True)
    for link in page.locator(".figure-downloads a").all():
        href = link.evaluate("a => a.href")
        with urllib.request.urlopen(href) as response:
            assert response.status == 200 and response.read(100)


def result_count(page) -> str:
    page.wait_for_function("document.querySelector('.md-search-result__meta').innerText.match(/\\d/)")
    return "".join(ch for ch in page.locator(".md-search-result__meta").inner_text() if ch.isdigit())


def test_a_query_in_either_script_finds_the_same_in_both_views(page, site_url):
    counts = {}
    for view, query in (("", "乡村振兴"), ("", "鄉村振興"), ("zh-Hant/", "乡村振兴"), ("zh-Hant/", "鄉村振興")):
        page.goto(f"{site_url}/{view}")
        search(page, query)
        shown = page.locator("input.md-search__input").input_value()
        assert shown == ("鄉村振興" if view else "乡村振兴")       # the query, in the view's script
        counts[view, query] = result_count(page)
    assert len(set(counts.values())) == 1 and int(next(iter(counts.values()))) > 10, counts
