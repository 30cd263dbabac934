"""The main job: every page read and checked, both views written, MkDocs run for each."""
from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from . import browse, render
from .build import PageResult, read_one
from .config import ROOT
from .index import build_index
from .read import PageError, page_files
from .resources import Resources
from .script import VIEWS
from .write import CollisionError, add_file, swap_into_place, write_tree


def read_all(content: Path, res: Resources, only: set[Path] | None = None) -> tuple[list[PageResult], list[str]]:
    """Every page, read and split; problems as 'file:line: …' lines. A bad page is skipped.

    Article notices (no headline, text cut off, garbled span) are reported as notices:
    they describe the source, are shown to readers, and do not fail a strict build."""
    results, problems, seen = [], [], {}
    for path in page_files(content):
        if only is not None and path.resolve() not in only:
            continue
        try:
            result = read_one(path, res, content)
        except PageError as exc:
            problems.append(f"error: {exc}")
            continue
        digest = result.page.raw.strip()
        if digest in seen:
            problems.append(f"error: {path}:1: same text as {seen[digest]} — remove one of them")
            continue
        seen[digest] = path
        for notice in result.page.notices:
            problems.append(f"warning: {path}:{notice.line}: {notice.message}")
        for article in result.articles:
            for notice in article.notices:
                problems.append(f"notice: {path}:{notice.line}: {article.id}: {notice.message}")
        results.append(result)
    return results, problems


def render_view(name: str, results: list[PageResult], res: Resources, index) -> dict[str, str]:
    ctx = render.ViewContext(name, res, index)
    files: dict[str, str] = {}
    add_file(files, "index.md", render.home_page(ctx), "home page")
    add_file(files, "about.md", render.about_page(ctx), "about page")
    add_file(files, "tags.md", render.tags_page(ctx), "tags page")
    add_file(files, "regions/index.md", render.region_index(ctx), "regions")
    for region in index.by_region:
        add_file(files, f"regions/{ctx.region_slug(region)}.md", render.region_page(region, ctx), region)
    add_file(files, "themes/index.md", render.theme_index(ctx), "themes")
    for theme in res.settings.themes:
        add_file(files, f"themes/{theme.id}.md", render.theme_page(theme.id, ctx), theme.id)
    add_file(files, "figures/index.md", browse.figures_page(ctx), "figures")
    add_file(files, "people/index.md", browse.people_index(ctx), "people")
    for person in index.by_person:
        add_file(files, f"people/{browse.person_slug(person)}.md", browse.person_page(person, ctx), person)
    add_file(files, "years/index.md", browse.years_index(ctx), "years")
    for year in index.by_year:
        add_file(files, f"years/{year}.md", browse.year_page(year, ctx), year)
    for rel, content in browse.data_files(ctx).items():
        add_file(files, rel, content, "data")
    for result in results:
        original = f"{result.page.id}.txt"
        add_file(files, f"originals/{original}", result.page.raw, str(result.page.path))
        for article in result.articles:
            add_file(files, f"articles/{article.id}.md", render.article_page(article, ctx, original),
                     str(result.page.path))
    return files


def mkdocs_config(name: str, res: Resources, work: Path) -> dict:
    """The view's MkDocs configuration: the project's mkdocs.yml, with this view's settings."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        config = copy.deepcopy(yaml.safe_load(fh))
    say = lambda key: render.ViewContext(name, res, None).say(key)  # noqa: E731
    prefix = res.settings.traditional_prefix
    config["site_name"] = res.settings.site_name[name]
    config["site_description"] = res.settings.description[name]
    config["docs_dir"] = f"docs/{name}"
    config["site_dir"] = f"site-{name}"
    config["theme"]["language"] = name
    config["theme"]["custom_dir"] = os.path.relpath(ROOT / "overrides", work)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "search" in plugin:
            plugin["search"] = {**(plugin["search"] or {}), "jieba_dict_user": "jieba-user.txt"}
    config["nav"] = [{say("home"): "index.md"}, {say("regions"): "regions/index.md"},
                     {say("themes"): "themes/index.md"}, {say("figures_page"): "figures/index.md"},
                     {say("years"): "years/index.md"}, {say("people"): "people/index.md"},
                     {say("tags"): "tags.md"}, {say("about"): "about.md"}]
    config.setdefault("extra", {})["alternate"] = [
        {"name": "简体中文", "lang": "zh-Hans", "link": "" if name == "zh-Hans" else "../"},
        {"name": "繁體中文", "lang": "zh-Hant", "link": f"{prefix}/" if name == "zh-Hans" else ""},
    ]
    if "site_url" in config and config["site_url"] and name == "zh-Hant":
        config["site_url"] = config["site_url"].rstrip("/") + f"/{prefix}/"
    return config


def run_mkdocs(work: Path, name: str, strict: bool) -> tuple[str, int, str]:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", f"mkdocs.{name}.yml"]
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, env=env)
    output = proc.stdout + proc.stderr
    if proc.returncode == 0:      # keep MkDocs' warnings, drop its progress chatter
        output = "\n".join(ln for ln in output.splitlines() if "WARNING" in ln or "ERROR" in ln)
    return name, proc.returncode, output


def build_site(content: Path, site_dir: Path, strict: bool = False, mkdocs: bool = True,
               work: Path | None = None) -> int:
    started = time.monotonic()
    work = Path(work or ROOT / "build")
    res = Resources()
    results, problems = read_all(content, res)
    for line in problems:
        print(line, file=sys.stderr)
    errors = [p for p in problems if p.startswith("error")]
    warnings = [p for p in problems if p.startswith("warning")]
    if strict and (errors or warnings):
        print(f"build stopped before writing anything: {len(errors)} errors, "
              f"{len(warnings)} warnings (--strict)", file=sys.stderr)
        return 1
    articles = [a for r in results for a in r.articles]
    index = build_index(articles)
    try:
        views = {name: render_view(name, results, res, index) for name in VIEWS}
    except CollisionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    work.mkdir(parents=True, exist_ok=True)
    (work / "jieba-user.txt").write_text(res.user_dictionary(), encoding="utf-8")
    for name, files in views.items():
        write_tree(work / "docs" / name, files)
        config = mkdocs_config(name, res, work)
        (work / f"mkdocs.{name}.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if not mkdocs:
        print(f"wrote {len(articles)} articles in {len(VIEWS)} views to {work / 'docs'}")
        return 0
    with ThreadPoolExecutor(max_workers=len(VIEWS)) as pool:
        runs = list(pool.map(lambda n: run_mkdocs(work, n, strict), VIEWS))
    failed = False
    for name, code, output in runs:
        if output.strip():
            print(output.strip(), file=sys.stderr)
        if code:
            print(f"error: MkDocs failed for the {name} view (exit {code}); the previous site is untouched",
                  file=sys.stderr)
            failed = True
    if failed:
        return 1
    staged = work / "site"
    if staged.exists():
        shutil.rmtree(staged)
    shutil.copytree(work / f"site-{VIEWS[0]}", staged)
    shutil.copytree(work / f"site-{VIEWS[1]}", staged / res.settings.traditional_prefix)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    swap_into_place(staged, site_dir)
    notices = len(problems) - len(errors) - len(warnings)
    print(f"built {len(articles)} articles from {len(results)} pages in {len(VIEWS)} views into {site_dir} "
          f"({len(errors)} pages skipped, {len(warnings)} warnings, {notices} notices on the sources, "
          f"{time.monotonic() - started:.1f} s)")
    return 0


def serve(site_dir: Path, port: int) -> int:
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"serving {site_dir} at http://127.0.0.1:{port}/ (traditional view under /zh-Hant/); Ctrl-C stops")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
