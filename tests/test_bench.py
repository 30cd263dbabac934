"""The benchmark's synthetic archive: distinct pages, as many articles as asked, all readable."""

from generator.archive import read_all

from bench.synth import make_archive


def test_synthetic_archive_has_distinct_readable_pages(tmp_path, res):
    pages = make_archive(tmp_path / "content", 40)
    files = sorted((tmp_path / "content").glob("*.txt"))
    assert len(files) == pages
    assert len({f.read_text(encoding="utf-8") for f in files}) == pages
    results, problems = read_all(tmp_path / "content", res)
    assert not [p for p in problems if p.startswith("error")]
    assert sum(len(r.articles) for r in results) >= 40


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


def test_the_report_puts_a_runs_results_into_docs_performance_md():
    """bench.report on the results of a run (the shape bench.run prints): tables and JSON."""
    import json

    from bench.report import markdown

    run = {
        "seconds": 2.5,
        "cpu_seconds": 4.0,
        "peak_process_mib": 512.0,
        "peak_tree_mib": 1536.0,
        "steps": {"generator": 1.5, "total": 2.4},
    }
    out = {
        "articles": 40,
        "cpus": 2,
        "pages": 12,
        "build": {**run, "site_bytes": 3_000_000, "search_shards": 1},
        "one_page_added": {"generator": run, "whole_build": run},
        "search": [
            {
                "view": "zh-Hant/",
                "query": "乡村振兴",
                "hits": 9,
                "requests": 4,
                "bytes_transferred": 12345,
                "ms_to_results": 50.5,
            }
        ],
    }
    text = markdown(out, "python -m bench.run --articles 40")
    assert "`python -m bench.run --articles 40` on commit" in text
    assert "| full build of both views | 2.5 | 4.0 | 1.50 GiB / 0.50 GiB |" in text
    assert "| — generator | 1.5 | | |" in text and "| — total" not in text
    assert "| 乡村振兴 | /zh-Hant | 9 | 4 | 12,345 | 50.5 |" in text
    assert json.loads(text.split("```json\n")[1].split("\n```")[0]) == out
