"""The main job's promises: deterministic, atomic, bad pages reported and skipped."""

import filecmp
import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import CONTENT


def build(tmp_path, content, *extra):
    return main(
        [
            "build",
            "--content",
            str(content),
            "--site-dir",
            str(tmp_path / "site"),
            "--work-dir",
            str(tmp_path / "build"),
            *extra,
        ]
    )


def same_tree(a, b) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    diffs = cmp.left_only + cmp.right_only + cmp.diff_files
    for sub in cmp.common_dirs:
        diffs += same_tree(a / sub, b / sub)
    return diffs


def linked_alike(site, kept) -> list[str]:
    """What in ``kept`` is not a link to the same file as in ``site``, or is missing from either
    (relative paths); the sitemaps, which a build writes into the site it publishes, aside."""

    def files(root):
        return {
            p.relative_to(root).as_posix(): p.stat().st_ino
            for p in root.rglob("*")
            if p.is_file() and not p.name.startswith("sitemap.xml")
        }

    a, b = files(site), files(kept)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


def test_a_build_that_renews_its_site_leaves_a_copy_of_it_for_the_next_to_change(
    tmp_path, small_content
):
    """After a build from nothing (as after one that changed most folders), the folder beside
    the site that the next build puts its site together in holds the same files (links, not
    copies): the next links anew only what it changed, not every file of the site. After a
    build that changed little, that folder keeps the site it replaced."""
    assert build(tmp_path, small_content) == 0
    kept = tmp_path / ".site.new"
    assert (kept / "index.html").is_file()
    assert linked_alike(tmp_path / "site", kept) == []
    served = {p: p.stat().st_ino for p in (tmp_path / "site").rglob("*") if p.is_file()}
    (small_content / "more.txt").write_text(
        "那曲市新闻\n\n本报记者 李四\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content) == 0
    changed = {
        p.relative_to(tmp_path / "site").as_posix()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and served.get(p) != p.stat().st_ino and not p.name.startswith("sitemap")
    }
    assert changed and linked_alike(tmp_path / "site", kept) == sorted(changed)


def test_a_copy_left_half_made_is_put_right_by_the_next_build(tmp_path, small_content):
    """As if the build had been stopped while making the copy beside the site: files missing,
    a stray one, one of other bytes. The next build publishes what a build from nothing does."""
    assert build(tmp_path, small_content) == 0
    kept = tmp_path / ".site.new"
    pages = sorted(kept.rglob("index.html"))
    pages[0].unlink()
    pages[1].unlink()
    pages[1].write_text("half made", encoding="utf-8")
    (pages[2].parent / "stray.html").write_text("left over", encoding="utf-8")
    (small_content / "more.txt").write_text(
        "那曲市新闻\n\n本报记者 李四\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content) == 0
    full = ["--site-dir", str(tmp_path / "full"), "--work-dir", str(tmp_path / "full-build")]
    assert main(["build", "--content", str(small_content), *full]) == 0
    assert same_tree(tmp_path / "full", tmp_path / "site") == []


def test_the_generators_own_files_reach_the_site_as_links_that_keep_their_bytes(
    tmp_path, small_content
):
    """A view's files that the generator writes as they are served (the data exports, the
    pages' source texts) are linked into the site, not copied by the site builder: the same
    files as in the docs folder. The generator replaces such a file, never writes over it, so
    when one changes, the site still served keeps its bytes until the next is put in place."""
    assert build(tmp_path, small_content) == 0
    docs, site = tmp_path / "build/docs/zh-Hans", tmp_path / "site"
    served = [p.relative_to(docs) for p in docs.rglob("*") if p.is_file() and p.suffix != ".md"]
    assert {"originals/good.txt", "data/articles-undated.csv"} <= {p.as_posix() for p in served}
    assert [p for p in served if (site / p).stat().st_ino != (docs / p).stat().st_ino] == []
    before = (site / "originals/good.txt").read_bytes()
    (small_content / "good.txt").write_text(
        "林芝市产业兴旺\n\n本报记者 张三\n\n林芝市大力发展旅游业。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content, "--no-mkdocs") == 0
    assert (docs / "originals/good.txt").read_bytes() != before
    assert (site / "originals/good.txt").read_bytes() == before


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path, built_site):
    assert build(tmp_path, CONTENT, "--strict") == 0
    assert same_tree(built_site, tmp_path / "site") == []


def test_the_work_folders_timings_give_the_generators_stages_in_order(
    tmp_path, small_content, capsys
):
    """timings.json (read by the benchmark) holds the seconds of each stage of the generator,
    in the order they ran, within the generator's own; the build's summary line does not."""
    assert build(tmp_path, small_content) == 0
    timings = json.loads((tmp_path / "build" / "timings.json").read_text(encoding="utf-8"))
    stages = timings["generator stages"]
    assert list(stages) == [
        "reading pages",
        "across the archive",
        "data files",
        "view pages",
        "cache kept",
    ]
    assert all(seconds >= 0 for seconds in stages.values())
    assert 0 < sum(stages.values()) <= timings["generator"] + 0.05  # each rounded to 0.01
    assert "reading pages" not in capsys.readouterr().out


@pytest.fixture
def small_content(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.txt").write_text(
        "林芝市产业兴旺\n\n本报记者 张三\n\n林芝市大力发展产业。\n", encoding="utf-8"
    )
    return content


def test_a_bad_page_is_reported_and_skipped_and_the_rest_builds(tmp_path, small_content, capsys):
    (small_content / "bad.txt").write_bytes(b"---\ndate: tomorrow\n---\ntext\n")
    assert build(tmp_path, small_content) == 0
    err = capsys.readouterr().err
    assert f"error: {small_content / 'bad.txt'}:2: date 'tomorrow' — write it as YYYY-MM-DD" in err
    assert (tmp_path / "site/articles/good-01/index.html").exists()
    assert not (tmp_path / "site/articles/bad-01").exists()


def test_strict_build_fails_before_writing_and_leaves_the_site_alone(
    tmp_path, small_content, capsys
):
    assert build(tmp_path, small_content, "--strict") == 0
    before = (tmp_path / "site/index.html").read_bytes()
    (small_content / "more.txt").write_text(
        "那曲市新闻\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    (small_content / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    assert build(tmp_path, small_content, "--strict") == 1
    assert "build stopped before writing anything: 1 errors" in capsys.readouterr().err
    assert (tmp_path / "site/index.html").read_bytes() == before
    assert not (tmp_path / "build/docs/zh-Hans/articles/more-01/index.md").exists()


def test_a_search_index_that_cannot_be_made_stops_the_build_and_says_what_to_do(
    tmp_path, small_content, capsys
):
    assert build(tmp_path, small_content) == 0
    before = (tmp_path / "site/index.html").read_bytes()
    (
        tmp_path / "build/search/zh-Hant/undated/good-01.json"
    ).unlink()  # a build folder damaged by hand
    (tmp_path / "build/search-index/undated.digest").unlink()
    assert build(tmp_path, small_content) == 1
    err = capsys.readouterr().err
    assert (
        "error: the search index of shard undated failed" in err
        and f"remove {tmp_path / 'build'}" in err
    )
    assert (tmp_path / "site/index.html").read_bytes() == before


def test_pages_the_cache_lost_are_read_again_and_give_the_same_search_index(
    tmp_path, small_content
):
    (small_content / "other.txt").write_text(
        "那曲市新闻\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content) == 0
    index = tmp_path / "site/search-index"
    before = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    kept = sorted((tmp_path / "build/cache").glob("*/*.pickle"))
    assert len(kept) == 2  # one a page: its entry, its text and its terms
    for file in kept:
        file.unlink()
    for stamp in (tmp_path / "build/search-index").glob("*.digest"):
        stamp.unlink()  # every shard indexed again
    assert build(tmp_path, small_content) == 0
    assert sorted((tmp_path / "build/cache").glob("*/*.pickle")) == kept
    assert {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()} == before
    assert any(p.parts[0] == "undated" and p.parts[1] == "t" for p in before)


def test_a_failed_rebuild_leaves_every_file_of_the_served_search_as_it_was(
    tmp_path, small_content, capsys
):
    """The served search index links the generator's files: the rebuild writes new files, not over
    them."""
    (small_content / "other.txt").write_text(
        "那曲市新闻\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content) == 0
    served = {p: p.read_bytes() for p in (tmp_path / "site/search-index").rglob("*.json")}
    (small_content / "good.txt").write_text(
        "林芝市产业兴旺\n\n本报记者 张三\n\n林芝市大力发展茶叶产业。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content, "--no-mkdocs") == 0  # the generator's files change
    (tmp_path / "build/search/zh-Hant/undated/other-01.json").unlink()  # and the index fails
    (tmp_path / "build/search-index/undated.digest").unlink()
    assert build(tmp_path, small_content) == 1
    assert len(served) == 4 and {p: p.read_bytes() for p in served} == served


def test_a_build_after_a_change_renders_only_what_changed_into_the_same_site_as_a_full_build(
    tmp_path,
):
    """Pages added, changed and removed: the next build's MkDocs renders the HTML of exactly
    the pages whose Markdown changed, removes what is gone, leaves the site it replaces as it
    was, and publishes the same bytes as a build from nothing."""
    import os

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    first, *_, last = sorted(content.glob("*.txt"))
    assert build(tmp_path, content) == 0
    docs, html = tmp_path / "build/docs/zh-Hans", tmp_path / "build/site-zh-Hans"

    def times():
        return {
            p.parent.relative_to(docs).as_posix(): (
                p.stat().st_mtime_ns,
                (html / p.parent.relative_to(docs) / "index.html").stat().st_mtime_ns,
            )
            for p in docs.rglob("index.md")
        }

    then = times()
    gone = {p.parent.name for p in (tmp_path / "site/articles").glob("*/index.html")}
    old_home = tmp_path / "old-home.html"
    os.link(tmp_path / "site/index.html", old_home)  # the published home, as served
    home_then = old_home.read_bytes()

    for stamp in (tmp_path / "build").glob("site-*.stamp"):  # as if the last run was a while ago
        os.utime(stamp, (stamp.stat().st_atime - 10, stamp.stat().st_mtime - 10))
    last.unlink()
    (content / "added.txt").write_text(
        "那曲市新闻\n\n本报记者 李四\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    first.write_text(first.read_text(encoding="utf-8") + "\n林芝市又添新产业。\n", "utf-8")
    assert build(tmp_path, content, "--strict") == 0  # MkDocs' caution is not a warning

    full = ["--site-dir", str(tmp_path / "full"), "--work-dir", str(tmp_path / "full-build")]
    assert main(["build", "--content", str(content), *full]) == 0
    assert same_tree(tmp_path / "full", tmp_path / "site") == []
    now = {p.parent.name for p in (tmp_path / "site/articles").glob("*/index.html")}
    assert gone - now and now - gone  # articles removed and added
    assert not any((html / "articles" / name).exists() for name in gone - now)
    after = times()
    both = set(then) & set(after)
    markdown_changed = {page for page in both if then[page][0] != after[page][0]}
    html_changed = {page for page in both if then[page][1] != after[page][1]}
    assert markdown_changed == html_changed
    assert markdown_changed and both - markdown_changed  # some pages changed, some did not
    assert old_home.read_bytes() == home_then != (tmp_path / "site/index.html").read_bytes()
    # the site it replaced, kept beside it, was made the same as this one for the next build:
    # on a site this small, the change touched most folders (publish.Published.renewed)
    assert linked_alike(tmp_path / "site", tmp_path / ".site.new") == []
    (content / "added.txt").unlink()
    assert build(tmp_path, content) == 0
    full = ["--site-dir", str(tmp_path / "full2"), "--work-dir", str(tmp_path / "full2-build")]
    assert main(["build", "--content", str(content), *full]) == 0
    assert same_tree(tmp_path / "full2", tmp_path / "site") == []


def test_what_changed_is_told_by_digests_not_file_times(tmp_path, small_content):
    """A build straight after the last (within a file-time tick of its HTML) renders the page
    that changed and nothing else: the same site as a build from nothing."""
    assert build(tmp_path, small_content) == 0
    html = tmp_path / "build/site-zh-Hans"
    about, article = html / "about/index.html", html / "articles/good-01/index.html"
    about_then, article_then = about.stat().st_mtime_ns, article.read_text(encoding="utf-8")
    page = small_content / "good.txt"
    page.write_text(page.read_text(encoding="utf-8") + "林芝市又添新产业。\n", encoding="utf-8")
    assert build(tmp_path, small_content) == 0
    assert "又添新产业" in article.read_text(encoding="utf-8") != article_then
    assert about.stat().st_mtime_ns == about_then  # its Markdown did not change
    full = ["--site-dir", str(tmp_path / "full"), "--work-dir", str(tmp_path / "full-build")]
    assert main(["build", "--content", str(small_content), *full]) == 0
    assert same_tree(tmp_path / "full", tmp_path / "site") == []


def test_two_outputs_on_one_path_stop_the_build_before_either_view_is_written(
    tmp_path, small_content, capsys, monkeypatch
):
    (small_content / "more.txt").write_text(
        "那曲市新闻\n\n本报记者 李四\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    # 张三 and 李四 on one page
    monkeypatch.setattr("generator.browse.person_slug", lambda name: "same")
    assert build(tmp_path, small_content, "--no-mkdocs") == 1
    assert "people/same/index.md is written twice" in capsys.readouterr().err
    assert not (tmp_path / "build/docs").exists()


def test_the_same_page_twice_and_a_taken_id_are_errors(tmp_path, small_content, capsys):
    (small_content / "copy.txt").write_text(
        (small_content / "good.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (small_content / "other.txt").write_text(
        "---\nid: copy\n---\n标题\n\n别的内容。\n", encoding="utf-8"
    )
    assert build(tmp_path, small_content, "--no-mkdocs") == 0
    err = capsys.readouterr().err
    assert f"{small_content / 'good.txt'}:1: the same page as {small_content / 'copy.txt'}" in err
    assert (
        f"{small_content / 'other.txt'}:1: page id copy is taken by {small_content / 'copy.txt'}"
        in err
    )


@pytest.mark.parametrize(
    "encoding, name", [("big5", "Big5"), ("gb18030", "GB18030"), ("utf-16", "UTF-16")]
)
def test_pages_in_other_encodings_are_read_with_a_warning(tmp_path, encoding, name, res):
    from generator.page import read_one

    text = (
        "鄉村振興的新形勢，林芝市上下緊盯鞏固脫貧成果、推進鄉村振興目標任務。"
        if encoding == "big5"
        else "乡村振兴的新形势，林芝市上下紧盯巩固脱贫成果、推进乡村振兴目标任务。"
    )
    page = tmp_path / "p.txt"
    title = "林芝市新聞" if encoding == "big5" else "林芝市新闻"
    page.write_bytes((title + "\n\n" + text + "\n").encode(encoding))
    result = read_one(page, res)
    assert result.articles[0].blocks[0].text == text
    assert [n.code for n in result.page.notices] == ["encoding"]
    assert name in result.page.notices[0].message


@pytest.mark.parametrize(
    "header, message",
    [
        ("id: a/b", "id 'a/b' — use letters, digits, '-' and '_' only"),
        ("id: ..", "id '..' — use letters, digits"),
        ("themes: {1: [farming]}", "unknown theme farming in the header"),
        ("regions: {1: [火星市]}", "unknown region 火星市 in the header"),
        (
            "themes: {3: [industry]}",
            "the header sets themes for article 3, but the page has 1 articles",
        ),
    ],
)
def test_header_errors_name_the_file(tmp_path, header, message, res):
    from generator.page import read_one
    from generator.read import PageError

    page = tmp_path / "p.txt"
    page.write_text(f"---\n{header}\n---\n标题\n\n正文。\n", encoding="utf-8")
    with pytest.raises(PageError) as err:
        read_one(page, res)
    assert str(err.value).startswith(f"{page}:") and message in str(err.value)


def test_empty_page_is_an_error(tmp_path, res):
    from generator.read import PageError, read_page

    page = tmp_path / "empty.txt"
    page.write_text("\n\n  \n", encoding="utf-8")
    with pytest.raises(PageError, match="the page is empty — add its text or remove the file"):
        read_page(page)


def test_region_override_replaces_the_tags(tmp_path, res):
    from generator.page import read_one

    page = tmp_path / "p.txt"
    page.write_text(
        "---\nregions: {1: [尼木县]}\n---\n标题\n\n拉萨市城关区的新闻。\n", encoding="utf-8"
    )
    assert [r.name for r in read_one(page, res).articles[0].regions] == [
        "西藏自治区",
        "拉萨市",
        "尼木县",
    ]


def test_a_symbolic_link_in_content_is_an_error_and_never_published(
    tmp_path, small_content, capsys
):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    (small_content / "x.txt").symlink_to(secret)
    assert build(tmp_path, small_content) == 0
    assert (
        f"error: {small_content / 'x.txt'}:1: a symbolic link, not a page"
        in capsys.readouterr().err
    )
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            assert b"SECRET-LINE" not in path.read_bytes(), path


def test_a_second_build_on_the_same_work_folder_stops_with_a_message(
    tmp_path, small_content, capsys
):
    from generator.publish import build_lock

    with build_lock(tmp_path / "build") as held:
        assert held
        assert build(tmp_path, small_content) == 1
    assert f"another build is using {tmp_path / 'build'}" in capsys.readouterr().err
    assert build(tmp_path, small_content) == 0


def test_a_build_after_an_interrupted_swap_puts_the_last_site_back(tmp_path, small_content, capsys):
    assert build(tmp_path, small_content) == 0
    (tmp_path / "site").rename(tmp_path / "site.old")  # killed between the two renames
    (small_content / "bad.txt").write_bytes(b"---\nid: a/b\n---\n")
    (small_content / "good.txt").write_text("---\nid: a/b\n---\n", encoding="utf-8")
    assert build(tmp_path, small_content, "--strict") == 1
    assert "it is back in" in capsys.readouterr().err
    assert (tmp_path / "site/index.html").exists() and not (tmp_path / "site.old").exists()


def test_the_site_can_be_on_another_file_system_than_the_work_folder(
    tmp_path, small_content, capsys
):
    import os
    import tempfile

    other = (
        Path(tempfile.mkdtemp(dir="/dev/shm")) if os.path.isdir("/dev/shm") else tmp_path / "other"
    )
    try:
        same = os.stat(other).st_dev == os.stat(tmp_path).st_dev
        print(f"site on {'the same' if same else 'another'} file system than the work folder")
        assert (
            main(
                [
                    "build",
                    "--content",
                    str(small_content),
                    "--site-dir",
                    str(other / "site"),
                    "--work-dir",
                    str(tmp_path / "build"),
                ]
            )
            == 0
        )
        assert (other / "site/articles/good-01/index.html").exists()
    finally:
        shutil.rmtree(other, ignore_errors=True)


def test_an_unwritable_site_folder_is_one_line_not_a_traceback(tmp_path, small_content, capsys):
    import os

    if os.geteuid() == 0:
        target = Path("/proc/version/site")  # not writable even for root
    else:
        (tmp_path / "ro").mkdir(mode=0o500)
        target = tmp_path / "ro" / "site"
    assert (
        main(
            [
                "build",
                "--content",
                str(small_content),
                "--site-dir",
                str(target),
                "--work-dir",
                str(tmp_path / "build"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: ") and "Traceback" not in "\n".join(err)
