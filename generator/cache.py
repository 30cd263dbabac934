"""Pages already read, kept by their content and the generator's version, for incremental builds."""
from __future__ import annotations

import dataclasses
import hashlib
import pickle
from pathlib import Path

from .config import ROOT, SITE_DATA


def generator_version() -> str:
    """A digest of the generator's code and site-data: any change there reads every page anew."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "generator").glob("*.py"), *SITE_DATA.glob("*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(version: str, source_name: str, data: bytes) -> str:
    """What names a page's outputs: its bytes, its name in content/ and the generator's version."""
    digest = hashlib.sha256(version.encode())
    for part in (source_name.encode("utf-8"), data):
        digest.update(b"\0" + part)
    return digest.hexdigest()


class PageCache:
    """Per page two pickles: its PageEntry (what the whole-archive stages need, small) and its
    PageResult (with the text, loaded only when one of its outputs is made again)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.version = generator_version()
        self.hits = self.misses = 0
        self.used: set[str] = set()

    def key(self, source_name: str, data: bytes) -> str:
        return page_key(self.version, source_name, data)

    def _file(self, key: str, kind: str) -> Path:
        return self.folder / key[:2] / f"{key}.{kind}.pickle"

    def _load(self, file: Path):
        try:
            with file.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def _store(self, file: Path, value) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(file)

    def has(self, key: str) -> bool:
        """Whether the page with this key was read before (a miss is counted if not)."""
        kept = self.folder is not None and self._file(key, "entry").is_file()
        self.misses += not kept
        return kept

    def get(self, path: Path, key: str):
        """The PageEntry of the page with this key, as read before, or None."""
        if self.folder is None:
            return None
        entry = self._load(self._file(key, "entry"))
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return dataclasses.replace(entry, path=path)

    def put(self, entry, result) -> None:
        if self.folder is not None:
            self._store(self._file(entry.key, "page"), result)
            self._store(self._file(entry.key, "entry"), entry)
            self.used.add(entry.key)

    def result(self, entry):
        """The PageResult of an entry ``get`` gave, or None if it is gone from the cache."""
        if self.folder is None:
            return None
        result = self._load(self._file(entry.key, "page"))
        if result is None:
            return None
        return dataclasses.replace(result, page=dataclasses.replace(result.page, path=entry.path))

    def state(self, name: str):
        """What a stage kept for the next build under ``name`` (keep_state), if this generator kept it."""
        if self.folder is None:
            return None
        kept = self._load(self.folder / f"{name}.pickle")
        return kept[1] if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self.version else None

    def keep_state(self, name: str, value) -> None:
        if self.folder is not None:
            self._store(self.folder / f"{name}.pickle", (self.version, value))

    def prune(self) -> None:
        """Forget pages that are no longer in the archive or were read by an older generator."""
        if self.folder is None or not self.folder.exists():
            return
        for file in self.folder.glob("*/*.pickle"):
            if file.name.split(".", 1)[0] not in self.used:
                file.unlink()
