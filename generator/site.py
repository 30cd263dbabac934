"""The main job: every page read and checked, both views written, MkDocs run for each."""
from __future__ import annotations

import copy
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import browse, feeds, render, search
from .build import PageResult, read_one
from .cache import PageCache
from .config import ROOT, load_settings
from .index import build_index
from .read import PageError, page_files
from .resources import Resources
from .script import VIEWS, view
from .write import CollisionError, add_file, add_files, manifest, swap_into_place, write_tree


def read_all(content: Path, res: Resources, only: set[Path] | None = None,
             cache: PageCache | None = None) -> tuple[list[PageResult], list[str]]:
    """Every page, read and split; problems as 'file:line: …' lines. A bad page is skipped.

    Article notices (no headline, text cut off, garbled span) are reported as notices:
    they describe the source, are shown to readers, and do not fail a strict build."""
    results, problems, texts, ids = [], [], {}, {}
    paths = [p for p in page_files(content) if only is None or p.resolve() in only]
    progress = Progress("reading pages", len(paths))
    for path, result in _read_pages(paths, res, content, cache, progress):
        if isinstance(result, PageError):
            problems.append(f"error: {result}")
            continue
        text = result.page.raw.strip()
        if text in texts:
            problems.append(f"error: {path}:1: the same page as {texts[text]} — remove one of them")
            continue
        if result.page.id in ids:
            problems.append(f"error: {path}:1: page id {result.page.id} is taken by {ids[result.page.id]} — "
                            f"rename the file or set another 'id' in its header")
            continue
        texts[text], ids[result.page.id] = path, path
        problems += [f"warning: {path}:{n.line}: {n.message}" for n in result.page.notices]
        if not result.articles:
            problems.append(f"warning: {path}:1: no article text on the page, only what the cleaner "
                            f"removes — check that it is the right file (inspect lists what was removed)")
        problems += [f"error: {path}:{line}: {message}" for line, message in views_disagree(result)]
        for article in result.articles:
            for notice in article.notices:
                problems.append(f"notice: {path}:{notice.line}: {article.id}: {notice.message}")
        results.append(result)
    progress.done()
    return results, problems


PARALLEL_FROM = 8
"""Pages to read before it pays to start worker processes."""

_worker: tuple[Resources, Path] | None = None


def _read_in_worker(path: Path) -> PageResult | PageError:
    res, content = _worker
    try:
        return read_one(path, res, content)
    except PageError as exc:
        return exc


def _read_pages(paths: list[Path], res: Resources, content: Path, cache: PageCache | None,
                progress: Progress):
    """(path, result or PageError) for every path, in order. Pages the cache holds are loaded;
    the others are read in one worker process per CPU (forked, so the loaded dictionaries
    are shared), then kept in the cache."""
    global _worker
    done: dict[Path, PageResult | PageError] = {}
    todo: list[tuple[Path, bytes | None]] = []
    for path in paths:
        data = path.read_bytes() if cache is not None else None
        result = cache.get(path, path.relative_to(content).as_posix(), data) if cache is not None else None
        if result is None:
            todo.append((path, data))
        else:
            done[path] = result
            progress.step()
    workers = min(os.cpu_count() or 1, len(todo) // PARALLEL_FROM)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        res.warm_up()
        _worker = (res, content)
        fresh = {}
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for (path, _), result in zip(todo, pool.map(_read_in_worker, [p for p, _ in todo], chunksize=4)):
                fresh[path] = result
                progress.step()
        _worker = None
    else:
        fresh = {}
        for path, _ in todo:
            try:
                fresh[path] = read_one(path, res, content)
            except PageError as exc:
                fresh[path] = exc
            progress.step()
    for path, data in todo:
        result = fresh[path]
        if cache is not None and not isinstance(result, PageError):
            cache.put(path.relative_to(content).as_posix(), data, result)
        done[path] = result
    for path in paths:
        yield path, done[path]


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def views_disagree(result: PageResult) -> list[tuple[int, str]]:
    """Numbers must read the same in both script views; a converter that changed one is a bug."""
    out = []
    for article in result.articles:
        hans, hant = view(article, "zh-Hans"), view(article, "zh-Hant")
        for a, b in zip(hans.blocks, hant.blocks):
            if NUMBER.findall(a.text) != NUMBER.findall(b.text):
                out.append((a.line, f"{article.id}: the traditional view changes a number in this paragraph — "
                                    f"report it; fix the glossary in site-data/glossary.yaml"))
    return out


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


def render_view(name: str, results: list[PageResult], res: Resources, index, data: dict[str, str],
                cache: PageCache | None = None, search_map: str = "",
                shard_names: list[str] = (), site_url: str | None = None) -> dict[str, str]:
    """Every file of one view's docs folder. An article page depends on its article alone, so
    pages already rendered for unchanged content come from the cache."""
    ctx = render.ViewContext(name, res, index)
    files: dict[str, str] = {}
    add_file(files, "index.md", render.home_page(ctx), "home page")
    add_file(files, "about.md", render.about_page(ctx), "about page")
    add_file(files, "tags.md", render.tags_page(ctx), "tags page")
    add_file(files, "search/index.md", search.search_page(ctx, list(shard_names)), "search")
    add_file(files, "assets/search-map.js", search_map, "search")
    view_root = "" if name == VIEWS[0] else f"{res.settings.traditional_prefix}/"
    add_file(files, "feed.xml", feeds.atom_feed(ctx, site_url, view_root), "feed")
    add_file(files, "regions/index.md", render.region_index(ctx), "regions")
    for region in index.by_region:
        add_files(files, "regions", render.region_page(region, ctx), region)
    add_file(files, "themes/index.md", render.theme_index(ctx), "themes")
    for theme in res.settings.themes:
        add_files(files, "themes", render.theme_page(theme.id, ctx), theme.id)
    data_prefix = "../data/" if name == VIEWS[0] else "../../data/"   # the downloads live in the root view
    add_file(files, "figures/index.md", browse.figures_page(ctx, data_prefix), "figures")
    add_file(files, "figures/figures-table.json", browse.figures_table(ctx), "figures")
    add_file(files, "people/index.md", browse.people_index(ctx), "people")
    for person in index.by_person:
        add_files(files, "people", browse.person_page(person, ctx), person)
    add_file(files, "years/index.md", browse.years_index(ctx), "years")
    for year in index.by_year:
        add_files(files, "years", browse.year_page(year, ctx), year)
    if name == VIEWS[0]:
        for rel, content in data.items():
            add_file(files, rel, content, "data")
    for result in results:
        original = f"{result.page.id}.txt"
        add_file(files, f"originals/{original}", result.page.raw, str(result.page.path))
        context = "\n".join(f"{a.id}:" + ",".join(f"{r.id} {r.date} {view(r, name).title}"
                                                   for r in index.related.get(a.id, ()))
                            for a in result.articles)
        pages = cache.rendered(result, name, context) if cache else None
        if pages is None:
            pages = {a.id: render.article_page(a, ctx, original) for a in result.articles}
            if cache:
                cache.keep_rendered(result, name, context, pages)
        for article_id, markdown in pages.items():
            add_file(files, f"articles/{article_id}.md", markdown, str(result.page.path))
    return files


def project_config() -> dict:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def mkdocs_config(name: str, res: Resources, work: Path, site_url: str | None = None) -> dict:
    """The view's MkDocs configuration: the project's mkdocs.yml, with this view's settings."""
    config = copy.deepcopy(project_config())
    if site_url:
        config["site_url"] = site_url
    say = lambda key: render.ViewContext(name, res, None).say(key)  # noqa: E731
    prefix = res.settings.traditional_prefix
    config["site_name"] = res.settings.site_name[name]
    config["site_description"] = res.settings.description[name]
    config["docs_dir"] = f"docs/{name}"
    config["site_dir"] = f"site-{name}"
    config["theme"]["language"] = name
    config["theme"]["custom_dir"] = os.path.relpath(ROOT / "overrides", work)
    config["nav"] = [{say("home"): "index.md"}, {say("regions"): "regions/index.md"},
                     {say("themes"): "themes/index.md"}, {say("figures_page"): "figures/index.md"},
                     {say("years"): "years/index.md"}, {say("people"): "people/index.md"},
                     {say("tags"): "tags.md"}, {say("search"): "search/index.md"}, {say("about"): "about.md"}]
    config.setdefault("extra", {})["search"] = {"label": say("search"), "placeholder": say("search_placeholder")}
    config["extra"]["alternate"] = [
        {"name": "简体中文", "lang": "zh-Hans", "link": "" if name == "zh-Hans" else "../"},
        {"name": "繁體中文", "lang": "zh-Hant", "link": f"{prefix}/" if name == "zh-Hans" else ""},
    ]
    # the 404 page is served at any address, so it links to both homes from the site's root
    root = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    config["extra"]["home_links"] = {"zh-Hans": root, "zh-Hant": f"{root}{prefix}/"}
    if config.get("site_url") and name == "zh-Hant":
        config["site_url"] = config["site_url"].rstrip("/") + f"/{prefix}/"
    return config


def run_mkdocs(work: Path, name: str, strict: bool, dirty: bool = False) -> tuple[str, int, str, float]:
    """MkDocs for one view; ``dirty`` (the preview) renders only pages whose Markdown is newer
    than their HTML (write_tree leaves unchanged files alone)."""
    started = time.monotonic()
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", f"mkdocs.{name}.yml"]
    if dirty and (work / f"site-{name}").is_dir():
        cmd.append("--dirty")
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env)
    output = proc.stdout + proc.stderr
    if proc.returncode == 0:      # keep MkDocs' warnings, drop its progress chatter
        output = "\n".join(ln for ln in output.splitlines() if "WARNING" in ln or "ERROR" in ln)
    return name, proc.returncode, output, time.monotonic() - started


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


def generate(content: Path, work: Path, strict: bool = False, site_url: str | None = None,
             shard_limit: int | None = None) -> Generated | None:
    """Phase one and two: read every page, then write both views' Markdown and configuration.
    None when the build must stop (strict with problems, or outputs that collide)."""
    res = Resources()
    cache = PageCache(work / "cache")
    results, problems = read_all(content, res, cache=cache)
    for line in problems:
        print(line, file=sys.stderr)
    errors = sum(p.startswith("error") for p in problems)
    warnings = sum(p.startswith("warning") for p in problems)
    if strict and (errors or warnings):
        print(f"build stopped before writing anything: {errors} errors, {warnings} warnings (--strict)",
              file=sys.stderr)
        return None
    articles = [a for r in results for a in r.articles]
    index = build_index(articles)
    try:
        data = browse.data_files(render.ViewContext(VIEWS[0], res, index))
        limit = shard_limit or res.settings.search_shard_articles
        groups = search.shards(list(index.articles), limit)
        search_map = ("window.ARCHIVE_TO_SIMPLIFIED = "
                      + json.dumps(search.to_simplified_map(res), ensure_ascii=False, sort_keys=True) + ";\n")
        views = {name: render_view(name, results, res, index, data, cache, search_map, list(groups), site_url)
                 for name in VIEWS}
        terms = {article_id: t for result in results for article_id, t in result.terms}
        records = {name: search.records(render.ViewContext(name, res, index), groups, terms) for name in VIEWS}
    except CollisionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    cache.prune()
    work.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, files in views.items():
        written += write_tree(work / "docs" / name, files)
        write_tree(work / "search" / name, records[name])
        config = mkdocs_config(name, res, work, site_url)
        (work / f"mkdocs.{name}.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Generated(articles=len(articles), pages=len(results), errors=errors, warnings=warnings,
                     notices=len(problems) - errors - warnings, cached=cache.hits, written=written)


def search_jobs(work: Path) -> list[tuple[Path, Path, Path, str]]:
    """(records, bundle, stamp file, digest) of every search shard whose records changed since its bundle
    was made; bundles of shards that are gone are removed."""
    jobs = []
    for name in VIEWS:
        by_shard: dict[str, list[str]] = {}
        for rel, digest in sorted(manifest(work / "search" / name).items()):
            by_shard.setdefault(rel.split("/", 1)[0], []).append(f"{rel} {digest}")
        bundles = work / "pagefind" / name
        for old in sorted(bundles.glob("*")) if bundles.exists() else []:
            if old.name.removesuffix(".digest") not in by_shard:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        for shard, lines in by_shard.items():
            stamp = bundles / f"{shard}.digest"
            digest = hashlib.sha1("\n".join(lines).encode()).hexdigest()
            if (bundles / shard).is_dir() and stamp.is_file() and stamp.read_text() == digest:
                continue
            stamp.unlink(missing_ok=True)
            jobs.append((work / "search" / name / shard, bundles / shard, stamp, digest))
    return jobs


def build_views(work: Path, site_dir: Path, strict: bool, prefix: str, timings: dict,
                site_url: str | None = None, dirty: bool = False) -> bool:
    """MkDocs for both views and the search index's changed shards, side by side; then the
    finished site swapped into place. Seconds per step go into ``timings``."""
    jobs = search_jobs(work)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        sites = [pool.submit(run_mkdocs, work, name, strict, dirty) for name in VIEWS]
        indexes = [pool.submit(search.run_pagefind, source, out) for source, out, _, _ in jobs]
        runs = [f.result() for f in sites]
        indexed = [f.result() for f in indexes]
    failed = False
    for name, code, output, seconds in runs:
        timings[f"mkdocs {name}"] = round(seconds, 2)
        if output.strip():
            print(output.strip(), file=sys.stderr)
        if code:
            print(f"error: MkDocs failed for the {name} view (exit {code}); the previous site is untouched",
                  file=sys.stderr)
            failed = True
    for (source, code, output, seconds), (_, out, stamp, digest) in zip(indexed, jobs):
        timings[f"search index {out.parent.name}/{out.name}"] = round(seconds, 2)
        if code:
            print(f"{output.strip()}\nerror: Pagefind failed on {source} (exit {code}); "
                  f"the previous site is untouched", file=sys.stderr)
            failed = True
        else:
            stamp.write_text(digest)
    if failed:
        return False
    staged = work / "site"
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(work / f"site-{VIEWS[0]}", staged)
    shutil.copytree(work / f"site-{VIEWS[1]}", staged / prefix)
    for name, root in ((VIEWS[0], staged), (VIEWS[1], staged / prefix)):
        for bundle in sorted((work / "pagefind" / name).iterdir()):
            if bundle.is_dir():
                shutil.copytree(bundle, root / "pagefind" / bundle.name)
    # MkDocs writes a sitemap per view, without the other view; one for both replaces them
    for old in (staged / "sitemap.xml", staged / "sitemap.xml.gz", staged / prefix / "sitemap.xml",
                staged / prefix / "sitemap.xml.gz"):
        old.unlink(missing_ok=True)
    if site_url:
        (staged / "sitemap.xml").write_text(feeds.sitemap(staged, site_url, prefix), encoding="utf-8")
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    swap_into_place(staged, site_dir)
    return True


def build_site(content: Path, site_dir: Path, strict: bool = False, mkdocs: bool = True,
               work: Path | None = None, site_url: str | None = None, shard_limit: int | None = None,
               dirty: bool = False) -> int:
    """The main job. ``site_url``: where the site is served (default: mkdocs.yml's site_url);
    ``dirty``: MkDocs renders only changed pages (the preview; a page removed stays until a
    full build)."""
    started = time.monotonic()
    work = Path(work or ROOT / "build")
    site_url = site_url or project_config().get("site_url")
    done = generate(content, work, strict, site_url, shard_limit)
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
    ok = build_views(work, site_dir, strict, load_settings().traditional_prefix, timings, site_url, dirty)
    timings["total"] = round(time.monotonic() - started, 2)
    (work / "timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
    if not ok:
        return 1
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items() if k != "total")
    print(f"built {summary} into {site_dir} in {timings['total']:.1f} s ({steps})")
    return 0
