"""generator/signing.py: what is kept is read back only under the key it was signed with."""

import pytest

from generator import signing
from generator.signing import Signer


def test_data_signed_with_one_key_is_refused_under_another():
    kept = Signer(b"a" * 32).dumps({"page": 1})
    assert Signer(b"a" * 32).loads(kept) == {"page": 1}
    with pytest.raises(ValueError, match="not signed"):
        Signer(b"b" * 32).loads(kept)
    assert Signer(b"a" * 32).unsign(kept[:10]) is None


def test_the_key_is_made_once_per_user_and_kept_for_them_alone(tmp_path, monkeypatch):
    monkeypatch.delenv(signing.KEY_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = signing.user_key()
    path = tmp_path / "xizang-archive" / "key"
    assert len(key) == 32 and path.read_bytes() == key and path.stat().st_mode & 0o077 == 0
    assert signing.user_key() == key


def test_ci_gives_the_key_in_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(signing.KEY_VARIABLE, "k" * 64)
    assert signing.user_key() == b"k" * 64
    assert not (tmp_path / "xizang-archive").exists()
    monkeypatch.setenv(signing.KEY_VARIABLE, "short")
    with pytest.raises(ValueError, match="at least 32"):
        signing.user_key()
