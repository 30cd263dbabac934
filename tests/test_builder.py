"""generator/builders/mkdocs: the seam's page conventions and each view's configuration."""

import yaml

from generator.builders import mkdocs as builder


def head(text: str) -> list[str]:
    return text.split("---\n")[1].splitlines()


def test_a_page_says_its_title_and_what_the_builder_does_with_it():
    assert yaml.safe_load(builder.front_matter("标题").split("---\n")[1]) == {"title": "标题"}
    wide = builder.front_matter("标题", toc=False, html=True, meta={"region": "林芝市"})
    assert yaml.safe_load(wide.split("---\n")[1]) == {
        "title": "标题",
        "region": "林芝市",
        "hide": ["toc"],
        "body": "html",
    }


def test_the_archives_data_comes_after_the_line_mkdocs_stops_at():
    lines = head(builder.front_matter("标题", data={"regions": ["林芝市"]}))
    assert lines == ['title: "标题"', builder.ARCHIVE_DATA, "regions:", '- "林芝市"']
    assert builder.ARCHIVE_DATA not in builder.front_matter("标题", data={})


def test_each_views_configuration_speaks_its_words(res, tmp_path):
    names = [v.lang for v in res.settings.views]
    first, other = (builder.mkdocs_config(n, res, tmp_path) for n in names[:2])
    assert first["nav"][0] == {res.label("home", names[0]): "index.md"}
    assert other["nav"][-1] == {res.label("about", names[1]): "about/index.md"}
    assert other["theme"]["language"] == names[1] and other["docs_dir"] == f"docs/{names[1]}"
    assert res.label("search", names[1]) != res.label("search", names[0])  # 搜尋, 搜索
    assert "archive_html_folders" not in first["extra"]
    named = builder.mkdocs_config(names[0], res, tmp_path, html_folders=("articles",))
    assert named["extra"]["archive_html_folders"] == ["articles"]
