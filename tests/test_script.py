from generator.script import view

from .conftest import CONTENT


def test_cases_to_traditional(cases, res):
    for simplified, traditional in cases["to_traditional"]:
        assert res.to_traditional.convert(simplified) == traditional, simplified


def test_cases_to_simplified(cases, res):
    for traditional, simplified in cases["to_simplified"]:
        assert res.to_simplified.convert(traditional) == simplified, traditional


def test_glossary_prevents_the_tibetan_calendar_reading_of_xizang_history(res):
    from generator.resources import Converter

    plain = Converter("s2tw", {})
    assert plain.convert("西藏历史") == "西藏曆史"  # what OpenCC alone does
    assert res.to_traditional.convert("西藏历史上") == "西藏歷史上"


def test_traditional_view_uses_taiwan_forms_not_opencc_standard_forms(res):
    text = res.to_traditional.convert("为群众")
    assert text == "為群眾"
    assert "爲" not in text and "羣" not in text and "衆" not in text


def test_traditional_page_errors_are_fixed_in_the_traditional_view(res):
    from generator.page import read_one

    article = read_one(CONTENT / "002_47b14402c1a80d79.txt", res).articles[0]
    printed = " ".join(b.text for b in article.blocks)
    assert "關于" in printed and "先后" in printed and "凈土" in printed  # as the page prints them
    hant = " ".join(b.text for b in view(article, "zh-Hant").blocks)
    assert "關於" in hant and "先後" in hant and "淨土" in hant
    assert "關于" not in hant and "凈土" not in hant
    hans = " ".join(b.text for b in view(article, "zh-Hans").blocks)
    assert "关于" in hans and "净土" in hans


def test_numbers_are_the_same_in_both_views(res):
    import re
    from generator.page import read_one

    for path in sorted(CONTENT.glob("*.txt")):
        for article in read_one(path, res).articles:
            hans = [re.findall(r"\d+(?:\.\d+)?", b.text) for b in view(article, "zh-Hans").blocks]
            hant = [re.findall(r"\d+(?:\.\d+)?", b.text) for b in view(article, "zh-Hant").blocks]
            assert hans == hant, article.id


def test_converting_texts_together_gives_what_converting_each_gives(res):
    texts = [
        "西藏历史",
        "",
        "软件",
        "历",
        "史",
        "只有产业兴旺",
        "12.66亿元",
        "藏",
        "历史上\n第一次",
        "乾隆",
    ]
    for converter in (res.to_traditional, res.to_simplified):
        # one with a newline
        assert converter.convert_all(texts) == [converter.convert(t) for t in texts]
        # in one call
        assert converter.convert_all(texts[:-2]) == [converter.convert(t) for t in texts[:-2]]
    assert res.to_traditional.convert_all([]) == []


def test_corner_quotes_pair_marks_and_leave_the_unpaired():
    from generator.script import corner_quotes

    assert corner_quotes("他说：“这是‘金疙瘩’。”") == "他说：「这是『金疙瘩』。」"
    assert corner_quotes("O’Brien说：“好") == "O’Brien说：“好"
    assert corner_quotes(None) is None and corner_quotes("12.66亿元") == "12.66亿元"
