"""MkDocs with Material for MkDocs as the site builder: each view's configuration (the
project's mkdocs.yml with the view's settings), the run (of every page, or only of those that
changed: changed.py), where its output goes and each view's sitemap. Each view is built by
run.py, beside this file, with the archive's plugin (plugin.py), which passes the generator's
HTML pages through MkDocs without Markdown; the theme's templates are in overrides/."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ...config import ROOT
from ...markup import LOADER
from ...markup import front_matter as yaml_front_matter
from ...resources import Resources
from ...write import manifest_file

RUN = Path(__file__).with_name("run.py")

ARCHIVE_DATA = (
    "# the archive's data on the article (MkDocs is not given it: "
    "generator/builders/mkdocs/plugin.py)"
)
"""The comment line before the keys of front matter that are data for readers of the files,
not for the theme: the plugin has MkDocs parse only what comes before it (a third of its
time for a page)."""


def front_matter(
    title: str,
    *,
    toc: bool = True,
    html: bool = False,
    meta: dict | None = None,
    data: dict | None = None,
) -> str:
    """A page's front matter as MkDocs and Material read it: its ``title`` and ``meta`` for
    the theme; ``toc=False`` hides Material's table of contents; ``html``: the body is the
    generator's HTML, passed through without Markdown (plugin.py); ``data``: the archive's
    data on the page, for readers of the files, after ARCHIVE_DATA."""
    head = {"title": title, **(meta or {})}
    if not toc:
        head["hide"] = ["toc"]
    if html:
        head["body"] = "html"
    return yaml_front_matter(head, data, ARCHIVE_DATA)


def project_config() -> dict:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=LOADER)


NAV = (
    ("home", "index.md"),
    ("regions", "regions/index.md"),
    ("themes", "themes/index.md"),
    ("figures_page", "figures/index.md"),
    ("years", "years/index.md"),
    ("people", "people/index.md"),
    ("search", "search/index.md"),
    ("about", "about/index.md"),
)
"""Each view's navigation: (the label's key in site.yaml, the page)."""


def stand_ins() -> dict[str, str]:
    """Pages a docs folder must hold for MkDocs to build only some of a view's pages (a
    shard's articles): the pages the navigation names, empty. Their HTML is not used."""
    return {page: "" for _, page in NAV}


def mkdocs_config(
    name: str,
    res: Resources,
    work: Path,
    site_url: str | None = None,
    html_folders: tuple[str, ...] = (),
) -> dict:
    """The view's MkDocs configuration: the project's mkdocs.yml, with this view's settings;
    ``html_folders``, the docs folders whose Markdown pages all have ``front_matter(...,
    html=True)`` without a template: the plugin reads each once, when it is written."""
    config = copy.deepcopy(project_config())
    if site_url:
        config["site_url"] = site_url
    say = functools.partial(res.label, lang=name)
    view, views = res.settings.view(name), res.settings.views
    back = "../" * view.root.count("/")  # from the view's root to the site's
    config["site_name"] = res.settings.site_name[name]
    config["site_description"] = res.settings.description[name]
    config["docs_dir"] = f"docs/{name}"
    config["site_dir"] = f"site-{name}"
    config["theme"]["language"] = name
    config["theme"]["custom_dir"] = os.path.relpath(ROOT / "overrides", work)
    config["nav"] = [{say(label): page} for label, page in NAV]
    config.setdefault("extra", {})["search"] = {
        "label": say("search"),
        "placeholder": say("search_placeholder"),
    }
    # not Material's `alternate`: Material would add links to each view's home to every page
    # and fetch a sitemap.xml beside each; the script switch links the page's twin instead
    config["extra"]["script_views"] = [
        {"name": v.switch, "lang": v.lang, "link": "" if v is view else back + v.root}
        for v in views
    ]
    # the 404 page is served at any address, so it links to both homes from the site's root
    root = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    config["extra"]["footer"] = say("footer")
    for option in config["theme"].get("palette") or []:
        if option.get("toggle"):  # the toggle says what it switches to, in the view's words
            option["toggle"]["name"] = say(
                "palette_" + ("dark" if option.get("scheme") != "slate" else "light")
            )
    config["extra"]["theme_strings"] = view.theme_strings
    config["extra"]["home_links"] = {v.lang: f"{root}{v.root}" for v in views}
    before, _, after = say("not_found_text").partition("{home}")
    config["extra"]["not_found"] = {
        "title": say("not_found_title"),
        "before": before,
        "home": say("home"),
        "after": after,
    }
    config["extra"]["other_homes"] = [
        {"lang": v.lang, "label": v.home, "url": f"{root}{v.root}"} for v in views if v is not view
    ]
    if config.get("site_url") and view.prefix:
        config["site_url"] = config["site_url"].rstrip("/") + f"/{view.prefix}/"
    if html_folders:
        config["extra"]["archive_html_folders"] = list(html_folders)
    return config


MKDOCS_NICENESS = 5
"""MkDocs runs at this lower priority beside the search index, the longest single job, so
that the index has a CPU to itself more of the time and does not run on alone at the end."""


def build_view(work: Path, name: str, strict: bool) -> tuple[str, int, str, float]:
    """MkDocs for one view. Where the view's last HTML was made from the same configuration,
    theme and plugin (``stamp``), MkDocs renders only the pages whose digest in the docs
    folder's manifest differs from the manifest that HTML was made from, and removes the HTML
    of pages gone (run.py --since): the same site as a whole build, in the time of what
    changed."""
    started = time.monotonic()
    site, kept = output(work, name), work / f"site-{name}.stamp"
    rendered = work / f"site-{name}.docs.json"  # the docs manifest the HTML was made from
    docs = manifest_file(work / "docs" / name)
    stamp = _stamp(work / f"mkdocs.{name}.yml")
    cmd = [sys.executable, str(RUN), f"mkdocs.{name}.yml"]
    if site.is_dir() and _read(kept) == stamp and rendered.is_file() and docs.is_file():
        cmd += ["--since", str(rendered), "--manifest", str(docs)]
    kept.unlink(missing_ok=True)  # a run that stops half way leaves a folder to make anew
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    # the search index, one process, is the longest job: it goes first
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, proc.pid, MKDOCS_NICENESS)
    stdout, stderr = proc.communicate()
    if proc.returncode == 0:
        if docs.is_file():
            shutil.copyfile(docs, rendered)
        else:  # no manifest to start from: the next run renders every page
            rendered.unlink(missing_ok=True)
        kept.write_text(stamp, encoding="utf-8")
    return name, proc.returncode, stdout + stderr, time.monotonic() - started


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _stamp(config: Path) -> str:
    """What a view's HTML is made from besides its pages: its configuration, the theme
    folder, this package's code and the versions of MkDocs and Material."""
    digest = hashlib.sha256()
    here, theme = Path(__file__).parent, ROOT / "overrides"
    named = [("config", config), *((f"builder/{p.name}", p) for p in sorted(here.glob("*.py")))]
    named += [(f"theme/{p.relative_to(theme)}", p) for p in sorted(theme.rglob("*")) if p.is_file()]
    for name, path in named:
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    for package in ("mkdocs", "mkdocs-material"):
        digest.update(f"{package} {importlib.metadata.version(package)}\0".encode())
    return digest.hexdigest()


def configure(
    name: str,
    res: Resources,
    work: Path,
    site_url: str | None = None,
    html_folders: tuple[str, ...] = (),
) -> None:
    """Write the view's MkDocs configuration into the work folder (mkdocs.NAME.yml); see
    mkdocs_config."""
    config = mkdocs_config(name, res, work, site_url, html_folders)
    (work / f"mkdocs.{name}.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def output(work: Path, name: str) -> Path:
    """Where build_view puts the view's HTML."""
    return work / f"site-{name}"


def replace_sitemap(root: Path, text: str) -> None:
    """``text`` as the sitemap of a view's root. MkDocs writes none (overrides/sitemap.xml is
    empty): one of that view alone, without the others' pages, would be of no use."""
    for old in ("sitemap.xml", "sitemap.xml.gz"):
        (root / old).unlink(missing_ok=True)
    (root / "sitemap.xml").write_text(text, encoding="utf-8")
