"""When each page entered the archive, from the repository's history: the feed dates an
undated article by it (an editor's ``added:`` header line comes first)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def first_added(content: Path) -> dict[Path, str]:
    """Page file (resolved) -> the date, YYYY-MM-DD, of the first commit that added it; empty
    when ``content`` is not in a git checkout or git is missing. A shallow clone knows only its
    last commit: the workflow checks out the whole history (fetch-depth: 0)."""
    try:
        top = subprocess.run(
            ["git", "-C", str(content), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "-C",
                str(content),
                "log",
                "--diff-filter=A",
                "--no-renames",
                "--format=%x00%as",
                "--name-only",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    added: dict[Path, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            date = line[1:]
        elif line:
            added[(Path(top) / line).resolve()] = date  # newest first: the oldest stays
    return added
