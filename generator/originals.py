"""The archived original of a page as a page of the site: its text line by line, numbered,
each line marked with the article it went into or what was removed from it, and a link to
the file itself. The text stays as archived (its own script) and is always escaped: a saved
web page's HTML never becomes markup here.
"""

from __future__ import annotations

from collections import defaultdict

from .page import PageResult
from .builders.mkdocs import front_matter
from .markup import esc
from .models import Removed
from .render import ViewContext
from .script import view

ARTICLE_TINTS = 6
"""Articles are told apart by a left border in one of this many tints (archive.css)."""


def _lines(result: PageResult) -> tuple[list[str], int]:
    """The page's lines as its line numbers count them, and the number of the first: the
    whole file for a text page; for a saved web page, the text taken from it."""
    page = result.page
    if page.format == "html":
        return page.text.splitlines(), page.first_line
    return page.raw.lstrip("\ufeff").splitlines(), 1


def _removed_spans(line: str, removed: list[Removed], say) -> str:
    """The line escaped, each removed span in it marked with why it was removed."""
    spans = []
    for item in removed:
        at = line.find(item.text) if item.text else -1
        if at >= 0:
            spans.append((at, at + len(item.text), item.reason))
    out, pos = [], 0
    for start, end, reason in sorted(spans):
        if start < pos:
            continue
        out.append(esc(line[pos:start]))
        out.append(
            f'<del class="original-removed" title="{esc(say(reason))}">{esc(line[start:end])}</del>'
        )
        pos = end
    out.append(esc(line[pos:]))
    return "".join(out)


def original_page(
    result: PageResult, ctx: ViewContext, download: str, articles: str = "../../articles/"
) -> str:
    """The original-text page of a page read; ``download`` is the archived file's address from
    this page, ``articles`` the article pages' folder."""
    page = result.page
    lines, first = _lines(result)
    reasons = ctx.res.settings.removed_reasons

    def why(code: str) -> str:
        return ctx.ui(reasons.get(code) or reasons.get("other") or code)

    owner: dict[int, tuple[int, str]] = {}
    for at, article in enumerate(result.articles):
        for line, _ in article.parts:
            owner.setdefault(line, (at, article.id))
    removed: dict[int, list[Removed]] = defaultdict(list)
    for item in result.removed:
        removed[item.line].append(item)

    say = ctx.say
    legend = "".join(
        f'<li class="original-tint-{at % ARTICLE_TINTS}"><a href="{articles}{esc(a.id)}/">'
        f"{esc(say('article_number').format(n=a.number))}：{esc(view(a, ctx.name).title)}</a></li>"
        for at, a in enumerate(result.articles)
    )
    rows, started = [], set()
    for no, line in enumerate(lines, start=first):
        classes, note = ["original-line"], ""
        if no in owner:
            at, article_id = owner[no]
            classes.append(f"original-tint-{at % ARTICLE_TINTS}")
            if at not in started:
                started.add(at)
                note = (
                    f'<a class="original-article" href="{articles}{esc(article_id)}/">'
                    f"{esc(say('article_number').format(n=result.articles[at].number))}</a>"
                )
        text = _removed_spans(line, removed.get(no, []), why)
        if no in removed and not owner.get(no) and "<del" not in text and line.strip():
            reason = esc(why(removed[no][0].reason))
            text = f'<del class="original-removed" title="{reason}">{text}</del>'
        if no in removed:
            classes.append("original-line--removed")
            note += "".join(
                f'<span class="original-why">{esc(why(r))}</span>'
                for r in dict.fromkeys(item.reason for item in removed[no])
            )
        rows.append(
            f'<div class="{" ".join(classes)}" id="L{no}"><a class="original-no" '
            f'href="#L{no}">{no}</a>'
            f'<span class="original-body">{text}</span>{note}</div>'
        )
    kind = say("original_html") if page.format == "html" else say("original_text")
    head = (
        f"<h1>{esc(say('original_title'))}</h1>\n"
        f'<p class="original-about">{esc(page.source_name)} · {esc(kind)} · '
        f'<a href="{esc(download)}" download>{esc(say("original_download"))}</a></p>\n'
        f'<p class="original-legend-note">{esc(say("original_legend"))}</p>\n'
        f'<ul class="original-legend">{legend}</ul>\n'
    )
    body = f'<div class="original-text" lang="{esc(result.script)}">' + "".join(rows) + "</div>"
    title = f"{say('original_title')}：{page.source_name}"
    return front_matter(title, toc=False, html=True) + head + body + "\n"
