"""Acceptance: the reading of the sample pages and of the corpus against the gold data in
../shared."""

import os
import subprocess
import sys

import pytest

from generator.config import ROOT

from .conftest import SHARED


def score(gold: str, pages: str, *thresholds: str) -> tuple[int, str]:
    if os.environ.get("ARCHIVE_NO_SHARED") == "1":
        pytest.skip(
            "ARCHIVE_NO_SHARED=1: this machine has no ../shared gold data (GitHub's runners)"
        )
    tool = SHARED / "tools" / "score_gold.py"
    assert tool.exists(), f"{tool} is missing: clone the project with ../shared beside it"
    proc = subprocess.run(
        [
            sys.executable,
            str(tool),
            str(SHARED / "gold" / gold),
            str(SHARED / pages),
            sys.executable,
            str(ROOT),
            *thresholds,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-500:]
    return proc.returncode, last


def test_sample_pages_read_as_the_gold_data_says():
    code, last = score("seed-articles.yaml", "seeds")
    assert code == 0, last
    assert "pages split right 5/5" in last and "boilerplate leaks 0" in last


def test_corpus_pages_from_other_outlets_read_as_the_gold_data_says():
    code, last = score(
        "corpus-articles.yaml",
        "corpus",
        "--min-anchor",
        "0.97",
        "--min-fields",
        "0.95",
        "--min-figures",
        "0.95",
    )
    assert code == 0, last
    assert (
        "pages split right 16/16" in last
        and "wrong regions 0" in last
        and "boilerplate leaks 0" in last
    )
