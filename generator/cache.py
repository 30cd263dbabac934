"""Pages already read, kept by their content and the generator's version, for incremental builds."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import pickle
import struct
import time
from pathlib import Path

from . import signing
from .config import ROOT, SITE_DATA
from .kept import key_file, kept_files
from .read import read_bytes


def generator_version(site_data: Path = SITE_DATA) -> str:
    """A digest of the generator's code (its packages too: the search terms, the site
    builder's front matter) and site-data: any change there reads every page anew."""
    digest = hashlib.sha256()
    code = ROOT / "generator"
    for path in sorted(code.rglob("*.py")):
        digest.update(path.relative_to(code).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for path in sorted(site_data.glob("*")):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(version: str, source_name: str, data: bytes) -> str:
    """What names a page's outputs: its bytes, its name in content/ and the generator's version."""
    digest = hashlib.sha256(version.encode())
    for part in (source_name.encode("utf-8"), data):
        digest.update(b"\0" + part)
    return digest.hexdigest()


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off while thousands of entries load: they make no garbage,
    but the collector would walk the growing heap again and again (a third of the load time).
    What was loaded is then frozen (kept out of the collector's walks, as the build freezes
    what it holds once the pages are read; serve unfreezes after a build): else the first
    collection after would walk all of it at once."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.freeze()
            gc.enable()


SAME_TICK_NS = 2_000_000_000
"""A file changed this close to the last build's look at it may have changed unseen in the
same clock tick of its modification time: its bytes are read again."""


PARTS = ("entry", "result")
"""What a page's file in the cache holds, in order: its PageEntry and its PageResult, each
pickled and signed (generator/signing.py)."""
HEAD = struct.Struct("<4sII")
"""A page's file begins with MAGIC and the length of each of PARTS."""
MAGIC = b"XAP3"


def load_part(file: Path | str, part: str, signer: signing.Signer):
    """One of PARTS from a page's file in the cache, or None if the file is missing, cut
    short or not one (a build stopped while writing it): only that part is read."""
    try:
        with open(file, "rb") as fh:
            head = fh.read(HEAD.size)
            if len(head) != HEAD.size:
                return None
            magic, *lengths = HEAD.unpack(head)
            if magic != MAGIC or os.fstat(fh.fileno()).st_size != HEAD.size + sum(lengths):
                return None
            at = PARTS.index(part)
            fh.seek(HEAD.size + sum(lengths[:at]))
            return signer.loads(fh.read(lengths[at]))
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError):
        return None


class PageCache:
    """Per page one file (PARTS): its PageEntry (what the whole-archive stages need, small) and
    its PageResult (with the text, loaded only when one of its outputs is made again); each is
    read alone."""

    def __init__(
        self, folder: Path | None, site_data: Path = SITE_DATA, signer: signing.Signer | None = None
    ):
        self.folder = folder
        self.signer = signer or signing.Signer()
        self.version = generator_version(site_data)
        self.hits = self.misses = 0
        self.used: set[str] = set()
        self._files_then: dict | None = None
        self._files_now: dict[str, tuple[tuple[int, ...], str]] = {}
        self._unchanged: set[str] = set()

    def key(self, source_name: str, data: bytes) -> str:
        return page_key(self.version, source_name, data)

    def key_of(self, path: Path, source_name: str) -> str:
        """The key of the page at ``path``. A file whose size, times and inode are those the
        last build saw (keep_file_keys) has that build's key, without being read; any other
        is read and hashed."""
        if self._files_then is None:
            self._files_then = self.state("files") or {"seen_ns": 0, "files": {}}
        st = os.stat(path)
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        then = self._files_then["files"].get(source_name)
        if (
            then
            and then[0] == stamp
            and st.st_mtime_ns < self._files_then["seen_ns"] - SAME_TICK_NS
        ):
            key = then[1]
            self._unchanged.add(key)
        else:
            key = self.key(source_name, read_bytes(path))
        self._files_now[source_name] = (stamp, key)
        return key

    def keep_file_keys(self) -> None:
        """Keep the files key_of saw, with their keys, for the next build."""
        self.keep_state("files", {"seen_ns": time.time_ns(), "files": self._files_now})

    def _file(self, key: str) -> Path:
        return self.folder / self.file_name(key)

    def _name(self, key: str) -> str:
        """_file(), as a string: every build asks for every page's (a Path costs more to make)."""
        return f"{self.folder}/{self.file_name(key)}"

    @staticmethod
    def file_name(key: str) -> str:
        """The file of the page with this key, in the cache's folder."""
        return key_file(key)

    def _load(self, file: Path):
        try:
            return self.signer.loads(file.read_bytes())
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def _store(self, file: Path, value) -> None:
        self._write(file, self.signer.dumps(value))

    @staticmethod
    def _write(file: Path, data: bytes) -> None:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(file)

    def has(self, key: str) -> bool:
        """Whether the page with this key was read before (a miss is counted if not). A key
        key_of found unchanged since the last build is taken as kept without a look (get
        returns None if it is gone after all)."""
        kept = self.folder is not None and (key in self._unchanged or self._file(key).is_file())
        self.misses += not kept
        return kept

    def get(self, path: Path, key: str):
        """The PageEntry of the page with this key, as read before, or None."""
        if self.folder is None:
            return None
        entry = load_part(self._name(key), "entry", self.signer)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return dataclasses.replace(entry, path=path)

    def put(self, entry, result) -> tuple[bytes, bytes]:
        """Keep a page just read: its entry and its result, in one file (PARTS), written at
        once, not to a temporary name and renamed (the worker processes that read the pages
        write them side by side, and every rename is a change to a folder); a file cut short
        is not read (load_part). A worker hands the entry and result on to the build as
        pickled here (pickling the page again for that was a fortieth of reading it)."""
        kept = (
            pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL),
        )
        if self.folder is not None:
            parts = tuple(self.signer.sign(part) for part in kept)
            file = self._file(entry.key)
            file.parent.mkdir(parents=True, exist_ok=True)
            with open(file, "wb") as fh:
                fh.write(b"".join((HEAD.pack(MAGIC, *map(len, parts)), *parts)))
        return kept

    def use(self, key: str) -> None:
        """The page with this key is part of this build: prune keeps it."""
        self.used.add(key)

    def result(self, entry):
        """The PageResult of an entry ``get`` gave, or None if it is gone from the cache."""
        if self.folder is None:
            return None
        result = load_part(self._file(entry.key), "result", self.signer)
        if result is None:
            return None
        return dataclasses.replace(result, page=dataclasses.replace(result.page, path=entry.path))

    def state(self, name: str):
        """What a stage kept for the next build under ``name`` (keep_state), if this generator kept
        it."""
        if self.folder is None:
            return None
        kept = self._load(self.folder / f"{name}.pickle")
        return (
            kept[1]
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == self.version
            else None
        )

    def keep_state(self, name: str, value) -> None:
        if self.folder is not None:
            self._store(self.folder / f"{name}.pickle", (self.version, value))

    def prune(self) -> None:
        """Forget pages that are no longer in the archive or were read by an older generator."""
        if self.folder is None:
            return
        for key, file in kept_files(self.folder):
            if key not in self.used:
                os.unlink(file)
