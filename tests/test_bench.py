"""The benchmark's synthetic archive: distinct pages, as many articles as asked, all readable."""
from generator.site import read_all

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
        assert m["ms_to_results"] < m["ms_from_driver_enter"]   # the page saw Enter after it was sent
        assert 0 < m["ms_to_results_at_ready"] < 60000
        assert m["bytes_transferred"] > 0 and m["requests"] > 0
