import dataclasses

from generator.index import build_index, related_articles
from generator.models import Region


def _dated(articles, dates):
    return [
        dataclasses.replace(a, id=f"a{i}", date=d) for i, (a, d) in enumerate(zip(articles, dates))
    ]


def test_newest_first_and_undated_last(read_fixture):
    articles = _dated(
        read_fixture("photo_title_after.txt").articles, ["2021-01-02", None, "2022-05-01"]
    )
    assert [a.id for a in build_index(articles).articles] == ["a2", "a0", "a1"]


def test_related_articles_share_a_place_county_first_then_themes_then_date(read_fixture):
    base = read_fixture("photo_title_after.txt").articles[0]
    lhasa = Region("拉萨市", "lasa", "prefecture", "西藏自治区")
    county = lambda name: Region(name, name, "county", "拉萨市")  # noqa: E731
    make = lambda i, regions, themes, date: dataclasses.replace(  # noqa: E731
        base, id=f"a{i}", regions=(lhasa, *regions), themes=themes, date=date
    )
    articles = [
        make(0, [county("城关区")], ("industry",), "2021-01-10"),
        make(1, [county("城关区")], ("industry",), "2021-01-01"),  # same county, same theme
        make(2, [county("城关区")], ("training",), "2021-01-09"),  # same county, other theme
        make(3, [county("达孜区")], ("industry",), "2021-01-10"),  # same prefecture only
        make(4, [], ("industry",), "2021-01-10"),  # the prefecture alone
    ]
    related = related_articles(articles)
    assert [a.id for a in related["a0"]] == ["a1", "a2", "a3", "a4"]
    assert "a0" not in [a.id for a in related["a0"]]
    outside = dataclasses.replace(base, id="far", regions=(), themes=("industry",))
    assert related_articles([*articles, outside])["far"] == ()


def test_related_articles_from_an_earlier_state_equal_those_worked_out_anew(read_fixture):
    import random

    from generator.index import related_state

    base = read_fixture("photo_title_after.txt").articles[0]
    rng = random.Random(7)
    prefectures = [Region(p, p, "prefecture", "西藏自治区") for p in ("拉萨市", "林芝市")]
    counties = [
        Region(f"{p.name}{c}", f"{p.slug}{c}", "county", p.name)
        for p in prefectures
        for c in "甲乙丙"
    ]

    def article(i):
        county = rng.choice(counties + [None])
        prefecture = next(p for p in prefectures if county is None or p.name == county.parent)
        return dataclasses.replace(
            base,
            id=f"a{i:04}",
            regions=(prefecture, *([county] if county else [])),
            themes=tuple(rng.sample(["industry", "training", "funding"], rng.randint(0, 2))),
            date=rng.choice([None, f"2021-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"]),
        )

    articles = {a.id: a for a in map(article, range(400))}
    related, state = related_state(list(articles.values()))
    for step in range(30):
        for _ in range(rng.randint(1, 5)):  # new, removed and changed articles
            what = rng.random()
            if what < 0.4:
                new = article(1000 + step * 10 + len(articles) % 10)
                articles[new.id] = new
            elif what < 0.7:
                articles.pop(rng.choice(sorted(articles)))
            else:
                changed = rng.choice(sorted(articles))
                articles[changed] = dataclasses.replace(article(0), id=changed)
        related, state = related_state(list(articles.values()), state)
        anew, _ = related_state(list(articles.values()))
        assert {k: [a.id for a in v] for k, v in related.items()} == {
            k: [a.id for a in v] for k, v in anew.items()
        }
