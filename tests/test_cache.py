"""The page cache: unchanged pages are not read again; a new generator reads everything anew."""

import os
import shutil
import time
from pathlib import Path

from generator import cache as cache_module
from generator.cache import PageCache, load_part
from generator.signing import Signer
from generator.archive import read_all

from .conftest import CONTENT


def copy_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_unchanged_pages_come_from_the_cache_and_read_the_same(tmp_path, res):
    content = copy_content(tmp_path)
    first = PageCache(tmp_path / "cache")
    fresh, _ = read_all(content, res, cache=first)
    assert (first.hits, first.misses) == (0, 5)
    second = PageCache(tmp_path / "cache")
    cached, _ = read_all(content, res, cache=second)
    assert (second.hits, second.misses) == (5, 0)
    assert cached == fresh
    assert all(a.blocks == () for e in cached for a in e.articles)  # entries hold no text…
    for entry in cached:  # …their results do
        result = second.result(entry)
        assert result.page.path == entry.path
        assert [a.id for a in result.articles] == [a.id for a in entry.articles]
        assert all(a.blocks for a in result.articles)


def test_a_changed_page_is_read_again(tmp_path, res):
    content = copy_content(tmp_path)
    read_all(content, res, cache=PageCache(tmp_path / "cache"))
    page = content / "001_18fdfa43ce83c0de.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充的一段。\n", encoding="utf-8")
    again = PageCache(tmp_path / "cache")
    read_all(content, res, cache=again)
    assert (again.hits, again.misses) == (4, 1)


def test_another_generator_version_reads_every_page(tmp_path, res, monkeypatch):
    content = copy_content(tmp_path)
    read_all(content, res, cache=PageCache(tmp_path / "cache"))
    monkeypatch.setattr(cache_module, "generator_version", lambda site_data: "another")
    other = PageCache(tmp_path / "cache")
    read_all(content, res, cache=other)
    assert (other.hits, other.misses) == (0, 5)


def test_prune_forgets_what_was_not_used(tmp_path, res):
    content = copy_content(tmp_path)
    read_all(content, res, cache=PageCache(tmp_path / "cache"))
    (content / "004_2bd9222fe2be4c11.txt").unlink()
    again = PageCache(tmp_path / "cache")
    read_all(content, res, cache=again)
    again.prune()
    assert len(list((tmp_path / "cache").glob("*/*.pickle"))) == 4


def test_a_rebuild_makes_again_only_the_article_pages_of_a_changed_page(tmp_path, monkeypatch):
    from generator import render
    from generator.cli import main

    content = copy_content(tmp_path)
    made = tmp_path / "made.txt"
    real = render.article_page

    def counted(article, ctx, *where):  # runs in the processes that write the views
        with made.open("a", encoding="utf-8") as fh:
            fh.write(f"{ctx.name} {article.id}\n")
        return real(article, ctx, *where)

    monkeypatch.setattr(render, "article_page", counted)
    build = [
        "build",
        "--no-mkdocs",
        "--content",
        str(content),
        "--work-dir",
        str(tmp_path / "build"),
        "--site-dir",
        str(tmp_path / "site"),
    ]
    assert main(build) == 0
    assert len(made.read_text(encoding="utf-8").splitlines()) == 2 * 16
    made.unlink()
    assert main(build) == 0
    assert not made.exists()  # nothing changed: nothing made
    page = content / "001_18fdfa43ce83c0de.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n补充的一段。\n", encoding="utf-8")
    assert main(build) == 0
    assert sorted(made.read_text(encoding="utf-8").splitlines()) == [
        "zh-Hans 001_18fdfa43ce83c0de-01",
        "zh-Hant 001_18fdfa43ce83c0de-01",
    ]
    written = (tmp_path / "build/docs/zh-Hans/articles/001_18fdfa43ce83c0de-01/index.md").read_text(
        encoding="utf-8"
    )
    assert "补充的一段。" in written


def test_file_keys_spare_reading_files_the_last_build_saw(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    old, recent = tmp_path / "old.txt", tmp_path / "recent.txt"
    old.write_bytes("旧的一页".encode())
    recent.write_bytes("新的一页".encode())
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(old, ns=(an_hour_ago, an_hour_ago))
    first = PageCache(folder)
    keys = {p.name: first.key_of(p, p.name) for p in (old, recent)}
    first.keep_file_keys()

    second = PageCache(folder)
    reads = []
    import generator.cache

    read_bytes = generator.cache.read_bytes
    monkeypatch.setattr(
        generator.cache, "read_bytes", lambda path: reads.append(path.name) or read_bytes(path)
    )
    assert {p.name: second.key_of(p, p.name) for p in (old, recent)} == keys
    assert reads == ["recent.txt"]  # changed in the last seconds: it could hide a change, so read

    old.write_bytes("改过一页".encode())  # the same size, and its old modification time put back
    os.utime(old, ns=(an_hour_ago, an_hour_ago))
    third = PageCache(folder)
    assert (
        third.key_of(old, old.name) == third.key(old.name, "改过一页".encode()) != keys["old.txt"]
    )


def test_a_kept_entry_that_is_gone_is_read_again(tmp_path, res):
    content = copy_content(tmp_path)  # copied with the files' old modification times
    first = PageCache(tmp_path / "cache")
    fresh, _ = read_all(content, res, cache=first)
    first.keep_file_keys()
    gone = next((tmp_path / "cache").glob("*/*.pickle"))
    gone.unlink()
    again = PageCache(tmp_path / "cache")
    entries, _ = read_all(content, res, cache=again)
    assert entries == fresh
    assert (again.hits, again.misses) == (4, 1)
    assert gone.exists()


def test_a_kept_file_cut_short_is_read_again(tmp_path, res):
    content = copy_content(tmp_path)
    fresh, _ = read_all(content, res, cache=PageCache(tmp_path / "cache"))
    kept = next((tmp_path / "cache").glob("*/*.pickle"))
    whole = kept.read_bytes()
    kept.write_bytes(whole[:-1])  # a build stopped while writing it
    signer = Signer()
    assert load_part(kept, "entry", signer) is None and load_part(kept, "result", signer) is None
    again = PageCache(tmp_path / "cache")
    entries, _ = read_all(content, res, cache=again)
    assert entries == fresh
    assert (again.hits, again.misses) == (4, 1)
    assert len(kept.read_bytes()) == len(whole) and load_part(kept, "result", signer)


class Payload:
    """Runs a command when unpickled: what a crafted cache file would do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_file_in_the_cache_is_read_as_missing_and_never_runs(tmp_path):
    import pickle

    from generator import kept
    from generator.cli import main

    content = tmp_path / "content"
    content.mkdir()
    (content / "p.txt").write_text(
        "林芝市产业兴旺\n\n本报记者 张三\n\n林芝市大力发展产业。\n", encoding="utf-8"
    )
    args = [
        "build",
        "--content",
        str(content),
        "--site-dir",
        str(tmp_path / "site"),
        "--work-dir",
        str(tmp_path / "build"),
        "--no-mkdocs",
    ]
    assert main(args) == 0
    marker = tmp_path / "ran"
    evil = pickle.dumps(Payload(marker))
    signed = b"\0" * 32 + evil  # a signature, but not this user's
    files = list((tmp_path / "build/cache").glob("*/*.pickle"))
    for file in files:
        parts = [signed] * len(cache_module.PARTS)
        file.write_bytes(
            cache_module.HEAD.pack(cache_module.MAGIC, *map(len, parts)) + b"".join(parts)
        )
    outputs = [f for f in (tmp_path / "build").glob("*/*/*.pickle") if f.parts[-3] != "cache"]
    assert {f.parts[-3] for f in outputs} >= {"search-terms", "export-rows"}
    for file in outputs:
        file.write_bytes(kept.HEAD.pack(kept.MAGIC, len(signed)) + signed)
    (tmp_path / "build/cache/related.pickle").write_bytes(evil)
    assert main(args) == 0
    assert not marker.exists()
    try:
        Signer().loads(signed)
    except ValueError as exc:
        assert "not signed" in str(exc)
    assert not marker.exists()


def test_the_generator_version_covers_the_code_of_its_packages_and_the_site_data(
    tmp_path, monkeypatch
):
    """A change to a module of a package (generator/search/terms.py, the site builder) is a new
    version as much as one to generator/page.py or to site-data: what the build kept from
    each page is made again."""
    for rel in ("generator/page.py", "generator/search/terms.py", "site-data/site.yaml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"# {rel}\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "ROOT", tmp_path)
    seen = {cache_module.generator_version(tmp_path / "site-data")}
    for rel in ("generator/page.py", "generator/search/terms.py", "site-data/site.yaml"):
        (tmp_path / rel).write_text(f"# {rel}, changed\n", encoding="utf-8")
        seen.add(cache_module.generator_version(tmp_path / "site-data"))
    assert len(seen) == 4


def test_what_loads_while_the_collector_is_paused_is_frozen_then_the_collector_runs_again():
    import gc

    from generator.cache import collector_paused

    gc.unfreeze()
    with collector_paused():
        assert not gc.isenabled()
        loaded = [[n] for n in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= len(loaded)
    gc.unfreeze()
