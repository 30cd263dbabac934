"""generator/markup.py: front matter that YAML (and MkDocs) read back as written."""

import yaml
from hypothesis import given, strategies as st
from mkdocs.utils.meta import get_data

from generator.markup import front_matter

BETWEEN = "# the archive's data"

from .test_properties import SETTINGS

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40) | st.sampled_from(
    [
        "",
        "null",
        "true",
        "- x",
        "a: b",
        "#",
        "'",
        '"',
        "\\",
        "\n",
        "\r\n",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x7f",
        "\x00",
        "\t",
        "   ",
        "只有产业兴旺",
        "---",
        "...",
        "1.5",
        "0x10",
        "~",
        "&a",
        "*a",
        "!!str",
    ]
)
values = texts | st.booleans() | st.integers() | st.none() | st.lists(texts, max_size=4)
metas = st.dictionaries(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), values, max_size=6)


@SETTINGS
@given(data=metas, archive=metas)
def test_front_matter_reads_back_as_written(data, archive):
    text = front_matter(data, archive, BETWEEN)
    head = text.split("---\n")[1]
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert (yaml.load(head, loader) or {}) == {**data, **archive}
    assert get_data(text + "body")[1] == {**data, **archive} or not (data or archive)


def test_what_is_not_written_directly_is_written_by_pyyaml():
    data = {
        "nested": {"a": [1, 2]},
        "number": 1.5,
        "Key With Space": "x",
        "no": 1,
        "on": "x",
        "null": None,
    }
    assert yaml.safe_load(front_matter(data).split("---\n")[1]) == data


def test_the_archives_data_follows_its_comment_line():
    text = front_matter({"title": "标题", "body": "html"}, {"regions": ["林芝市"]}, BETWEEN)
    assert text == f'---\ntitle: "标题"\nbody: "html"\n{BETWEEN}\nregions:\n- "林芝市"\n---\n\n'
    assert (
        front_matter({"title": "标题"}, {"regions": []})
        == '---\ntitle: "标题"\nregions: []\n---\n\n'
    )
