"""Article and index -> Markdown with YAML front matter. Pure functions, text escaped.

Article text is never Markdown: it is written as HTML blocks with every character
escaped, so nothing in a page (``<script>``, ``[x](…)``, ``# …``, ``{{ }}``) becomes markup.
Only names from site-data go into Markdown links, and those are escaped too.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .builders.mkdocs import front_matter
from .charts import division_charts, theme_chart
from .index import Index
from .markup import esc, md_esc
from .models import Article
from .resources import Resources
from .script import view
from .write import Made, made_key


@dataclass(frozen=True)
class ViewContext:
    """What rendering one script view needs besides the articles."""

    name: str
    """The view's language tag (site-data/site.yaml, views)."""
    res: Resources
    index: Index
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    """What is worked out once per article and used on many pages, by (what, article id):
    its line in listing pages (html_list), the investment it states (charts)."""
    listed: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """Article id -> a digest of what a listing shows of it (listed_as), if known: then the older
    pages of a listing are Made, made again only when what they show changes."""
    keys: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """Article id -> what names this version of it (archive.Pages.article_keys), if known:
    then a page that sums its articles (charts) is Made, made again only when one of them
    changes, or their order does."""

    def summed(self, articles, make: Callable[[], str], *shows: str) -> str | Made:
        """A page made from every one of ``articles`` (its charts sum them) and what
        ``shows`` names: Made when the articles' keys are known, else made now."""
        if self.keys is None:
            return make()
        keys = (self.keys[a.id] for a in articles)
        return Made(made_key("summed", self.name, str(len(shows)), *shows, *keys), make)

    def say(self, key: str) -> str:
        """A label of site.yaml in this view's words."""
        return self.res.label(key, self.name)

    @property
    def first(self) -> bool:
        """Whether this is the first view, whose words are the canonical (simplified) ones."""
        return self.name == self.res.settings.views[0].lang

    def ui(self, text: str | None) -> str | None:
        """Interface text in this view's words (the traditional view's readers' words: 搜尋, 資料)."""
        return self.res.interface_words(text, self.name)

    def conv(self, text: str | None) -> str | None:
        """Site words and names into this view's script (converted once each)."""
        if not text or self.first:
            return text
        return self.res.to_view(self.name).convert_recurring(text)

    def theme_name(self, theme_id: str) -> str:
        """A theme's name in this view: as themes.yaml gives it, else the first view's converted."""
        theme = next(t for t in self.res.settings.themes if t.id == theme_id)
        return theme.names.get(self.name) or self.ui(theme.names[self.res.settings.views[0].lang])

    def region_slug(self, name: str) -> str:
        return self.res.gazetteer.regions[name].slug


def _warnings(article: Article, ctx: ViewContext) -> list[str]:
    out = []
    codes = {n.code for n in article.notices}
    for code in ("truncated", "garbled"):
        if code in codes:
            quoted = [n.message for n in article.notices if n.code == code]
            detail = ""
            if code == "garbled":
                spans = [re.search(r"“(.*?)”", m) for m in quoted]
                detail = "：" + "、".join(f"“{s.group(1)}”" for s in spans if s)
            out.append(
                f'<div class="admonition warning archive-warning" data-warning="{code}">'
                f'<p class="admonition-title">{esc(ctx.say("warning_" + code))}</p>'
                f"<p>{esc(ctx.conv(detail.lstrip('：')) if detail else '')}</p></div>"
            )
    return out


def person_slug(name: str) -> str:
    """A reporter's page name: the name itself, the middle dot of transliterated names as '-'."""
    return name.replace("·", "-").replace("•", "-")


def _slugs(names) -> list[str]:
    return [person_slug(n) for n in names]


def article_page(article: Article, ctx: ViewContext, page_id: str) -> str:
    """An article's page; ``page_id`` names its page, whose original-text page it links to."""
    text = view(article, ctx.name)
    regions = [r for r in article.regions if r.level not in ("town", "village")]
    data = {
        "kicker": text.kicker,
        "subtitle": text.subtitle,
        "authors": list(text.authors),
        "photographers": list(text.photographers),
        "dateline": text.dateline,
        "date": article.date,
        "source": text.source,
        "regions": [r.name for r in article.regions],
        "themes": list(article.themes),
        "figures": [f"{ctx.conv(f.label)} {ctx.conv(f.text)}".strip() for f in article.figures],
        "tags": [ctx.conv(r.name) for r in regions] + [ctx.theme_name(t) for t in article.themes],
        "script": ctx.name,
        "original": f"originals/{page_id}/",
        "title_supplied": article.title_supplied,
    }
    data = {k: v for k, v in data.items() if v not in (None, [], "")}
    parts = ['<header class="article-head">']
    chips = [(f"../../regions/{r.slug}/", ctx.conv(r.name)) for r in regions if r.slug]
    chips += [(f"../../themes/{t}/", ctx.theme_name(t)) for t in article.themes]
    if chips:  # in Material's look of tags, linking to the region's and theme's paged listings
        parts.append(
            f'<nav class="md-tags" aria-label="{esc(ctx.say("tags"))}">'
            + "".join(f'<a href="{esc(url)}" class="md-tag">{esc(name)}</a>' for url, name in chips)
            + "</nav>"
        )
    if text.kicker:
        parts.append(f'<p class="article-kicker">{esc(text.kicker)}</p>')
    if article.title_supplied:
        parts.append(
            f'<h1 class="article-title article-title--supplied">'
            f'<span class="supplied-mark" title="{esc(ctx.say("supplied_title_note"))}">'
            f"［{esc(ctx.say('supplied_title'))}］</span>{esc(text.title)}</h1>"
        )
    else:
        parts.append(f'<h1 class="article-title">{esc(text.title)}</h1>')
    if text.subtitle:
        parts.append(f'<p class="article-subtitle">——{esc(text.subtitle)}</p>')
    byline = []
    if text.authors:
        byline.append(
            f"{esc(ctx.say('reporter'))} "
            + " ".join(
                f'<a href="../../people/{esc(slug)}/">{esc(name)}</a>'
                for slug, name in zip(_slugs(article.authors), text.authors)
            )
        )
    if text.photographers:
        byline.append(
            f"{esc(ctx.say('photographer'))} "
            + " ".join(
                f'<a href="../../people/{esc(slug)}/">{esc(name)}</a>'
                for slug, name in zip(_slugs(article.photographers), text.photographers)
            )
        )
    if text.dateline:
        byline.append(f"{esc(ctx.say('dateline'))} {esc(text.dateline)}")
    if text.source:
        byline.append(f"{esc(ctx.say('source'))} {esc(text.source)}")
    if article.date and article.date_inferred:
        byline.append(f'<span title="{esc(ctx.say("inferred_date"))}">{esc(article.date)}*</span>')
    else:
        byline.append(esc(article.date or ctx.say("undated")))
    parts.append(f'<p class="article-byline">{" · ".join(byline)}</p>')
    # the page's address: a button copies it (shown once the script runs), print shows it
    parts.append(
        f'<p class="article-tools"><button type="button" class="article-copy-link" hidden '
        f'data-copied="{esc(ctx.say("link_copied"))}">{esc(ctx.say("copy_link"))}</button></p>'
    )
    parts.append(
        f'<p class="article-print-address">{esc(ctx.say("page_address"))}：'
        f"<span data-page-address>articles/{esc(article.id)}/</span></p>"
    )
    parts.append("</header>")
    out = ["\n".join(parts), *_warnings(article, ctx)]
    for block in text.blocks:
        if block.kind == "heading":
            out.append(f'<h2 class="article-heading">{esc(block.text)}</h2>')
        elif block.kind == "lead":
            out.append(f'<p class="article-lead">{esc(block.text)}</p>')
        elif block.kind == "caption":  # a photo's caption: the photo itself is not archived
            out.append(
                '<p class="article-caption"><span '
                f'class="photo-missing">［{esc(ctx.say("photo_missing"))}］'
                f"</span>{esc(block.text)}</p>"
            )
        elif block.kind == "table":  # a table printed a cell a line: its cells in order
            out.append(
                '<p class="article-table">'
                + " ｜ ".join(esc(c) for c in block.text.split("\t"))
                + "</p>"
            )
        else:
            out.append(f"<p>{esc(block.text)}</p>")
    if article.figures:
        head = "".join(
            f'<th scope="col">{esc(ctx.say(k))}</th>'
            for k in ("label_col", "as_printed", "speaks_for")
        )
        rows = "".join(
            f"<tr><td>{esc(ctx.conv(f.label))}</td><td>{esc(ctx.conv(f.text))}</td>"
            f"<td>{esc(speaks_for(f, ctx))}</td></tr>"
            for f in article.figures
        )
        out.append(
            f'<details class="article-figures"><summary>{esc(ctx.say("figures"))}</summary>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
        )
    links = []
    if regions:
        links.append(
            f"<p>{esc(ctx.say('regions'))}：</p><ul>"
            + "".join(f"<li>{t}</li>" for t in region_trails(article, ctx))
            + "</ul>"
        )
    if article.themes:
        links.append(
            f"<p>{esc(ctx.say('themes'))}："
            + "　".join(
                f'<a href="../../themes/{esc(t)}/">{esc(ctx.theme_name(t))}</a>'
                for t in article.themes
            )
            + "</p>"
        )
    links.append(
        f'<p><a href="../../originals/{esc(page_id)}/#L{article.line}">'
        f"{esc(ctx.say('original'))}</a></p>"
    )
    related = ctx.index.related.get(article.id, ())
    if related:
        links.append(
            f"<p>{esc(ctx.say('related'))}：</p><ul>"
            + "".join(
                f'<li><a href="../{esc(r.id)}/">{esc(view(r, ctx.name).title)}</a>'
                + (f" <small>{esc(r.date)}</small>" if r.date else "")
                + "</li>"
                for r in related
            )
            + "</ul>"
        )
    out.append('<div class="article-links">' + "".join(links) + "</div>")
    # one HTML block, no blank line in it: Markdown would pass it through whole, as the hook does
    head = front_matter(esc(text.title), toc=False, html=True, data=data)
    return head + '<div class="article">\n' + "\n".join(out) + "\n</div>\n"


def speaks_for(figure, ctx: ViewContext) -> str:
    """What a figure speaks for, as the figures tables show it: 日喀则市（地市）, 项目（林周县）."""
    level = ctx.say(f"level_{figure.level or 'unknown'}")
    if not figure.place:
        return level
    if figure.level in ("project", "household"):
        return f"{level}（{ctx.conv(figure.place)}）"
    return f"{ctx.conv(figure.place)}（{level}）"


def region_trails(article: Article, ctx: ViewContext) -> list[str]:
    """One trail per most specific place, as HTML: 西藏自治区 › 林芝市 › 巴宜区 › 布久乡 › 麦巴村
    (divisions with a page are links, from an article page)."""
    parents = {r.parent for r in article.regions}
    by_name = {r.name: r for r in article.regions}
    trails = []
    for leaf in article.regions:
        if leaf.name in parents or leaf.parent is None and len(article.regions) > 1:
            continue
        chain, region = [], leaf
        while region:
            chain.append(region)
            region = by_name.get(region.parent)
        parts = [
            f'<a href="../../regions/{esc(r.slug)}/">{esc(ctx.conv(r.name))}</a>'
            if r.slug
            else esc(ctx.conv(r.name))
            for r in reversed(chain)
        ]
        trails.append(" › ".join(parts))
    return trails


def _list_text(article: Article, ctx: ViewContext) -> tuple[str, str]:
    """What a listing shows of an article: its title, and its date, places and source (an
    unknown date is left out, never printed as a date)."""
    text = view(article, ctx.name)
    mark = f"［{ctx.say('supplied_title')}］" if article.title_supplied else ""
    places = "、".join(ctx.conv(name) for name in _places(article))
    return mark + text.title, " · ".join(x for x in (article.date, places, text.source) if x)


def _places(article: Article, most: int = 3) -> list[str]:
    """The most specific divisions with a page the article is tagged with (白朗县, not 日喀则市
    beside it), at most ``most``."""
    shown = [r for r in article.regions if r.slug]
    parents = {r.parent for r in shown}
    return [r.name for r in shown if r.name not in parents][:most]


def listed_as(article: Article) -> str:
    """A digest of what a listing (_list_text) or a related-articles list shows of an article,
    in both scripts: a page showing it is made again only when this changes. A digest, not
    the words: a listing's key joins one for each of its articles, as every listing of a
    large archive does on every build."""
    shown = [article.id, article.date or "", str(article.title_supplied), *_places(article)]
    for _, text in article.views:
        shown += [text.title or "", text.source or "", text.excerpt]
    return made_key(*shown)


def html_list(articles, ctx: ViewContext, root: str = "../../") -> str:
    """An HTML list of articles, each with its date, places, source and the start of its text;
    ``root`` is the way from the page to the site's root (regions/lasa/: ../../). Listing pages
    are HTML, passed through by generator/builders/mkdocs/plugin.py."""
    if not articles:
        return f"<p>{esc(ctx.say('no_articles'))}</p>"
    items = []
    for article in articles:
        item = ctx.memo.get(("li", root, article.id))
        if item is None:
            title, extra = _list_text(article, ctx)
            excerpt = view(article, ctx.name).excerpt
            item = (
                f'<li><a href="{root}articles/{esc(article.id)}/">{esc(title)}</a>'
                + (f'<br><small class="archive-list__meta">{esc(extra)}</small>' if extra else "")
                + (f'<span class="archive-list__excerpt">{esc(excerpt)}</span>' if excerpt else "")
                + "</li>"
            )
            ctx.memo["li", root, article.id] = item
        items.append(item)
    return '<ul class="archive-list">\n' + "\n".join(items) + "\n</ul>"


def page_link(stem: str, text: str) -> str:
    """A link from a listing page to another one in its folder (regions/lasa/ → ../shannan/)."""
    return f'<a href="../{esc(stem)}/">{esc(text)}</a>'


def home_page(ctx: ViewContext) -> str:
    """The newest articles; the rest by year."""
    site = ctx.res.settings
    newest = ctx.index.articles[: site.home_articles]
    more = ""
    if len(ctx.index.articles) > len(newest):
        more = (
            f"\n[{md_esc(ctx.say('all_articles'))}（{len(ctx.index.articles)}）](years/index.md)\n"
        )
    return (
        front_matter(site.site_name[ctx.name], toc=False)
        + f"# {md_esc(site.site_name[ctx.name])}\n\n{md_esc(site.description[ctx.name])}\n\n"
        + f"## {md_esc(ctx.say('latest'))}\n\n"
        + html_list(newest, ctx, root="")
        + "\n"
        + more
        + f"\n[{md_esc(ctx.say('feed'))}](feed.xml)\n"
    )


def paged(
    stem: str, meta: dict, head: str | Callable[[], str], articles, ctx: ViewContext
) -> dict[str, str | Made]:
    """A listing (newest first) in pages that keep their articles as the archive grows: the
    oldest ``listing_page_size`` articles are STEM-1/, the next STEM-2/, and so on; STEM/,
    with ``head`` (HTML) above its list, holds the newest, from one page's worth to just under
    two. A new article changes STEM/ only, and an older page keeps its address. Each page
    links to the newer and the older one, and an older page is titled by its dates. The pages
    are HTML (``body: html``: passed through by generator/builders/mkdocs/plugin.py, not
    parsed as Markdown).
    With ``ctx.listed`` the older pages are Made, keyed by what they show. A ``head`` given
    as a function sums the listing's articles (charts): with ``ctx.keys`` STEM/ is then Made
    too, keyed by the listing's articles and what it shows."""
    size = ctx.res.settings.listing_page_size
    parts = max(1, len(articles) // size)
    first = len(articles) - (parts - 1) * size
    chunks = [(stem, articles[:first])]
    chunks += [
        (
            f"{stem}-{number}",
            articles[first + (parts - 1 - number) * size : first + (parts - number) * size],
        )
        for number in range(parts - 1, 0, -1)
    ]
    out = {}
    for at, (name, part) in enumerate(chunks):
        make = functools.partial(_listing_page, chunks, at, meta, head, ctx)
        if at == 0 and callable(head) and ctx.listed is not None:
            shown = [*part, *(chunks[1][1] if len(chunks) > 1 else ())]
            out[f"{name}/index.md"] = ctx.summed(
                articles,
                make,
                json.dumps(meta, ensure_ascii=False, sort_keys=True),
                *(chunk[0] for chunk in chunks[:2]),
                str(len(part)),
                *(ctx.listed[a.id] for a in shown),
            )
            continue
        if at == 0 or ctx.listed is None:
            out[f"{name}/index.md"] = make()
            continue
        # an older page shows its articles and links to its neighbours (the older one by its dates)
        shown = [*part, *(chunks[at + 1][1] if at + 1 < len(chunks) else ())]
        key = made_key(
            "listing",
            ctx.name,
            json.dumps(meta, ensure_ascii=False, sort_keys=True),
            *(chunk[0] for chunk in chunks[at - 1 : at + 2]),
            str(len(part)),
            *(ctx.listed[a.id] for a in shown),
        )
        out[f"{name}/index.md"] = Made(key, make)
    return out


def _listing_page(
    chunks: list[tuple[str, list]], at: int, meta: dict, head: str, ctx: ViewContext
) -> str:
    """Page ``at`` of a listing in chunks (see paged)."""
    part = chunks[at][1]
    if at == 0 and callable(head):  # only the first page shows it: an older page never sums
        head = head()
    title = meta["title"] if at == 0 else f"{meta['title']}（{_dates(part, ctx)}）"
    links = []
    if at > 0:
        links.append(page_link(chunks[at - 1][0], f"« {ctx.say('previous_page')}"))
    if at < len(chunks) - 1:
        links.append(
            page_link(
                chunks[at + 1][0], f"{ctx.say('next_page')}（{_dates(chunks[at + 1][1], ctx)}）»"
            )
        )
    pager = f'\n<nav class="archive-pager">{"　".join(links)}</nav>' if links else ""
    body = (head if at == 0 else f"<h1>{esc(title)}</h1>") + "\n" + html_list(part, ctx) + pager
    more = {k: v for k, v in meta.items() if k != "title"}
    return front_matter(title, html=True, meta=more) + body + "\n"


def _dates(articles, ctx: ViewContext) -> str:
    """The dates a page of a listing spans (newest first): 2016-03-02 至 2016-01-01."""
    dates = [a.date for a in articles if a.date]
    if not dates:
        return ctx.say("undated")
    span = (
        dates[-1]
        if dates[0] == dates[-1]
        else ctx.say("date_span").format(newest=dates[0], oldest=dates[-1])
    )
    return span if len(dates) == len(articles) else f"{span}、{ctx.say('undated')}"


def region_index(ctx: ViewContext) -> str:
    gaz = ctx.res.gazetteer
    lines = [front_matter(ctx.say("regions")), f"# {md_esc(ctx.say('regions'))}\n"]

    def walk(name: str, depth: int):
        articles = ctx.index.by_region.get(name)
        if not articles:
            return
        region = gaz.regions[name]
        lines.append(
            f"{'    ' * depth}- [{md_esc(ctx.conv(name))}]({region.slug}/index.md) "
            f"（{len(articles)} {md_esc(ctx.say('articles_count'))}）"
        )
        for child in sorted(
            (r for r in gaz.regions.values() if r.parent == name), key=lambda r: r.slug
        ):
            walk(child.name, depth + 1)

    root = next(r for r in gaz.regions.values() if r.parent is None)
    walk(root.name, 0)
    return "\n".join(lines) + "\n\n" + division_charts(ctx, ctx.index.articles) + "\n"


def region_page(name: str, ctx: ViewContext) -> dict[str, str | Made]:
    """The region's pages (see paged), by file name in regions/."""
    gaz = ctx.res.gazetteer
    region = gaz.regions[name]
    out = [f"<h1>{esc(ctx.conv(name))}</h1>"]
    trail = " › ".join(
        page_link(gaz.regions[p].slug, ctx.conv(p)) for p in gaz.ancestors(name)[::-1]
    )
    if trail:
        out.append(f"<p>{esc(ctx.say('part_of'))}：{trail}</p>")
    children = [
        r for r in gaz.regions.values() if r.parent == name and ctx.index.by_region.get(r.name)
    ]
    if children:
        out.append(
            "<p>"
            + "　".join(
                f"{page_link(c.slug, ctx.conv(c.name))}（{len(ctx.index.by_region[c.name])}）"
                for c in sorted(children, key=lambda r: r.slug)
            )
            + "</p>"
        )
    places = ctx.index.places.get(name)
    if places:
        out.append(
            f"<p>{esc(ctx.say('places'))}："
            + "　".join(esc(ctx.conv(p.name)) for p in places)
            + "</p>"
        )
    articles = ctx.index.by_region.get(region.name, ())

    def head() -> str:
        charts = (
            [division_charts(ctx, articles, region.name)] if region.level == "prefecture" else []
        )
        return "\n".join(x for x in [*out, *charts, theme_chart(ctx, articles)] if x)

    return paged(region.slug, {"title": ctx.conv(name), "region": name}, head, articles, ctx)


def theme_index(ctx: ViewContext) -> str:
    out = [front_matter(ctx.say("themes")), f"# {md_esc(ctx.say('themes'))}\n"]
    for theme in ctx.res.settings.themes:
        count = len(ctx.index.by_theme.get(theme.id, ()))
        out.append(
            f"- [{md_esc(ctx.theme_name(theme.id))}]({theme.id}/index.md)（{count}）："
            f"{md_esc(ctx.ui(theme.description))}"
        )
    return "\n".join(out) + "\n"


def theme_page(theme_id: str, ctx: ViewContext) -> dict[str, str | Made]:
    """The theme's pages (see paged), by file name in themes/."""
    theme = next(t for t in ctx.res.settings.themes if t.id == theme_id)
    articles = ctx.index.by_theme.get(theme_id, ())

    def head() -> str:
        return (
            f"<h1>{esc(ctx.theme_name(theme.id))}</h1>\n<p>{esc(ctx.ui(theme.description))}</p>\n"
            + division_charts(ctx, articles)
        )

    return paged(
        theme_id, {"title": ctx.theme_name(theme.id), "theme": theme_id}, head, articles, ctx
    )


def about_page(ctx: ViewContext) -> str:
    say = ctx.say
    body = ctx.ui(
        "本档案收录关于西藏巩固拓展脱贫攻坚成果与乡村振兴的新闻报道，原文来自报纸版面和新闻网站。"
        "每篇报道都可以用简体或繁体阅读；简体为规范文本，繁体由简体转换而成。\n\n"
        f"编辑把整版报纸拆分成单篇报道，去掉导航、版权声明和相关链接，并保留每页的存档原文。"
        f"原文未刊登标题的报道，标题前标有“［{say('supplied_title')}］”；"
        f"原文不完整或疑有乱码的报道，正文前有提示。"
    )
    return front_matter(say("about")) + f"# {md_esc(say('about'))}\n\n{md_esc(body)}\n"


def redirect_page(article_id: str) -> str:
    """A page at an address an article had before its page was read anew: it sends the reader
    on to the article's address now (a static file: MkDocs copies it as it is)."""
    target = f"../{esc(article_id)}/"
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(article_id)}</title>'
        f'<link rel="canonical" href="{target}"><meta name="robots" content="noindex">'
        f'<meta http-equiv="refresh" content="0; url={target}"></head>'
        f'<body><p><a href="{target}">{esc(article_id)}</a></p></body></html>\n'
    )
