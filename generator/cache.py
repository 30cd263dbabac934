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

    def _file(self, source_name: str, data: bytes) -> Path:
        key = hashlib.sha256(self.version.encode() + source_name.encode() + b"\0" + data).hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, path: Path, source_name: str, data: bytes):
        if self.folder is None:
            return None
        file = self._file(source_name, data)
        self.used.add(file)
        try:
            with file.open("rb") as fh:
                result = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        page = dataclasses.replace(result.page, path=path)
        return dataclasses.replace(result, page=page)

    def put(self, source_name: str, data: bytes, result) -> None:
        if self.folder is None:
            return
        file = self._file(source_name, data)
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(file)
        self.used.add(file)

    def _rendered_file(self, result, view: str) -> Path:
        key = hashlib.sha256(f"{self.version}\0{view}\0{result.page.source_name}\0{result.page.id}\0".encode()
                             + result.page.raw.encode("utf-8")).hexdigest()
        return self.folder / key[:2] / f"{key}.md.pickle"

    def rendered(self, result, view: str) -> dict[str, str] | None:
        """The article pages of a page as rendered for a view, if this content was rendered before."""
        if self.folder is None:
            return None
        file = self._rendered_file(result, view)
        self.used.add(file)
        try:
            with file.open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def keep_rendered(self, result, view: str, pages: dict[str, str]) -> None:
        if self.folder is None:
            return
        file = self._rendered_file(result, view)
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(pages, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(file)
        self.used.add(file)

    def prune(self) -> None:
        """Forget pages that are no longer in the archive or were read by an older generator."""
        if self.folder is None or not self.folder.exists():
            return
        for file in self.folder.glob("*/*.pickle"):
            if file not in self.used:
                file.unlink()
