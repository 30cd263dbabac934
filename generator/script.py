"""The script views of an article (site-data/site.yaml, ``views``).

The canonical text is simplified: the traditional pages we receive are machine
conversions of simplified originals, with errors (關于, 干部, 先后, 凈土) that a reader
of traditional script should not see. So a traditional page is first brought to
simplified, and every other view is made from that, with its OpenCC configuration
(s2tw for Taiwan's forms) and the glossary.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from .models import Article, ArticleText, Block

if TYPE_CHECKING:
    from .resources import Resources


def as_text(article: Article) -> ArticleText:
    """The article's words as printed on its page."""
    return ArticleText(
        kicker=article.kicker,
        title=article.display_title,
        subtitle=article.subtitle,
        authors=article.authors,
        photographers=article.photographers,
        dateline=article.dateline,
        blocks=article.blocks,
        source=article.source,
    )


def convert(text: ArticleText, converter) -> ArticleText:
    """The text in the converter's script (resources.Converter), every part in one call;
    parts that are empty or missing stay as they are."""
    parts = [
        text.kicker,
        text.title,
        text.subtitle,
        text.dateline,
        text.source,
        *text.authors,
        *text.photographers,
        *(b.text for b in text.blocks),
    ]
    done = converter.convert_all([p or "" for p in parts])
    kicker, title, subtitle, dateline, source, *rest = (c if p else p for p, c in zip(parts, done))
    authors, rest = rest[: len(text.authors)], rest[len(text.authors) :]
    photographers, blocks = rest[: len(text.photographers)], rest[len(text.photographers) :]
    return ArticleText(
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        authors=tuple(authors),
        photographers=tuple(photographers),
        dateline=dateline,
        blocks=tuple(Block(b.kind, t, b.line) for b, t in zip(text.blocks, blocks)),
        source=source,
    )


def canonical(article: Article, res: Resources) -> ArticleText:
    """The article in simplified script, the form every later stage reads."""
    text = as_text(article)
    return convert(text, res.to_simplified) if article.script == "zh-Hant" else text


INNER_QUOTE = re.compile(r"‘([^‘’“”\n]*)’")
OUTER_QUOTE = re.compile(r"“([^“”\n]*)”")


def corner_quotes(text: str | None) -> str | None:
    """“…” as 「…」 and ‘…’ as 『…』, as Taiwan and Hong Kong print them; a mark without its
    pair (an apostrophe, a quotation cut by the page) stays as it is."""
    if not text or not ("“" in text or "‘" in text):
        return text
    return OUTER_QUOTE.sub(r"「\1」", INNER_QUOTE.sub(r"『\1』", text))


def with_corner_quotes(text: ArticleText) -> ArticleText:
    """The headline, kicker, subtitle and paragraphs with corner quotes (names untouched)."""
    return dataclasses.replace(
        text,
        kicker=corner_quotes(text.kicker),
        title=corner_quotes(text.title),
        subtitle=corner_quotes(text.subtitle),
        blocks=tuple(Block(b.kind, corner_quotes(b.text), b.line) for b in text.blocks),
    )


def add_views(article: Article, res: Resources) -> Article:
    """The article with its text in every view, the canonical (simplified) text first."""
    simplified = canonical(article, res)
    first, *others = res.settings.views
    views = [(first.lang, simplified)]
    for other in others:
        text = convert(simplified, res.to_view(other.lang))
        views.append((other.lang, with_corner_quotes(text) if other.corner_quotes else text))
    return dataclasses.replace(article, views=tuple(views))


def canon(article: Article) -> ArticleText:
    """The article's canonical (simplified) text: its first view, which every stage reads."""
    return article.views[0][1]


def view(article: Article, name: str) -> ArticleText:
    for view_name, text in article.views:
        if view_name == name:
            return text
    raise KeyError(f"{article.id} has no {name} view")
