"""Files into the docs folders, and the finished site into place."""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import faults, workers


class CollisionError(Exception):
    """Two outputs want the same path."""


@dataclass(frozen=True)
class Made:
    """A file known by what it is made from. ``key`` names its inputs (the page's digest,
    the generator's version, what else it shows); ``make`` gives its content, and is called
    only when the file last written under the same key is not there."""

    key: str
    make: Callable[[], str | bytes]


@dataclass(frozen=True)
class FileAt:
    """A file written elsewhere (in the work folder, by a stage that writes it as a stream,
    never whole in memory), known by its digest: write_tree links it into place where the
    tree's copy differs."""

    path: Path
    digest: str


def made_key(*parts: str) -> str:
    """A Made key from what a file is made from."""
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


def manifest_file(root: Path) -> Path:
    """Where write_tree keeps the manifest of ``root`` (see manifest)."""
    return root.parent / f".manifest-{root.name}.json"


def _keys_path(root: Path) -> Path:
    return root.parent / f".keys-{root.name}.json"


def manifest(root: Path) -> dict[str, str]:
    """What write_tree last wrote into ``root``: relative path -> content digest ({} if nothing)."""
    try:
        return json.loads(manifest_file(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_tree(root: Path, files: dict[str, str | bytes | Made | FileAt] | Made) -> int:
    """Make ``root`` hold exactly these files (relative path -> content, Made or FileAt);
    returns how many were written. A manifest of content digests beside ``root`` says which
    files are already right, so unchanged files are neither read nor written, and keep their
    times; a Made file whose key is the one it was last written with is not even made. The
    tree is taken to hold what the last write left (it is this function's alone); after a
    write that stopped half-way, it is listed, and what it holds besides goes.
    ``files`` may be a Made of the whole tree: when the last write of ``root`` finished with
    the same key, nothing is made or looked at (its key is kept in the keys file under "").
    Files are made in the order given: the files made from one page stand together there, so
    its text is loaded from the cache once, not once per folder."""
    manifest_path, keys_path = manifest_file(root), _keys_path(root)
    manifest_then = manifest(root)
    finished = False  # the last write of the tree finished: it left its keys file
    try:
        keys_then = json.loads(keys_path.read_text(encoding="utf-8")) if manifest_then else {}
        finished = isinstance(keys_then, dict) and root.is_dir()
    except (OSError, ValueError):
        keys_then = {}
    keys = {}
    if isinstance(files, Made):
        if keys_then.get("") == files.key and root.is_dir():
            return 0
        keys[""], files = files.key, files.make()
    keys_path.unlink(missing_ok=True)  # a build stopped half-way leaves none: all is made again
    digests, written = {}, 0
    base = str(root)
    # what is there: what the manifest says where the last write finished (nothing else
    # writes the tree; listing a view's 45,000 folders that the disk cache no longer held took
    # seconds), else one listing of the tree (a write stopped half-way may have left any file)
    there = manifest_then if finished else _files_under(base)
    folders: set[str] = set()  # made already
    for rel, content in files.items():
        path = os.path.join(base, rel)
        if isinstance(content, FileAt):
            digests[rel] = content.digest
            if manifest_then.get(rel) == content.digest and _same_size(path, content.path):
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # a new file, not the old one written over
            link_or_copy(str(content.path), path)
            written += 1
            continue
        if isinstance(content, Made):
            keys[rel] = content.key
            if keys_then.get(rel) == content.key and rel in manifest_then and rel in there:
                digests[rel] = manifest_then[rel]
                continue
            content = content.make()
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha1(data).hexdigest()
        digests[rel] = digest
        if manifest_then.get(rel) == digest:
            try:
                if os.stat(path).st_size == len(data):
                    continue
            except OSError:
                pass
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        try:
            fh = open(path, "xb")
        except FileExistsError:
            os.unlink(path)  # a new file, not the old one written over: links to it keep it
            fh = open(path, "xb")
        with fh:
            fh.write(data)
        written += 1
    os.makedirs(base, exist_ok=True)
    for rel in sorted(there.keys() - digests.keys()):
        _remove_file(base, rel)
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    keys_path.write_text(json.dumps(keys, sort_keys=True), encoding="utf-8")
    return written


def remove_trees(parent: Path, keep) -> None:
    """Make ``parent`` hold only the trees named in ``keep``: other folders and files go,
    with the manifests and keys of other trees."""
    if not parent.is_dir():
        return
    for item in parent.iterdir():
        name = item.name.removeprefix(".manifest-").removeprefix(".keys-").removesuffix(".json")
        if name in keep:
            continue
        _remove(str(item))


def _files_under(base: str) -> dict[str, None]:
    """The files under ``base`` (relative paths), from one listing of each folder; folders
    that hold no file are removed."""
    found: dict[str, None] = {}
    if os.path.isdir(base):
        _list_files(base, "", found)
    return found


def _list_files(folder: str, prefix: str, found: dict[str, None]) -> bool:
    """_files_under for one folder; whether it holds no file (and is left to its parent)."""
    empty = True
    with os.scandir(folder) as listed:
        for item in listed:
            if not item.is_dir(follow_symlinks=False):
                found[prefix + item.name] = None
                empty = False
            elif _list_files(item.path, f"{prefix}{item.name}/", found):
                os.rmdir(item.path)
            else:
                empty = False
    return empty


def _remove_file(base: str, rel: str) -> None:
    """The file at ``rel`` under ``base`` removed, and the folders it leaves empty."""
    os.unlink(os.path.join(base, rel))
    folder = os.path.dirname(rel)
    while folder:
        try:
            os.rmdir(os.path.join(base, folder))
        except OSError:  # not empty
            return
        folder = os.path.dirname(folder)


def _same_size(path: str, other: Path) -> bool:
    try:
        return os.stat(path).st_size == os.stat(other).st_size
    except OSError:
        return False


def add_file(files: dict, rel: str, content, owner: str) -> None:
    if rel in files:
        raise CollisionError(
            f"{owner}: {rel} is written twice — give the page a different file name or 'id'"
        )
    files[rel] = content


def add_files(files: dict, folder: str, pages: dict, owner: str) -> None:
    """add_file for each of ``pages`` (name -> content), under ``folder``."""
    for name, content in pages.items():
        add_file(files, f"{folder}/{name}", content, owner)


def link_or_copy(source: str, target: str) -> None:
    """``target`` as a hard link to ``source`` (the same bytes, nothing copied), or a copy
    where links cannot be made. Safe for files that are replaced, never written over (as
    write_tree and the search index write them)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> None:
    """A tree of hard links to the files under ``source`` at ``target`` (link_or_copy), its
    folders made anew; ``target`` may exist, and files in it are replaced."""
    for folder, _, names in os.walk(source):
        into = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(into, exist_ok=True)
        for name in names:
            path = os.path.join(into, name)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            link_or_copy(os.path.join(folder, name), path)


@dataclass(frozen=True)
class Synced:
    """What a sync_links did: the folders of the target it went through, and those of them it
    listed (not as they were at the last sync on either side, or with no state kept)."""

    folders: int
    listed: int


def sync_links(trees: list[tuple[Path, Path]], target: Path, state: Path | None = None) -> Synced:
    """``target`` made a tree of hard links to the files of each (source folder, folder under
    ``target``) in ``trees``, holding nothing else (where two sources hold a file of one name,
    the later one's). A file already linked to its source is left as it is, any other replaced
    (link_or_copy), and what no source has is removed: a target kept from the last build
    changes only where the sources did. Each folder is listed once on either side and files are
    matched by the inode their listing gives, with no stat a file.

    With ``state`` (a folder for this function alone), what each folder was on both sides
    when this target was last made (inodes and times: a folder's time changes whenever a file
    in it is added, removed or replaced, as every writer here replaces files) is kept there,
    and a folder that is as it was on both sides is not listed again: a site of 10,000 articles
    has 45,000 folders, and a page added changes a few dozen."""
    tally = collections.Counter()
    target_dir = os.path.abspath(target)
    _folder_at(target_dir)
    places: dict[str, list[tuple[str, bool]]] = {}  # folder under target -> its sources
    for source, into in trees:
        into_dir = os.path.normpath(os.path.abspath(into))
        _folder_at(into_dir)
        same = os.path.isdir(source) and _one_file_system(source, into_dir)
        places.setdefault(into_dir, []).append((os.fspath(source), same))
    claimed = {target_dir}  # each tree's folder under target, and the folders it is in
    for into_dir in places:
        while into_dir.startswith(target_dir + os.sep):
            claimed.add(into_dir)
            into_dir = os.path.dirname(into_dir)
    then, now = _sync_state(state, target_dir), {}
    # each tree in a process of its own where there are CPUs for it: the time goes into the
    # kernel's link and mkdir, which one process does on one CPU
    synced = workers.each(_sync_place, (then, claimed), list(places.items()))
    for into_dir, kept, counted in synced:
        now[into_dir] = kept
        tally.update(counted)
    for folder in sorted(claimed - places.keys(), reverse=True):
        with os.scandir(folder) as listed:  # a folder only of the trees' folders: what else goes
            for item in listed:
                if item.path not in claimed:
                    _remove(item.path)
    if state is not None:
        _keep_sync_state(state, target_dir, now)
    return Synced(tally["folders"], tally["listed"])


def _sync_place(shared: tuple[dict, set[str]], place: tuple[str, list]) -> tuple:
    """One tree of sync_links: (its folder under the target, what to keep of it, its tally)."""
    then, claimed = shared
    into_dir, sources = place
    tally = collections.Counter()
    return into_dir, _sync_folder(sources, into_dir, then.get(into_dir), claimed, tally), tally


def _sync_state(state: Path | None, target_dir: str) -> dict:
    """What sync_links kept of the folders under ``target_dir`` ({} where nothing): kept by
    the folder's device and inode, as the swap moves the folder, not its name."""
    if state is None:
        return {}
    try:
        with open(state / f"{_folder_id(target_dir)}.json", encoding="utf-8") as fh:
            kept = json.load(fh)["folders"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _keep_sync_state(state: Path, target_dir: str, folders: dict) -> None:
    """sync_links' state of ``target_dir``, and of the one other folder it keeps one of (the
    site the swap puts this one in place of); other folders' are removed."""
    state.mkdir(parents=True, exist_ok=True)
    name = f"{_folder_id(target_dir)}.json"
    others = sorted(
        (p for p in state.glob("*.json") if p.name != name),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for old in others[:-1]:
        old.unlink()
    tmp = state / f"{name}.tmp"
    tmp.write_text(json.dumps({"folders": folders}), encoding="utf-8")
    os.replace(tmp, state / name)


def _folder_id(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_dev}-{st.st_ino}"


def _one_file_system(a, b) -> bool:
    """Whether two paths lie on one file system: an inode names a file only on its own, so
    across two (where files are copied, not linked) every file is copied again."""
    return os.stat(a).st_dev == os.stat(b).st_dev


def _folder_at(path: str) -> None:
    """A folder at ``path``, in place of a file or link there."""
    try:
        there = stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        there = None
    if not there:
        if there is not None:
            _remove(path)
        os.makedirs(path)


def _marks(sources: list[tuple[str, bool]], out: str) -> int:
    """A folder's inode and time on every side, as one number (-1 where a side has none)."""
    marks = []
    for path in (*(source for source, _ in sources), out):
        try:
            st = os.stat(path)
            marks += (st.st_ino, st.st_mtime_ns)
        except FileNotFoundError:
            marks += (-1, -1)
    return hash(tuple(marks))  # of numbers: the same in every run


def _within(sources: list[tuple[str, bool]], name: str) -> list[tuple[str, bool]]:
    """The sources of a subfolder: the same name in each source (where it may not be)."""
    return [(f"{source}/{name}", same) for source, same in sources]


def _sync_folder(
    sources: list[tuple[str, bool]],
    out: str,
    then: list | None,
    claimed: set[str],
    tally: collections.Counter,
) -> list:
    """sync_links for one folder and what it holds, from its ``sources`` ((path, whether on
    the target's file system)); ``then``, what was kept of it at the last sync of this target
    ([marks, {subfolder: its own}]); what to keep of it now. ``tally`` counts the folders
    gone through and those listed."""
    marks = _marks(sources, out)
    tally["folders"] += 1
    if then is not None and then[0] == marks:
        return [
            marks,
            {
                name: _sync_folder(_within(sources, name), f"{out}/{name}", sub, claimed, tally)
                for name, sub in then[1].items()
            },
        ]
    tally["listed"] += 1
    with os.scandir(out) as listed:
        there = {item.name: item for item in listed}
    found: dict[str, tuple[os.DirEntry, bool]] = {}
    for source, same in sources:
        if os.path.isdir(source):
            with os.scandir(source) as listed:
                found.update((item.name, (item, same)) for item in listed)
    before = then[1] if then is not None else {}
    folders = {}
    for name, (item, same) in found.items():
        old = there.get(name)
        old_folder = old is not None and old.is_dir(follow_symlinks=False)
        path = f"{out}/{name}"
        if item.is_dir(follow_symlinks=False):
            if not old_folder:
                if old is not None:
                    _remove(path)  # a file where the folder now is
                os.mkdir(path)
            folders[name] = _sync_folder(
                _within(sources, name), path, before.get(name), claimed, tally
            )
            continue
        if same and old is not None and not old_folder and old.inode() == item.inode():
            continue
        if old is not None:
            _remove(path)
        link_or_copy(item.path, path)
    for name in there.keys() - found.keys():
        if f"{out}/{name}" not in claimed:
            _remove(f"{out}/{name}")
    return [_marks(sources, out), folders]


def _remove(path: str) -> None:
    """Whatever is at ``path`` removed: a file, a link or a folder with all it holds."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def staging_for(target: Path) -> Path:
    """Where a new site is put together: beside ``target``, so that it lies on its file system
    and the swap is one rename."""
    return target.with_name(f".{target.name}.new")


RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE); False where
    the system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), RENAME_EXCHANGE)
    return done == 0


def repair(target: Path) -> str | None:
    """What an interrupted publication left, put right: the last good site back in place if only
    its ``.old`` copy is there. A half-made new one stays: the next build changes what it
    holds into its site (sync_links). Says what it did, or None."""
    old = target.with_name(target.name + ".old")
    said = None
    if not target.exists() and old.is_dir():
        os.replace(old, target)
        said = f"an interrupted build had left the last site in {old}: it is back in {target}"
    elif old.exists():
        shutil.rmtree(old)
    return said


def swap_into_place(built: Path, target: Path) -> None:
    """Put a finished site at ``target`` in one atomic step where the system allows (the two
    folders exchanged), so a reader never finds it half there; the old one is left at
    ``built``, for the next build to change into the next site (sync_links)."""
    if (
        target.is_dir()
        and not target.is_symlink()
        and not os.environ.get("ARCHIVE_NO_EXCHANGE")
        and _exchange(built, target)
    ):
        return  # the old site is where the new one was
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    try:
        faults.point("between-renames")
        os.replace(built, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)  # the last site back; a kill here is repaired by the next build
        raise
    if old.exists():
        os.replace(old, built)
