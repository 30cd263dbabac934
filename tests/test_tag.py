import pytest

import yaml

from generator.config import SITE_DATA
from generator.figures import figures_in
from generator.tag import find_regions

EXPECTED_COUNTIES = {
    "拉萨市": 8,
    "日喀则市": 18,
    "昌都市": 11,
    "林芝市": 7,
    "山南市": 12,
    "那曲市": 11,
    "阿里地区": 7,
}


def test_gazetteer_has_all_74_county_level_divisions_under_the_right_prefecture(res):
    gaz = res.gazetteer
    counties = gaz.counties()
    assert len(counties) == 74
    by_parent = {}
    for county in counties:
        by_parent.setdefault(county.parent, []).append(county.name)
    assert {k: len(v) for k, v in by_parent.items()} == EXPECTED_COUNTIES
    assert gaz.regions["错那市"].parent == "山南市"
    assert gaz.regions["米林市"].parent == "林芝市"
    assert gaz.regions["城关区"].parent == "拉萨市"
    assert gaz.regions["双湖县"].parent == "那曲市"
    assert len({r.slug for r in gaz.regions.values()}) == len(gaz.regions)


def test_short_forms_that_are_common_words_are_not_listed():
    with open(SITE_DATA / "regions.yaml", encoding="utf-8") as fh:
        text = fh.read()
    data = yaml.safe_load(text)
    shorts = set()

    def walk(node):
        shorts.update(node.get("short") or [])
        for child in node.get("children") or []:
            walk(child)

    walk(data)
    assert not shorts & {"比如", "尼玛", "阿里", "城关", "安多", "吉隆"}


def test_cases_regions(cases, res):
    for case in cases["regions"]:
        names = {r.name for r in find_regions(case["text"], res)}
        assert set(case.get("has", [])) <= names, (case["text"], names)
        assert not set(case.get("not", [])) & names, (case["text"], names)


def test_towns_and_villages_sit_under_their_county(res):
    regions = {r.name: r for r in find_regions("巴宜区布久乡麦巴村", res)}
    assert regions["布久乡"].parent == "巴宜区" and regions["布久乡"].level == "town"
    assert regions["麦巴村"].parent == "布久乡" and regions["麦巴村"].level == "village"
    assert res.gazetteer.path("巴宜区") == ["西藏自治区", "林芝市", "巴宜区"]


def test_cases_figures(cases, res):
    for text, value, unit in cases["figures"]:
        want = [] if value is None else [(value, unit)]
        assert [(f.value, f.unit) for f in figures_in(text, 1, res.figure_rules)] == want, text


def test_figure_forms(res):
    rules = res.figure_rules
    (r,) = figures_in("年人均增收3万至5万元", 1, rules)
    assert (r.value, r.high, r.unit, r.kind, r.label) == (30000, 50000, "元", "money", "人均增收")
    assert figures_in("百分之二十", 1, rules)[0].value == 20
    assert [f.value for f in figures_in("十二户群众，两万元", 1, rules)] == [12, 20000]
    assert figures_in("实行一户一策、两不愁三保障", 1, rules) == []
    assert figures_in("第十批驻村工作队", 1, rules) == []
    (f,) = figures_in("2021年，西藏投资61.91亿元。", 1, rules)
    assert (f.year, f.sentence, f.approx) == (2021, "2021年，西藏投资61.91亿元。", "")
    assert figures_in("3500元以上", 1, rules)[0].approx == "以上"


def test_compound_counts_are_two_figures_and_labels_are_read(res):
    from generator.page import read_one
    from .conftest import CONTENT

    article = read_one(CONTENT / "000_5500f5ed390632a4.txt", res).articles[3]
    figures = {(f.value, f.unit): f for f in article.figures}
    assert (6438, "户") in figures and (26811, "人") in figures
    first = read_one(CONTENT / "000_5500f5ed390632a4.txt", res).articles[0]
    labels = {f.text: f.label for f in first.figures}
    assert labels["12.66亿元"] == "投资"
    assert labels["795万元"] == "发放工资"


def test_articles_are_tagged_only_from_their_own_text(res):
    from generator.page import read_one
    from .conftest import CONTENT

    page = read_one(CONTENT / "002_47b14402c1a80d79.txt", res)
    names = {r.name for r in page.articles[0].regions}
    assert {"拉萨市", "城关区"} <= names
    assert not {"林周县", "尼木县", "山南市"} & names  # only in the removed teasers


def test_themes_are_one_to_three_known_ids(res):
    from generator.page import read_one
    from .conftest import CONTENT

    known = {t.id for t in res.settings.themes}
    for path in sorted(CONTENT.glob("*.txt")):
        for article in read_one(path, res).articles:
            assert 1 <= len(article.themes) <= 3, article.id
            assert set(article.themes) <= known


def test_date_is_inferred_from_the_latest_full_date_unless_a_later_year_is_named():
    from generator.tag import infer_date

    assert infer_date("2021年10月17日是扶贫日，10月18日又召开会议。") == "2021-10-17"
    assert infer_date("2019年3月1日开工，2019年12月30日竣工。") == "2019-12-30"
    assert infer_date("2017年10月23日通过验收。2019年，产业园获批。") is None
    assert infer_date("今年以来，成效明显。") is None


def test_an_ambiguous_town_without_its_county_is_not_tagged_and_the_editor_is_told(tmp_path, res):
    from generator.page import read_one

    page = tmp_path / "p.txt"
    page.write_text(
        "城关镇的新变化\n\n城关镇群众搬进新居。察隅县城关镇也在建设。\n", encoding="utf-8"
    )
    article = read_one(page, res).articles[0]
    assert "城关镇" in {r.name for r in article.regions}  # named with 察隅县
    page.write_text("城关镇的新变化\n\n城关镇群众搬进新居。\n", encoding="utf-8")
    article = read_one(page, res).articles[0]
    assert "城关镇" not in {r.name for r in article.regions}
    assert [n.code for n in article.notices] == ["ambiguous-place"]
    assert "write its county before it" in article.notices[0].message


def test_the_gazetteer_holds_every_town_under_its_county(res):
    gaz = res.gazetteer
    towns = [t for ts in gaz.towns.values() for t in ts]
    assert len(towns) >= 690
    assert all(gaz.regions[t.county].level == "county" for t in towns)
    assert {t.county for t in gaz.towns["羊八井镇"]} == {"当雄县"}


@pytest.mark.parametrize(
    "text, county, town",
    [
        ("羊八井镇的地热电站今年发电量创新高。", "当雄县", "羊八井镇"),
        ("甲玛乡的群众吃上了旅游饭。", "墨竹工卡县", "甲玛乡"),
        ("扎囊县吉汝乡的牧民喜迁新居。", "扎囊县", "吉汝乡"),
    ],
)
def test_a_town_named_alone_is_tagged_with_its_county_and_prefecture(res, text, county, town):
    regions = {r.name: r for r in find_regions(text, res)}
    assert regions[town].level == "town" and regions[town].county == county
    assert county in regions and res.gazetteer.regions[county].parent in regions


def test_a_town_several_counties_share_is_left_untagged_with_a_notice(res, read_fixture, tmp_path):
    page = tmp_path / "towns.txt"
    page.write_text(
        "城关镇和吉汝乡见闻\n本报讯（记者 扎西）城关镇和吉汝乡的群众今年增收明显，合作社分红120万元。\n",
        encoding="utf-8",
    )
    from generator.page import read_one

    (article,) = read_one(page, res).articles
    names = {r.name for r in article.regions}
    assert "城关镇" not in names and "吉汝乡" not in names
    notices = sorted(n.message for n in article.notices if n.code == "ambiguous-place")
    assert notices == [
        "吉汝乡 is the name of places in several counties (亚东县、扎囊县) and is not tagged — write its "
        "county "
        "before it (…县吉汝乡)",
        "城关镇 is the name of places in several counties (卡若区) and is not tagged — write its county "
        "before it (…县城关镇)",
    ]


def test_a_village_needs_its_town_or_county_in_the_sentence(res):
    assert "才召村" in {r.name for r in find_regions("南伊珞巴民族乡才召村的民宿迎来旺季。", res)}
    assert "四季吉祥村" in {
        r.name for r in find_regions("四季吉祥村是曲水县规模较大的安置点。", res)
    }
    assert "才召村" not in {r.name for r in find_regions("才召村的民宿迎来旺季。", res)}
