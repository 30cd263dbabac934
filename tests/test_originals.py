"""The original-text page (generator/originals.py)."""

import re

from generator.page import read_one
from generator.index import build_index
from generator.markup import esc
from generator.originals import original_page
from generator.render import ViewContext

from .conftest import FIXTURES


def page(res, name: str, view: str = "zh-Hans") -> tuple[str, object]:
    result = read_one(FIXTURES / name, res)
    ctx = ViewContext(view, res, build_index(result.articles))
    return original_page(result, ctx, f"../{name}.txt"), result


def test_every_line_is_numbered_and_each_article_linked_from_its_lines(res):
    html, result = page(res, "web_portal_meta_and_bars.txt")
    lines = result.page.raw.splitlines()
    assert html.count('class="original-no"') == len(lines)
    assert f'id="L{len(lines)}"' in html
    for article in result.articles:
        line = article.parts[0][0]
        row = re.search(rf'<div class="([^"]*)" id="L{line}">.*?</div>', html).group(0)
        assert f'href="../../articles/{article.id}/"' in row
    assert 'href="../web_portal_meta_and_bars.txt.txt" download' in html


def test_removed_text_is_shown_struck_with_its_reason(res):
    html, result = page(res, "web_portal_meta_and_bars.txt")
    assert result.removed
    reasons = res.settings.removed_reasons
    for item in result.removed[:5]:
        row = re.search(rf'id="L{item.line}">.*?</div>', html).group(0)
        assert "original-removed" in row
        assert reasons.get(item.reason, reasons["other"]) in row


def test_markup_in_a_page_stays_text(res):
    html, _ = page(res, "markup_in_text.txt")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html


def test_a_saved_web_page_shows_the_text_taken_from_it_never_its_html(res):
    html, result = page(res, "saved_page_continued.html")
    assert result.page.format == "html"
    assert "<html" not in html.lower() and "&lt;html" not in html.lower()
    assert html.count('class="original-no"') == len(result.page.text.splitlines())
    assert "网页原件" in html


def test_the_traditional_views_page_speaks_its_words_and_keeps_the_text_as_archived(res):
    html, result = page(res, "web_portal_meta_and_bars.txt", "zh-Hant")
    assert "存檔原文" in html
    first = next(line for line in result.page.raw.splitlines() if line.strip())
    assert esc(first) in html  # simplified as archived, not converted
