"""Every page of the archive through the page cache: read in forked worker processes where it
changed, loaded from the cache where not; the pages' entries (their articles without text) for
the stages over the whole archive, and a page's full reading when an output needs it."""

from __future__ import annotations

import dataclasses
import os
import pickle
import sys
from pathlib import Path

from . import render, workers
from .cache import PageCache, collector_paused
from .history import first_added
from .models import Article
from .kept import PageOutput
from .page import PageEntry, PageResult, entry_of, read_one
from .read import PageError, content_listing, refused
from .resources import Resources


def read_all(
    content: Path,
    res: Resources,
    only: set[Path] | None = None,
    cache: PageCache | None = None,
    outputs: tuple[PageOutput, ...] = (),
) -> tuple[list[PageEntry], list[str]]:
    """Every page, read and split; problems as 'level: file:line: …' lines. A bad page is
    skipped. Only the pages' entries are held: a page's text goes to the cache, where the
    stages that need it load it one page at a time (Pages.result). ``outputs`` are made from
    each page read anew, and kept (Pages.complete makes the rest)."""
    paths, problems = readable(content, only)
    entries, more = accepted(read_pages(paths, res, content, cache, outputs))
    return entries, problems + more


def readable(content: Path, only: set[Path] | None = None) -> tuple[list[Path], list[str]]:
    """The pages to read (``only`` these, if given), in order; and the problems of the files
    that are not read (links, hidden files). A regular file the walk found inside the folder
    needs no more checks: a page of a large archive costs no stat of its own."""
    listing = content_listing(content)
    suspects = set(listing.suspects)
    paths, problems = [], []
    root = os.path.realpath(content)
    for path in listing.candidates():
        if only is not None and path.absolute() not in only and path.resolve() not in only:
            continue
        problem = refused(path, content, root) if path in suspects else None
        if problem:
            problems.append(f"error: {problem}")
        else:
            paths.append(path)
    if only is None:
        problems += [
            f"notice: {p}:1: a hidden file (its name starts with a dot) is not read — rename it if "
            f"it is a page"
            for p in listing.hidden
        ]
    return paths, problems


def read_pages(
    paths: list[Path],
    res: Resources,
    content: Path,
    cache: PageCache | None = None,
    outputs: tuple[PageOutput, ...] = (),
) -> list[tuple[Path, PageEntry | PageError]]:
    """(path, its PageEntry, or why it cannot be read) for each path, in order."""
    progress = Progress("reading pages", len(paths))
    read = list(_read_pages(paths, res, content, cache or PageCache(None), progress, outputs))
    progress.done()
    return read


def accepted(
    read: list[tuple[Path, PageEntry | PageError | str]],
) -> tuple[list[PageEntry], list[str]]:
    """The entries of the pages read, in order, but for a page with the text or the id of
    one before it; the problems of each, and why a page was left out."""
    entries, problems, texts, ids = [], [], {}, {}
    for path, result in read:
        if not isinstance(result, PageEntry):
            problems.append(f"error: {result}")
            continue
        if result.text_digest in texts:
            problems.append(
                f"error: {path}:1: the same page as {texts[result.text_digest]} — remove one of "
                "them"
            )
            continue
        if result.page_id in ids:
            problems.append(
                f"error: {path}:1: page id {result.page_id} is taken by {ids[result.page_id]} — "
                f"rename the file or set another 'id' in its header"
            )
            continue
        texts[result.text_digest], ids[result.page_id] = path, path
        problems += [
            f"{level}: {path}:{line}: {message}" for level, line, message in result.problems
        ]
        entries.append(result)
    return entries, problems


PARALLEL_FROM = 8
"""Pages to read before it pays to start worker processes."""


def _read(
    path: Path,
    key: str,
    res: Resources,
    content: Path,
    cache: PageCache,
    outputs: tuple[PageOutput, ...],
) -> bytes | PageError:
    """A page read and kept in the cache, with the outputs made from it (in a worker process,
    side by side with the others); its entry, pickled as the cache keeps it."""
    try:
        result = read_one(path, res, content)
    except PageError as exc:
        return exc
    entry = entry_of(result, key)
    kept, _ = cache.put(entry, result)
    for output in outputs:
        output.put(key, output.make(result, res))
    return kept


def _read_in_worker(shared: tuple, job: tuple[Path, str]) -> bytes | PageError:
    return _read(*job, *shared)


def _read_pages(
    paths: list[Path],
    res: Resources,
    content: Path,
    cache: PageCache,
    progress: Progress,
    outputs: tuple[PageOutput, ...],
):
    """(path, PageEntry or PageError) for every path, in order. Pages the cache holds are
    loaded; the others are read and kept in the cache by forked worker processes (one per
    PARALLEL_FROM pages, at most one per CPU) while the cached ones load. For many pages the
    dictionaries are loaded before the fork, so the workers share them."""
    done: dict[Path, PageEntry | PageError] = {}
    base = os.path.join(content, "")
    keyed = [(path, cache.key_of(path, _relative(path, content, base))) for path in paths]
    todo = [(path, key) for path, key in keyed if not cache.has(key)]
    pool, pending = None, iter(())
    if todo and workers.can_fork():
        if len(todo) >= PARALLEL_FROM:
            res.warm_up()
        pool = workers.Forked(
            _read_in_worker,
            (res, content, cache, outputs),
            min(os.cpu_count() or 1, -(-len(todo) // PARALLEL_FROM)),
        )
        pending = pool.map(todo, chunksize=4)
    waiting = set(todo)
    fresh: dict[Path, PageEntry | PageError] = {}
    # the collector paused while the workers' readings arrive too: thousands of objects a page,
    # and it walked the growing heap again and again (generator from nothing, 3,125 pages: wall
    # and CPU 2.5 % less, medians of two paired runs)
    with collector_paused():
        for path, key in keyed:
            if (path, key) in waiting:
                continue
            entry = cache.get(path, key)
            if entry is None:  # kept, but unreadable: read it again
                todo.append((path, key))
            else:
                done[path] = entry
                progress.step()
        if pool is not None:
            try:
                for (path, _), outcome in zip(todo, pending):
                    fresh[path] = _unpickled(outcome)
                    progress.step()
            finally:
                pool.shutdown()
    for path, key in todo:
        if path not in fresh:
            fresh[path] = _unpickled(_read(path, key, res, content, cache, outputs))
            progress.step()
    for path, key in todo:
        outcome = fresh[path]
        if isinstance(outcome, PageError):
            done[path] = outcome
            continue
        cache.use(outcome.key)
        done[path] = outcome
    for path in paths:
        yield path, done[path]


def _relative(path: Path, content: Path, base: str) -> str:
    """``path`` from ``content`` (``base``: it with a slash), as a source name: a/b.txt."""
    name = os.fspath(path)
    return name[len(base) :] if name.startswith(base) else path.relative_to(content).as_posix()


def _unpickled(outcome: bytes | PageError) -> PageEntry | PageError:
    return outcome if isinstance(outcome, PageError) else pickle.loads(outcome)


class Pages:
    """The archive's pages: their entries, and the PageResult of one when an output needs its
    text, loaded from the cache (or read again if the cache lost it): no stage holds every
    page's text at once. The last one asked for is kept: a page's articles
    are rendered one after the other."""

    def __init__(
        self,
        entries: list[PageEntry],
        cache: PageCache,
        res: Resources,
        content: Path,
    ):
        self.entries, self.cache, self.res, self.content = entries, cache, res, content
        self.by_article = {a.id: e for e in entries for a in e.articles}
        self.by_key = {e.key: e for e in entries}
        self.article_keys = {
            article_id: f"{article_id} {entry.key}" for article_id, entry in self.by_article.items()
        }
        """Article id -> its id and its page's key: what names this version of the article."""
        self.listed = {a.id: render.listed_as(a) for e in entries for a in e.articles}
        """Article id -> a digest of what listings and other articles' pages show of it
        (render.listed_as)."""
        self._last: tuple[str, PageResult] | None = None
        self._last_kept: tuple[tuple[Path, str], object] | None = None

    def result(self, entry: PageEntry) -> PageResult:
        if self._last and self._last[0] == entry.key:
            return self._last[1]
        result = self.cache.result(entry) or read_one(entry.path, self.res, self.content)
        self._last = (entry.key, result)
        return result

    def article(self, article: Article) -> Article:
        """The article with its text."""
        return self.result(self.by_article[article.id]).article(article.id)

    def raw(self, entry: PageEntry) -> str:
        return self.result(entry).page.raw

    def complete(
        self, outputs: tuple[PageOutput, ...], entries: list[PageEntry] | None = None
    ) -> None:
        """Each output made for the pages (``entries``, if given) that lack it: pages the
        cache held, whose output was removed or never made."""
        for output in outputs:
            kept = output.kept_keys()
            for entry in self.entries if entries is None else entries:
                if entry.key not in kept:
                    self._make(output, entry)

    def kept(self, output: PageOutput, key: str):
        """What ``output`` keeps of the page with this key, made again if it is unreadable.
        The last one asked for is kept, as ``result`` keeps its page: a page's articles are
        asked for one after the other."""
        if self._last_kept and self._last_kept[0] == (output.folder, key):
            return self._last_kept[1]
        value = output.get(key)
        value = self._make(output, self.by_key[key]) if value is None else value
        self._last_kept = ((output.folder, key), value)
        return value

    def _make(self, output: PageOutput, entry: PageEntry):
        """``output`` made from the page and kept."""
        value = output.make(self.result(entry), self.res)
        output.put(entry.key, value)
        return value

    def prune(self, outputs: tuple[PageOutput, ...]) -> None:
        """Forget what the outputs kept of pages that are no longer in the archive."""
        for output in outputs:
            output.prune(entry.key for entry in self.entries)


class Progress:
    """A one-line progress bar on a terminal; silent elsewhere (CI logs stay readable)."""

    def __init__(self, what: str, total: int):
        self.what, self.total, self.count = what, total, 0
        self.live = sys.stderr.isatty() and total >= 200

    def step(self) -> None:
        self.count += 1
        if self.live and (self.count % 50 == 0 or self.count == self.total):
            filled = 30 * self.count // self.total
            print(
                f"\r{self.what} [{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def done(self) -> None:
        if self.live:
            print(file=sys.stderr)


def dated_by_history(entries, content: Path) -> tuple[list[Article], list[str]]:
    """Every article, an undated one with when its page entered the archive (``added``: the
    header's, else the page's first commit); and a notice for each left with neither, which
    the feed leaves out."""
    history = None
    articles, notices = [], []
    for entry in entries:
        for article in entry.articles:
            if not article.date and not article.added:
                if history is None:
                    history = first_added(content)
                added = history.get(entry.path.resolve())
                if added:
                    article = dataclasses.replace(article, added=added)
                else:
                    notices.append(
                        f"notice: {entry.path}:1: {article.id}: no date, and the page is in no "
                        "commit yet — the feed leaves it out; give the page an 'added: "
                        "YYYY-MM-DD' "
                        f"header line or commit it"
                    )
            articles.append(article)
    return articles, notices
