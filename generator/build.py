"""The build, stage by stage:

1. read the archive: every page through the page cache (archive.py; one page: page.py);
2. the indexes across articles: listings, related articles (index.py), dates (history.py);
3. the views: each view's pages as the site builder's docs (views.py);
4. the search index (search/) beside the site builder's run (builders/);
5. publish: the finished site put in place (publish.py).

build_site runs them; generate is 1 to 3, build_views 4 and 5."""

from __future__ import annotations

import dataclasses
import functools
import gc
import importlib.metadata
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import exports, faults, publish, search, views
from .archive import Pages, dated_by_history, read_all
from .builders import mkdocs as builder
from .cache import PageCache
from .config import ROOT, SITE_DATA, load_settings
from .index import Index, build_index, related_state
from .models import Article
from .resources import Resources
from .write import CollisionError, Made, made_key


def build_site(
    content: Path,
    site_dir: Path,
    strict: bool = False,
    mkdocs: bool = True,
    work: Path | None = None,
    site_url: str | None = None,
    shard_limit: int | None = None,
    site_data: Path = SITE_DATA,
) -> int:
    """The main job. ``site_url``: where the site is served (default: mkdocs.yml's site_url);
    ``site_data``: the folder of site data (views, labels, rules)."""
    started = time.monotonic()
    work = Path(work or ROOT / "build")
    site_url = site_url or builder.project_config().get("site_url")
    with publish.build_lock(work) as held:
        if not held:
            return publish.busy(work)
        said = publish.repair(Path(site_dir))
        if said:
            print(f"notice: {said}", file=sys.stderr)
        return _build_site(
            content,
            Path(site_dir),
            strict,
            mkdocs,
            work,
            site_url,
            shard_limit,
            started,
            Path(site_data),
        )


def _build_site(
    content: Path,
    site_dir: Path,
    strict: bool,
    mkdocs: bool,
    work: Path,
    site_url: str | None,
    shard_limit: int | None,
    started: float,
    site_data: Path = SITE_DATA,
) -> int:
    done = generate(content, work, strict, site_url, shard_limit, site_data)
    if done is None:
        return 1
    timings = {"generator": round(time.monotonic() - started, 2)}
    summary = (
        f"{done.articles} articles from {done.pages} pages ({done.cached} from the cache, "
        f"{done.written} files changed); {done.errors} errors (pages skipped), {done.warnings} "
        "warnings, "
        f"{done.notices} notices on the sources"
    )
    if not mkdocs:
        kept_timings(work, timings, done.stages)
        print(f"wrote {summary} to {work / 'docs'} in {timings['generator']:.1f} s")
        return 0
    # freed once MkDocs and the index are started: freeing holds the interpreter a moment at a
    # time, and it delayed their start by a quarter of a second
    site_views = load_settings(site_data).views
    published = build_views(
        work, site_dir, strict, site_views, timings, site_url, on_started=done.release
    )
    if published and published.renewed:  # the site is in place: what the next starts from
        kept = time.monotonic()
        publish.keep_for_next(work, site_dir, site_views)
        timings["kept for the next build"] = round(time.monotonic() - kept, 2)
    timings["total"] = round(time.monotonic() - started, 2)
    kept_timings(work, timings, done.stages)
    if not published:
        return 1
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items() if k != "total")
    print(f"built {summary} into {site_dir} in {timings['total']:.1f} s ({steps})")
    return 0


STAGES = "generator stages"
"""The key of the generator's stages in timings.json (bench/report.py reads it)."""


def kept_timings(work: Path, timings: dict, stages: dict) -> None:
    """The build's seconds per step, and the generator's per stage, into the work folder's
    timings.json for the benchmark; the summary line gives the steps only."""
    data = {**timings, STAGES: stages}
    (work / "timings.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


class Stages:
    """Seconds of the generator's stages, each from the end of the one before: where a large
    archive's time goes, which the build's one figure for the generator does not say."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._since = time.monotonic()

    def done(self, stage: str) -> None:
        now = time.monotonic()
        self.seconds[stage] = round(now - self._since, 2)
        self._since = now


def generate(
    content: Path,
    work: Path,
    strict: bool = False,
    site_url: str | None = None,
    shard_limit: int | None = None,
    site_data: Path = SITE_DATA,
) -> Generated | None:
    """Phase one and two: read every page, then write every view's Markdown and configuration.
    None when the build must stop (strict with problems, or outputs that collide)."""
    stages = Stages()
    res = Resources(load_settings(site_data))
    cache = PageCache(work / "cache", site_data, res.signer)
    # what later stages make from each page while its text is at hand, kept beside the cache
    terms, rows = search.terms_output(work, res.signer), exports.rows_output(work, res.signer)
    fragments = search.fragments_output(work, res.signer)
    outputs = (terms, rows, fragments)
    entries, problems = read_all(content, res, cache=cache, outputs=outputs)
    faults.point("read")
    pages = Pages(entries, cache, res, content)
    pages.complete(outputs)
    stages.done("reading pages")
    # what was read stays until the end: the collector need not walk it again, nor the
    # forked view writers touch (and so copy) its pages of memory
    gc.freeze()
    if not reported(problems, strict):
        return None
    whole = across(entries, content, cache, res, shard_limit)
    reported(whole.undated, strict=False)
    problems += whole.undated
    index, groups = whole.index, whole.groups
    search_map = search_map_of(cache, res)
    stages.done("across the archive")
    data = exports.write_exports(
        work / exports.EXPORTS,
        [(a.id, pages.by_article[a.id].key, a.year, a.date) for a in index.articles],
        functools.partial(pages.kept, rows),
        res.settings.views,
    )
    stages.done("data files")
    job = views.ViewJob(work, pages, res, index, search_map, groups, site_url, data, fragments)
    written = 0
    for outcome in views.each_view(job):
        if isinstance(outcome, CollisionError):
            print(f"error: {outcome}", file=sys.stderr)
            return None
        written += outcome
    search.write_shard_lists(
        work, pages, groups, [v.lang for v in res.settings.views], res.settings.search_chunk_bytes
    )
    faults.point("views")
    stages.done("view pages")
    cache.keep_state("related", whole.related_kept)
    cache.keep_file_keys()
    cache.prune()
    pages.prune(outputs)
    stages.done("cache kept")
    return generated(problems, entries, whole, cache, written, [pages, data, job], stages.seconds)


def reported(problems: list[str], strict: bool) -> bool:
    """The problems printed; False if the build must stop there (--strict, and errors or
    warnings among them)."""
    for line in problems:
        print(line, file=sys.stderr)
    errors = sum(p.startswith("error") for p in problems)
    warnings = sum(p.startswith("warning") for p in problems)
    if strict and (errors or warnings):
        print(
            f"build stopped before writing anything: {errors} errors, {warnings} warnings "
            "(--strict)",
            file=sys.stderr,
        )
        return False
    return True


@dataclass(frozen=True)
class Across:
    """What crosses pages, worked out from every page's entry: the articles with their
    dates, the listings and related articles (index), the search's shards."""

    articles: list[Article]
    undated: list[str]
    """Notices of articles that have no date, nor one from the history."""
    related: dict
    related_kept: dict
    index: Index
    groups: dict[str, list[Article]]


def across(
    entries: list, content: Path, cache: PageCache, res: Resources, shard_limit: int | None
) -> Across:
    """The index and search shards of the archive from its pages' entries (a light pass:
    no page's text), the related articles kept from the last build where still right."""
    articles, undated = dated_by_history(entries, content)
    related, related_kept = related_state(articles, cache.state("related"))
    index = build_index(articles, related)
    limit = shard_limit or res.settings.search_shard_articles
    groups = search.shards(list(index.articles), limit)
    return Across(articles, undated, related, related_kept, index, groups)


def search_map_of(cache: PageCache, res: Resources) -> Made:
    """The search's script map: it depends only on OpenCC and its settings, so it is made
    again when one of them changes."""
    return Made(
        made_key(cache.version, "search map", importlib.metadata.version("opencc")),
        functools.partial(search.search_map_script, res),
    )


def generated(
    problems, entries, whole: Across, cache, written: int, held: list, stages: dict | None = None
) -> Generated:
    """The counts for the build's summary; ``held``, what the views were made from; the
    seconds of each stage."""
    errors = sum(p.startswith("error") for p in problems)
    warnings = sum(p.startswith("warning") for p in problems)
    return Generated(
        articles=len(whole.articles),
        pages=len(entries),
        errors=errors,
        warnings=warnings,
        notices=len(problems) - errors - warnings,
        cached=cache.hits,
        written=written,
        held=[entries, whole.articles, whole.related_kept, whole.related, whole.index, *held],
        stages=stages or {},
    )


def build_views(
    work: Path,
    site_dir: Path,
    strict: bool,
    site_views,
    timings: dict,
    site_url: str | None = None,
    on_started=None,
    parts: tuple[Path, ...] = (),
) -> publish.Published | None:
    """The site builder for every view and the search index's changed shards, side by side;
    then the finished site put in place (publish.assemble), with the pages ``parts`` made
    (shards.py); None where it could not be. Seconds per step go into ``timings``.
    ``on_started()`` is called once they are under way."""
    names = [v.lang for v in site_views]
    with ThreadPoolExecutor(max_workers=len(names) + 1) as pool:
        sites = [pool.submit(builder.build_view, work, name, strict) for name in names]
        indexed = pool.submit(
            search.index_search, work, search.search_jobs(work, names), timings, names
        )
        if on_started is not None:
            on_started()
        runs = [f.result() for f in sites]
        failed = not indexed.result()
    for name, code, output, seconds in runs:
        timings[f"mkdocs {name}"] = round(seconds, 2)
        if output.strip():
            print(output.strip(), file=sys.stderr)
        if code:
            print(
                f"error: MkDocs failed for the {name} view (exit {code}); the previous site is "
                "untouched",
                file=sys.stderr,
            )
            failed = True
    faults.point("mkdocs")
    if failed:
        return None
    return publish.assemble(work, site_dir, site_views, site_url, parts)


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
    """What the views were made from, for the build to free while MkDocs runs (release)
    rather than when generate returns, where it would hold up the start of MkDocs. Freed
    from the end: what refers to the pages first, then the entries (a list), which hold
    the most."""

    stages: dict[str, float] = dataclasses.field(default_factory=dict, compare=False)
    """Seconds of each stage of the generator (Stages), in order."""

    def release(self) -> threading.Thread:
        """Free ``held`` in a thread of its own, a page at a time: a container freed whole
        would hold the interpreter for all of it, and keep the build's other threads from
        starting MkDocs and the index meanwhile. Its objects are referenced nowhere else."""
        thread = threading.Thread(
            target=_free_piecewise, args=(self.held,), name="release", daemon=True
        )
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
