"""Files into the docs folders, and the finished site into place."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


class CollisionError(Exception):
    """Two outputs want the same path."""


def write_tree(root: Path, files: dict[str, str | bytes]) -> int:
    """Make ``root`` hold exactly these files (relative path -> content). Files whose content
    is unchanged are left alone, so their times stay; returns how many were written."""
    wanted = {root / rel: content.encode("utf-8") if isinstance(content, str) else content
              for rel, content in files.items()}
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    written = 0
    for path in sorted(wanted):
        data = wanted[path]
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    return written


def add_file(files: dict, rel: str, content, owner: str) -> None:
    if rel in files:
        raise CollisionError(f"{owner}: {rel} is written twice — give the page a different file name or 'id'")
    files[rel] = content


def swap_into_place(built: Path, target: Path) -> None:
    """Move a finished site to ``target``; the old one is removed only once the new one is there."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    if old.exists():
        shutil.rmtree(old)
