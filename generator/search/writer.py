"""A shard's index: its articles' terms merged into the files the search page reads, written
beside MkDocs, only for the shards whose articles changed."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..kept import PageOutput
from ..models import Article
from ..signing import Signer
from ..write import link_or_copy, manifest, remove_trees, write_tree
from .page import page_fragments
from .terms import _SMALL, IndexPart, _varint, bucket_count, fnv1a, page_terms, varints


@dataclass
class Merged:
    """A shard's articles' terms merged, in the order of their numbers: what its index files
    are written from (index_files), kept signed beside them so that articles added after
    the last one are merged into it (a new report is most often the newest), not the whole
    shard again (index_shard). ``articles``: the (id, page key) merged so far."""

    chunk_bytes: int
    articles: list = field(default_factory=list)
    seen: dict = field(default_factory=dict)
    """term -> [the number of the last article it was in, how many it is in, its entry, the
    entry's length at which it is cut next, its cuts]"""
    dates: bytearray = field(default_factory=bytearray)

    def add(self, parts: list[bytes], total: int) -> None:
        """Merge the terms files of the articles after the last one merged; ``total``: how many
        the shard will hold. Each term's entry grows as one bytearray, so memory follows the
        size of the index, not the number of (term, article) pairs (25 million at 10,000
        articles): one lookup per term of an article. A term whose entry passes
        ``chunk_bytes`` is cut in chunks of about that size (_chunks), so that a search can
        fetch the part of the newest articles alone."""
        seen, dates, chunk_bytes = self.seen, self.dates, self.chunk_bytes
        code = _SMALL.__getitem__ if total < len(_SMALL) else _varint  # a step is below total
        get = seen.get
        for number, part in enumerate(parts, start=len(dates) // 2):
            date, *fields = pickle.loads(part)
            dates += date.to_bytes(2, "little")
            first = code(number)
            for term, entry in IndexPart(*fields).items():
                known = get(term)
                if known is None:
                    seen[term] = [number, 1, bytearray(first + entry), chunk_bytes, ()]
                    continue
                data = known[2]
                if len(data) >= known[3]:  # this article starts a chunk
                    known[4] += ((number, len(data), known[1]),)
                    known[3] = len(data) + chunk_bytes
                # two appends in place: no bytes made for the pair of them
                data += code(number - known[0])
                data += entry
                known[0] = number
                known[1] += 1

    def index_files(self) -> dict[str, bytes]:
        """The shard's index files (t/N.bin, c/F-J.bin, dates.bin)."""
        buckets = bucket_count(len(self.dates) // 2)
        files = [bytearray() for _ in range(buckets)]
        out = {}
        split = 0  # the terms cut so far: the chunks of each are c/<its number>-<j>.bin
        for term in sorted(self.seen):
            _, count, entry, _, cuts = self.seen[term]
            if cuts:
                for j, chunk in enumerate(_chunks(entry, count, cuts)):
                    out[f"c/{split}-{j}.bin"] = chunk
                starts = [0, *(number for number, _, _ in cuts)]
                data = varints([0, count, split, len(starts), *reversed(starts)])
                split += 1
            else:
                data = varints([count]) + entry
            key = term.encode("utf-8")
            files[fnv1a(key) % buckets] += varints([len(key)]) + key + varints([len(data)]) + data
        out.update({f"t/{n}.bin": bytes(f) for n, f in enumerate(files)})
        out["dates.bin"] = bytes(self.dates)
        return out


def shard_index(parts: list[bytes], chunk_bytes: int) -> dict[str, bytes]:
    """One shard's index files (t/N.bin, c/F-J.bin, dates.bin) from its articles' terms
    files, in the order of their numbers (Merged)."""
    merged = Merged(chunk_bytes)
    merged.add(parts, len(parts))
    return merged.index_files()


def _chunks(entry: bytearray, count: int, cuts: tuple[tuple[int, int, int], ...]) -> list[bytes]:
    """A term's entry of ``count`` articles cut where ``cuts`` say (an article's number, where
    its part starts in the entry, how many articles come before it): each chunk an entry of its
    own, whose first article's number is counted from 0, not from the article before it."""
    out = []
    begin, before, first = 0, 0, b""
    for number, offset, articles in [*cuts, (None, len(entry), count)]:
        out.append(varints([articles - before]) + first + entry[begin:offset])
        if number is None:
            return out
        begin = offset
        while entry[begin] & 128:  # past the step from the article before, in the chunk before
            begin += 1
        begin, before, first = begin + 1, articles, _varint(number)
    return out


TERMS = "search-terms"
"""The folder in the work folder of each page's articles' terms (page_terms), by page key."""


def terms_output(work: Path, signer: Signer) -> PageOutput:
    """The articles' terms, made from each page as it is read and kept for the index."""
    return PageOutput(work / TERMS, page_terms, signer)


FRAGMENTS = "search-fragments"


def fragments_output(work: Path, signer: Signer) -> PageOutput:
    """What results show of the articles in each view (page_fragments), made from each page as
    it is read and kept for the views' writers."""
    return PageOutput(work / FRAGMENTS, page_fragments, signer)


def index_shard(
    listed: dict, terms: PageOutput, views: dict[str, Path], out: Path
) -> tuple[str, float]:
    """Write one shard's index and its fragments (numbered) into ``out``: ``listed`` is the
    shard's list (write_shard_lists): its articles' (id, page key), in order, whose terms
    ``terms`` keeps, and the chunk size; each view's folder holds their fragments (ID.json).
    The merge the last index was written from is kept beside ``out`` (merged_file): where the
    list begins with its articles, only those after them are merged. (out, seconds)"""
    started = time.monotonic()
    articles = [tuple(pair) for pair in listed["articles"]]
    merged = _kept_merge(out, listed["chunk_bytes"], articles, terms.signer)
    parts, kept = [], (None, {})
    for article_id, key in articles[len(merged.articles) :]:
        if kept[0] != key:  # a page's articles stand together: its file is read once
            kept = (key, terms.get(key))
        if kept[1] is None:
            raise ValueError(f"{terms.file(key)} is missing or cut short")
        parts.append(kept[1][article_id])
    merged.add(parts, len(articles))
    merged.articles = articles
    files = merged.index_files()
    merged_file(out).unlink(missing_ok=True)  # an index half written has no merge beside it
    if out.exists():
        shutil.rmtree(out)
    for folder in {os.path.dirname(rel) for rel in files}:
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    for rel, data in files.items():
        with open(os.path.join(out, rel), "wb") as fh:
            fh.write(data)
    ids = [article_id for article_id, _ in articles]
    for (
        name,
        folder,
    ) in views.items():  # the generator's files, linked (write_tree replaces, never overwrites)
        os.makedirs(os.path.join(out, name))
        for number, i in enumerate(ids):
            link_or_copy(
                os.path.join(folder, f"{i}.json"), os.path.join(out, name, f"{number}.json")
            )
    merged_file(out).write_bytes(terms.signer.dumps(merged))
    return str(out), time.monotonic() - started


def merged_file(out: Path) -> Path:
    """Where the merge a shard's index was written from is kept (Merged), beside the index."""
    return out.with_name(out.name + MERGED)


MERGED = ".merged"


def _kept_merge(out: Path, chunk_bytes: int, articles: list, signer: Signer) -> Merged:
    """The merge kept for the shard's index at ``out``, where its articles begin ``articles``
    and it was cut at ``chunk_bytes``; else a new one."""
    try:
        kept = signer.loads(merged_file(out).read_bytes())
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError):
        return Merged(chunk_bytes)
    if (
        isinstance(kept, Merged)
        and kept.chunk_bytes == chunk_bytes
        and articles[: len(kept.articles)] == kept.articles
    ):
        return kept
    return Merged(chunk_bytes)


SHARDS = "shards"
"""The folder in search/ of each shard's list of its articles (write_shard_lists)."""


def write_shard_lists(
    work: Path, pages, groups: dict[str, list[Article]], views: list[str], chunk_bytes: int
) -> None:
    """search/SHARDS/<shard>.json: the ids of a shard's articles in its order, each with its
    page's key, by which its terms are kept (terms_output), and the index's chunk size (so a
    new size indexes the shards again). The terms are the same in both views, and were made
    when the page was read, in parallel, not here."""
    by_article = pages.by_article
    files = {
        f"{shard}.json": json.dumps(
            {
                "chunk_bytes": chunk_bytes,
                "articles": [[a.id, by_article[a.id].key] for a in group],
            }
        )
        for shard, group in groups.items()
    }
    write_tree(work / "search" / SHARDS, files)
    remove_trees(work / "search", {SHARDS, *views})  # and what older generators kept there


def search_jobs(work: Path, views: list[str]) -> list[tuple[str, Path, Path, str]]:
    """(shard, index folder, stamp file, digest) of every search shard whose articles or
    fragments changed since its index was made (its list names each article's page by its
    key: a page that changed has another); indexes of shards that are gone are removed."""
    indexes = work / "search-index"
    lists = manifest(work / "search" / SHARDS)
    shards = [rel.removesuffix(".json") for rel in sorted(lists)]
    for old in sorted(indexes.glob("*")) if indexes.exists() else []:
        if old.name.removesuffix(".digest").removesuffix(MERGED) not in shards:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    jobs = []
    for shard in shards:
        lines = [f"{SHARDS}/{shard}.json {lists[f'{shard}.json']}"]
        lines += [
            f"{name}/{rel} {digest}"
            for name in views
            for rel, digest in sorted(manifest(work / "search" / name / shard).items())
        ]
        stamp = indexes / f"{shard}.digest"
        digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()
        if (indexes / shard).is_dir() and stamp.is_file() and stamp.read_text() == digest:
            continue
        stamp.unlink(missing_ok=True)
        jobs.append((shard, indexes / shard, stamp, digest))
    return jobs


def index_search(
    work: Path, jobs: list[tuple[str, Path, Path, str]], timings: dict, views: list[str]
) -> bool:
    """search.index_shard for each job, side by side in processes (the folders' shards may
    be many), each stamped with its digest when done. False if one failed (said why)."""
    shutil.rmtree(work / "search-index-site", ignore_errors=True)  # what older generators staged
    return _index_shards(work, jobs, timings, views)


def _index_shards(
    work: Path, jobs: list[tuple[str, Path, Path, str]], timings: dict, views: list[str]
) -> bool:
    if not jobs:
        return True
    search_dir = work / "search"
    terms = terms_output(work, Signer())
    ok = True
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        runs = [
            pool.submit(
                index_shard,
                _shard_list(work, shard),
                terms,
                {name: search_dir / name / shard for name in views},
                out,
            )
            for shard, out, _, _ in jobs
        ]
        for (shard, out, stamp, digest), run in zip(jobs, runs):
            try:
                _, seconds = run.result()
            except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError) as exc:
                print(
                    f"error: the search index of shard {shard} failed ({exc}); the previous site "
                    "is untouched "
                    f"— remove {work} and build again",
                    file=sys.stderr,
                )
                ok = False
                continue
            timings[f"search index {shard}"] = round(seconds, 2)
            stamp.write_text(digest)
    return ok


def _shard_list(work: Path, shard: str) -> dict:
    """A shard's list (write_shard_lists)."""
    return json.loads((work / "search" / SHARDS / f"{shard}.json").read_text(encoding="utf-8"))
