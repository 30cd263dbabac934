"""The main job: every page read and checked, both views written, MkDocs run for each."""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


from . import browse, exports, faults, feeds, originals, render, search
from .builders import mkdocs as builder
from .build import PageEntry, PageResult, entry_of, page_terms, read_one
from .cache import PageCache, collector_paused
from .config import ROOT, SITE_DATA, load_settings
from .history import first_added
from .index import Index, build_index, related_state
from .models import Article
from .read import PageError, hidden_files, page_files, refused
from .resources import Resources
from .write import (CollisionError, Made, add_file, add_files, link_or_copy, made_key, manifest, move, remove_trees,
                    repair, staging_for, swap_into_place, write_tree)


def read_all(content: Path, res: Resources, only: set[Path] | None = None, cache: PageCache | None = None,
             keep: dict[str, PageResult] | None = None) -> tuple[list[PageEntry], list[str]]:
    """Every page, read and split; problems as 'level: file:line: …' lines. A bad page is
    skipped. ``keep``, if given, receives the PageResult of every page read anew (by key)."""
    entries, problems, texts, ids = [], [], {}, {}
    paths = []
    for path in page_files(content):
        if only is not None and path.absolute() not in only and path.resolve() not in only:
            continue
        problem = refused(path, content)
        if problem:
            problems.append(f"error: {problem}")
        else:
            paths.append(path)
    if only is None:
        problems += [f"notice: {p}:1: a hidden file (its name starts with a dot) is not read — rename it if "
                     f"it is a page" for p in hidden_files(content)]
    progress = Progress("reading pages", len(paths))
    for path, result in _read_pages(paths, res, content, cache or PageCache(None), keep, progress):
        if isinstance(result, PageError):
            problems.append(f"error: {result}")
            continue
        if result.text_digest in texts:
            problems.append(f"error: {path}:1: the same page as {texts[result.text_digest]} — remove one of them")
            continue
        if result.page_id in ids:
            problems.append(f"error: {path}:1: page id {result.page_id} is taken by {ids[result.page_id]} — "
                            f"rename the file or set another 'id' in its header")
            continue
        texts[result.text_digest], ids[result.page_id] = path, path
        problems += [f"{level}: {path}:{line}: {message}" for level, line, message in result.problems]
        entries.append(result)
    progress.done()
    return entries, problems


PARALLEL_FROM = 8
"""Pages to read before it pays to start worker processes."""

_worker: tuple[Resources, Path, PageCache] | None = None


def _read(path: Path, key: str, res: Resources, content: Path, cache: PageCache, pickled: bool = False
          ) -> tuple[PageEntry, PageResult] | tuple[bytes, bytes] | PageError:
    """A page read and kept in the cache (in a worker process, side by side with the
    others); ``pickled``: its entry and result as the cache keeps them."""
    try:
        result = read_one(path, res, content)
    except PageError as exc:
        return exc
    entry = entry_of(result, key, res)
    kept = cache.put(entry, result, page_terms(result) if cache.folder is not None else None)
    return kept if pickled else (entry, result)


def _read_in_worker(job: tuple[Path, str]) -> tuple[bytes, bytes] | PageError:
    res, content, cache = _worker
    return _read(*job, res, content, cache, pickled=True)


def _read_pages(paths: list[Path], res: Resources, content: Path, cache: PageCache,
                keep: dict[str, PageResult] | None, progress: Progress):
    """(path, PageEntry or PageError) for every path, in order. Pages the cache holds are
    loaded; the others are read and kept in the cache by forked worker processes (one per
    PARALLEL_FROM pages, at most one per CPU) while the cached ones load. For many pages the
    dictionaries are loaded before the fork, so the workers share them."""
    global _worker
    done: dict[Path, PageEntry | PageError] = {}
    keyed = [(path, cache.key_of(path, path.relative_to(content).as_posix())) for path in paths]
    todo = [(path, key) for path, key in keyed if not cache.has(key)]
    cpus = os.cpu_count() or 1
    pool, pending = None, iter(())
    if todo and cpus > 1 and "fork" in multiprocessing.get_all_start_methods():
        if len(todo) >= PARALLEL_FROM:
            res.warm_up()
        _worker = (res, content, cache)
        pool = ProcessPoolExecutor(max_workers=min(cpus, -(-len(todo) // PARALLEL_FROM)),
                                   mp_context=multiprocessing.get_context("fork"))
        pending = pool.map(_read_in_worker, todo, chunksize=4)
    waiting = set(todo)
    fresh: dict[Path, tuple[PageEntry, PageResult] | PageError] = {}
    # the collector paused while the workers' readings arrive too: thousands of objects a page,
    # and it walked the growing heap again and again (generator from nothing, 3,125 pages: wall
    # and CPU 2.5 % less, medians of two paired runs)
    with collector_paused():
        for path, key in keyed:
            if (path, key) in waiting:
                continue
            entry = cache.get(path, key)
            if entry is None:                     # kept, but unreadable: read it again
                todo.append((path, key))
            else:
                done[path] = entry
                progress.step()
        if pool is not None:
            try:
                for (path, _), outcome in zip(todo, pending):
                    fresh[path] = outcome if isinstance(outcome, PageError) else tuple(map(pickle.loads, outcome))
                    progress.step()
            finally:
                pool.shutdown()
                _worker = None
    for path, key in todo:
        if path not in fresh:
            fresh[path] = _read(path, key, res, content, cache)
            progress.step()
    for path, key in todo:
        outcome = fresh[path]
        if isinstance(outcome, PageError):
            done[path] = outcome
            continue
        entry, result = outcome
        cache.use(entry.key)
        if keep is not None:
            keep[entry.key] = result
        done[path] = entry
    for path in paths:
        yield path, done[path]


class Pages:
    """The archive's pages: their entries, and the PageResult of one when an output needs its
    text (pages read in this build are in memory; the others come from the cache, or are
    read again if the cache lost them)."""

    def __init__(self, entries: list[PageEntry], fresh: dict[str, PageResult], cache: PageCache,
                 res: Resources, content: Path):
        self.entries, self.fresh, self.cache, self.res, self.content = entries, fresh, cache, res, content
        self.by_article = {a.id: e for e in entries for a in e.articles}
        self.article_keys = {article_id: f"{article_id} {entry.key}" for article_id, entry in self.by_article.items()}
        """Article id -> its id and its page's key: what names this version of the article."""
        self.listed = {a.id: render.listed_as(a) for e in entries for a in e.articles}
        """Article id -> what listings and other articles' pages show of it (render.listed_as)."""
        self._exports = {x.article_id: x for e in entries for x in e.exports}
        self._last: tuple[str, PageResult] | None = None

    def result(self, entry: PageEntry) -> PageResult:
        if entry.key in self.fresh:
            return self.fresh[entry.key]
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

    def export(self, article: Article) -> exports.ArticleExport:
        """The article's parts of the data files."""
        return self._exports[article.id]


class Progress:
    """A one-line progress bar on a terminal; silent elsewhere (CI logs stay readable)."""

    def __init__(self, what: str, total: int):
        self.what, self.total, self.count = what, total, 0
        self.live = sys.stderr.isatty() and total >= 200

    def step(self) -> None:
        self.count += 1
        if self.live and (self.count % 50 == 0 or self.count == self.total):
            filled = 30 * self.count // self.total
            print(f"\r{self.what} [{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}",
                  end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.live:
            print(file=sys.stderr)


def render_view(name: str, pages: Pages, res: Resources, index: Index,
                search_map: str | Made = "", shard_sizes: dict[str, int] | None = None,
                site_url: str | None = None) -> dict:
    """Every file of one view's docs folder. Article pages and originals are Made: an article
    page is made again only when its page, the generator or its related articles changed."""
    ctx = render.ViewContext(name, res, index, listed=pages.listed)
    view = res.settings.view(name)
    back = "../" * view.root.count("/")                   # from the view's root to the site's
    files: dict[str, str | Made] = {}
    add_file(files, "index.md", render.home_page(ctx), "home page")
    add_file(files, "about/index.md", render.about_page(ctx), "about page")
    up = "../" + back                                     # from the search page to the site's root
    add_file(files, "search/index.md", search.search_page(ctx, shard_sizes or {}, f"{up}search-index/"), "search")
    add_file(files, "assets/search-map.js", search_map, "search")
    add_file(files, "feed.xml", feeds.atom_feed(ctx, site_url, view.root, pages.article), "feed")
    add_file(files, "regions/index.md", render.region_index(ctx), "regions")
    for region in index.by_region:
        add_files(files, "regions", render.region_page(region, ctx), region)
    add_file(files, "themes/index.md", render.theme_index(ctx), "themes")
    for theme in res.settings.themes:
        add_files(files, "themes", render.theme_page(theme.id, ctx), theme.id)
    data_prefix = f"../{back}data/"                       # the downloads live in the first view, once
    add_file(files, "figures/index.md", browse.figures_page(ctx, data_prefix), "figures")
    parts = [pages.export(a) for a in index.articles]
    add_file(files, "figures/figures-table.json",
             exports.figures_table(parts, res.settings.views.index(view)), "figures")
    add_file(files, "people/index.md", browse.people_index(ctx), "people")
    for person in index.by_person:
        add_files(files, "people", browse.person_page(person, ctx), person)
    add_file(files, "years/index.md", browse.years_index(ctx), "years")
    for year in index.by_year:
        add_files(files, "years", browse.year_page(year, ctx), year)
    if ctx.first:               # the data files, once, in the first view (made here, beside the others)
        for rel, content in exports.data_files(parts, res.settings.views).items():
            add_file(files, rel, content, "data")
    keys = pages.article_keys
    download = "../" if ctx.first else f"../../{back}originals/"   # the files live in the first view, once
    for entry in pages.entries:
        original = f"{entry.page_id}.txt"
        if ctx.first:
            add_file(files, f"originals/{original}", Made(made_key(entry.key, "bom"), functools.partial(_original, pages, entry)),
                     str(entry.path))
        add_file(files, f"originals/{entry.page_id}/index.md",
                 Made(made_key(entry.key, name, "original page"),
                      functools.partial(_original_page, pages, entry, ctx, download + original)), str(entry.path))
        for old, new in entry.redirects:      # an address an article had: it stays, and leads on
            add_file(files, f"articles/{old}/index.html", render.redirect_page(new), str(entry.path))
        for article in entry.articles:
            # an article page shows its related articles' titles and dates: made again when one of them changes
            key = made_key(keys[article.id], name, *(pages.listed[r.id] for r in index.related.get(article.id, ())))
            make = functools.partial(_article_page, pages, article, ctx, entry.page_id)
            add_file(files, f"articles/{article.id}/index.md", Made(key, make), str(entry.path))
    return files


def _original(pages: Pages, entry: PageEntry) -> str:
    """The page as archived, after a byte-order mark: static hosts serve .txt without a
    charset, and browsers then read UTF-8 as Latin-1; with the mark they read it right."""
    raw = pages.raw(entry)
    return raw if raw.startswith("\ufeff") else "\ufeff" + raw


def _article_page(pages: Pages, article: Article, ctx: render.ViewContext, page_id: str) -> str:
    return render.article_page(pages.article(article), ctx, page_id)


def _original_page(pages: Pages, entry: PageEntry, ctx: render.ViewContext, download: str) -> str:
    return originals.original_page(pages.result(entry), ctx, download)


def fragment_trees(name: str, ctx: render.ViewContext, pages: Pages, groups: dict[str, list[Article]]
                   ) -> dict[str, Made]:
    """What search results show of each shard's articles in one view (search.fragments): a
    tree per shard, Made as a whole, of a Made file per article. A shard's files are looked
    at again only when one of its articles' pages changed (or it gained or lost one), and a
    file is made again only when its own page did."""
    kind = f"fragments {name}"

    def made(article: Article) -> Made:
        return Made(made_key(pages.article_keys[article.id], kind), functools.partial(_fragment, pages, article, ctx))

    return {shard: Made(made_key(kind, "shard", shard, *(pages.article_keys[a.id] for a in group)),
                        functools.partial(search.fragments, ctx, group, make=made))
            for shard, group in groups.items()}


def _fragment(pages: Pages, article: Article, ctx: render.ViewContext) -> str:
    return search.fragment(pages.result(pages.by_article[article.id]).article(article.id), ctx)


@dataclass(frozen=True)
class Generated:
    """What the generator wrote for MkDocs: counts for the summary."""

    articles: int
    pages: int
    errors: int
    warnings: int
    notices: int
    cached: int
    written: int
    held: list = dataclasses.field(default_factory=list, repr=False, compare=False)
    """What the views were made from, for the build to free while MkDocs runs (release):
    freeing it when generate returned took 0.7 s at 10,000 articles, with one CPU busy.
    Freed from the end: what refers to the pages first, then the entries (a list) and the
    pages read (a dict of PageResults), which hold the most."""

    def release(self) -> threading.Thread:
        """Free ``held`` in a thread of its own, a page at a time: a container freed whole
        would hold the interpreter for all of it, and keep the build's other threads from
        starting MkDocs and the index meanwhile. Its objects are referenced nowhere else."""
        thread = threading.Thread(target=_free_piecewise, args=(self.held,), name="release", daemon=True)
        thread.start()
        return thread


def _free_piecewise(held: list) -> None:
    """Empty ``held`` from its end, each dict or list in it an item at a time."""
    while held:
        part = held.pop()
        while isinstance(part, dict) and part:
            part.popitem()
        while isinstance(part, list) and part:
            part.pop()
        del part


def generate(content: Path, work: Path, strict: bool = False, site_url: str | None = None,
             shard_limit: int | None = None, site_data: Path = SITE_DATA) -> Generated | None:
    """Phase one and two: read every page, then write every view's Markdown and configuration.
    None when the build must stop (strict with problems, or outputs that collide)."""
    res = Resources(load_settings(site_data))
    cache = PageCache(work / "cache", site_data)
    fresh: dict[str, PageResult] = {}
    entries, problems = read_all(content, res, cache=cache, keep=fresh)
    faults.point("read")
    pages = Pages(entries, fresh, cache, res, content)
    for line in problems:
        print(line, file=sys.stderr)
    errors = sum(p.startswith("error") for p in problems)
    warnings = sum(p.startswith("warning") for p in problems)
    if strict and (errors or warnings):
        print(f"build stopped before writing anything: {errors} errors, {warnings} warnings (--strict)",
              file=sys.stderr)
        return None
    articles, undated = dated_by_history(entries, content)
    problems += undated
    for line in undated:
        print(line, file=sys.stderr)
    related, related_kept = related_state(articles, cache.state("related"))
    index = build_index(articles, related)
    limit = shard_limit or res.settings.search_shard_articles
    groups = search.shards(list(index.articles), limit)
    # the map depends only on OpenCC and its settings: made again when one of them changes
    search_map = Made(made_key(cache.version, "search map", importlib.metadata.version("opencc")),
                      functools.partial(search.search_map_script, res))
    job = ViewJob(work, pages, res, index, search_map, groups, site_url)
    written = 0
    for outcome in _each_view(job):
        if isinstance(outcome, CollisionError):
            print(f"error: {outcome}", file=sys.stderr)
            return None
        written += outcome
    write_shard_lists(job)
    faults.point("views")
    cache.keep_state("related", related_kept)
    cache.keep_file_keys()
    cache.prune()
    return Generated(articles=len(articles), pages=len(entries), errors=errors, warnings=warnings,
                     notices=len(problems) - errors - warnings, cached=cache.hits, written=written,
                     held=[fresh, entries, articles, related_kept, related, index, pages, job])


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
                    notices.append(f"notice: {entry.path}:1: {article.id}: no date, and the page is in no "
                                   f"commit yet — the feed leaves it out; give the page an 'added: YYYY-MM-DD' "
                                   f"header line or commit it")
            articles.append(article)
    return articles, notices


@dataclass(frozen=True)
class ViewJob:
    """What writing one view needs, the same for both."""

    work: Path
    pages: Pages
    res: Resources
    index: Index
    search_map: Made
    groups: dict[str, list[Article]]
    site_url: str | None


_view_job: ViewJob | None = None


def write_view(name: str, job: ViewJob | None = None) -> int | CollisionError:
    """One view's docs folder, search fragments and MkDocs configuration, rendered and written;
    how many docs files changed. A collision stops it before anything is written (both views
    have the same file names, so the other view stops too)."""
    job = job or _view_job
    try:
        files = render_view(name, job.pages, job.res, job.index, job.search_map,
                            {shard: len(group) for shard, group in job.groups.items()}, job.site_url)
        ctx = render.ViewContext(name, job.res, job.index)
        fragments = fragment_trees(name, ctx, job.pages, job.groups)
    except CollisionError as exc:
        return exc
    written = write_tree(job.work / "docs" / name, files)
    _write_trees(job.work / "search" / name, fragments)
    builder.configure(name, job.res, job.work, job.site_url)
    return written


SHARDS = "shards"
"""The folder in search/ of each shard's list of its articles (write_shard_lists)."""


def write_shard_lists(job: ViewJob) -> None:
    """search/SHARDS/<shard>.json: the ids of a shard's articles in its order, each with the
    file of the page cache its terms are in (relative to the work folder). The terms are the
    same in both views, and were kept there when the page was read, in parallel: the index of
    the shard reads them from there (writing them out here, a file an article, took this
    process a quarter of the time of writing a view)."""
    folder, by_article = job.pages.cache.folder.relative_to(job.work).as_posix(), job.pages.by_article
    files = {f"{shard}.json": json.dumps([[a.id, f"{folder}/{PageCache.file_name(by_article[a.id].key)}"]
                                          for a in group])
             for shard, group in job.groups.items()}
    write_tree(job.work / "search" / SHARDS, files)
    remove_trees(job.work / "search", {SHARDS, *(v.lang for v in job.res.settings.views)})   # and older ones


def _write_trees(folder: Path, shards: dict[str, Made]) -> None:
    for shard, tree in shards.items():
        write_tree(folder / shard, tree)
    remove_trees(folder, shards)


def _each_view(job: ViewJob) -> list[int | CollisionError]:
    """write_view for every view: side by side in forked processes where there are two CPUs
    or more (they share what is loaded), else one after the other."""
    global _view_job
    job.work.mkdir(parents=True, exist_ok=True)
    names = [v.lang for v in job.res.settings.views]
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [write_view(name, job) for name in names]
    _view_job = job
    try:
        workers = min(len(names), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(write_view, names))
    finally:
        _view_job = None


def search_jobs(work: Path, views: list[str]) -> list[tuple[str, Path, Path, str]]:
    """(shard, index folder, stamp file, digest) of every search shard whose articles or
    fragments changed since its index was made (its list names each article's page by its
    key: a page that changed has another); indexes of shards that are gone are removed."""
    indexes = work / "search-index"
    lists = manifest(work / "search" / SHARDS)
    shards = [rel.removesuffix(".json") for rel in sorted(lists)]
    for old in sorted(indexes.glob("*")) if indexes.exists() else []:
        if old.name.removesuffix(".digest") not in shards:
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    jobs = []
    for shard in shards:
        lines = [f"{SHARDS}/{shard}.json {lists[f'{shard}.json']}"]
        lines += [f"{name}/{rel} {digest}" for name in views
                  for rel, digest in sorted(manifest(work / "search" / name / shard).items())]
        stamp = indexes / f"{shard}.digest"
        digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()
        if (indexes / shard).is_dir() and stamp.is_file() and stamp.read_text() == digest:
            continue
        stamp.unlink(missing_ok=True)
        jobs.append((shard, indexes / shard, stamp, digest))
    return jobs


INDEX_STAGED = "search-index-site"
"""The site's search-index folder, made in the work folder while MkDocs runs: linked to the
shards' indexes, which are kept in search-index/ for the next build."""


def index_search(work: Path, jobs: list[tuple[str, Path, Path, str]], timings: dict, views: list[str]) -> bool:
    """search.index_shard for each job, side by side in processes (the folders' shards may
    be many), each stamped with its digest when done; then every shard's index linked into
    INDEX_STAGED (its 42,000 files took the last second of a build at 10,000 articles, after
    MkDocs, when they were linked into the finished site). False if one failed (said why)."""
    ok = _index_shards(work, jobs, timings, views)
    staged = work / INDEX_STAGED
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir()
    kept = work / "search-index"
    for shard in sorted(kept.iterdir()) if kept.is_dir() else ():
        if shard.is_dir():                # linked: index_shard writes a shard anew, never over its files
            shutil.copytree(shard, staged / shard.name, copy_function=link_or_copy)
    return ok


def _index_shards(work: Path, jobs: list[tuple[str, Path, Path, str]], timings: dict, views: list[str]) -> bool:
    if not jobs:
        return True
    search_dir = work / "search"
    ok = True
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        runs = [pool.submit(search.index_shard, _shard_articles(work, shard),
                            {name: search_dir / name / shard for name in views}, out) for shard, out, _, _ in jobs]
        for (shard, out, stamp, digest), run in zip(jobs, runs):
            try:
                _, seconds = run.result()
            except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError) as exc:
                print(f"error: the search index of shard {shard} failed ({exc}); the previous site is untouched "
                      f"— remove {work} and build again", file=sys.stderr)
                ok = False
                continue
            timings[f"search index {shard}"] = round(seconds, 2)
            stamp.write_text(digest)
    return ok


def _shard_articles(work: Path, shard: str) -> list[tuple[str, Path]]:
    """(article id, the file its terms are kept in) of a shard's articles, from its list."""
    listed = json.loads((work / "search" / SHARDS / f"{shard}.json").read_text(encoding="utf-8"))
    return [(article_id, work / terms) for article_id, terms in listed]


def build_views(work: Path, site_dir: Path, strict: bool, views, timings: dict,
                site_url: str | None = None, dirty: bool = False, on_started=None) -> bool:
    """MkDocs for every view and the search index's changed shards, side by side; then the
    finished site swapped into place. Seconds per step go into ``timings``. ``on_started()``
    is called once they are under way."""
    names = [v.lang for v in views]
    with ThreadPoolExecutor(max_workers=len(names) + 1) as pool:
        sites = [pool.submit(builder.build_view, work, name, strict, dirty) for name in names]
        indexed = pool.submit(index_search, work, search_jobs(work, names), timings, names)
        if on_started is not None:
            on_started()
        runs = [f.result() for f in sites]
        failed = not indexed.result()
    for name, code, output, seconds in runs:
        timings[f"mkdocs {name}"] = round(seconds, 2)
        if output.strip():
            print(output.strip(), file=sys.stderr)
        if code:
            print(f"error: MkDocs failed for the {name} view (exit {code}); the previous site is untouched",
                  file=sys.stderr)
            failed = True
    faults.point("mkdocs")
    if failed:
        return False
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = staging_for(site_dir)          # beside the site: on its file system, one rename to swap
    if staged.exists():
        shutil.rmtree(staged)
    # MkDocs' output is moved into place: a full build empties its folder anyway, and copying
    # 750 MB took longer than indexing. The preview's dirty builds render into the same
    # folders again, so they copy (a link would let MkDocs write into the served site).
    place = shutil.copytree if dirty else move
    for view in views:                       # the first view at the root, each other in its folder
        place(builder.output(work, view.lang), staged / view.prefix if view.prefix else staged)
    move(work / INDEX_STAGED, staged / "search-index")
    # the builder's sitemap per view, without the others, is replaced by one of every view; each
    # view's root keeps one, empty where there is nothing absolute to list (builder.sitemaps)
    for view in views:
        builder.replace_sitemap(staged / view.root, feeds.EMPTY_SITEMAP)
    if site_url:
        (staged / "sitemap.xml").write_text(feeds.sitemap(staged, site_url, views), encoding="utf-8")
    faults.point("staged")
    swap_into_place(staged, site_dir)
    faults.point("published")
    return True


def build_site(content: Path, site_dir: Path, strict: bool = False, mkdocs: bool = True,
               work: Path | None = None, site_url: str | None = None, shard_limit: int | None = None,
               dirty: bool = False, site_data: Path = SITE_DATA) -> int:
    """The main job. ``site_url``: where the site is served (default: mkdocs.yml's site_url);
    ``dirty``: MkDocs renders only changed pages (the preview; a page removed stays until a
    full build); ``site_data``: the folder of site data (views, labels, rules)."""
    started = time.monotonic()
    work = Path(work or ROOT / "build")
    site_url = site_url or builder.project_config().get("site_url")
    with build_lock(work) as held:
        if not held:
            print(f"error: another build is using {work} — wait for it to finish, or give this one another "
                  f"--work-dir", file=sys.stderr)
            return 1
        said = repair(Path(site_dir))
        if said:
            print(f"notice: {said}", file=sys.stderr)
        return _build_site(content, Path(site_dir), strict, mkdocs, work, site_url, shard_limit, dirty, started,
                           Path(site_data))


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


def _build_site(content: Path, site_dir: Path, strict: bool, mkdocs: bool, work: Path, site_url: str | None,
                shard_limit: int | None, dirty: bool, started: float, site_data: Path = SITE_DATA) -> int:
    done = generate(content, work, strict, site_url, shard_limit, site_data)
    if done is None:
        return 1
    timings = {"generator": round(time.monotonic() - started, 2)}
    summary = (f"{done.articles} articles from {done.pages} pages ({done.cached} from the cache, "
               f"{done.written} files changed); {done.errors} errors (pages skipped), {done.warnings} warnings, "
               f"{done.notices} notices on the sources")
    if not mkdocs:
        (work / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
        print(f"wrote {summary} to {work / 'docs'} in {timings['generator']:.1f} s")
        return 0
    # freed once MkDocs and the index are started: freeing holds the interpreter a moment at a
    # time, and it delayed their start by a quarter of a second
    ok = build_views(work, site_dir, strict, load_settings(site_data).views, timings, site_url, dirty,
                     on_started=done.release)
    timings["total"] = round(time.monotonic() - started, 2)
    (work / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    if not ok:
        return 1
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items() if k != "total")
    print(f"built {summary} into {site_dir} in {timings['total']:.1f} s ({steps})")
    return 0
