"""generator/check.py: an editor's look at pages before a build (the command is in test_cli)."""

from generator.check import check


def test_a_path_that_is_not_there_is_an_error_naming_it(tmp_path, capsys):
    assert check([tmp_path / "missing.txt"], tmp_path, strict=False) == 1
    assert (
        f"error: {tmp_path / 'missing.txt'}: no such file or folder — check the path"
        in capsys.readouterr().err
    )


def test_one_file_is_checked_alone_and_a_clean_page_passes_strict(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(
        "拉萨市举办培训\n\n拉萨市举办技能培训，培训群众300人次。\n", encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_text("---\nfoo: 1\n---\n正文。\n", encoding="utf-8")
    assert check([tmp_path / "good.txt"], tmp_path, strict=True) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 errors, 0 warnings, 0 notices" in err
    assert check([tmp_path], tmp_path, strict=False) == 1
    assert (
        f"error: {tmp_path / 'bad.txt'}:2: unknown header key foo — use added, date"
        in capsys.readouterr().out
    )
