"""MkDocs hooks (``hooks:`` in mkdocs.yml), run by MkDocs for each page.

A page whose front matter says ``body: html`` is HTML the generator made, with every
character of the archived text escaped (generator/render.py). Markdown would only parse
it again, which took more than a third of MkDocs' time for an article page; so its body
is passed through as it is. (Python files in a theme folder are not copied to the site.)
"""
from __future__ import annotations

_bodies: dict[str, str] = {}


def on_page_markdown(markdown: str, page, **kwargs) -> str:
    if page.meta.get("body") == "html":
        _bodies[page.file.src_uri] = markdown.rstrip("\n")
        return ""
    return markdown


def on_page_content(html: str, page, **kwargs) -> str:
    return _bodies.pop(page.file.src_uri, html)
