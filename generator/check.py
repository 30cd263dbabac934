"""Pages -> the problems an editor should fix, as ``file:line: what is wrong — what to do``."""
from __future__ import annotations

import sys
from pathlib import Path

from .read import page_files
from .resources import Resources
from .site import read_all


def check(paths: list[Path], content: Path, strict: bool) -> int:
    res = Resources()
    errors = warnings = 0
    for target in paths:
        if not target.exists():
            print(f"error: {target}: no such file or folder — check the path", file=sys.stderr)
            errors += 1
            continue
        folder = target if target.is_dir() else target.parent
        root = content if content in (folder, *folder.parents) else folder
        only = None if target.is_dir() else {target.resolve()}
        _, problems = read_all(root, res, only=only if only else {p.resolve() for p in page_files(target)})
        for line in problems:
            print(line)
            if line.startswith("error"):
                errors += 1
            else:
                warnings += 1
    print(f"{errors} errors, {warnings} warnings", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0
