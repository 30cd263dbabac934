import re
import yaml

from generator.index import build_index
from generator.render import ViewContext, article_page, esc, md_esc


def page_of(read_fixture, res, name, view="zh-Hans"):
    result = read_fixture(name)
    ctx = ViewContext(view, res, build_index(result.articles))
    return [article_page(a, ctx, "x") for a in result.articles]


def body_of(markdown: str) -> str:
    return markdown.split("---\n", 2)[2]


def test_markup_in_article_text_stays_text(read_fixture, res):
    md = page_of(read_fixture, res, "markup_in_text.txt")[0]
    body = body_of(md)
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "[链接](javascript:alert(3))" in body  # inside an escaped HTML block, not a link
    assert "{{ config.site_name }}" in body  # MkDocs renders no templates in pages
    assert "<p># 这一行以井号开头" in body  # in a <p>, not a Markdown heading
    assert "<p>| 表格 | 不是表格 |</p>" in body
    meta = yaml.safe_load(md.split("---\n", 2)[1])
    assert meta["title"] == "标题&lt;script&gt;alert(1)&lt;/script&gt;测试"


def test_escape_helpers():
    assert esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert md_esc("[x](y) *z*") == r"\[x\]\(y\) \*z\*"


def test_article_page_front_matter_and_furniture(read_fixture, res):
    md = page_of(read_fixture, res, "photo_title_after.txt")[2]
    meta = yaml.safe_load(md.split("---\n", 2)[1])
    assert meta["title"] == "红土豆助力致富梦"
    assert meta["subtitle"] == "昌都市左贡县碧土村大力发展红土豆种植小记"
    assert meta["authors"] == ["周婷婷"]
    assert meta["script"] == "zh-Hans"
    assert meta["original"] == "originals/x/"
    assert "左贡县" in meta["regions"] and "碧土村" in meta["regions"]
    assert "土豆种子 1.5万斤" in meta["figures"]
    assert '<a href="../../regions/zuogong/">左贡县</a>' in md
    assert re.search(r'<a href="\.\./\.\./originals/x/#L\d+">查看存档原文</a>', md)
    body = md.split("---\n", 2)[2]
    assert "\n\n" not in body.strip()  # one HTML block: Markdown passes it through whole


def test_traditional_view_page(read_fixture, res):
    md = page_of(read_fixture, res, "photo_title_after.txt", "zh-Hant")[2]
    assert "紅土豆助力致富夢" in md
    assert '<a href="../../regions/zuogong/">左貢縣</a>' in md
    assert re.search(r'<a href="\.\./\.\./originals/x/#L\d+">檢視存檔原文</a>', md)


def test_supplied_title_is_marked_and_warnings_shown(read_fixture, res):
    md = page_of(read_fixture, res, "lead_label_body_elsewhere.txt")[2]
    assert "［编者拟题］</span>秦晓民正在宣讲" in md
    assert "title_supplied: true" in md
    garbled = page_of(read_fixture, res, "pinyin_and_garbled.txt")[0]
    assert 'data-warning="garbled"' in garbled and "原文疑有乱码" in garbled


def test_listings_come_in_pages_that_keep_their_articles_as_the_archive_grows(read_fixture):
    import dataclasses

    from generator.config import load_settings
    from generator.render import region_page
    from generator.resources import Resources
    from generator.write import Made

    small = Resources(dataclasses.replace(load_settings(), listing_page_size=2))
    base = [
        a
        for a in read_fixture("photo_title_after.txt").articles
        if any(r.name == "昌都市" for r in a.regions)
    ]

    def pages_of(count):
        articles = [
            dataclasses.replace(base[i % len(base)], id=f"a{i:02}", date=f"2020-01-{i + 1:02}")
            for i in range(count)
        ]
        ctx = ViewContext("zh-Hans", small, build_index(articles))
        return region_page("昌都市", ctx), len(ctx.index.by_region["昌都市"])

    pages, count = pages_of(9)
    assert count == 9
    assert list(pages) == [
        "changdu/index.md",
        "changdu-3/index.md",
        "changdu-2/index.md",
        "changdu-1/index.md",
    ]
    listed = [
        [line for line in page.splitlines() if line.startswith("<li>")] for page in pages.values()
    ]
    assert [len(x) for x in listed] == [3, 2, 2, 2]  # the newest page takes the rest
    assert (
        'href="../../articles/a08/"' in listed[0][0]
        and 'href="../../articles/a00/"' in listed[-1][-1]
    )
    assert (
        '<a href="../changdu-3/">下一页（2020-01-06 至 2020-01-05）»</a>'
        in pages["changdu/index.md"]
    )
    assert (
        '<a href="../changdu/">« 上一页</a>' in pages["changdu-3/index.md"]
        and "<figure" not in pages["changdu-3/index.md"]
    )
    # not Markdown
    assert all(yaml.safe_load(page.split("---\n")[1])["body"] == "html" for page in pages.values())
    assert (
        yaml.safe_load(pages["changdu-1/index.md"].split("---\n")[1])["title"]
        == "昌都市（2020-01-02 至 2020-01-01）"
    )
    assert "下一页" not in pages["changdu-1/index.md"]
    grown, _ = pages_of(10)  # one newer article: older pages stay as they were
    assert list(grown) == [
        "changdu/index.md",
        "changdu-4/index.md",
        "changdu-3/index.md",
        "changdu-2/index.md",
        "changdu-1/index.md",
    ]
    assert all(grown[name] == pages[name] for name in ("changdu-2/index.md", "changdu-1/index.md"))
    grown, _ = pages_of(11)
    assert all(
        grown[name] == pages_of(10)[0][name]
        for name in (
            "changdu-4/index.md",
            "changdu-3/index.md",
            "changdu-2/index.md",
            "changdu-1/index.md",
        )
    )

    def made_pages(count, changed=None):
        """With what listings show of each article: the older pages Made (one article changed)."""
        articles = [
            dataclasses.replace(base[i % len(base)], id=f"a{i:02}", date=f"2020-01-{i + 1:02}")
            for i in range(count)
        ]
        listed = {
            a.id: f"{a.id} as listed" + (" changed" if a.id == changed else "") for a in articles
        }
        return region_page(
            "昌都市", ViewContext("zh-Hans", small, build_index(articles), listed=listed)
        )

    made = made_pages(10)
    assert isinstance(made["changdu/index.md"], str) and all(
        isinstance(made[n], Made) for n in list(made)[1:]
    )
    assert {n: m.make() for n, m in list(made.items())[1:]} == {
        n: p for n, p in list(pages_of(10)[0].items())[1:]
    }
    grown = made_pages(11)
    assert [grown[n].key == made[n].key for n in list(made)[1:]] == [True, True, True, True]
    changed = made_pages(10, changed="a03")  # on changdu-2, shown by date on changdu-3's link
    assert [changed[n].key == made[n].key for n in list(made)[1:]] == [True, False, False, True]


def test_titles_in_listing_pages_are_text_not_markup(read_fixture, res):
    import dataclasses

    from generator.browse import year_page

    article = read_fixture("photo_title_after.txt").articles[0]
    evil = "<script>alert(1)</script>[x](javascript:alert(1)) {{ config }}"
    views = tuple(
        (name, dataclasses.replace(text, title=evil, source="<b>源</b>"))
        for name, text in article.views
    )
    article = dataclasses.replace(article, views=views, date="2020-01-01")
    ctx = ViewContext("zh-Hans", res, build_index([article]))
    page = year_page("2020", ctx)["2020/index.md"]
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[x](javascript:alert(1)) {{ config }}" in page


def test_a_photo_caption_says_the_photo_was_not_archived(read_fixture, res):
    md = page_of(read_fixture, res, "photo_title_after.txt")[1]
    assert (
        '<p class="article-caption"><span class="photo-missing">［原图未存档］</span>图为山南市'
        in md
    )
    hant = page_of(read_fixture, res, "photo_title_after.txt", "zh-Hant")[1]
    assert "［原圖未存檔］" in hant


def test_an_article_page_has_a_copy_link_button_and_its_address_for_print(read_fixture, res):
    md = page_of(read_fixture, res, "photo_title_after.txt")[0]
    assert (
        '<button type="button" class="article-copy-link" hidden data-copied="已复制链接">复制链接</button>'
        in md
    )
    assert '<p class="article-print-address">网址：<span data-page-address>articles/' in md


def test_a_listing_whose_head_sums_its_articles_is_made_only_when_one_of_them_changes(
    read_fixture, res, monkeypatch
):
    """A region's first page (its charts add up every article of the region) is Made, keyed
    by the region's articles: the charts are not summed while its key is unchanged."""
    import dataclasses

    from generator import render
    from generator.render import listed_as, region_page
    from generator.write import Made

    (base,) = [
        a
        for a in read_fixture("photo_title_after.txt").articles
        if any(r.name == "昌都市" for r in a.regions)
    ]
    articles = [dataclasses.replace(base, id=f"a{i}", date=f"2020-01-0{i + 1}") for i in range(3)]
    index = build_index(articles)
    listed = {a.id: listed_as(a) for a in articles}
    keys = {a.id: f"{a.id} page-1" for a in articles}

    def first_page(keys):
        ctx = ViewContext("zh-Hans", res, index, listed=listed, keys=keys)
        return region_page("昌都市", ctx)["changdu/index.md"]

    made_at_once = first_page(None)
    summed = []
    division_charts = render.division_charts
    monkeypatch.setattr(
        render, "division_charts", lambda *args: summed.append(1) or division_charts(*args)
    )
    made = first_page(keys)
    assert isinstance(made, Made) and not summed  # not summed until the page is made
    assert made.make() == made_at_once and summed
    assert first_page(dict(keys)).key == made.key
    region = index.by_region["昌都市"]
    changed = {**keys, region[-1].id: f"{region[-1].id} page-2"}  # not on the first page
    assert first_page(changed).key != made.key
    reordered = region[::-1]
    monkeypatch.setitem(index.by_region, "昌都市", reordered)  # summed in another order
    assert first_page(keys).key != made.key


def test_only_a_listings_first_page_sums_its_articles(read_fixture, monkeypatch):
    """The charts above a region's listing add up all its articles: made once, for the first
    page, and not for each older page (a region of 35,000 articles has 700 of them)."""
    import dataclasses

    from generator import render
    from generator.config import load_settings
    from generator.render import listed_as, region_page
    from generator.resources import Resources

    (base,) = [
        a
        for a in read_fixture("photo_title_after.txt").articles
        if any(r.name == "昌都市" for r in a.regions)
    ]
    articles = [dataclasses.replace(base, id=f"a{i}", date=f"2020-01-{i + 1:02}") for i in range(9)]
    index = build_index(articles)
    small = Resources(dataclasses.replace(load_settings(), listing_page_size=2))
    listed = {a.id: listed_as(a) for a in articles}
    keys = {a.id: f"{a.id} page-1" for a in articles}
    summed = []
    division_charts = render.division_charts
    monkeypatch.setattr(
        render, "division_charts", lambda *args: summed.append(1) or division_charts(*args)
    )
    for ctx in (
        ViewContext("zh-Hans", small, index, listed=listed, keys=keys),
        ViewContext("zh-Hans", small, index),
    ):
        summed.clear()
        pages = region_page("昌都市", ctx)
        assert len(pages) == 4
        made = [p.make() if hasattr(p, "make") else p for p in pages.values()]
        assert len(summed) == 1 and "chart" in made[0] and "chart" not in made[-1]
