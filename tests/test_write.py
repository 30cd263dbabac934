from generator.write import write_tree


def test_the_tree_holds_exactly_the_files_and_unchanged_ones_are_not_written(tmp_path):
    root = tmp_path / "docs"
    assert write_tree(root, {"a.md": "一", "sub/b.md": "二", "old/c.md": "三"}) == 3
    (root / "stray.txt").write_text("x")
    before = (root / "a.md").stat().st_mtime_ns
    assert write_tree(root, {"a.md": "一", "sub/b.md": "二改"}) == 1
    assert (root / "a.md").stat().st_mtime_ns == before
    assert (root / "sub/b.md").read_text(encoding="utf-8") == "二改"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["a.md", "sub", "sub/b.md"]
    (root / "a.md").write_text("changed by hand")
    assert write_tree(root, {"a.md": "一", "sub/b.md": "二改"}) == 1           # put right again
    assert (root / "a.md").read_text(encoding="utf-8") == "一"
