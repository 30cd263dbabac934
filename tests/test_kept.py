"""What later stages keep per page, by its key (generator/kept.py)."""

from generator.kept import PageOutput
from generator.signing import Signer


def made(result, res):
    return {"made from": result}


def test_what_is_put_is_got_back_by_key(tmp_path):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    assert output.kept_keys() == set() and output.get("ab12") is None
    output.put("ab12", {"a": b"x"})
    assert output.kept_keys() == {"ab12"} and output.get("ab12") == {"a": b"x"}
    assert output.file("ab12") == tmp_path / "out/ab/ab12.pickle"


def test_a_file_cut_short_or_signed_with_another_key_is_missing(tmp_path):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    output.put("ab12", [1, 2, 3])
    whole = output.file("ab12").read_bytes()
    output.file("ab12").write_bytes(whole[:-1])
    assert output.get("ab12") is None
    output.file("ab12").write_bytes(whole)
    other = PageOutput(tmp_path / "out", made, Signer(b"o" * 32))
    assert other.kept_keys() == {"ab12"} and other.get("ab12") is None


def test_a_file_is_kept_whole_or_not_at_all(tmp_path, monkeypatch):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    output.put("ab12", "first")

    def stopped(src, dst):
        raise KeyboardInterrupt  # the build stopped before the file was in place

    monkeypatch.setattr("os.replace", stopped)
    try:
        output.put("ab12", "second")
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert output.get("ab12") == "first"


def test_prune_forgets_the_pages_no_longer_there(tmp_path):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    for key in ("ab12", "ab34", "cd56"):
        output.put(key, key)
    half = output.file("cd56").with_name("cd99.pickle.1234.tmp")  # left by a build that stopped
    half.write_bytes(b"XAK1")
    assert output.kept_keys() == {"ab12", "ab34", "cd56"}
    output.prune(["ab34"])
    assert output.kept_keys() == {"ab34"} and not half.exists()
    PageOutput(tmp_path / "none", made, Signer(b"k" * 32)).prune([])  # no folder yet: nothing to do
