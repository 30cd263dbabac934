import unicodedata
from collections import Counter

import pytest

from generator.build import read_one
from generator.clean import clean_page, full_width, garbled_spans
from generator.read import read_page

from .conftest import CONTENT, FIXTURES


def chars(text: str) -> Counter:
    return Counter(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def accounted(result) -> Counter:
    """Every character the reading keeps: article fields and blocks, and removed spans."""
    out = Counter()
    for a in result.articles:
        for text in (a.kicker, a.title, a.byline, a.subtitle):
            out += chars(text or "")
        for block in a.blocks:
            out += chars(block.text)
    for removed in result.removed:
        out += chars(removed.text)
    return out


@pytest.mark.parametrize("path", sorted(CONTENT.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")),
                         ids=lambda p: p.name)
def test_every_character_of_a_page_is_in_an_article_or_removed_with_a_reason(path, res):
    result = read_one(path, res)
    assert accounted(result) == chars(result.page.text)
    assert all(r.reason for r in result.removed)


def test_cases_punctuation(cases):
    for raw, want in cases["punctuation"]:
        assert full_width(raw, []) == want, raw


def test_pinyin_is_removed_and_reported(res):
    clean = clean_page(read_page(FIXTURES / "pinyin_and_garbled.txt"), res)
    assert clean.lines[0].text.startswith("竹瓦根鎮凝聚鄉村振興")
    assert [r.text for r in clean.removed if r.line == 1] == ["(zhèn)", "(xiāng)", "(qiáng)"]
    assert {r.reason for r in clean.removed} == {"pinyin"}


def test_garbled_spans_are_quoted_and_kept_in_the_text(res):
    clean = clean_page(read_page(FIXTURES / "pinyin_and_garbled.txt"), res)
    quoted = [n.message for n in clean.notices if n.code == "garbled"]
    assert len(quoted) == 2
    assert "“?yōu)槿缃竦摹褒R”" in quoted[0]
    assert "“?shù)刂卮箜?xiàng)”" in quoted[1]
    assert "?yōu)槿缃竦摹褒R亮美" in clean.lines[1].text


@pytest.mark.parametrize("text", [
    "村民用糌粑和酥油招待客人，氆氇织机声声响。",
    "山南市唯吼手工编织专业合作社工作人员正在编织靠垫。",
    "林芝市大力发展藏猪养殖、茶叶、林下资源和枸杞产业。",
])
def test_ordinary_text_with_rare_characters_is_not_garbled(text, res):
    assert garbled_spans(text, res, "zh-Hans") == []


def test_web_page_chrome_teasers_and_copyright_are_removed(res):
    clean = clean_page(read_page(FIXTURES / "web_page_teasers.txt"), res)
    reasons = {r.text[:8]: r.reason for r in clean.removed}
    assert clean.publisher == "中國西藏網"
    assert reasons["拉薩林周三巖片區"] == "teaser"
    assert reasons["“小樹莓”開辟致"] == "teaser"
    assert reasons["-"] == "navigation"
    assert [ln.text[:6] for ln in clean.lines] == ["拉薩市城關區", "西藏拉薩城關", "具體做法", "——高起點謀"]


def test_epaper_navigation_keeps_the_edition_page(res):
    clean = clean_page(read_page(CONTENT / "001_18fdfa43ce83c0de.txt"), res)
    assert clean.edition_page == "020"
    assert [r.reason for r in clean.removed] == ["navigation"] * 4


def test_column_labels_and_lead_label(res):
    clean = clean_page(read_page(FIXTURES / "lead_label_body_elsewhere.txt"), res)
    labels = [(r.text, r.reason) for r in clean.removed]
    assert ("组织建设", "column label") in labels
    assert ("党建巡礼", "column label") in labels
    assert ("■导读", "lead label") in labels
    lead = [ln for ln in clean.lines if ln.lead]
    assert [ln.text[:6] for ln in lead] == ["自脱贫攻坚战"]


def test_script_is_detected(res):
    assert clean_page(read_page(CONTENT / "000_5500f5ed390632a4.txt"), res).script == "zh-Hans"
    assert clean_page(read_page(CONTENT / "002_47b14402c1a80d79.txt"), res).script == "zh-Hant"


def test_epaper_date_edition_and_editor_lines_are_removed(read_fixture):
    result = read_fixture("epaper_editor_lines.txt")
    assert [r.reason for r in result.removed] == ["navigation", "navigation", "credits", "web_chrome"]
    assert result.date == "2021-10-18" and result.edition_page == "05"
    (article,) = result.articles
    assert (article.kicker, article.title, article.date) == ("林芝市巴宜区", "蓝莓产业带动群众增收", "2021-10-18")
