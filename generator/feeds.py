"""What other programs read: an Atom feed per view, and one sitemap with both views.

Both want absolute addresses, so they use the site's address (``site_url`` in mkdocs.yml,
or ``build --site-url``). Without one, the feed's links are relative to the feed itself
(which feed readers resolve) and no sitemap is written: a sitemap of relative addresses is
not a sitemap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from .models import Article
from .render import ViewContext
from .script import view

FEED_ENTRIES = 20
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
"""A view root's sitemap when there are no absolute addresses to list (no site_url), and the
traditional view's (the root's lists both views)."""


def feed_date(article: Article) -> str | None:
    """What dates an article's entry: its date, else when its page entered the archive."""
    return article.date or article.added


def atom_feed(
    ctx: ViewContext,
    site_url: str | None,
    view_root: str,
    full: Callable[[Article], Article] = lambda article: article,
) -> str:
    """The newest articles of one view as Atom, each dated by feed_date; an article with no
    such date is left out (the build says so), so no entry carries a date it does not have.
    ``view_root`` is the view's path from the site's root ("" or "zh-Hant/"); ``full`` gives
    an article of the index with its text (the build's index holds them without)."""
    base = f"{site_url.rstrip('/')}/{view_root}" if site_url else ""
    dated = sorted((a for a in ctx.index.articles if feed_date(a)), key=lambda a: a.id)
    entries = sorted(dated, key=feed_date, reverse=True)[:FEED_ENTRIES]
    name = ctx.res.settings.site_name[ctx.name]
    # with no date anywhere (no dated article, no history) the feed has no entries and no date
    updated = f"<updated>{feed_date(entries[0])}T00:00:00Z</updated>" if entries else ""
    feed_id = f"{base}feed.xml" if base else f"urn:xizang-archive:{ctx.name}:feed"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{ctx.name}">',
        f"<title>{escape(name)}</title>",
        f"<id>{escape(feed_id)}</id>",
        *([updated] if updated else []),
        f'<link rel="self" href={quoteattr(base + "feed.xml")}/>',
        f"<link href={quoteattr(base or './')}/>",
        f"<author><name>{escape(name)}</name></author>",
    ]
    for article in entries:
        text = view(full(article), ctx.name)
        link = f"{base}articles/{article.id}/"
        entry_id = link if base else f"urn:xizang-archive:{ctx.name}:{article.id}"
        first = next((b.text for b in text.blocks if b.kind != "heading"), "")
        summary = first if len(first) <= 200 else first[:200] + "…"
        out += [
            "<entry>",
            f"<title>{escape(text.title)}</title>",
            f"<id>{escape(entry_id)}</id>",
            f"<link href={quoteattr(link)}/>",
            f"<updated>{feed_date(article)}T00:00:00Z</updated>",
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _redirect(page: Path) -> bool:
    """A page that only sends the reader on (render.redirect_page): not in the sitemap."""
    return page.stat().st_size < 1024 and b'http-equiv="refresh"' in page.read_bytes()


def sitemap(site: Path, site_url: str, views) -> str:
    """Every page of the first view with its twins in the others, each listing all as
    hreflang alternates (the views hold the same pages)."""
    root = site_url.rstrip("/") + "/"
    skip = {*(v.prefix for v in views if v.prefix), "search-index", "assets"}
    pages = sorted(
        p.parent.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if p.relative_to(site).parts[0] not in skip and not _redirect(p)
    )
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        path = "" if page == "." else page + "/"
        both = {v.lang: f"{root}{v.root}{path}" for v in views}
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href={quoteattr(url)}/>'
            for lang, url in both.items()
        )
        out += [f"<url><loc>{escape(url)}</loc>{links}</url>" for url in both.values()]
    out.append("</urlset>")
    return "\n".join(out) + "\n"
