"""What later stages keep per page, by its key (generator/kept.py)."""

from generator.kept import PageOutput
from generator.signing import Signer


def made(result, res):
    return {"made from": result}


def test_what_is_put_is_got_back_by_key(tmp_path):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    assert not output.has("ab12") and output.get("ab12") is None
    output.put("ab12", {"a": b"x"})
    assert output.has("ab12") and output.get("ab12") == {"a": b"x"}
    assert output.file("ab12") == tmp_path / "out/ab/ab12.pickle"


def test_a_file_cut_short_or_signed_with_another_key_is_missing(tmp_path):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    output.put("ab12", [1, 2, 3])
    whole = output.file("ab12").read_bytes()
    output.file("ab12").write_bytes(whole[:-1])
    assert not output.has("ab12") and output.get("ab12") is None
    output.file("ab12").write_bytes(whole)
    other = PageOutput(tmp_path / "out", made, Signer(b"o" * 32))
    assert other.has("ab12") and other.get("ab12") is None


def test_prune_forgets_the_pages_no_longer_there(tmp_path):
    output = PageOutput(tmp_path / "out", made, Signer(b"k" * 32))
    for key in ("ab12", "ab34", "cd56"):
        output.put(key, key)
    output.prune(["ab34"])
    assert [output.has(k) for k in ("ab12", "ab34", "cd56")] == [False, True, False]
    PageOutput(tmp_path / "none", made, Signer(b"k" * 32)).prune([])  # no folder yet: nothing to do
