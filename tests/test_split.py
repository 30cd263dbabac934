import pytest

from generator.split import BYLINE, CREDIT, names, role

from .conftest import CONTENT


def texts(article, kind=None):
    return [b.text for b in article.blocks if kind is None or b.kind == kind]


def test_cases_roles(cases, res):
    from generator.models import Line

    for text, want in cases["roles"]:
        assert role(Line(1, text)) == want, text


def test_photo_item_takes_the_title_printed_after_it(read_fixture):
    photo = read_fixture("photo_title_after.txt").articles[1]
    assert photo.title == "民族技艺变“指尖经济”"
    assert photo.photographers == ("唐斌", "丹增群培")
    assert texts(photo, "caption")[0].startswith("图为山南市唯吼")


def test_text_printed_before_its_title_block_joins_that_article(read_fixture):
    articles = read_fixture("photo_title_after.txt").articles
    assert len(articles) == 3
    potato = articles[2]
    assert potato.title == "红土豆助力致富梦"
    assert potato.subtitle == "昌都市左贡县碧土村大力发展红土豆种植小记"
    assert potato.authors == ("周婷婷",)
    body = texts(potato)
    assert body[0].startswith("土豆是一种")
    # the sentence broken by the title block is one paragraph again
    assert "随后，驻村工作队积极协调" in body[1]


def test_body_printed_away_from_its_title_block_with_the_lead_first(read_fixture):
    articles = read_fixture("lead_label_body_elsewhere.txt").articles
    assert [a.title for a in articles] == ["年楚河畔的“产业革命”", "培训村级党组织专干", None]
    bailang = articles[0]
    assert [b.kind for b in bailang.blocks[:2]] == ["lead", "paragraph"]
    assert texts(bailang, "lead")[0].startswith("自脱贫攻坚战打响以来")
    assert texts(bailang, "heading") == ["打破思维定势 确立发展方向", "坚持改革动力 打造“白朗模式”"]
    assert texts(bailang)[1].startswith("位于珠峰脚下")


def test_photo_without_title_is_untitled_not_given_the_next_heading(read_fixture):
    photo = read_fixture("lead_label_body_elsewhere.txt").articles[2]
    assert photo.title is None
    assert photo.display_title == "秦晓民正在宣讲"
    assert photo.title_supplied
    assert [n.code for n in photo.notices] == ["untitled"]
    assert photo.photographers == ("次仁片多",)


def test_kicker_title_dateline(read_fixture):
    article = read_fixture("lead_label_body_elsewhere.txt").articles[1]
    assert article.kicker == "尼木县"
    assert article.dateline == "拉萨"
    assert article.authors == ("索朗琼珠",)


def test_header_supplies_a_display_title_but_the_headline_stays_null(read_fixture):
    article = read_fixture("header_with_titles.txt").articles[0]
    assert article.title is None
    assert article.display_title == "林芝市产业兴旺"
    assert article.date == "2021-10-18"
    assert article.themes == ("industry",)


def test_web_page_title_with_inline_subtitle(read_fixture):
    article = read_fixture("pinyin_and_garbled.txt").articles[0]
    assert article.title == "竹瓦根鎮凝聚鄉村振興"
    assert article.subtitle == "深化“志智雙扶” 增強內生動力"
    assert [n.code for n in article.notices] == ["garbled", "garbled"]


def test_truncated_text_is_flagged_quoting_its_end(res):
    from generator.page import read_one

    article = read_one(CONTENT / "000_5500f5ed390632a4.txt", res).articles[-1]
    notice = next(n for n in article.notices if n.code == "truncated")
    assert "《消费帮扶倡”" in notice.message
    assert notice.line == 149
    assert texts(article)[-1].endswith("发出《消费帮扶倡")


def test_split_hint_starts_a_new_article(tmp_path, res):
    from generator.page import read_one

    page = tmp_path / "hint.txt"
    page.write_text(
        "---\nsplit_before: [8]\n---\n第一篇的正文。\n\n第一篇的第二段。\n\n第二篇的正文。\n",
        encoding="utf-8",
    )
    articles = read_one(page, res).articles
    assert len(articles) == 2
    assert texts(articles[1]) == ["第二篇的正文。"]


def test_a_dateline_inside_a_body_opens_a_story_of_its_own(read_fixture):
    articles = read_fixture("briefs_with_datelines.txt").articles
    assert [a.kicker for a in articles] == ["林芝市", "那曲市色尼区", None]
    assert [a.dateline for a in articles] == ["林芝", "那曲", "拉萨"]
    assert articles[0].authors == ("王六", "赵七")
    assert articles[1].photographers == ("孙八",)
    assert texts(articles[1], "caption") == ["图为色尼区群众正在搬运饲草。 本报记者 孙八 摄"]
    assert articles[2].title is None and articles[2].authors == ("周九",)


def test_dateline_place_is_not_a_region_of_the_story(read_fixture):
    article = read_fixture("briefs_with_datelines.txt").articles[1]
    assert "拉萨市" not in {r.name for r in article.regions}


def test_web_page_meta_lines_give_date_and_publisher(read_fixture):
    result = read_fixture("web_page_meta_lines.txt")
    article = result.articles[0]
    assert article.title == "西藏拉萨：“小树莓”开辟致富路"
    assert article.date == "2023-08-15"
    assert article.source == "人民网-西藏频道"
    assert [r.reason for r in result.removed] == ["meta line", "web_chrome", "credits"]
    assert "夺底街道" in {r.name for r in article.regions}


def test_title_printed_after_its_text_takes_that_text_back(read_fixture):
    first, second = read_fixture("title_printed_after_its_text.txt").articles
    assert first.title == "桑日县推进“厕所革命”" and len(texts(first, "paragraph")) == 2
    assert second.title == "贡嘎县设施农业助农增收"
    assert texts(second, "paragraph")[0].startswith("近年来，贡嘎县")
    assert texts(second, "caption") == ["图为工作人员在大棚里采摘蔬菜。 本报记者 达瓦 摄"]
    assert "贡嘎县" not in {r.name for r in first.regions}


def test_glued_web_pages_each_take_their_own_meta_line(read_fixture):
    first, second = read_fixture("glued_web_pages.txt").articles
    assert (first.title, first.date, first.authors) == (
        "察雅县：光伏板下种出牧草",
        "2023-05-10",
        ("央金",),
    )
    assert (second.title, second.date, second.authors) == (
        "朗县：核桃产业带动增收",
        "2023-05-11",
        ("次仁卓玛",),
    )
    assert "朗县" not in {r.name for r in first.regions}


def test_print_source_line_closes_an_article_and_the_next_starts(read_fixture):
    result = read_fixture("print_source_lines.txt")
    first, second = result.articles
    assert (first.kicker, first.title, first.authors) == (
        "日喀则市亚东县",
        "小木耳撑起大产业",
        ("次仁卓玛",),
    )
    assert (second.kicker, second.title, second.photographers) == (
        None,
        "青稞黄了　牦牛壮了",
        ("徐晓伟",),
    )
    assert [b.kind for b in second.blocks] == ["paragraph", "caption"]
    assert result.date == "2023-08-14" and result.edition_page == "13"


def test_section_label_is_a_heading_before_text_and_a_column_label_before_a_headline(read_fixture):
    first, second = read_fixture("section_labels.txt").articles
    assert ("heading", "记者手记") in [(b.kind, b.text) for b in first.blocks]
    assert (second.kicker, second.title) == (None, "边境村需要年轻人")


def test_text_printed_away_from_its_article_goes_back_to_it(read_fixture):
    first, second = read_fixture("text_away_from_its_article.txt").articles
    assert first.title == "文旅融合绘就乡村振兴新图景"
    texts = [b.text[:6] for b in first.blocks]
    assert texts == ["秋日的墨竹工", "全村168户", "为进一步擦亮", "在赤康村民俗"]
    assert second.title == "“点单式”培训助力群众稳岗就业"


@pytest.mark.parametrize(
    "line, people",
    [
        ("中青报·中青网记者　何冬青　见习记者　旦增罗布", ("何冬青", "旦增罗布")),
        ("记者：达娃次仁　通讯员：刘　婷", ("达娃次仁", "刘婷")),
        ("本报记者　赵晓明　次仁卓玛", ("赵晓明", "次仁卓玛")),
    ],
)
def test_bylines_with_outlets_and_spaced_names(line, people):
    assert BYLINE.match(line) and names(line) == people


@pytest.mark.parametrize(
    "text, people",
    [
        ("图为玉麦乡全景。人民网记者 周倩摄", ("周倩",)),
        ("▲游客在结巴村民宿院内休憩（📷达娃次仁 摄）", ("达娃次仁",)),
        ("圖：才召村的珞巴族村民在自家民宿前迎接遊客。大公報記者林樂攝", ("林樂",)),
        ("本报记者　徐晓伟　　新华社记者　晋美多吉摄", ("徐晓伟", "晋美多吉")),
    ],
)
def test_photo_credits(text, people):
    assert names(CREDIT.search(text).group("credit")) == people


def test_short_lines_read_as_running_text_get_a_notice_naming_them(read_fixture):
    (article,) = read_fixture("unknown_short_lines.txt").articles
    (notice,) = [n for n in article.notices if n.code == "uncertain"]
    assert (notice.line, notice.message) == (
        3,
        (
            "5 short lines were read as running text (lines 3, 5, 7, 8, 9) — check them with "
            "inspect --lines: "
            "furniture belongs in site-data/cleaning.yaml, and a line where a new article starts "
            "in split_before"
        ),
    )


def test_an_article_without_headline_or_dateline_gets_a_notice_with_its_lines():
    from generator.page import read_one
    from generator.resources import Resources

    result = read_one(CONTENT / "000_5500f5ed390632a4.txt", Resources())
    (notice,) = [n for n in result.articles[0].notices if n.code == "uncertain"]
    assert notice.message == (
        "article 1 has no headline and no dateline (lines 3–19) — check where it starts and ends "
        "with inspect "
        "--lines; add a line to split_before where a new article starts, or give its headline "
        "under titles"
    )


def test_every_line_an_article_was_read_from_is_in_its_parts(read_fixture):
    (first, second) = read_fixture("section_labels.txt").articles
    assert first.parts == (
        (1, "title"),
        (2, "paragraph 1"),
        (3, "paragraph 2"),
        (4, "heading 3"),
        (5, "paragraph 4"),
    )
    assert second.parts == ((7, "title"), (8, "paragraph 1"))
