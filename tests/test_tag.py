import yaml

from generator.config import SITE_DATA
from generator.tag import find_figures, find_regions

EXPECTED_COUNTIES = {
    "拉萨市": 8, "日喀则市": 18, "昌都市": 11, "林芝市": 7, "山南市": 12, "那曲市": 11, "阿里地区": 7,
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
    import dataclasses
    from generator.models import Article, ArticleText, Block

    for text, value, unit in cases["figures"]:
        block = Block("paragraph", text, 1)
        view = ArticleText(None, "t", None, (), (), None, (block,), None)
        article = Article("a", "p", 1, None, "t", "t", False, None, None, (), (), None, None, (block,), (), 1,
                          "zh-Hans", views=(("zh-Hans", view),))
        figures = find_figures(article)
        assert [(f.value, f.unit) for f in figures] == [(value, unit)], text


def test_compound_counts_are_two_figures_and_labels_are_read(res):
    from generator.build import read_one
    from .conftest import CONTENT

    article = read_one(CONTENT / "000_5500f5ed390632a4.txt", res).articles[3]
    figures = {(f.value, f.unit): f for f in article.figures}
    assert (6438, "户") in figures and (26811, "人") in figures
    first = read_one(CONTENT / "000_5500f5ed390632a4.txt", res).articles[0]
    labels = {f.text: f.label for f in first.figures}
    assert labels["12.66亿元"] == "投资"
    assert labels["795万元"] == "发放工资"


def test_articles_are_tagged_only_from_their_own_text(res):
    from generator.build import read_one
    from .conftest import CONTENT

    page = read_one(CONTENT / "002_47b14402c1a80d79.txt", res)
    names = {r.name for r in page.articles[0].regions}
    assert {"拉萨市", "城关区"} <= names
    assert not {"林周县", "尼木县", "山南市"} & names          # only in the removed teasers


def test_themes_are_one_to_three_known_ids(res):
    from generator.build import read_one
    from .conftest import CONTENT

    known = {t.id for t in res.settings.themes}
    for path in sorted(CONTENT.glob("*.txt")):
        for article in read_one(path, res).articles:
            assert 1 <= len(article.themes) <= 3, article.id
            assert set(article.themes) <= known
