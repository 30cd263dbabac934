"""The finished site put in place: the views' HTML and the search index gathered beside the
site folder, with the sitemaps, and swapped in with one atomic exchange; the site it replaces
is kept there for the next build to change; one build at a time."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path

from . import faults, feeds
from .builders import mkdocs as builder
from .write import repair, staging_for, swap_into_place, sync_links

__all__ = ["Published", "assemble", "build_lock", "busy", "keep_for_next", "repair"]

SYNC_STATE = "publish-state"
"""The folder in the work folder of what sync_links keeps of the staged and served sites'
folders."""


def assemble(
    work: Path, site_dir: Path, site_views, site_url: str | None, parts: tuple[Path, ...] = ()
) -> "Published":
    """Every view's HTML (the first at the root, each other in its folder), the search index and
    the sitemaps, put together beside ``site_dir`` and swapped into place. ``parts``: folders
    of pages built elsewhere (shards.py), a folder per view in each, put in beside. Says
    whether most of the site was new (Published), for the build to call keep_for_next."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # beside the site, on its file system, for one rename to swap; it holds the last site, put
    # there by the last swap (or made like this one: keep_for_next), and only what changed
    # since is linked anew (sync_links)
    staged = staging_for(site_dir)
    synced = sync_links(_trees(work, staged, site_views, parts), staged, work / SYNC_STATE)
    # the builder's sitemap per view, without the others, is replaced by one of every view; each
    # view's root keeps one, empty where there is nothing absolute to list (builder.sitemaps)
    for view in site_views:
        builder.replace_sitemap(staged / view.root, feeds.EMPTY_SITEMAP)
    if site_url:
        (staged / "sitemap.xml").write_text(
            feeds.sitemap(staged, site_url, site_views), encoding="utf-8"
        )
    faults.point("staged")
    swap_into_place(staged, site_dir)
    faults.point("published")
    return Published(renewed=synced.listed * 2 > synced.folders)


@dataclass(frozen=True)
class Published:
    """A site put in place. ``renewed``: most of its folders were changed (the first build, or
    the first after the generator changed), so the site it replaced shares few of its files."""

    renewed: bool


def keep_for_next(work: Path, site_dir: Path, site_views) -> None:
    """The site the swap replaced, left beside ``site_dir``, made the same as the one now in
    place (links to the same files). After a build that renewed the site, the next would
    otherwise link almost every file anew before it could swap; after any other, the next
    changes only a few folders more than its own, so this is left to it. The site is already
    served meanwhile; an interruption here is put right by the next build."""
    staged = staging_for(site_dir)
    sync_links(_trees(work, staged, site_views), staged, work / SYNC_STATE)


def _trees(work: Path, staged: Path, site_views, parts: tuple[Path, ...] = ()) -> list:
    """(source folder, folder under ``staged``) of everything the site is made of: each view's
    HTML (the first view at the root), the parts' (shards.py), the search index's shards.
    MkDocs' output stays in the work folder, for the next build to render only what changed
    into it, and is linked into place, not copied (the builder replaces files, never writes
    over them, so the links keep this site's bytes); so is the search index's."""
    trees = [
        (tree, staged / view.prefix if view.prefix else staged)
        for view in site_views
        for tree in (builder.output(work, view.lang), *(part / view.lang for part in parts))
    ]
    indexes = work / "search-index"
    trees += [
        (shard, staged / "search-index" / shard.name)
        for shard in sorted(indexes.iterdir() if indexes.is_dir() else ())
        if shard.is_dir()
    ]
    return trees


def busy(work: Path) -> int:
    """What a build says when another holds the work folder's lock (build_lock); exit 1."""
    print(
        f"error: another build is using {work} — wait for it to finish, or give this one "
        "another --work-dir",
        file=sys.stderr,
    )
    return 1


@contextlib.contextmanager
def build_lock(work: Path):
    """A lock on the work folder for one build at a time: yields False when another holds it."""
    import fcntl

    work.mkdir(parents=True, exist_ok=True)
    with open(work / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
