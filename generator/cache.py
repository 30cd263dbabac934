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


class PageCache:
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.version = generator_version()
        self.hits = self.misses = 0
        self.used: set[Path] = set()

    def _file(self, *parts: str | bytes) -> Path:
        digest = hashlib.sha256(self.version.encode())
        for part in parts:
            digest.update(b"\0" + (part.encode("utf-8") if isinstance(part, str) else part))
        key = digest.hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def _load(self, file: Path):
        self.used.add(file)
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
        self.used.add(file)

    def get(self, path: Path, source_name: str, data: bytes):
        """The page as read before from these bytes, or None."""
        if self.folder is None:
            return None
        result = self._load(self._file("page", source_name, data))
        if result is None:
            self.misses += 1
            return None
        self.hits += 1
        return dataclasses.replace(result, page=dataclasses.replace(result.page, path=path))

    def put(self, source_name: str, data: bytes, result) -> None:
        if self.folder is not None:
            self._store(self._file("page", source_name, data), result)

    def rendered(self, result, view: str, context: str) -> dict[str, str] | None:
        """The article pages of a page as rendered for a view, if this content was rendered
        before in the same context (what the pages show of other articles: related ones)."""
        if self.folder is None:
            return None
        return self._load(self._file("rendered", view, result.page.source_name, result.page.id, result.page.raw,
                                     context))

    def keep_rendered(self, result, view: str, context: str, pages: dict[str, str]) -> None:
        if self.folder is not None:
            self._store(self._file("rendered", view, result.page.source_name, result.page.id, result.page.raw,
                                   context), pages)

    def prune(self) -> None:
        """Forget pages that are no longer in the archive or were read by an older generator."""
        if self.folder is None or not self.folder.exists():
            return
        for file in self.folder.glob("*/*.pickle"):
            if file not in self.used:
                file.unlink()
