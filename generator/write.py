"""Files into the docs folders, and the finished site into place."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path


class CollisionError(Exception):
    """Two outputs want the same path."""


def _manifest_path(root: Path) -> Path:
    return root.parent / f".manifest-{root.name}.json"


def manifest(root: Path) -> dict[str, str]:
    """What write_tree last wrote into ``root``: relative path -> content digest ({} if nothing)."""
    try:
        return json.loads(_manifest_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_tree(root: Path, files: dict[str, str | bytes]) -> int:
    """Make ``root`` hold exactly these files (relative path -> content); returns how many were
    written. A manifest of content digests beside ``root`` says which files are already right,
    so unchanged files are neither read nor written, and keep their times."""
    manifest_path = _manifest_path(root)
    manifest_then = manifest(root)
    digests, written = {}, 0
    base = str(root)
    for rel in sorted(files):
        content = files[rel]
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha1(data).hexdigest()
        digests[rel] = digest
        path = os.path.join(base, rel)
        if manifest_then.get(rel) == digest:
            try:
                if os.stat(path).st_size == len(data):
                    continue
            except OSError:
                pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        written += 1
    for folder, subfolders, names in os.walk(base, topdown=False):   # anything else goes
        rel_folder = os.path.relpath(folder, base)
        for name in names:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}".replace(os.sep, "/")
            if rel not in digests:
                os.unlink(os.path.join(folder, name))
        if folder != base and not os.listdir(folder):
            os.rmdir(folder)
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    return written


def add_file(files: dict, rel: str, content, owner: str) -> None:
    if rel in files:
        raise CollisionError(f"{owner}: {rel} is written twice — give the page a different file name or 'id'")
    files[rel] = content


def add_files(files: dict, folder: str, pages: dict, owner: str) -> None:
    """add_file for each of ``pages`` (name -> content), under ``folder``."""
    for name, content in pages.items():
        add_file(files, f"{folder}/{name}", content, owner)


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
