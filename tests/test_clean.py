import unicodedata
from collections import Counter

import pytest

from generator.page import read_one
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


@pytest.mark.parametrize(
    "path", sorted(CONTENT.glob("*.txt")) + sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name
)
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


@pytest.mark.parametrize(
    "text",
    [
        "村民用糌粑和酥油招待客人，氆氇织机声声响。",
        "山南市唯吼手工编织专业合作社工作人员正在编织靠垫。",
        "林芝市大力发展藏猪养殖、茶叶、林下资源和枸杞产业。",
    ],
)
def test_ordinary_text_with_rare_characters_is_not_garbled(text, res):
    assert garbled_spans(text, res, "zh-Hans") == []


def test_web_page_chrome_teasers_and_copyright_are_removed(res):
    clean = clean_page(read_page(FIXTURES / "web_page_teasers.txt"), res)
    reasons = {r.text[:8]: r.reason for r in clean.removed}
    assert clean.publisher == "中國西藏網"
    assert reasons["拉薩林周三巖片區"] == "teaser"
    assert reasons["“小樹莓”開辟致"] == "teaser"
    assert reasons["-"] == "navigation"
    assert [ln.text[:6] for ln in clean.lines] == [
        "拉薩市城關區",
        "西藏拉薩城關",
        "具體做法",
        "——高起點謀",
    ]


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
    assert [r.reason for r in result.removed] == [
        "navigation",
        "navigation",
        "credits",
        "web_chrome",
    ]
    assert result.date == "2021-10-18" and result.edition_page == "05"
    (article,) = result.articles
    assert (article.kicker, article.title, article.date) == (
        "林芝市巴宜区",
        "蓝莓产业带动群众增收",
        "2021-10-18",
    )


def removed_as(result) -> dict[str, str]:
    return {r.text: r.reason for r in result.removed}


def test_epaper_masthead_date_edition_and_title_list_are_page_furniture(read_fixture):
    result = read_fixture("epaper_masthead_and_title_list.txt")
    assert (result.date, result.edition_page, result.publisher) == (
        "2023-07-03",
        "02",
        "林芝日报社",
    )
    gone = removed_as(result)
    assert gone["林芝日报"] == "masthead" and gone["PDF下载"] == "navigation"
    assert [r.reason for r in result.removed if r.line in (7, 8, 9)] == ["teaser list"] * 3
    assert [a.title for a in result.articles] == [
        "波密县茶园迎来采摘季",
        "察隅县：林下经济带动增收",
    ]


def test_web_portal_breadcrumb_meta_line_and_bars(read_fixture):
    result = read_fixture("web_portal_meta_and_bars.txt")
    (article,) = result.articles
    assert (article.title, article.date, article.source, article.authors) == (
        "墨竹工卡县：青稞加工厂开工",
        "2023-04-18",
        "西藏新闻网",
        ("索朗次仁",),
    )
    assert [r.reason for r in result.removed] == [
        "breadcrumb",
        "meta line",
        "web_chrome",
        "web_chrome",
        "credits",
        "teaser list",
        "teaser list",
        "teaser list",
        "copyright",
    ]
    assert not any(n.code == "truncated" for n in article.notices)


def test_government_site_navigation_links_and_footer(read_fixture):
    result = read_fixture("gov_site_footer.txt")
    (article,) = result.articles
    assert article.title == "仲巴县推进草原生态保护" and article.date == "2023-06-02"
    assert [b.text[:6] for b in article.blocks] == ["仲巴县今年落"]
    gone = removed_as(result)
    assert gone["某市人民政府"] == "masthead" and gone["www.example.gov.cn"] == "navigation"
    assert gone["建议使用1366×768分辨率、IE10以上版本浏览器浏览本站"] == "footer"
    assert "仲巴县" in {r.name for r in article.regions}
    assert "桑珠孜区" not in {r.name for r in article.regions}


def test_wechat_post_furniture_credits_and_tail(read_fixture):
    result = read_fixture("wechat_post_furniture.txt")
    (article,) = result.articles
    assert article.authors == ("普布次仁",) and article.date == "2023-05-20"
    assert [(b.kind, b.text[:4]) for b in article.blocks] == [
        ("heading", "◆ 茶园"),
        ("paragraph", "走进波密"),
        ("caption", "▲茶农在"),
        ("paragraph", "今年，易"),
    ]
    assert not article.notices  # the tail is furniture: no false "truncated"
    assert {"编辑：德吉", "审核：张伟", "● 波密县：桃花节吸引游客", "分享 收藏 点赞 在看"} <= set(
        removed_as(result)
    )


def test_a_teaser_list_that_runs_into_text_gets_a_notice(read_fixture):
    result = read_fixture("teaser_list_not_closed.txt")
    (article,) = result.articles
    assert article.blocks[-1].text.startswith("这是一段紧跟在列表后")
    (notice,) = [n for n in article.notices if n.code == "teaser-open"]
    assert notice.line == 5
    assert notice.message == (
        "the list under “相关阅读” (line 3) runs into this line with no blank line "
        "between — check that it is article text"
    )


def test_printed_report_page_numbers_running_header_table_and_signature(read_fixture):
    result = read_fixture("printed_report.txt")
    (article,) = result.articles
    assert article.title == "尼木县2023年乡村振兴工作总结" and article.date == "2023-12-20"
    kinds = [b.kind for b in article.blocks]
    assert kinds == [
        "paragraph",
        "heading",
        "heading",
        "paragraph",
        "table",
        "heading",
        "paragraph",
    ]
    assert article.blocks[-1].text.endswith("全县新增专业合作社12家。")
    assert article.blocks[0].text.endswith("同比增长11.5%。")
    gone = removed_as(result)
    assert (
        gone["尼木县2023年乡村振兴工作总结"] == "running header"
        and gone["尼木县乡村振兴局"] == "signature"
    )
    assert not any(n.code == "truncated" for n in article.notices)


def test_mojibake_is_flagged_with_its_span_and_what_it_reads_as(read_fixture):
    (article,) = read_fixture("mojibake_latin1.txt").articles
    messages = [n.message for n in article.notices if n.code == "garbled"]
    assert len(messages) == 2
    assert "(it reads as “合作社”)" in messages[0]
    assert "“åˆä½œç¤¾”" in messages[1] and "reads as" not in messages[1]
    assert "åˆä½œç¤¾" in article.blocks[-1].text  # the text itself is kept as it is


def test_utf8_read_as_gbk_is_flagged_from_its_first_odd_character(read_fixture):
    (article,) = read_fixture("mojibake_gbk.txt").articles
    (message,) = [n.message for n in article.notices if n.code == "garbled"]
    assert message.startswith("mojibake (text decoded with the wrong encoding): “涓鸿")
