import os
import shutil
from pathlib import Path

import pytest

from generator.write import Made, remove_trees, write_tree


def test_the_tree_holds_exactly_the_files_and_unchanged_ones_are_not_written(tmp_path):
    root = tmp_path / "docs"
    assert write_tree(root, {"a.md": "一", "sub/b.md": "二", "old/c.md": "三"}) == 3
    (root / "stray.txt").write_text("x")  # as a write stopped half-way leaves one
    (root / "empty/deeper").mkdir(parents=True)  # folders holding no file go too
    (tmp_path / ".keys-docs.json").unlink()  # the stopped write's mark
    before = (root / "a.md").stat().st_mtime_ns
    assert write_tree(root, {"a.md": "一", "sub/b.md": "二改"}) == 1
    assert (root / "a.md").stat().st_mtime_ns == before
    assert (root / "sub/b.md").read_text(encoding="utf-8") == "二改"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "a.md",
        "sub",
        "sub/b.md",
    ]
    (root / "a.md").write_text("changed by hand")
    assert write_tree(root, {"a.md": "一", "sub/b.md": "二改"}) == 1  # put right again
    assert (root / "a.md").read_text(encoding="utf-8") == "一"


def test_a_made_file_is_made_only_when_its_key_changes_or_a_write_stopped(tmp_path):
    root = tmp_path / "docs"
    made = []

    def file(key, text):
        return Made(key, lambda: made.append(key) or text)

    assert write_tree(root, {"a.md": file("k1", "一"), "b.md": file("k2", "二")}) == 2
    assert write_tree(root, {"a.md": file("k1", "一"), "b.md": file("k2", "二")}) == 0
    assert made == ["k1", "k2"]  # the second time nothing was made
    assert write_tree(root, {"a.md": file("k1", "一"), "b.md": file("k3", "三")}) == 1
    (root / "a.md").unlink()  # as a write stopped half-way may leave the tree
    (tmp_path / ".keys-docs.json").unlink()
    assert write_tree(root, {"a.md": file("k1", "一"), "b.md": file("k3", "三")}) == 1
    assert made == ["k1", "k2", "k3", "k1", "k3"]  # after a stopped write, every one is made
    assert (root / "a.md").read_text(encoding="utf-8") == "一"


def test_a_tree_whose_last_write_finished_is_not_listed(tmp_path, monkeypatch):
    root = tmp_path / "docs"
    write_tree(root, {"a/index.md": "一", "b/index.md": "二"})
    listed = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: (listed.append(str(path)), real(path))[1])
    assert write_tree(root, {"a/index.md": "一", "c/index.md": "三"}) == 1
    assert listed == []
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "a",
        "a/index.md",
        "c",
        "c/index.md",
    ]


def test_after_a_build_stopped_half_way_every_made_file_is_made_again(tmp_path):
    root = tmp_path / "docs"
    write_tree(root, {"a.md": Made("k1", lambda: "一")})

    def fail():
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        write_tree(root, {"a.md": Made("k1", lambda: "一"), "b.md": Made("k2", fail)})
    made = []
    write_tree(root, {"a.md": Made("k1", lambda: made.append("k1") or "一")})
    assert made == ["k1"]


def test_a_made_tree_is_not_looked_at_while_its_key_stays(tmp_path):
    root = tmp_path / "search" / "2024"
    made = []

    def tree(key, files):
        return Made(key, lambda: made.append(key) or files)

    assert write_tree(root, tree("t1", {"a/index.html": "一"})) == 1
    (root / "a/index.html").write_text("changed by hand")
    assert write_tree(root, tree("t1", {"a/index.html": "一"})) == 0  # trusted: not even made
    assert made == ["t1"]
    assert write_tree(root, tree("t2", {"b/index.html": "二"})) == 1
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["b", "b/index.html"]


def test_remove_trees_keeps_only_the_named_trees(tmp_path):
    parent = tmp_path / "search"
    for name in ("2023", "2024"):
        write_tree(parent / name, {"x.html": name})
    (parent / "stray").mkdir()
    remove_trees(parent, {"2024"})
    assert sorted(p.name for p in parent.iterdir()) == [
        ".keys-2024.json",
        ".manifest-2024.json",
        "2024",
    ]


def test_a_changed_file_is_written_as_a_new_file_and_a_link_to_the_old_one_keeps_it(tmp_path):
    root = tmp_path / "docs"
    write_tree(root, {"a.json": "旧"})
    os.link(root / "a.json", tmp_path / "served.json")  # as the site's search index links it
    assert write_tree(root, {"a.json": "新"}) == 1
    assert (root / "a.json").read_text(encoding="utf-8") == "新"
    assert (tmp_path / "served.json").read_text(encoding="utf-8") == "旧"


def test_a_file_written_elsewhere_is_linked_in_and_left_alone_while_its_digest_stays(tmp_path):
    import hashlib

    from generator.write import FileAt

    made = tmp_path / "made.bin"
    made.write_bytes(b"one")
    at = FileAt(made, hashlib.sha1(b"one").hexdigest())
    assert write_tree(tmp_path / "tree", {"data/x.bin": at}) == 1
    placed = tmp_path / "tree/data/x.bin"
    assert placed.read_bytes() == b"one" and os.path.samefile(placed, made)
    assert write_tree(tmp_path / "tree", {"data/x.bin": at}) == 0
    served = tmp_path / "served.bin"
    os.link(placed, served)  # the published site's copy
    new = tmp_path / "new.bin"
    new.write_bytes(b"two!")
    assert write_tree(tmp_path / "tree", {"data/x.bin": FileAt(new, "other")}) == 1
    assert placed.read_bytes() == b"two!" and served.read_bytes() == b"one"


def noted(log: Path, path) -> None:
    """A call noted in ``log``: sync_links makes its trees in forked processes, whose calls a
    list in this one would not see."""
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(f"{path}\n")


def read_notes(log: Path) -> list[str]:
    """The calls noted since the last read (noted), and the log emptied."""
    if not log.exists():
        return []
    notes = log.read_text(encoding="utf-8").splitlines()
    log.unlink()
    return notes


def test_sync_links_mirrors_the_sources_and_links_only_what_changed(tmp_path, monkeypatch):
    from generator import write

    views, index, target = tmp_path / "views", tmp_path / "index", tmp_path / "site"
    for rel, text in {"a/index.html": "a", "b.html": "b", "gone/x.html": "x"}.items():
        (views / rel).parent.mkdir(parents=True, exist_ok=True)
        (views / rel).write_text(text)
    (index / "t").mkdir(parents=True)
    (index / "t" / "0.bin").write_bytes(b"0")
    trees = [(views, target), (index, target / "search-index" / "2024")]
    write.sync_links(trees, target)
    assert (target / "a/index.html").samefile(views / "a/index.html")
    assert (target / "search-index/2024/t/0.bin").samefile(index / "t/0.bin")

    (target / "stray.txt").write_text("left by hand")  # what no source has goes
    shutil.rmtree(views / "gone")
    (views / "b.html").unlink()
    (views / "b.html").write_text("b2")  # replaced, as the builder replaces a file
    (views / "gone").write_text("a file where a folder was")
    real, log = write.link_or_copy, tmp_path / "linked.log"
    monkeypatch.setattr(write, "link_or_copy", lambda s, t: (noted(log, t), real(s, t)))
    write.sync_links(trees, target)
    assert sorted(read_notes(log)) == [str(target / "b.html"), str(target / "gone")]
    assert (target / "b.html").read_text() == "b2" and (target / "gone").is_file()
    assert sorted(str(p.relative_to(target)) for p in target.rglob("*")) == [
        "a",
        "a/index.html",
        "b.html",
        "gone",
        "search-index",
        "search-index/2024",
        "search-index/2024/t",
        "search-index/2024/t/0.bin",
    ]


def test_sync_links_puts_a_file_where_a_folder_was_and_copies_all_across_file_systems(
    tmp_path, monkeypatch
):
    from generator import write

    views, target = tmp_path / "views", tmp_path / "site"
    (views / "a").mkdir(parents=True)
    (views / "a/index.html").write_text("a")
    (views / "b").write_text("b")
    write.sync_links([(views, target)], target)
    (views / "b").unlink()
    (views / "b").mkdir()  # a folder where a file was
    (views / "b/index.html").write_text("b2")
    shutil.rmtree(views / "a")
    (views / "a").write_text("a file where a folder was")
    write.sync_links([(views, target)], target)
    assert (target / "a").read_text() == "a file where a folder was"
    assert (target / "b/index.html").samefile(views / "b/index.html")

    linked = []
    real = write.link_or_copy
    monkeypatch.setattr(write, "link_or_copy", lambda s, t: (linked.append(t), real(s, t)))
    write.sync_links([(views, target)], target)
    assert linked == []  # nothing changed
    monkeypatch.setattr(write, "_one_file_system", lambda a, b: False)
    write.sync_links([(views, target)], target)
    assert sorted(linked) == [str(target / "a"), str(target / "b/index.html")]


def test_sync_links_lists_again_only_the_folders_that_changed_on_either_side(tmp_path, monkeypatch):
    from generator import write

    views, other, target = tmp_path / "views", tmp_path / "other", tmp_path / "site"
    state = tmp_path / "state"
    for n in range(5):
        (views / f"a{n}").mkdir(parents=True)
        (views / f"a{n}/index.html").write_text(f"a{n}")
    (other / "t").mkdir(parents=True)
    (other / "t/0.bin").write_text("0")
    trees = [(views, target), (other, target / "search-index" / "s")]
    # what it went through and listed: the site's folder and a0-a4, the shard's s and s/t
    assert write.sync_links(trees, target, state) == write.Synced(folders=8, listed=8)
    real, log = os.scandir, tmp_path / "listed.log"
    monkeypatch.setattr(os, "scandir", lambda path: (noted(log, path), real(path))[1])
    assert write.sync_links(trees, target, state) == write.Synced(folders=8, listed=0)
    # the folder of the trees' folders alone, and the state's
    assert sorted(read_notes(log)) == sorted([str(target / "search-index"), str(state)])

    (views / "a1/index.html").unlink()
    (views / "a1/index.html").write_text("a1 again")  # replaced, as the builders replace files
    (target / "a3/stray.txt").write_text("left by hand")  # what no source has goes
    assert write.sync_links(trees, target, state) == write.Synced(folders=8, listed=2)
    assert sorted(read_notes(log)) == sorted(
        str(p)
        for p in (views / "a1", target / "a1", views / "a3", target / "a3", state)
        + (target / "search-index",)
    )
    assert (target / "a1/index.html").read_text() == "a1 again"
    assert not (target / "a3/stray.txt").exists()

    fresh = tmp_path / "fresh"  # another folder: nothing kept of it is taken for it
    write.sync_links([(views, fresh), (other, fresh / "search-index" / "s")], fresh, state)
    assert str(views / "a2") in read_notes(log)
    assert sorted(p.relative_to(fresh) for p in fresh.rglob("*")) == sorted(
        p.relative_to(target) for p in target.rglob("*")
    )
    write.sync_links(trees, target, state)
    write.sync_links([(views, tmp_path / "third")], tmp_path / "third", state)
    assert len(list(state.glob("*.json"))) == 2  # the last two folders made


def test_files_are_made_in_the_order_given(tmp_path):
    made = []
    files = {name: Made(name, lambda name=name: made.append(name) or name) for name in "cab"}
    write_tree(tmp_path / "docs", files)
    assert made == ["c", "a", "b"]  # a page's files, given together, are made together
