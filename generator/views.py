"""One view's docs folder: every page of the view rendered (home, listings, article and
original-text pages, figures, feed, the data files in the first view), the search results'
fragments and the site builder's configuration, written where they changed. The views are
written side by side in forked processes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from . import browse, exports, feeds, originals, render, search, workers
from .archive import Pages
from .builders import mkdocs as builder
from .index import Index
from .kept import PageOutput
from .models import Article
from .page import PageEntry
from .resources import Resources
from .write import (
    CollisionError,
    Made,
    add_file,
    add_files,
    made_key,
    remove_trees,
    write_tree,
)


def render_view(
    name: str,
    pages: Pages,
    res: Resources,
    index: Index,
    data: exports.DataFiles,
    search_map: str | Made = "",
    shard_sizes: dict[str, int] | None = None,
    site_url: str | None = None,
) -> dict:
    """Every file of one view's docs folder: archive_files and page_files of every page."""
    ctx = render.ViewContext(name, res, index, listed=pages.listed, keys=pages.article_keys)
    files = archive_files(ctx, pages, data, search_map, shard_sizes, site_url)
    files.update(page_files(ctx, pages, pages.entries))  # in folders of their own
    return files


PAGE_FOLDERS = ("articles", "originals")
"""The folders of a view that hold page_files, and nothing else."""


def archive_files(
    ctx: render.ViewContext,
    pages: Pages,
    data: exports.DataFiles,
    search_map: str | Made = "",
    shard_sizes: dict[str, int] | None = None,
    site_url: str | None = None,
) -> dict:
    """The files of one view made from the whole archive: home, listings, figures, feed,
    search page, the data files in the first view. ``data``: the data files and figures
    files, in the order of ``index.articles``."""
    res, index = ctx.res, ctx.index
    view = res.settings.view(ctx.name)
    back = "../" * view.root.count("/")  # from the view's root to the site's
    files: dict[str, str | Made] = {}
    add_file(files, "index.md", render.home_page(ctx), "home page")
    add_file(files, "about/index.md", render.about_page(ctx), "about page")
    up = "../" + back  # from the search page to the site's root
    add_file(
        files,
        "search/index.md",
        search.search_page(ctx, shard_sizes or {}, f"{up}search-index/"),
        "search",
    )
    add_file(files, "assets/search-map.js", search_map, "search")
    add_file(files, "feed.xml", feeds.atom_feed(ctx, site_url, view.root, pages.article), "feed")
    regions = functools.partial(render.region_index, ctx)
    add_file(files, "regions/index.md", ctx.summed(index.articles, regions), "regions")
    for region in index.by_region:
        add_files(files, "regions", render.region_page(region, ctx), region)
    add_file(files, "themes/index.md", render.theme_index(ctx), "themes")
    for theme in res.settings.themes:
        add_files(files, "themes", render.theme_page(theme.id, ctx), theme.id)
    data_prefix = f"../{back}data/"  # the downloads live in the first view, once
    figures = browse.figures_page(ctx, data_prefix, data)
    add_file(files, "figures/index.md", figures, "figures")
    limit = res.settings.figures_table_rows
    for year in index.by_year:  # the table's parts the page offers, beside it
        for part, _ in browse.table_parts(year, data, limit):
            add_file(
                files, f"figures/{part}.json", data[exports.table_file(ctx.name, part)], "figures"
            )
    add_file(files, "people/index.md", browse.people_index(ctx), "people")
    for person in index.by_person:
        add_files(files, "people", browse.person_page(person, ctx), person)
    add_file(files, "years/index.md", browse.years_index(ctx), "years")
    for year in index.by_year:
        add_files(files, "years", browse.year_page(year, ctx), year)
    if ctx.first:  # the data files, once, in the first view (made here, beside the others)
        for year in index.by_year:
            for rel in exports.data_files(year):
                add_file(files, rel, data[rel], "data")
    return files


def page_files(
    ctx: render.ViewContext, pages: Pages, entries: list[PageEntry]
) -> dict[str, Made | str]:
    """The files of one view made from each of ``entries`` alone, in PAGE_FOLDERS: its
    articles' pages, its original text and its page, redirects from its articles' old
    addresses. Made: an article page is made again only when its page, the generator or its
    related articles changed."""
    name, index = ctx.name, ctx.index
    view = ctx.res.settings.view(name)
    back = "../" * view.root.count("/")  # from the view's root to the site's
    files: dict[str, str | Made] = {}
    keys = pages.article_keys
    # the files live in the first view, once
    download = "../" if ctx.first else f"../../{back}originals/"
    for entry in entries:
        original = f"{entry.page_id}.txt"
        if ctx.first:
            add_file(
                files,
                f"originals/{original}",
                Made(made_key(entry.key, "bom"), functools.partial(_original, pages, entry)),
                str(entry.path),
            )
        add_file(
            files,
            f"originals/{entry.page_id}/index.md",
            Made(
                made_key(entry.key, name, "original page"),
                functools.partial(_original_page, pages, entry, ctx, download + original),
            ),
            str(entry.path),
        )
        for old, new in entry.redirects:  # an address an article had: it stays, and leads on
            add_file(
                files, f"articles/{old}/index.html", render.redirect_page(new), str(entry.path)
            )
        for article in entry.articles:
            # an article page shows its related articles' titles and dates: made again when one of
            # them changes
            key = made_key(
                keys[article.id],
                name,
                *(pages.listed[r.id] for r in index.related.get(article.id, ())),
            )
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


def fragment_trees(
    name: str,
    pages: Pages,
    groups: dict[str, list[Article]],
    kept: PageOutput,
    only: set[str] | None = None,
) -> dict[str, Made]:
    """What search results show of each shard's articles in one view: a tree per shard, Made
    as a whole, of a Made file per article (``only`` these articles, if given), taken from
    what ``kept`` (search.fragments_output) kept of its page. A shard's files are looked at
    again only when one of its articles' pages changed (or it gained or lost one), and a file
    is made again only when its own page did."""
    kind = f"fragments {name}"
    if only is not None:
        groups = {shard: [a for a in group if a.id in only] for shard, group in groups.items()}

    def fragment(article: Article) -> str:
        return pages.kept(kept, pages.by_article[article.id].key)[name][article.id]

    def made(article: Article) -> Made:
        return Made(
            made_key(pages.article_keys[article.id], kind), functools.partial(fragment, article)
        )

    return {
        shard: Made(
            made_key(kind, "shard", shard, *(pages.article_keys[a.id] for a in group)),
            functools.partial(_shard_fragments, group, made),
        )
        for shard, group in groups.items()
    }


def _shard_fragments(group: list[Article], made) -> dict[str, Made]:
    return {f"{a.id}.json": made(a) for a in group}


@dataclass(frozen=True)
class ViewJob:
    """What writing one view needs, the same for every view."""

    work: Path
    pages: Pages
    res: Resources
    index: Index
    search_map: Made
    groups: dict[str, list[Article]]
    site_url: str | None
    data: exports.DataFiles
    """The data files and figures tables, as written (exports.write_exports)."""
    fragments: PageOutput
    """What results show of each page's articles (search.fragments_output)."""


def write_view(job: ViewJob, name: str) -> int | CollisionError:
    """One view's docs folder, search fragments and MkDocs configuration, rendered and written;
    how many docs files changed. A collision stops it before anything is written (both views
    have the same file names, so the other view stops too)."""
    try:
        files = render_view(
            name,
            job.pages,
            job.res,
            job.index,
            job.data,
            job.search_map,
            {shard: len(group) for shard, group in job.groups.items()},
            job.site_url,
        )
        fragments = fragment_trees(name, job.pages, job.groups, job.fragments)
    except CollisionError as exc:
        return exc
    # made last page first: the pages' texts were kept in the cache first page first, so
    # in an archive larger than memory the last are those the system still holds; and MkDocs,
    # which writes first page first, reads back first the pages made last
    written = write_tree(job.work / "docs" / name, dict(reversed(files.items())))
    write_trees(job.work / "search" / name, fragments)
    builder.configure(name, job.res, job.work, job.site_url, PAGE_FOLDERS)
    return written


def each_view(job: ViewJob) -> list[int | CollisionError]:
    """write_view for every view: side by side in forked processes where there are two CPUs
    or more (they share what is loaded), else one after the other."""
    job.work.mkdir(parents=True, exist_ok=True)
    return workers.each(write_view, job, [v.lang for v in job.res.settings.views])


def write_trees(folder: Path, shards: dict[str, Made]) -> None:
    for shard, tree in shards.items():
        write_tree(folder / shard, tree)
    remove_trees(folder, shards)
