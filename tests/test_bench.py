"""The benchmark's synthetic archive: distinct pages, as many articles as asked, all readable."""

import shutil
from pathlib import Path

import pytest

from generator.archive import read_all

from bench.synth import LONG, PER_PAPER, make, make_archive


def test_synthetic_archive_has_distinct_readable_pages(tmp_path, res):
    pages = make_archive(tmp_path / "content", 40)
    files = sorted((tmp_path / "content").glob("*.txt"))
    assert len(files) == pages
    assert len({f.read_text(encoding="utf-8") for f in files}) == pages
    results, problems = read_all(tmp_path / "content", res)
    assert not [p for p in problems if p.startswith("error")]
    assert sum(len(r.articles) for r in results) >= 40


@pytest.mark.parametrize(
    "shape, pages, per_page", [("long", 24, [1]), ("paper", 6, [4]), ("mixed", 15, [1, 4])]
)
def test_long_shapes_read_as_the_articles_they_were_made_as(tmp_path, res, shape, pages, per_page):
    """Long articles, one to a page, four to a newspaper page or half and half: each page reads
    as the articles written on it, each about LONG characters, dated over the years."""
    assert make(tmp_path / "content", 24, shape) == pages
    entries, problems = read_all(tmp_path / "content", res)
    assert not [p for p in problems if p.startswith("error")]
    counts = [len(e.articles) for e in entries]
    assert sorted(set(counts)) == per_page and sum(counts) == 24
    if shape == "mixed":
        assert sum(c for c in counts if c == 1) == sum(c for c in counts if c == PER_PAPER) == 12
    for entry in entries:
        assert len(entry.path.read_text(encoding="utf-8")) / len(entry.articles) > LONG * 0.9
    years = {a.date[:4] for e in entries for a in e.articles}
    assert len(years) >= 5
    make(tmp_path / "content", 1, shape, start=pages)  # one page more, dated after the others
    again, _ = read_all(tmp_path / "content", res)
    added = next(e for e in again if e.path not in {f.path for f in entries})
    assert added.articles[0].date >= max(a.date for e in entries for a in e.articles)


def test_search_measurement_reads_the_pages_own_marks(built_site):
    """measure_search on the sample site: every query finds its articles, in both scripts and
    views, and the times come from the marks the search page sets (it waits for them)."""
    from bench.run import QUERIES, measure_search

    measured = measure_search(built_site)
    assert [(m["view"], m["query"]) for m in measured] == [(v or "/", q) for v, q in QUERIES]
    hits = {m["query"]: m["hits"] for m in measured}
    assert hits["乡村振兴"] == hits["鄉村振興"] > 0 and hits["駐村工作隊"] > 0
    for m in measured:
        assert 0 < m["ms_index_ready"] < 60000 and 0 < m["ms_to_results"] < 60000
        # the page saw Enter after it was sent
        assert m["ms_to_results"] < m["ms_from_driver_enter"]
        assert 0 < m["ms_to_results_at_ready"] < 60000
        assert m["bytes_transferred"] > 0 and m["requests"] > 0
        assert m["complete"]  # 16 articles: every entry whole, every article looked at


def test_the_report_puts_a_runs_results_into_docs_performance_md():
    """bench.report on the results of a run (the shape bench.run prints): tables and JSON."""
    import json

    from bench.report import markdown

    run = {
        "seconds": 2.5,
        "cpu_seconds": 4.0,
        "peak_process_mib": 512.0,
        "peak_tree_mib": 1536.0,
        "peak_tree_pss_mib": 1024.0,
        "machine_idle_seconds": 0.3,
        "machine_iowait_seconds": 0.2,
        "machine_steal_seconds": 0.0,
        "steps": {
            "generator": 1.5,
            "mkdocs zh-Hans": 0.6,
            "total": 2.4,
            "generator stages": {"reading pages": 1.0, "view pages": 0.4},
        },
    }
    out = {
        "articles": 40,
        "shape": "mixed",
        "cpus": 2,
        "pages": 12,
        "build": {
            **run,
            "site_bytes": 3_000_000,
            "search_shards": 1,
            "source_mb": 0.4,
            "source_mb_per_second": 0.16,
        },
        "one_page_added": {"generator": run, "whole_build": run, "next_page_whole_build": run},
        "search": [
            {
                "view": "zh-Hant/",
                "query": "乡村振兴",
                "hits": 9,
                "requests": 4,
                "bytes_transferred": 12345,
                "ms_to_results": 50.5,
            },
            {
                "view": "/",
                "query": "牦牛",
                "hits": 10,
                "complete": False,
                "requests": 5,
                "bytes_transferred": 2345,
                "ms_to_results": 20.5,
            },
        ],
        "scale": {
            "articles": 10,
            "build": run,
            "build_after": {**run, "seconds": 3.5},
            "ratio_articles": 4.0,
            "ratio_seconds": 0.83,
        },
    }
    text = markdown(out, "python -m bench.run --articles 40")
    assert "`python -m bench.run --articles 40` on commit" in text
    assert "| full build of both views | 2.5 | 4.0 | 1.00 GiB / 1.50 GiB / 0.50 GiB |" in text
    assert "| 40 articles (12 pages, mixed) |" in text and "at 0.16 MB a second" in text
    assert "| — generator | 1.5 | | |" in text and "| — total" not in text
    # the generator's stages below its row, before the next step's
    assert (
        "| — generator | 1.5 | | |\n| —— reading pages | 1.0 | | |\n| —— view pages | 0.4 | | |\n"
        "| — mkdocs zh-Hans | 0.6 | | |" in text
    )
    assert "generator stages |" not in text
    assert "| 乡村振兴 | /zh-Hant | 9 | 4 | 12,345 | 50.5 |" in text
    assert "| 牦牛 | / | at least 10 | 5 | 2,345 | 20.5 |" in text
    assert "| 10 articles of the same shape, built before | 2.5 | 4.0 |" in text
    assert "| 10 articles of the same shape, built after | 3.5 | 4.0 |" in text
    assert "| another page added: whole build | 2.5 | 4.0 |" in text
    assert (
        "With 4.0 times the articles, the full build took 0.83 times as long as the mean of "
        "the smaller builds." in text
    )
    assert (
        "While the full build ran (2.5 s), the machine's CPUs sat idle 0.3 CPU seconds, waited "
        "on the disk 0.2, and lost 0.0 to the host." in text
    )
    assert "While the smaller build before ran (2.5 s)" in text
    assert "While the smaller build after ran (3.5 s)" in text
    assert json.loads(text.split("```json\n")[1].split("\n```")[0]) == out


def test_the_main_build_is_compared_with_the_mean_of_the_smaller_builds_around_it():
    from bench.run import scaled

    before, after = {"seconds": 100.0}, {"seconds": 140.0}
    scale = scaled(100_000, {"seconds": 1_200.0}, 10_000, before, after)
    assert scale["ratio_articles"] == 10.0
    assert scale["ratio_seconds"] == 10.0  # 1,200 s against (100 + 140) / 2
    assert scale["build"] is before and scale["build_after"] is after


def test_the_machines_idle_disk_waiting_and_stolen_seconds_come_from_proc_stat(tmp_path):
    """machine_times reads /proc/stat's first line (ticks of all CPUs); machine_spent is what
    went by between two readings, by name."""
    import os

    from bench.run import machine_spent, machine_times

    hz = os.sysconf("SC_CLK_TCK")
    stat = tmp_path / "stat"
    stat.write_text(f"cpu  9 9 9 {10 * hz} {2 * hz} 0 0 {hz} 0 0\ncpu0 1 1 1 1 1 0 0 0 0 0\n")
    before = machine_times(str(stat))
    assert before == {"idle": 10, "iowait": 2, "steal": 1}
    stat.write_text(f"cpu  9 9 9 {25 * hz} {7 * hz} 0 0 {hz} 0 0\n")
    assert machine_spent(before, machine_times(str(stat))) == {
        "machine_idle_seconds": 15,
        "machine_iowait_seconds": 5,
        "machine_steal_seconds": 0,
    }
    real = machine_times()  # this machine's own: counters that only grow
    assert all(seconds >= 0 for seconds in machine_spent(real, machine_times()).values())


def test_the_memory_sampler_takes_at_most_its_share_of_a_cpu():
    """Quick samples come every SAMPLE_EVERY seconds; a slow one (large processes) is followed
    by a pause nine times as long, so that sampling takes a tenth of a CPU at the most."""
    from bench.run import SAMPLE_EVERY, sampling_pause

    assert sampling_pause(0.001) == SAMPLE_EVERY
    for took in (0.02, 0.113, 0.5):
        pause = sampling_pause(took)
        assert pause >= SAMPLE_EVERY
        assert took / (took + pause) <= 0.1 + 1e-9
    assert sampling_pause(0.113) > 1.0


def test_a_forked_childs_shared_pages_count_once_in_proportional_memory():
    """A child that shares its parent's 200 MB: summed resident sizes count them twice,
    proportional sizes about once."""
    import os
    import time

    from bench.run import resident, tree

    held = bytearray(200 * 2**20)
    held[::4096] = b"x" * len(held[::4096])  # touched: resident in the parent
    child = os.fork()
    if child == 0:
        time.sleep(5)
        os._exit(0)
    try:
        time.sleep(0.3)
        pids = tree(os.getpid())
        assert child in pids
        sizes = [resident(p) for p in pids]
        rss, pss = sum(r for r, _ in sizes), sum(p for _, p in sizes)
        assert rss > 2 * 190 * 2**20
        assert pss < rss - 150 * 2**20
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
    assert resident(child) == (0, 0)


def test_nothing_is_removed_between_the_timed_builds(tmp_path, monkeypatch):
    """The smaller builds before and after the main one have folders of their own, and every
    folder stays until the last timed build has run: on ext4 without a journal, files made just
    after a large removal cost the kernel many times their CPU (bench.run.build_smaller)."""
    from bench import run

    events = []

    def make(folder, articles, shape, start=0):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page-{start}.txt").write_text("x", encoding="utf-8")
        return articles

    def build(content, work, site, *extra):
        events.append(("build", site))
        (site / "search-index" / "2016").mkdir(parents=True, exist_ok=True)
        return {"seconds": 1.0}

    real_rmtree = shutil.rmtree

    def rmtree(path, *args, **kwargs):
        events.append(("removed", Path(path)))
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(run, "make", make)
    monkeypatch.setattr(run, "build", build)
    monkeypatch.setattr(run, "hostile_rates", lambda folder, content: {})
    monkeypatch.setattr(run, "measure_search", lambda site: [{"bytes_transferred": 1}])
    monkeypatch.setattr(run.shutil, "rmtree", rmtree)
    base = tmp_path / "bench"
    run.main(
        [
            "--articles",
            "20",
            "--scale-articles",
            "2",
            "--baseline-articles",
            "0",
            "--keep",
            str(base),
        ]
    )

    builds = [at for at, (kind, _) in enumerate(events) if kind == "build"]
    sites = [events[at][1] for at in builds]
    assert sites[:3] == [
        base / "scale-before" / "site",
        base / "site",
        base / "scale-after" / "site",
    ]
    assert not [e for e in events[builds[0] : builds[-1]] if e[0] == "removed"]
    assert (base / "scale-before" / "content").is_dir()  # left for the end (here: --keep)


def test_a_folder_left_by_an_earlier_run_is_removed_and_said(tmp_path, capsys):
    from bench.run import fresh

    left = tmp_path / "scale-before"
    (left / "site").mkdir(parents=True)
    fresh(left)
    assert not left.exists()
    assert f"notice: removed {left} from an earlier run" in capsys.readouterr().err
    fresh(left)  # nothing there: nothing said
    assert capsys.readouterr().err == ""
