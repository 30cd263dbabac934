import dataclasses

from generator.index import build_index, related_articles
from generator.models import Region


def _dated(articles, dates):
    return [dataclasses.replace(a, id=f"a{i}", date=d) for i, (a, d) in enumerate(zip(articles, dates))]


def test_newest_first_and_undated_last(read_fixture):
    articles = _dated(read_fixture("photo_title_after.txt").articles, ["2021-01-02", None, "2022-05-01"])
    assert [a.id for a in build_index(articles).articles] == ["a2", "a0", "a1"]


def test_related_articles_share_a_place_county_first_then_themes_then_date(read_fixture):
    base = read_fixture("photo_title_after.txt").articles[0]
    lhasa = Region("拉萨市", "lasa", "prefecture", "西藏自治区")
    county = lambda name: Region(name, name, "county", "拉萨市")  # noqa: E731
    make = lambda i, regions, themes, date: dataclasses.replace(  # noqa: E731
        base, id=f"a{i}", regions=(lhasa, *regions), themes=themes, date=date)
    articles = [make(0, [county("城关区")], ("industry",), "2021-01-10"),
                make(1, [county("城关区")], ("industry",), "2021-01-01"),       # same county, same theme
                make(2, [county("城关区")], ("training",), "2021-01-09"),       # same county, other theme
                make(3, [county("达孜区")], ("industry",), "2021-01-10"),       # same prefecture only
                make(4, [], ("industry",), "2021-01-10")]                       # the prefecture alone
    related = related_articles(articles)
    assert [a.id for a in related["a0"]] == ["a1", "a2", "a3", "a4"]
    assert "a0" not in [a.id for a in related["a0"]]
    outside = dataclasses.replace(base, id="far", regions=(), themes=("industry",))
    assert related_articles([*articles, outside])["far"] == ()
