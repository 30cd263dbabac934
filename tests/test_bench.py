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
