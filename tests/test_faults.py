"""Fault injection (generator/faults.py): a build killed at each point of its way, or finding
the disk full there, leaves the last good site served, and the next build completes."""

import os
import subprocess
import sys

import pytest

from generator.config import ROOT
from generator.faults import POINTS


def build(tmp_path, content, fault=None, exchange=True):
    env = {k: v for k, v in os.environ.items() if k not in ("ARCHIVE_FAULT", "ARCHIVE_NO_EXCHANGE")}
    if fault:
        env["ARCHIVE_FAULT"] = fault
    if not exchange:
        env["ARCHIVE_NO_EXCHANGE"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content",
            str(content),
            "--site-dir",
            str(tmp_path / "site"),
            "--work-dir",
            str(tmp_path / "build"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("faults")
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.txt").write_text(
        "林芝市产业兴旺\n\n本报记者 张三\n\n林芝市大力发展产业。\n", encoding="utf-8"
    )
    assert build(tmp_path, content).returncode == 0
    return tmp_path, content


@pytest.mark.parametrize("fault", [*POINTS, *(f"{p}:enospc" for p in POINTS)])
def test_a_build_stopped_anywhere_leaves_the_last_site_and_the_next_build_completes(archive, fault):
    tmp_path, content = archive
    good = (tmp_path / "site/index.html").read_bytes()
    page = content / "b.txt"
    page.write_text(
        f"那曲市新闻 {fault}\n\n本报记者 李四\n\n那曲市加强防灾保畜。\n", encoding="utf-8"
    )
    # the fallback swap (two renames) where the point between them is tried; an exchange elsewhere
    stopped = build(tmp_path, content, fault, exchange=fault.split(":")[0] != "between-renames")
    if fault.endswith(":enospc"):
        print(
            f"{fault}: writes made to fail with ENOSPC at that point (no small file system is "
            "mounted)"
        )
        assert stopped.returncode == 1 and "no space left" in stopped.stderr
        assert "Traceback" not in stopped.stderr
    else:
        assert stopped.returncode == -9, stopped.stderr[-500:]
    site = tmp_path / "site/index.html"
    if fault.split(":")[0] == "published":
        assert site.exists()  # it was killed after the new site was in place
    elif fault.split(":")[0] == "between-renames" and not fault.endswith(":enospc"):
        assert not site.exists() and (tmp_path / "site.old/index.html").read_bytes() == good
    else:
        assert site.read_bytes() == good
    again = build(tmp_path, content)
    assert again.returncode == 0, again.stderr[-800:]
    assert (tmp_path / f"site/articles/b-01/index.html").exists()
    page.unlink()
    assert build(tmp_path, content).returncode == 0
