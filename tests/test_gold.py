"""Acceptance: the reading of the sample pages against the gold data in ../shared."""
import os
import subprocess

import pytest
import sys

from generator.config import ROOT

from .conftest import SHARED


def test_sample_pages_read_as_the_gold_data_says():
    if os.environ.get("ARCHIVE_NO_SHARED") == "1":
        pytest.skip("ARCHIVE_NO_SHARED=1: this machine has no ../shared gold data (GitHub's runners)")
    tool = SHARED / "tools" / "score_gold.py"
    assert tool.exists(), f"{tool} is missing: clone the project with ../shared beside it"
    proc = subprocess.run([sys.executable, str(tool), str(SHARED / "gold" / "seed-articles.yaml"),
                           str(SHARED / "seeds"), sys.executable, str(ROOT)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-500:]
    assert proc.returncode == 0, last
    assert "pages split right 5/5" in last and "boilerplate leaks 0" in last
