"""The whole reading of each sample page against its golden file (refresh: make golden)."""

import pytest

from .conftest import CONTENT
from .refresh_golden import GOLDEN, golden_text


@pytest.mark.parametrize("path", sorted(CONTENT.glob("*.txt")), ids=lambda p: p.name)
def test_inspect_output_matches_the_golden_file(path, res):
    golden = GOLDEN / f"{path.stem}.json"
    assert golden.exists(), f"{golden} is missing — run 'make golden' and review the diff"
    assert golden_text(path, res) == golden.read_text(encoding="utf-8"), (
        f"{path.name} reads differently from {golden.name}: if the change is meant, run "
        f"'make golden' and review 'git diff tests/golden/'"
    )


def test_every_golden_file_has_its_page():
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(
        p.stem for p in CONTENT.glob("*.txt")
    )
