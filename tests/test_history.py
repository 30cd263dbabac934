"""When pages entered the archive (generator/history.py) and the dates the feed takes from it."""

import os
import subprocess

from generator.history import first_added
from generator.archive import dated_by_history
from generator.page import entry_of, read_one

PAGE = "拉萨市城关区举办培训。\n\n全区培训群众300人次，带动就业。\n"


def git(folder, *args, date="2024-03-09T10:00:00+08:00"):
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "e",
        "GIT_AUTHOR_EMAIL": "e@example.org",
        "GIT_COMMITTER_NAME": "e",
        "GIT_COMMITTER_EMAIL": "e@example.org",
    }
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def test_a_page_is_dated_by_the_first_commit_that_added_it(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "页面一.txt").write_text(PAGE, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    (content / "页面一.txt").write_text(PAGE + "又一段。\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "edit", date="2025-01-01T10:00:00+08:00")
    assert first_added(content) == {(content / "页面一.txt").resolve(): "2024-03-09"}


def test_outside_a_checkout_no_page_has_a_history(tmp_path):
    assert first_added(tmp_path) == {}


def test_an_undated_article_takes_its_pages_history_else_a_notice(tmp_path, res):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("committed.txt", "new.txt"):
        (content / name).write_text(PAGE, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "content/committed.txt")
    git(tmp_path, "commit", "-qm", "first")
    entries = [
        entry_of(read_one(content / name, res), name) for name in ("committed.txt", "new.txt")
    ]
    articles, notices = dated_by_history(entries, content)
    assert [(a.date, a.added) for a in articles] == [(None, "2024-03-09"), (None, None)]
    assert len(notices) == 1 and "new.txt:1:" in notices[0] and "added: YYYY-MM-DD" in notices[0]


def test_an_added_header_line_dates_the_page_before_its_history(tmp_path, res):
    page = tmp_path / "p.txt"
    page.write_text("---\nadded: 2023-07-01\n---\n" + PAGE, encoding="utf-8")
    article = read_one(page, res).articles[0]
    assert (article.date, article.added) == (None, "2023-07-01")
    assert (
        dated_by_history([entry_of(read_one(page, res), "k")], tmp_path)[0][0].added == "2023-07-01"
    )
