"""Files into the docs folders, and the finished site into place."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


class CollisionError(Exception):
    """Two outputs want the same path."""


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Replace ``root`` with exactly these files (relative path -> content)."""
    if root.exists():
        shutil.rmtree(root)
    for rel in sorted(files):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = files[rel]
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")


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
