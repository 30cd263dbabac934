"""The README and docs/: short enough to read, and every file they point to is there."""

import re

from generator.config import ROOT

LOCAL_LINK = re.compile(r"\]\((?!https?://|#|mailto:)([^)\s#]+)")
"""The target of a Markdown link or image that points into the repository."""


def test_the_readme_reads_in_a_few_minutes():
    words = len((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert 300 < words <= 2000, f"README.md has {words} words: keep it at most 2,000"


def test_the_links_and_images_of_the_readme_and_docs_point_at_files_that_exist():
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing = [
        f"{doc.relative_to(ROOT)}: {target}"
        for doc in documents
        for target in LOCAL_LINK.findall(doc.read_text(encoding="utf-8"))
        if not (doc.parent / target).exists()
    ]
    assert not missing, "links to files that are not there:\n" + "\n".join(missing)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/images/" in readme  # the screenshot


def test_the_link_pattern_finds_local_targets_only():
    text = "[a](docs/x.md) ![b](docs/images/y.png) [c](https://e.org/z) [d](#top) [e](f.md#part)"
    assert LOCAL_LINK.findall(text) == ["docs/x.md", "docs/images/y.png", "f.md"]
