"""What a run of MkDocs renders when only some pages changed (run.py ``--since``): the docs
files whose digest in the docs folder's manifest (path -> digest, kept by the generator's
write_tree) differs from the manifest the last run's HTML was made from, and the nav's pages.

MkDocs' own dirty build still walks the whole docs folder, makes a File and a Page for every
file and compares two file times for each, several times over: at 10,000 articles a view has
33,000 files, and that was most of a run that renders a few pages. Here MkDocs is given only
the files that changed; any other docs file is made when a changed page asks for it by path
(a Markdown link), without being listed, so links resolve as in a whole build."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import PurePath

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, Files, set_exclusions


@dataclass(frozen=True)
class Changes:
    """The docs files that changed since the last run (new or with another digest), those that
    are gone, and every file there is now (path -> digest)."""

    changed: tuple[str, ...]
    removed: tuple[str, ...]
    now: dict[str, str]

    @classmethod
    def between(cls, since: dict[str, str], now: dict[str, str]) -> Changes:
        return cls(
            changed=tuple(sorted(rel for rel, digest in now.items() if since.get(rel) != digest)),
            removed=tuple(sorted(since.keys() - now.keys())),
            now=now,
        )

    @classmethod
    def of_files(cls, since: str, now: str) -> Changes:
        """Changes between two manifest files (JSON, as write_tree writes them)."""
        return cls.between(_load(since), _load(now))


def _load(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


class Changed(File):
    """A docs file whose HTML is made again, whatever the file times say."""

    def is_modified(self) -> bool:
        return True


class Unchanged(File):
    """A docs file whose HTML from the last run stands."""

    def is_modified(self) -> bool:
        return False


class ChangedFiles(Files):
    """MkDocs' files for the run: the changed ones and the nav's pages. A docs file not
    among them is made when asked for by its path, so that a link to it resolves to its
    address; it is not listed, so it is not read, rendered or copied."""

    def __init__(self, files, now: dict[str, str], config) -> None:
        super().__init__(files)
        self._now, self._config = now, config

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        uri = PurePath(path).as_posix()
        if found is None and uri in self._now:
            found = _file(Unchanged, uri, self._config)
            set_exclusions([found], self._config)
        return found


def _file(kind, uri: str, config) -> File:
    return kind(uri, config["docs_dir"], config["site_dir"], config["use_directory_urls"])


def nav_paths(nav) -> list[str]:
    """The docs paths the configuration's nav names (its pages, at any depth)."""
    if isinstance(nav, str):
        return [nav] if "://" not in nav else []
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_paths(item)]
    return []


def files_for(config, changes: Changes) -> ChangedFiles:
    """What MkDocs' get_files gives in a run of ``changes``."""
    files = [_file(Changed, rel, config) for rel in changes.changed]
    listed = set(changes.changed)
    files += [
        _file(Unchanged, rel, config)
        for rel in nav_paths(config["nav"])
        if rel in changes.now and rel not in listed
    ]
    set_exclusions(files, config)
    return ChangedFiles(files, changes.now, config)


@contextlib.contextmanager
def only(changes: Changes):
    """MkDocs' build given files_for(changes) in place of the whole docs folder."""
    saved = mkdocs_build.get_files
    mkdocs_build.get_files = lambda config: files_for(config, changes)
    try:
        yield
    finally:
        mkdocs_build.get_files = saved


def remove_gone(config, changes: Changes, written: set[str]) -> int:
    """Remove the HTML of the docs files that are gone, unless this run wrote a file on the same
    path, and the folders left empty; how many files were removed."""
    site = os.path.abspath(config["site_dir"])
    removed = 0
    for rel in changes.removed:
        path = os.path.abspath(_file(Unchanged, rel, config).abs_dest_path)
        if path in written:
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
            removed += 1
        folder = os.path.dirname(path)
        while folder != site and folder.startswith(site + os.sep):
            try:
                os.rmdir(folder)
            except OSError:  # not empty
                break
            folder = os.path.dirname(folder)
    return removed
