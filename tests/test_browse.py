"""generator/browse.py: the figures page and the people and year listings."""

import dataclasses
import json
import re

from generator.browse import (
    figures_page,
    table_parts,
    people_index,
    person_page,
    year_page,
    years_index,
)
from generator.exports import DataFiles
from generator.index import build_index
from generator.render import ViewContext
from generator.resources import Resources


def context(read_fixture, res, view="zh-Hans"):
    articles = [
        dataclasses.replace(a, date="2021-05-0%d" % (i + 1))
        for i, a in enumerate(read_fixture("photo_title_after.txt").articles)
    ]
    return ViewContext(view, res, build_index(articles))


def test_the_figures_page_has_its_filters_columns_and_downloads(read_fixture, res):
    page = figures_page(
        context(read_fixture, res, "zh-Hant"), "../../data/", DataFiles({}, {"2021": 3})
    )
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
    assert '<a href="../../data/figures-2021.csv" download>figures-2021.csv</a>' in page
    years = re.search(r"<select data-year>(.*?)</select>", page).group(1)
    assert re.findall(r'<option value="([^"]*)">', years) == ["", "2021"]  # all, then each year


def test_a_large_archives_figures_page_offers_one_year_at_a_time_newest_first(read_fixture, res):
    ctx = context(read_fixture, res)
    articles = ctx.index.by_year["2021"]
    older = [
        dataclasses.replace(a, id=f"{a.id}-{year}", date=year and f"{year}-05-01")
        for a in articles
        for year in ("2019", "2018", None)
    ]
    index = build_index([*articles, *older])
    counts = {"2021": 1200, "2019": 3, "2018": 0, "undated": 2}  # 2018: articles, no figures
    small = dataclasses.replace(res.settings, figures_table_rows=1204)
    data = DataFiles({}, counts)
    page = figures_page(ViewContext("zh-Hans", Resources(small), index), "../../data/", data)
    years = re.search(r"<select data-year>(.*?)</select>", page).group(1)
    assert re.findall(r'<option value="([^"]*)">', years) == ["2021", "2019", "undated"]
    assert "2021（1,200）" in years and "日期不详（2）" in years
    downloads = re.search(r'<details class="figure-downloads">.*?</details>', page).group(0)
    assert downloads.index("articles-2021.csv") < downloads.index("articles-2019.csv")
    assert downloads.index("articles-2019.csv") < downloads.index("articles-undated.csv")
    assert "articles-2018.csv" in downloads and "figures-2018" not in downloads


def test_a_year_too_large_to_send_whole_is_offered_month_by_month(read_fixture, res):
    """Past figures_table_rows, a year's options are its months that hold figures, the
    newest first, under the year; a smaller year stays whole; the view converts the names."""
    ctx = context(read_fixture, res, "zh-Hant")
    older = [
        dataclasses.replace(a, id=f"{a.id}-old", date="2019-05-01") for a in ctx.index.articles
    ]
    index = build_index([*ctx.index.articles, *older])
    months = {"2021": {"2021-01": 700, "2021-03": 0, "2021-11": 500}, "2019": {"2019-05": 3}}
    data = DataFiles({}, {"2021": 1200, "2019": 3}, months)
    small = dataclasses.replace(res.settings, figures_table_rows=1000)
    assert table_parts("2021", data, 1000) == [("2021-11", 500), ("2021-01", 700)]
    assert table_parts("2019", data, 1000) == [("2019", 3)]
    page = figures_page(ViewContext("zh-Hant", Resources(small), index), "../../data/", data)
    years = re.search(r"<select data-year>(.*?)</select>", page).group(1)
    assert years == (
        '<optgroup label="2021（1,200）"><option value="2021-11">2021年11月（500）</option>'
        '<option value="2021-01">2021年1月（700）</option></optgroup>'
        '<option value="2019">2019（3）</option>'
    )


def test_people_and_years_list_their_articles(read_fixture, res):
    ctx = context(read_fixture, res)
    assert "- [周婷婷](周婷婷/index.md)（1）" in people_index(ctx)
    assert "- [2021](2021/index.md)（" in years_index(ctx)
    pages = person_page("周婷婷", ctx)
    assert list(pages) == ["周婷婷/index.md"] and "红土豆助力致富梦" in pages["周婷婷/index.md"]
    assert "<h1>2021</h1>" in year_page("2021", ctx)["2021/index.md"]
