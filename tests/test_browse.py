"""generator/browse.py: the figures page and the people and year listings."""

import dataclasses
import json
import re

from generator.browse import figures_page, people_index, person_page, year_page, years_index
from generator.index import build_index
from generator.render import ViewContext


def context(read_fixture, res, view="zh-Hans"):
    articles = [
        dataclasses.replace(a, date="2021-05-0%d" % (i + 1))
        for i, a in enumerate(read_fixture("photo_title_after.txt").articles)
    ]
    return ViewContext(view, res, build_index(articles))


def test_the_figures_page_has_its_filters_columns_and_downloads(read_fixture, res):
    page = figures_page(context(read_fixture, res, "zh-Hant"), "../../data/")
    heads = re.findall(
        r'<th data-col="(\d)" aria-sort="none"><button type="button">([^<]+)</button>', page
    )
    assert [h for _, h in heads] == ["報導", "指標", "數值", "單位", "類別", "原文", "所指"]
    assert (
        'data-filter="regions"' in page
        and 'data-filter="themes"' in page
        and 'data-filter="kind"' in page
    )
    levels = json.loads(re.search(r'data-levels="([^"]+)"', page).group(1).replace("&quot;", '"'))
    assert levels["county"] == "縣區" and levels["unknown"] == "未指明"
    assert '<a href="../../data/figures.csv" download>figures.csv</a>' in page


def test_people_and_years_list_their_articles(read_fixture, res):
    ctx = context(read_fixture, res)
    assert "- [周婷婷](周婷婷/index.md)（1）" in people_index(ctx)
    assert "- [2021](2021/index.md)（" in years_index(ctx)
    pages = person_page("周婷婷", ctx)
    assert list(pages) == ["周婷婷/index.md"] and "红土豆助力致富梦" in pages["周婷婷/index.md"]
    assert "<h1>2021</h1>" in year_page("2021", ctx)["2021/index.md"]
