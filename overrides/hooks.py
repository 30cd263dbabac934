"""MkDocs hooks (``hooks:`` in mkdocs.yml), run by MkDocs for each page.

A page whose front matter says ``body: html`` is HTML the generator made, with every
character of the archived text escaped (generator/render.py). Markdown would only parse
it again, which took more than a third of MkDocs' time for an article page; so its body
is passed through as it is. (Python files in a theme folder are not copied to the site.)

Such pages (the articles) are all at the same depth, none is in the nav and none has a
table of contents: their sidebars are the same, and main.html renders them once per view
through ``archive_kept`` (a third of the time of rendering an article page).
"""
from __future__ import annotations

_bodies: dict[str, str] = {}
_kept: dict[str, str] = {}


def on_env(env, config, files, **kwargs):
    env.globals["archive_kept"] = kept
    return env


def on_pre_build(config, **kwargs) -> None:
    _kept.clear()


def kept(key: str, caller) -> str:
    """What the ``{% call %}`` block renders, rendered the first time its key is asked for."""
    if key not in _kept:
        _kept[key] = caller()
    return _kept[key]


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if page.meta.get("body") == "html":
        _bodies[page.file.src_uri] = markdown.rstrip("\n")
        return ""
    return markdown


def on_page_content(html: str, page, **kwargs) -> str:
    return _bodies.pop(page.file.src_uri, html)
