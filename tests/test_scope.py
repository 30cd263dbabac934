"""What each figure speaks for (generator/scope.py)."""

import dataclasses

import pytest
import yaml

from generator.page import read_one
from generator.figures import find_figures
from generator.models import Article, Block
from generator.scope import Scope
from generator.script import add_views
from generator.tag import find_regions

from .conftest import FIXTURES, SHARED


def labelled():
    with open(FIXTURES / "figure-levels.yaml", encoding="utf-8") as fh:
        table = yaml.safe_load(fh)
    return [(page, *row) for page, rows in table.items() for row in rows]


def test_the_labelled_table_is_read_at_least_95_percent_right(res):
    rows = labelled()
    assert len(rows) >= 60
    pages = {page: read_one(SHARED / page, res) for page in dict.fromkeys(r[0] for r in rows)}
    wrong = []
    for page, number, printed, place, level in rows:
        article = next(a for a in pages[page].articles if a.number == number)
        figure = next((f for f in article.figures if f.text == str(printed)), None)
        assert figure is not None, (
            f"{page} #{number}: no figure {printed} — the table is out of date"
        )
        if (figure.place, figure.level) != (place, level):
            wrong.append(
                f"{page} #{number} {printed}: {figure.place}/{figure.level}, not {place}/{level}"
            )
    right = 1 - len(wrong) / len(rows)
    print(f"{len(rows) - len(wrong)}/{len(rows)} right", *wrong, sep="\n")
    assert right >= 0.95, "\n".join(wrong)


def article(res, *paragraphs: str, title: str = "标题") -> Article:
    """An article of these paragraphs, its regions found as the tagger finds them."""
    blocks = tuple(Block("paragraph", text, i + 1) for i, text in enumerate(paragraphs))
    base = Article(
        id="t-01",
        page_id="t",
        number=1,
        kicker=None,
        title=title,
        display_title=title,
        title_supplied=False,
        subtitle=None,
        byline=None,
        authors=(),
        photographers=(),
        dateline=None,
        date=None,
        blocks=blocks,
        notices=(),
        line=1,
        script="zh-Hans",
    )
    return dataclasses.replace(
        add_views(base, res), regions=find_regions(title + "\n" + "\n".join(paragraphs), res)
    )


def read(res, *paragraphs: str, title: str = "标题") -> dict[str, tuple]:
    """Figure text -> (place, level, summed)."""
    a = article(res, *paragraphs, title=title)
    figures = find_figures(
        a,
        res.figure_rules,
        scope=lambda blocks: Scope(a.regions, blocks, res.gazetteer, res.scope_rules, title),
    )
    return {f.text: (f.place, f.level, f.summed) for f in figures}


def test_a_place_named_before_a_figure_in_its_sentence_is_what_it_speaks_for(res):
    got = read(res, "日喀则市整合资金148.7亿元。桑珠孜区投入资金3亿元，萨迦县投入2亿元。")
    assert got["148.7亿元"][:2] == ("日喀则市", "prefecture")
    assert got["3亿元"][:2] == ("桑珠孜区", "county")
    assert got["2亿元"][:2] == ("萨迦县", "county")


def test_a_word_like_quanxian_stands_for_the_place_of_its_kind_named_last(res):
    got = read(res, "拉孜县地处日喀则市西部。今年以来，全县投入资金1.5亿元；全市完成投资20亿元。")
    assert got["1.5亿元"][:2] == ("拉孜县", "county")
    assert got["20亿元"][:2] == ("日喀则市", "prefecture")


def test_quanqu_is_the_district_last_named_or_else_the_region(res):
    assert read(res, "巴宜区发展旅游。全区接待游客3万人次。")["3万人次"][:2] == ("巴宜区", "county")
    assert read(res, "记者从有关部门获悉，全区投入资金5亿元。")["5亿元"][:2] == (
        "西藏自治区",
        "region",
    )


def test_a_list_of_places_speaks_for_what_holds_them_all(res):
    got = read(res, "桑珠孜区、萨迦县和拉孜县共投入资金9亿元。拉孜县等地完成投资4亿元。")
    assert got["9亿元"][:2] == ("日喀则市", "prefecture")
    assert got["4亿元"][:2] == ("日喀则市", "prefecture")


def test_a_list_of_levels_is_not_a_place(res):
    got = read(res, "堆龙德庆区整合中央、自治区、拉萨市、本级资金3亿元。")
    assert got["3亿元"][:2] == ("堆龙德庆区", "county")


@pytest.mark.parametrize(
    "sentence",
    [
        "林周县加大投入，市级安排资金1亿元。",  # 市级: a level of funds
        "林周县的蔬菜运往拉萨市，收入1亿元。",  # where goods go
        "林周县引进西藏高原农业发展有限公司，投资1亿元。",  # a company's name
        "林周县落实《拉萨市产业扶持办法》，投资1亿元。",  # a title
        "林周县接待来自拉萨市的游客，收入1亿元。",  # where people come from
    ],
)
def test_a_place_in_a_name_a_title_or_a_level_is_not_what_a_figure_speaks_for(res, sentence):
    assert read(res, sentence)["1亿元"][:2] == ("林周县", "county")


def test_a_part_after_qizhong_is_not_summed_unless_it_names_another_place(res):
    got = read(
        res,
        "全年创收3.07亿元；其中脱贫劳动力增收1.18亿元。带动就业372人，其中高校毕业生142人。",
        title="江达县工作总结",
    )
    assert got["3.07亿元"] == ("江达县", "county", True)
    assert got["1.18亿元"] == ("江达县", "county", False)
    assert got["142人"][2] is False
    other = read(res, "日喀则市投入资金20亿元，其中桑珠孜区投入资金3亿元。")
    assert other["3亿元"] == ("桑珠孜区", "county", True)
    unit = read(res, "拉孜县种植青稞1200亩，其中脱贫户种植157亩，增收31万元。")
    assert unit["31万元"][2] is True  # no sum of money before 其中: not a part


def test_averages_are_not_summed(res):
    got = read(res, "江达县群众人均增收2800元，每村平均投入资金200万元。")
    assert got["2800元"][2] is False and got["200万元"][2] is False


def test_a_household_and_a_project_are_read_as_such(res):
    got = read(
        res,
        "尼木县吞巴乡吞达村发展藏香产业。",
        "村民达瓦说，她家去年收入3.8万元。",
        "该项目总投资500万元。",
    )
    assert got["3.8万元"][:2] == ("吞达村", "household")
    assert got["500万元"][1] == "project"


def test_without_a_place_in_its_paragraph_a_figure_speaks_for_what_the_headline_names(res):
    got = read(
        res,
        "西藏各地积极发展产业。",
        "去年，合作社收入80万元。",
        title="南木林县艾玛乡：土豆走出高原",
    )
    assert got["80万元"][:2] == ("艾玛乡", "town")


def test_a_place_named_in_an_earlier_sentence_outside_the_story_does_not_carry(res):
    got = read(
        res,
        "林周县开展技能培训，林周县人社局组织招聘。边巴在拉萨一家酒店找到工作。"
        "一起培训的30多名学员已就业。",
    )
    assert got["30多名"][:2] == ("林周县", "county")
