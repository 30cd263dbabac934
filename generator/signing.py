"""Data the generator keeps between runs (the page cache, what it works out from jieba's
dictionary), signed: a file there is loaded only when it carries the signature of a key kept
outside every such folder, so a crafted or restored file is read as missing, never run.

The key is a random one in the user's cache folder (``$XDG_CACHE_HOME/xizang-archive/key``,
made on first use, readable by the user alone). Where no such folder can be written, each run
makes a key of its own: nothing kept is read back, and everything is worked out again. CI,
whose runners start with an empty home, gives the key in ARCHIVE_CACHE_KEY (a secret of the
repository), so that the work folder it keeps between runs is read back.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
from pathlib import Path

SIGNATURE = 32
"""Bytes of HMAC-SHA256 before the data."""


KEY_VARIABLE = "ARCHIVE_CACHE_KEY"
"""The environment variable that gives the key (at least 32 characters), where it is set."""


def user_key() -> bytes:
    """This user's signing key (see the module's docstring): given, read or made."""
    given = os.environ.get(KEY_VARIABLE, "")
    if given:
        if len(given) < 32:
            raise ValueError(
                f"{KEY_VARIABLE} is {len(given)} characters long — give at least 32 "
                "(openssl rand -hex 32), or leave it unset"
            )
        return given.encode("utf-8")
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xizang-archive"
    path = folder / "key"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    fresh = os.urandom(32)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"key.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(fresh)
        try:
            os.link(tmp, path)  # the first run to get there makes the key; the others read it
        except FileExistsError:
            pass
        tmp.unlink()
        return path.read_bytes()
    except OSError:
        return fresh


class Signer:
    """Signs what is kept and checks it when it is read back, with one key (by default
    user_key's)."""

    def __init__(self, key: bytes | None = None):
        self.key = key if key is not None else user_key()

    def sign(self, data: bytes) -> bytes:
        return hmac.new(self.key, data, hashlib.sha256).digest() + data

    def unsign(self, signed: bytes) -> bytes | None:
        """The data, or None when the signature is missing or wrong."""
        mac, data = signed[:SIGNATURE], signed[SIGNATURE:]
        if len(mac) != SIGNATURE or not hmac.compare_digest(
            mac, hmac.new(self.key, data, hashlib.sha256).digest()
        ):
            return None
        return data

    def dumps(self, value) -> bytes:
        return self.sign(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def loads(self, signed: bytes):
        """What ``dumps`` kept; ValueError for anything this key did not sign."""
        data = self.unsign(signed)
        if data is None:
            raise ValueError("not signed with this user's key")
        return pickle.loads(data)
