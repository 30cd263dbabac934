import os
import re
from pathlib import Path

import pytest

from generator.read import (
    PageError,
    content_listing,
    hidden_files,
    page_files,
    page_id,
    read_page,
    refused,
)

from .conftest import FIXTURES


def test_pages_are_the_txt_files_in_order_hidden_ones_left_out(tmp_path):
    for rel in (
        "b.txt",
        "a-b/c.txt",
        "a/b.txt",
        "a/notes.md",
        ".draft.txt",
        ".git/x.txt",
        "a/.old/y.txt",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("正文。", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    # listed, to be refused
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    assert [p.relative_to(tmp_path).as_posix() for p in page_files(tmp_path)] == [
        "a/b.txt",
        "a-b/c.txt",
        "b.txt",
        "link",
    ]
    assert refused(tmp_path / "link", tmp_path).endswith(
        "a symbolic link, not a page — pages must be regular "
        "files inside content/: put the file itself there"
    )
    assert hidden_files(tmp_path) == [tmp_path / ".draft.txt"]


def test_one_walk_sorts_the_content_into_pages_suspects_and_hidden_files(tmp_path):
    for rel in ("b.txt", "a/x.html", ".draft.txt", ".old/y.txt", "notes.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("正文。", encoding="utf-8")
    (tmp_path / "to-file.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "to-folder").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / ".to-folder").symlink_to(tmp_path / "a", target_is_directory=True)
    os.mkfifo(tmp_path / "pipe.txt")
    listing = content_listing(tmp_path)
    rel = lambda paths: [p.relative_to(tmp_path).as_posix() for p in paths]  # noqa: E731
    assert rel(listing.pages) == ["a/x.html", "b.txt"]
    assert rel(listing.suspects) == ["pipe.txt", "to-file.txt", "to-folder"]
    assert rel(listing.hidden) == [".draft.txt"]
    assert rel(listing.candidates()) == [
        "a/x.html",
        "b.txt",
        "pipe.txt",
        "to-file.txt",
        "to-folder",
    ]


def test_a_symbolic_link_is_never_read(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "x.txt").symlink_to(secret)
    with pytest.raises(PageError, match="a symbolic link, not a page"):
        read_page(content / "x.txt", content)
    fifo = content / "pipe.txt"
    os.mkfifo(fifo)
    assert refused(fifo, content).endswith("not a regular file — remove it from content/")


@pytest.mark.parametrize(
    "header, message",
    [
        (
            "date: 2021-02-30",
            "the header holds a value that cannot be read (day is out of range for month)",
        ),
        ("titles: " + "[" * 10000 + "]" * 10000, "the header nests deeper than 4 levels"),
        (
            "themes:\n  1: &a [x, x]\n  2: &b [*a, *a]",
            "the header uses a YAML anchor or alias (&, *)",
        ),
        ("date: 2021-02-03\ndate: 2021-02-04", "the header gives 'date' twice — keep one"),
    ],
)
def test_hostile_headers_are_page_errors(tmp_path, header, message):
    page = tmp_path / "x.txt"
    page.write_text(f"---\n{header}\n---\n正文。\n", encoding="utf-8")
    with pytest.raises(PageError, match=re.escape(message)):
        read_page(page)


def test_utf16_without_a_byte_order_mark_is_read_with_a_warning(tmp_path):
    page = tmp_path / "u.txt"
    page.write_bytes("标题\n正文内容很好。\n".encode("utf-16-le"))
    read = read_page(page)
    assert read.text.startswith("标题\n") and read.notices[0].message.startswith(
        "UTF-16 without a byte-order mark"
    )


def test_control_and_invisible_characters_are_removed_with_a_reason_at_any_offset(tmp_path, res):
    from generator.page import read_one

    page = tmp_path / "c.txt"
    page.write_text(
        "标题\u202e\n" + "本报讯（记者 张三）正文很好。\n" * 300 + "正文\x00内容\u200b很好。\n",
        encoding="utf-8",
    )
    result = read_one(page, res)
    text = "".join(b.text for a in result.articles for b in a.blocks) + "".join(
        a.title or "" for a in result.articles
    )
    assert "\x00" not in text and "\u200b" not in text and "\u202e" not in text
    assert {r.reason for r in result.removed} >= {"control character", "invisible character"}
    assert any(n.code == "hidden-characters" for a in result.articles for n in a.notices)


def test_header_fields_are_read_and_text_starts_after_it():
    page = read_page(FIXTURES / "header_with_titles.txt")
    assert page.header.publisher == "西藏日报"
    assert page.header.date == "2021-10-18"
    assert page.header.edition_page == "05"
    assert page.header.titles == ((1, "林芝市产业兴旺"),)
    assert page.header.themes == ((1, ("industry",)),)
    assert page.first_line == 11  # the line after the closing ---
    assert page.text.split("\n")[2].startswith("只有产业兴旺")


def test_page_without_header_keeps_every_line():
    page = read_page(FIXTURES / "web_page_teasers.txt")
    assert page.first_line == 1
    assert page.text == page.raw


def test_utf8_bom_is_read(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff标题\n\n正文。\n".encode("utf-8"))
    assert read_page(path).text.startswith("标题")


def test_gb18030_page_is_read_with_a_notice(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("乡村振兴的新形势，林芝市上下紧盯巩固脱贫成果。\n".encode("gb18030"))
    page = read_page(path)
    assert page.text.startswith("乡村振兴")
    assert [n.code for n in page.notices] == ["encoding"]
    assert "GB18030" in page.notices[0].message


@pytest.mark.parametrize(
    "data, message",
    [
        (
            b"\x00\x01binary",
            "binary file, not text — remove it from content/ or export it as UTF-8 text",
        ),
        (
            b"---\ntitle: [unclosed\n---\ntext\n",
            "the header is not valid YAML — fix it or remove the --- lines",
        ),
        (b"---\nauthor: x\n---\ntext\n", "unknown header key author — use"),
        (b"---\ndate: 18/10/2021\n---\ntext\n", "date '18/10/2021' — write it as YYYY-MM-DD"),
        (b"---\nadded: March 2024\n---\ntext\n", "added 'March 2024' — write it as YYYY-MM-DD"),
    ],
)
def test_bad_pages_name_the_file_the_line_and_the_fix(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(PageError) as err:
        read_page(path)
    assert str(err.value).startswith(f"{path}:")
    assert message in str(err.value)


def test_oversized_page_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("字".encode() * 100)
    with pytest.raises(PageError, match="over the limit of 200"):
        read_page(path, max_bytes=200)


def test_page_id_is_the_path_when_it_is_url_safe():
    assert page_id(Path("/c/000_5500f5ed390632a4.txt"), Path("/c")) == "000_5500f5ed390632a4"
    assert page_id(Path("/c/sub/Page_1.txt"), Path("/c")) == "sub-page_1"


def test_page_ids_of_chinese_file_names_stay_apart():
    a = page_id(Path("/c/西藏日报 05.txt"), Path("/c"))
    b = page_id(Path("/c/林芝日报 05.txt"), Path("/c"))
    assert a != b
    assert a.startswith("05-") and b.startswith("05-")
    assert a == page_id(Path("/c/西藏日报 05.txt"), Path("/c"))


def test_saved_html_page_in_gbk_is_read_through_its_metadata(read_fixture):
    result = read_fixture("saved_page_gbk.html")
    assert result.page.format == "html" and result.page.raw.startswith("<!DOCTYPE html>")
    (article,) = result.articles
    assert (article.title, article.date, article.authors, article.dateline) == (
        "江孜县：青稞良种全覆盖",
        "2023-06-14",
        ("次仁罗布",),
        "日喀则",
    )
    assert [b.text[:6] for b in article.blocks] == ["本报日喀则讯", "江孜县组建由", "据了解，江孜"]
    text = "".join(b.text for b in article.blocks)
    assert "never text" not in text and "谢通门县" not in text and "ICP" not in text
    assert "谢通门县" not in {r.name for r in article.regions}
    assert not result.page.notices  # a declared charset is not a problem


def test_html_page_continued_on_a_next_page_is_truncated(read_fixture):
    result = read_fixture("saved_page_continued.html")
    (article,) = result.articles
    assert article.title == "山南玉麦：边境小乡的新生活" and article.authors == ("周倩",)
    (notice,) = [n for n in article.notices if n.code == "truncated"]
    assert "下一页" in notice.message


def test_html_pages_are_pages(tmp_path):
    (tmp_path / "a.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "b.htm").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "c.css").write_text("p{}", encoding="utf-8")
    assert [p.name for p in page_files(tmp_path)] == ["a.html", "b.htm"]
