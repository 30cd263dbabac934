"""What a later stage makes from each page as it is read (the search index's terms, the data
files' rows), kept between builds in a folder of that stage's own, by the page's key: the
page cache keeps readings, and each stage owns the format of what it keeps."""

from __future__ import annotations

import os
import pickle
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .signing import Signer

HEAD = struct.Struct("<4sI")
"""A kept file begins with MAGIC and the length of what follows: a file cut short (a build
stopped while writing it) is read as missing."""
MAGIC = b"XAK1"


@dataclass(frozen=True)
class PageOutput:
    """One stage's output for every page: made by ``make(page_result, resources)`` in the
    process that read the page, while its text is at hand, and kept signed in ``folder``."""

    folder: Path
    make: Callable
    signer: Signer

    def file(self, key: str) -> Path:
        return Path(self._name(key))

    def _name(self, key: str) -> str:
        """file(), as a string: every build asks for every page's (a Path costs more to make)."""
        return f"{self.folder}/{key_file(key)}"

    def kept_keys(self) -> set[str]:
        """The keys of the pages something is kept for, from one listing of each subfolder: a
        file under a page's name is whole (put), though it may be signed with another key (get
        says so)."""
        return {key for key, _ in kept_files(self.folder) if key}

    @staticmethod
    def _whole(head: bytes, size: int) -> bool:
        """Whether a file of ``size`` bytes beginning with ``head`` is kept whole (HEAD)."""
        if len(head) != HEAD.size:
            return False
        magic, length = HEAD.unpack(head)
        return magic == MAGIC and size == HEAD.size + length

    def put(self, key: str, value) -> None:
        """Kept whole or not at all: written under a name of its own and renamed to the page's,
        so worker processes can keep pages side by side and kept_keys need not open a file."""
        data = self.signer.dumps(value)
        file = self._name(key)
        os.makedirs(os.path.dirname(file), exist_ok=True)
        tmp = f"{file}.{os.getpid()}{TMP}"
        with open(tmp, "wb") as fh:
            fh.write(HEAD.pack(MAGIC, len(data)) + data)
        os.replace(tmp, file)

    def get(self, key: str):
        """What was kept for the page with this key, or None if it is missing, cut short or
        not signed with this key."""
        try:
            with open(self._name(key), "rb") as fh:
                if not self._whole(fh.read(HEAD.size), os.fstat(fh.fileno()).st_size):
                    return None
                return self.signer.loads(fh.read())
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError):
            return None

    def prune(self, keys: Iterable[str]) -> None:
        """Forget the pages whose keys are not among ``keys``."""
        keep = set(keys)
        for key, file in kept_files(self.folder):
            if key not in keep:
                os.unlink(file)


def key_file(key: str) -> str:
    """Where a page's file lies in a folder of them, by its key: KEY[:2]/KEY.pickle (256
    subfolders at most, not one folder of every page)."""
    return f"{key[:2]}/{key}.pickle"


TMP = ".tmp"
"""The end of the name of a file being written (put); one left by a build that stopped is
pruned."""


def kept_files(folder: Path) -> Iterable[tuple[str, str]]:
    """(key, file) of every page's file in a folder laid out by key_file, from one listing of
    each subfolder; ("", file) for a file left half written (TMP)."""
    try:
        subfolders = [item.path for item in os.scandir(folder) if item.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return
    for subfolder in subfolders:
        with os.scandir(subfolder) as listed:
            found = [(item.name, item.path) for item in listed]
        for name, file in found:
            if name.endswith(".pickle"):
                yield name.removesuffix(".pickle"), file
            elif name.endswith(TMP):
                yield "", file
