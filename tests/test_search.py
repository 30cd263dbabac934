import dataclasses
import re

from generator.index import build_index
from generator.render import ViewContext
from generator.search import index_terms, query_terms, record, records, search_page, shards, to_simplified_map


def test_terms_are_pairs_of_adjacent_characters_and_numbers_stay_whole():
    assert index_terms("乡村振兴") == ["乡村", "村振", "振兴", "兴"]
    assert index_terms("投资12.66亿元，G318国道") == ["投资", "资12_66", "12_66亿", "亿元", "元", "g318国", "国道", "道"]
    assert index_terms("１２万") == ["12万", "万"]                      # full-width digits read as digits
    assert index_terms("") == [] and index_terms("，。") == []


def test_a_query_is_the_pairs_of_each_run_or_the_lone_unit():
    assert query_terms("乡村振兴") == [["乡村", "村振", "振兴"]]
    assert query_terms("藏") == [["藏"]]
    assert query_terms("2021年 牦牛") == [["2021年"], ["牦牛"]]
    assert query_terms("  ") == []


def test_every_piece_of_a_text_finds_it():
    """Any piece that does not cut a number in two: its pairs are all terms of the text."""
    text = "拉萨市城关区投资12.66亿元建设易地扶贫搬迁安置点"
    terms = set(index_terms(text))
    number = range(text.index("1"), text.index("亿"))
    for start in range(len(text)):
        for end in range(start + 2, len(text) + 1):
            if start in number[1:] or end in number[1:]:
                continue
            for run in query_terms(text[start:end]):
                if len(run) == 1:                           # a lone term finds terms it begins
                    assert any(term.startswith(run[0]) for term in terms), text[start:end]
                else:
                    assert set(run) <= terms, text[start:end]


def test_traditional_queries_turn_into_the_simplified_terms(res):
    to_s = to_simplified_map(res)
    assert "".join(to_s.get(c, c) for c in "鄉村振興") == "乡村振兴"
    assert "".join(to_s.get(c, c) for c in "駐村工作隊") == "驻村工作队"
    assert all(len(k) == 1 and len(v) == 1 for k, v in to_s.items())


def test_records_hold_the_same_terms_in_both_views_and_text_stays_text(read_fixture, res):
    result = read_fixture("markup_in_text.txt")
    index = build_index(result.articles)
    article = result.articles[0]
    hans, hant = (record(article, ViewContext(v, res, index)) for v in ("zh-Hans", "zh-Hant"))
    body = lambda html: re.search(r"<div data-pagefind-body>.*?</div>", html, re.S).group()  # noqa: E731
    assert body(hans) == body(hant)
    assert "<script>" not in hans and "&lt;script&gt;" in hans
    assert 'data-pagefind-meta="title[data-value]"' in hant
    assert "f_year_undated_" in hans and "data-pagefind-filter" not in hans


def test_shards_pack_years_and_split_large_ones(read_fixture, res):
    article = read_fixture("photo_title_after.txt").articles[0]
    make = lambda n, year: [dataclasses.replace(article, id=f"{year}-{i}", date=f"{year}-03-01")  # noqa: E731
                            for i in range(n)]
    undated = [dataclasses.replace(article, id=f"u{i}", date=None) for i in range(2)]
    groups = shards(make(2, 2016) + make(1, 2017) + make(5, 2018) + make(1, 2019) + undated, limit=3)
    assert {name: len(g) for name, g in groups.items()} == {
        "2016_2017": 3, "2018-1": 3, "2018-2": 2, "2019": 1, "undated": 2}
    assert shards(make(1, 2020), limit=3) == {"2020": make(1, 2020)}


def test_the_search_page_lists_filters_and_shards(read_fixture, res):
    result = read_fixture("photo_title_after.txt")
    ctx = ViewContext("zh-Hant", res, build_index(result.articles))
    page = search_page(ctx, ["undated"])
    assert 'data-shards="[&quot;undated&quot;]"' in page
    assert '<option value="左贡县" data-parent="昌都市">左貢縣</option>' in page
    assert list(shards(list(ctx.index.articles), 100)) == ["undated"]
    assert set(records(ctx, list(ctx.index.articles))) == {f"articles/{a.id}/index.html" for a in result.articles}
