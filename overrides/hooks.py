"""MkDocs hooks (``hooks:`` in mkdocs.yml), run by MkDocs for each page.

A page whose front matter says ``body: html`` is HTML the generator made, with every
character of the archived text escaped (generator/render.py). Markdown would only parse
it again, which took more than a third of MkDocs' time for an article page; so its body
is passed through as it is, and the page is not given to Markdown at all: making a Markdown
instance for each page took an eighth of MkDocs' time for one view of 10,625 articles.
(Python files in a theme folder are not copied to the site.)

Such pages (articles, people…) are many, none is in the nav and none has a table of
contents: their sidebars, footer, styles and scripts are the same for every page of one
folder (their links are relative to the folder) with the same hidden parts. main.html
renders those blocks through ``archive_kept``, once for each such folder (one view of 1,062
articles, medians of four runs: 6.7 s → 5.8 s with the sidebars kept, 5.3 s with the rest).
The header is kept too but for the page's title and its link to the other script: with that
and no Markdown, one view of 10,625 articles took 36.4 s instead of 45.8 s.
"""
from __future__ import annotations

import functools

from mkdocs.structure.toc import get_toc

_kept: dict[tuple, str] = {}


def on_env(env, config, files, **kwargs):
    env.globals["archive_kept"] = kept
    return env


def on_pre_build(config, **kwargs) -> None:
    _kept.clear()


def kept(block: str, page, caller) -> str:
    """What the ``{% call %}`` block renders: for a page of generator HTML, rendered the first
    time for its folder and hidden parts, then given again; for other pages, every time."""
    if page is None or page.meta.get("body") != "html":
        return caller()
    key = (block, page.url.rsplit("/", 2)[0] if page.url.count("/") > 1 else "", tuple(page.meta.get("hide") or ()))
    if key not in _kept:
        _kept[key] = caller()
    return _kept[key]


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if page.meta.get("body") == "html":
        page.render = functools.partial(_pass_through, page, markdown.rstrip("\n"))
    return markdown


def _pass_through(page, body: str, config, files) -> None:
    """``Page.render`` for a page of generator HTML: what it sets for a Markdown body that is
    one HTML block (no table of contents, no Markdown anchors or links), without Markdown."""
    page.content = body
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}
