"""The two script views of an article.

The canonical text is simplified: the traditional pages we receive are machine
conversions of simplified originals, with errors (關于, 干部, 先后, 凈土) that a reader
of traditional script should not see. So a traditional page is first brought to
simplified, and the traditional view is made from that, with the configured OpenCC
standard (s2tw by default) and the glossary.
"""
from __future__ import annotations

import dataclasses

from .models import Article, ArticleText, Block
from .resources import Resources

VIEWS = ("zh-Hans", "zh-Hant")


def as_text(article: Article) -> ArticleText:
    """The article's words as printed on its page."""
    return ArticleText(kicker=article.kicker, title=article.display_title, subtitle=article.subtitle,
                       authors=article.authors, photographers=article.photographers,
                       dateline=article.dateline, blocks=article.blocks, source=article.source)


def convert(text: ArticleText, fn) -> ArticleText:
    def conv(value):
        return fn(value) if value else value

    return ArticleText(
        kicker=conv(text.kicker), title=conv(text.title), subtitle=conv(text.subtitle),
        authors=tuple(conv(a) for a in text.authors),
        photographers=tuple(conv(p) for p in text.photographers),
        dateline=conv(text.dateline),
        blocks=tuple(Block(b.kind, conv(b.text), b.line) for b in text.blocks),
        source=conv(text.source),
    )


def canonical(article: Article, res: Resources) -> ArticleText:
    """The article in simplified script, the form every later stage reads."""
    text = as_text(article)
    return convert(text, res.to_simplified.convert) if article.script == "zh-Hant" else text


def add_views(article: Article, res: Resources) -> Article:
    simplified = canonical(article, res)
    traditional = convert(simplified, res.to_traditional.convert)
    return dataclasses.replace(article, views=(("zh-Hans", simplified), ("zh-Hant", traditional)))


def view(article: Article, name: str) -> ArticleText:
    for view_name, text in article.views:
        if view_name == name:
            return text
    raise KeyError(f"{article.id} has no {name} view")
