"""Pages -> the problems an editor should fix, as ``file:line: what is wrong — what to do``."""

from __future__ import annotations

import sys
from pathlib import Path

from .read import page_files
from .resources import Resources
from .archive import read_all


def check(paths: list[Path], content: Path, strict: bool) -> int:
    res = Resources()
    counts = {"error": 0, "warning": 0, "notice": 0}
    for target in paths:
        if not target.exists():
            print(f"error: {target}: no such file or folder — check the path", file=sys.stderr)
            counts["error"] += 1
            continue
        folder = target if target.is_dir() else target.parent
        root = content if content in (folder, *folder.parents) else folder
        only = {target.absolute()} if not target.is_dir() or target.is_symlink() else None
        _, problems = read_all(
            root, res, only=only if only else {p.absolute() for p in page_files(target)}
        )
        for line in problems:
            print(line)
            counts[line.split(":", 1)[0]] += 1
    print(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['notice']} notices",
        file=sys.stderr,
    )
    # --strict: any problem, notices on the source included, fails (see the editors' guide)
    return 1 if counts["error"] or (strict and (counts["warning"] or counts["notice"])) else 0
