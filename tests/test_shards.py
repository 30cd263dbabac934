"""The build split over machines (generator/shards.py): parts read and rendered in processes
and work folders of their own, assembled into the same site as one machine's build."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import ROOT
from generator.shards import Part, ShardError

from .test_build import same_tree

SITE_URL = "https://example.org/archive/"


def run(*args: str) -> str:
    """One command in a process of its own, as a CI job runs it."""
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def one_machine(content: Path, base: Path) -> Path:
    site = base / "one-site"
    run(
        "build",
        "--content", str(content),
        "--work-dir", str(base / "one-work"),
        "--site-dir", str(site),
        "--site-url", SITE_URL,
        "--search-shard-articles", "12",
    )  # fmt: skip
    return site


def split(content: Path, base: Path, count: int = 2) -> Path:
    """The three steps, each part with its own work folder (kept between runs, as a CI
    cache keeps it)."""
    common = ["--content", str(content), "--search-shard-articles", "12"]
    summaries = base / "summaries"
    shutil.rmtree(summaries, ignore_errors=True)
    for k in range(1, count + 1):
        work = ["--work-dir", str(base / f"work-{k}"), "--summaries", str(summaries)]
        run("shard", "read", "--part", f"{k}/{count}", *common, *work)
    for k in range(1, count + 1):
        work = ["--work-dir", str(base / f"work-{k}"), "--summaries", str(summaries)]
        out = ["--out", str(base / f"out-{k}"), "--site-url", SITE_URL]
        run("shard", "render", "--part", f"{k}/{count}", *common, *work, *out)
    site = base / "site"
    parts = [str(base / f"out-{k}") for k in range(1, count + 1)]
    run(
        "assemble", *parts, *common,
        "--summaries", str(summaries),
        "--work-dir", str(base / "work-assemble"),
        "--site-dir", str(site),
        "--site-url", SITE_URL,
    )  # fmt: skip
    return site


@pytest.fixture
def archive(tmp_path) -> Path:
    from bench.synth import make

    content = tmp_path / "content"
    make(content, 40, "mixed")
    for page in sorted(Path(ROOT / "content").glob("*.txt"))[:2]:
        shutil.copy(page, content / page.name)
    return content


def test_two_parts_assembled_are_the_site_one_machine_builds_before_and_after_a_change(
    tmp_path, archive
):
    base = tmp_path / "split"
    assert same_tree(one_machine(archive, tmp_path / "one"), split(archive, base)) == []
    assert {p.name for p in base.glob("out-*/site/*/articles")} == {"articles"}
    from_one = {p.name for p in (base / "out-1/site/zh-Hans/articles").iterdir()}
    from_two = {p.name for p in (base / "out-2/site/zh-Hans/articles").iterdir()}
    assert from_one and from_two and not from_one & from_two  # each article in one part

    first, second = sorted(archive.glob("*.txt"))[:2]
    first.unlink()
    second.write_text(second.read_text(encoding="utf-8") + "\n那曲市又添新产业。\n", "utf-8")
    (archive / "added.txt").write_text(
        "那曲市新闻\n\n本报记者 李四\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    again = split(archive, base)  # the parts' work folders kept from the first run
    assert same_tree(one_machine(archive, tmp_path / "two"), again) == []


def test_every_page_is_in_exactly_one_part_and_stays_there():
    names = [f"2024/page-{n:04}.txt" for n in range(400)]
    for count in (1, 2, 3, 8):
        parts = [Part(k, count) for k in range(1, count + 1)]
        holding = [[p for p in parts if p.holds(name)] for name in names]
        assert all(len(h) == 1 for h in holding)
        sizes = [sum(p.holds(name) for name in names) for p in parts]
        assert min(sizes) > 400 / count * 0.6  # spread, not all in one
    assert Part(2, 8).holds(names[7]) == Part(2, 8).holds(names[7])


@pytest.mark.parametrize("text", ["3", "0/2", "3/2", "a/b"])
def test_a_part_must_be_written_k_of_n(text):
    with pytest.raises(ShardError, match="K/N|from 1 to N"):
        Part.parse(text)


def test_assemble_names_a_page_no_summary_holds_and_what_to_do(tmp_path, capsys):
    from generator.cli import main

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    summaries = tmp_path / "summaries"
    args = ["--content", str(content), "--summaries", str(summaries)]
    work = ["--work-dir", str(tmp_path / "w1")]
    assert main(["shard", "read", "--part", "1/2", *args, *work]) == 0
    out = ["--work-dir", str(tmp_path / "wa"), "--site-dir", str(tmp_path / "site")]
    assert main(["assemble", str(tmp_path / "out-1"), *args, *out]) == 1
    err = capsys.readouterr().err
    assert "in no part's summary" in err and "run shard read for every part" in err
    assert not (tmp_path / "site").exists()


def test_a_summary_signed_with_another_key_is_refused(tmp_path, capsys, monkeypatch):
    from generator.cli import main

    summaries = tmp_path / "summaries"
    args = ["--summaries", str(summaries), "--work-dir", str(tmp_path / "w")]
    monkeypatch.setenv("ARCHIVE_CACHE_KEY", "a" * 32)
    assert main(["shard", "read", "--part", "1/1", *args]) == 0
    monkeypatch.setenv("ARCHIVE_CACHE_KEY", "b" * 32)
    assert main(["shard", "render", "--part", "1/1", *args, "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "part-1-of-1.summary: not a summary this key signed" in err
    assert "same ARCHIVE_CACHE_KEY on every machine" in err


def test_shard_render_asks_for_its_out_folder(tmp_path, capsys):
    from generator.cli import main

    args = ["--part", "1/2", "--summaries", str(tmp_path / "s"), "--work-dir", str(tmp_path)]
    assert main(["shard", "render", *args]) == 1
    assert "shard render needs --out" in capsys.readouterr().err


def test_assemble_stops_when_a_parts_pages_are_missing_or_given_twice(tmp_path, capsys):
    """A part whose folder did not arrive (an upload that failed) would publish a site
    without its articles: assemble names it and publishes nothing."""
    from generator.cli import main

    summaries = tmp_path / "summaries"
    common = ["--summaries", str(summaries)]
    for k in (1, 2):
        work = ["--work-dir", str(tmp_path / f"w{k}")]
        assert main(["shard", "read", "--part", f"{k}/2", *common, *work]) == 0
    for k in (1, 2):
        work = ["--work-dir", str(tmp_path / f"w{k}"), "--out", str(tmp_path / f"out-{k}")]
        assert main(["shard", "render", "--part", f"{k}/2", *common, *work]) == 0
    capsys.readouterr()
    site = ["--work-dir", str(tmp_path / "wa"), "--site-dir", str(tmp_path / "site")]
    one, two = str(tmp_path / "out-1"), str(tmp_path / "out-2")
    assert main(["assemble", one, *common, *site]) == 1
    assert "part 2 of 2 is missing" in capsys.readouterr().err
    assert main(["assemble", one, one, *common, *site]) == 1
    assert "is part 1 too" in capsys.readouterr().err
    assert main(["assemble", one, str(tmp_path), *common, *site]) == 1
    assert "not a folder shard render wrote" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
    assert main(["assemble", one, two, *common, *site]) == 0
