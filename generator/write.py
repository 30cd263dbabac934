"""Files into the docs folders, and the finished site into place."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path


class CollisionError(Exception):
    """Two outputs want the same path."""


def write_tree(root: Path, files: dict[str, str | bytes]) -> int:
    """Make ``root`` hold exactly these files (relative path -> content); returns how many were
    written. A manifest of content digests beside ``root`` says which files are already right,
    so unchanged files are neither read nor written, and keep their times."""
    manifest_path = root.parent / f".manifest-{root.name}.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    digests, written = {}, 0
    for rel in sorted(files):
        content = files[rel]
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha1(data).hexdigest()
        digests[rel] = digest
        path = root / rel
        if manifest.get(rel) == digest and path.is_file() and path.stat().st_size == len(data):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    if root.exists():
        for path in sorted(root.rglob("*"), reverse=True):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in digests:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
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
