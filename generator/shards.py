"""The build split over machines (a CI matrix), in three steps that give the same site as
one machine's build:

1. ``shard read --part K/N``: a part's pages read (each page belongs to one part, by a digest
   of its name in content/: a page stays in its part as the archive grows), kept in the
   part's work folder, and a summary of them written: their entries, without text.
2. ``shard render --part K/N``: every part's summaries give what crosses pages (dates,
   related articles, listings, search shards: build.across, a light pass); the part's
   article and original pages are rendered and built by the site builder, and put in a
   folder with the search files and data rows of its pages.
3. ``assemble``: the same light pass, then the pages made from the whole archive (home,
   listings, people, regions, years, feed, data files, search page), the search index from
   the parts' terms, the parts' pages put in beside, the sitemap, and the site swapped in.

Summaries and kept files are signed (signing.py): every machine needs the same key, in the
environment variable ARCHIVE_CACHE_KEY."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import exports, publish, render, search, views, workers
from .archive import Pages, accepted, read_pages, readable
from .build import Across, across, build_views, generated, reported, search_map_of
from .builders import mkdocs as builder
from .cache import PageCache
from .config import SITE_DATA, load_settings
from .kept import PageOutput
from .page import PageEntry
from .resources import Resources
from .signing import KEY_VARIABLE
from .write import CollisionError, link_or_copy, link_tree, remove_trees, write_tree


class ShardError(Exception):
    """A step cannot go on: what is missing or wrong, and what to do."""


@dataclass(frozen=True)
class Part:
    """Part ``number`` (from 1) of ``count``."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Part:
        """``K/N`` as the commands take it."""
        try:
            number, count = (int(x) for x in text.split("/"))
        except ValueError:
            raise ShardError(f"part '{text}' — write it as K/N, e.g. 2/8") from None
        if not 1 <= number <= count:
            raise ShardError(f"part '{text}' — K runs from 1 to N")
        return cls(number, count)

    def holds(self, source_name: str) -> bool:
        """Whether the page of this name in content/ is in this part."""
        digest = hashlib.sha1(source_name.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.number - 1

    @property
    def name(self) -> str:
        return f"part-{self.number}-of-{self.count}"


SUMMARY = ".summary"
"""The suffix of a part's summary file (shard read), in the summaries folder."""


def read_part(
    content: Path, work: Path, part: Part, summaries: Path, site_data: Path = SITE_DATA
) -> int:
    """Step 1: the part's pages read (cached in ``work``, with the outputs later steps need),
    and its summary written into ``summaries``."""
    with publish.build_lock(work) as held:
        return _read_part(content, work, part, summaries, site_data) if held else publish.busy(work)


def _read_part(content: Path, work: Path, part: Part, summaries: Path, site_data: Path) -> int:
    started = time.monotonic()
    res = Resources(load_settings(site_data))
    cache = PageCache(work / "cache", site_data, res.signer)
    outputs = (*_outputs(work, res), search.fragments_output(work, res.signer))
    paths, _ = readable(content)
    mine = [p for p in paths if part.holds(_name(p, content))]
    read = read_pages(mine, res, content, cache, outputs)
    summary = [(_name(path, content), _portable(outcome)) for path, outcome in read]
    summaries.mkdir(parents=True, exist_ok=True)
    file = summaries / f"{part.name}{SUMMARY}"
    file.write_bytes(res.signer.dumps({"part": (part.number, part.count), "read": summary}))
    kept = [outcome.key for _, outcome in read if isinstance(outcome, PageEntry)]
    cache.keep_file_keys()
    cache.prune()  # the part's pages only: what else the folder kept is of no use to it
    for output in outputs:
        output.prune(kept)
    print(
        f"read {len(read)} pages of {len(paths)} ({part.number} of {part.count}, "
        f"{cache.hits} from the cache) into {file} in {time.monotonic() - started:.1f} s"
    )
    return 0


def render_part(
    content: Path,
    work: Path,
    part: Part,
    summaries: Path,
    out: Path,
    site_url: str | None = None,
    shard_limit: int | None = None,
    site_data: Path = SITE_DATA,
) -> int:
    """Step 2: the part's pages of every view, built by the site builder, into ``out`` with
    their search files and data rows."""
    with publish.build_lock(work) as held:
        if not held:
            return publish.busy(work)
        return _render_part(content, work, part, summaries, out, site_url, shard_limit, site_data)


def _render_part(content, work, part, summaries, out, site_url, shard_limit, site_data) -> int:
    started = time.monotonic()
    res = Resources(load_settings(site_data))
    cache = PageCache(work / "cache", site_data, res.signer)
    outputs = _outputs(work, res)
    fragments = search.fragments_output(work, res.signer)
    entries, _ = gather(content, res, summaries)
    own = [e for e in entries if part.holds(e.source_name)]
    pages = Pages(entries, cache, res, content)
    pages.complete((*outputs, fragments), own)
    whole = across(entries, content, cache, res, shard_limit)
    names = [v.lang for v in res.settings.views]
    job = _PartJob(work, pages, res, whole, own, site_url, fragments)
    for outcome in workers.each(_write_part_view, job, names):
        if isinstance(outcome, CollisionError):
            print(f"error: {outcome}", file=sys.stderr)
            return 1
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        runs = list(pool.map(lambda name: builder.build_view(work, name, False), names))
    for name, code, output, _ in runs:
        if output.strip():
            print(output.strip(), file=sys.stderr)
        if code:
            print(
                f"error: the site builder failed for the {name} view (exit {code})", file=sys.stderr
            )
            return 1
    _export(work, out, names, own, outputs)
    (out / PART_FILE).write_text(json.dumps({"part": [part.number, part.count]}), encoding="utf-8")
    cache.keep_state("related", whole.related_kept)
    print(
        f"rendered {sum(len(e.articles) for e in own)} articles of {len(whole.articles)} "
        f"({part.number} of "
        f"{part.count}) into {out} in {time.monotonic() - started:.1f} s"
    )
    return 0


@dataclass(frozen=True)
class _PartJob:
    """What writing one view of a part needs, the same for every view."""

    work: Path
    pages: Pages
    res: Resources
    whole: Across
    own: list[PageEntry]
    site_url: str | None
    fragments: PageOutput
    """What results show of each page's articles (search.fragments_output)."""


def _write_part_view(job: _PartJob, name: str) -> None | CollisionError:
    """The part's pages of one view (with the builder's stand-ins), its search fragments and
    the builder's configuration; a collision among the archive's pages stops it first."""
    ctx = render.ViewContext(name, job.res, job.whole.index, listed=job.pages.listed)
    try:
        views.page_files(ctx, job.pages, job.pages.entries)  # two pages' files on one path
    except CollisionError as exc:
        return exc
    files = {**views.page_files(ctx, job.pages, job.own), **builder.stand_ins()}
    write_tree(job.work / "docs" / name, files)
    mine = {a.id for e in job.own for a in e.articles}
    fragments = views.fragment_trees(name, job.pages, job.whole.groups, job.fragments, only=mine)
    views.write_trees(job.work / "search" / name, fragments)
    builder.configure(name, job.res, job.work, job.site_url, views.PAGE_FOLDERS)
    return None


def assemble(
    content: Path,
    work: Path,
    summaries: Path,
    parts: list[Path],
    site_dir: Path,
    site_url: str | None = None,
    strict: bool = False,
    shard_limit: int | None = None,
    site_data: Path = SITE_DATA,
) -> int:
    """Step 3: the pages made from the whole archive, the search index and the parts' pages,
    published at ``site_dir``."""
    started = time.monotonic()
    site_url = site_url or builder.project_config().get("site_url")
    with publish.build_lock(work) as held:
        if not held:
            return publish.busy(work)
        done = _assemble(
            content, work, summaries, parts, site_dir, site_url, strict, shard_limit, site_data
        )
    if done is None:
        return 1
    print(
        f"assembled {done.articles} articles from {done.pages} pages, made in {len(parts)} "
        f"part{'s' if len(parts) > 1 else ''}, into "
        f"{site_dir} in {time.monotonic() - started:.1f} s"
    )
    return 0


def _assemble(content, work, summaries, parts, site_dir, site_url, strict, shard_limit, site_data):
    res = Resources(load_settings(site_data))
    cache = PageCache(work / "cache", site_data, res.signer)
    outputs = _outputs(work, res)
    entries, problems = gather(content, res, summaries)
    _check_parts(parts, summaries)
    if not reported(problems, strict):
        return None
    names = [v.lang for v in res.settings.views]
    _merge(parts, work, outputs, names)
    pages = Pages(entries, cache, res, content)
    pages.complete(outputs)  # what a part did not bring, made here (reading the page)
    whole = across(entries, content, cache, res, shard_limit)
    reported(whole.undated, strict=False)
    problems += whole.undated
    rows = outputs[1]
    data = exports.write_exports(
        work / exports.EXPORTS,
        [(a.id, pages.by_article[a.id].key, a.year, a.date) for a in whole.index.articles],
        lambda key: pages.kept(rows, key),
        res.settings.views,
    )
    sizes = {shard: len(group) for shard, group in whole.groups.items()}
    written = 0
    for name in names:
        ctx = render.ViewContext(
            name, res, whole.index, listed=pages.listed, keys=pages.article_keys
        )
        try:
            views.page_files(ctx, pages, entries)  # two pages' files on one path stop here
            files = views.archive_files(
                ctx, pages, data, search_map_of(cache, res), sizes, site_url
            )
        except CollisionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
        written += write_tree(work / "docs" / name, files)
        builder.configure(name, res, work, site_url, views.PAGE_FOLDERS)
    search.write_shard_lists(work, pages, whole.groups, names, res.settings.search_chunk_bytes)
    cache.keep_state("related", whole.related_kept)
    pages.prune(outputs)
    timings = {"generator": 0.0}
    parts_site = tuple(part / "site" for part in parts)
    if not build_views(
        work, site_dir, strict, res.settings.views, timings, site_url, parts=parts_site
    ):
        return None
    return generated(problems, entries, whole, cache, written, [])


def gather(content: Path, res: Resources, summaries: Path) -> tuple[list[PageEntry], list[str]]:
    """Every page's entry from the parts' summaries, in the order and with the problems of
    one machine's read_all (archive.accepted)."""
    paths, problems = readable(content)
    read: dict[str, PageEntry | str] = {}
    counts = set()
    files = sorted(summaries.glob(f"*{SUMMARY}"))
    for file in files:
        try:
            kept = res.signer.loads(file.read_bytes())
        except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError):
            kept = None
        if not isinstance(kept, dict):
            raise ShardError(
                f"{file}: not a summary this key signed — make the summaries again with "
                f"shard read, with the same {KEY_VARIABLE} on every machine"
            )
        counts.add(kept["part"][1])
        read.update(kept["read"])
    if len(counts) > 1:
        raise ShardError(f"{summaries}: summaries of {sorted(counts)} parts — use one count")
    missing = [p for p in paths if _name(p, content) not in read]
    if missing:
        raise ShardError(
            f"{missing[0]}:1: in no part's summary in {summaries} ({len(missing)} pages missing, "
            f"{len(files)} summaries) — run shard read for every part, on this content"
        )
    outcomes = [(path, _here(read[_name(path, content)], path)) for path in paths]
    entries, more = accepted(outcomes)
    return entries, problems + more


PART_FILE = "part.json"
"""In a folder shard render wrote: which part it holds (K, N)."""


def _check_parts(parts: list[Path], summaries: Path) -> None:
    """Every part's folder is there, once: a part missing (an upload that failed) would
    publish a site without its articles."""
    count = len(list(summaries.glob(f"*{SUMMARY}")))
    held: dict[int, Path] = {}
    for folder in parts:
        try:
            number, of = json.loads((folder / PART_FILE).read_text(encoding="utf-8"))["part"]
        except (OSError, ValueError, KeyError, TypeError):
            raise ShardError(
                f"{folder}: not a folder shard render wrote (no {PART_FILE}) — pass the "
                "folders given to shard render as --out"
            ) from None
        if of != count or number in held:
            raise ShardError(
                f"{folder}: part {number} of {of}, but {summaries} holds {count} summaries"
                + (f" and {held[number]} is part {number} too" if number in held else "")
                + " — pass each part's folder once, from the same run"
            )
        held[number] = folder
    missing = sorted(set(range(1, count + 1)) - set(held))
    if missing:
        raise ShardError(
            f"part {missing[0]} of {count} is missing among the folders given to assemble "
            f"({len(missing)} missing) — run shard render for it and pass its --out folder"
        )


def _outputs(work: Path, res: Resources) -> tuple[PageOutput, PageOutput]:
    return search.terms_output(work, res.signer), exports.rows_output(work, res.signer)


def _name(path: Path, content: Path) -> str:
    return path.relative_to(content).as_posix()


def _portable(outcome):
    """What a summary keeps of a page read: its entry, or why it could not be read."""
    return outcome if isinstance(outcome, PageEntry) else str(outcome)


def _here(outcome, path: Path):
    """A summary's entry with the page's path on this machine."""
    if isinstance(outcome, PageEntry) and outcome.path != path:
        return dataclasses.replace(outcome, path=path)
    return outcome


def _export(work: Path, out: Path, names: list[str], own: list[PageEntry], outputs) -> None:
    """The part's pages of each view (PAGE_FOLDERS of the builder's output), its search
    fragments, and what its pages keep for the search index and the data files."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in names:
        built = builder.output(work, name)
        for folder in views.PAGE_FOLDERS:
            if (built / folder).is_dir():
                link_tree(built / folder, out / "site" / name / folder)
        link_tree(work / "search" / name, out / "search" / name)
    for output in outputs:
        for entry in own:
            file = output.file(entry.key)
            target = out / output.folder.name / file.relative_to(output.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(str(file), str(target))


def _merge(parts: list[Path], work: Path, outputs, names: list[str]) -> None:
    """The parts' kept outputs into this work folder's, and their search fragments into
    each view's search folder (as write_tree keeps them, for the index to see what changed)."""
    for part in parts:
        for output in outputs:
            folder = part / output.folder.name
            if folder.is_dir():
                link_tree(folder, output.folder)
    for name in names:
        shards: dict[str, dict[str, bytes]] = {}
        for part in parts:
            folder = part / "search" / name
            for file in sorted(folder.glob("*/*")) if folder.is_dir() else ():
                shards.setdefault(file.parent.name, {})[file.name] = file.read_bytes()
        for shard, files in shards.items():
            write_tree(work / "search" / name / shard, files)
        remove_trees(work / "search" / name, shards)


__all__ = ["Part", "ShardError", "assemble", "gather", "read_part", "render_part"]
