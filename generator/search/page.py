"""The search page, what a result shows of each article in each view, and the map that turns a
query typed in traditional script into simplified characters."""

from __future__ import annotations

import json

from ..chars import CJK_RANGES
from ..builders.mkdocs import front_matter
from ..markup import esc
from ..models import Article
from ..render import ViewContext
from ..script import view
from .terms import bucket_count, shard_years, shown_regions


def fragment(article: Article, ctx: ViewContext) -> str:
    """What a result shows of one article, in the view's script (JSON: never markup; the
    page puts it in as text)."""
    text = view(article, ctx.name)
    regions = shown_regions(article)
    counties = [r.parent + r.name for r in regions if r.level == "county"]
    places = counties or [r.name for r in regions]
    return json.dumps(
        {
            "url": f"articles/{article.id}/",
            "title": text.title,
            "date": article.date or "",
            "place": "、".join(ctx.conv(p) for p in places),
            "themes": "、".join(ctx.theme_name(t) for t in article.themes),
            "text": "\n".join(b.text for b in text.blocks),
        },
        ensure_ascii=False,
    )


def page_fragments(result, res) -> dict[str, dict[str, str]]:
    """View -> article id -> what a result shows of it (fragment), for each article of a page
    (a page.PageResult) just read: made while its text is at hand and kept by the page's key
    (writer.fragments_output), so that writing a view need not load every page again."""
    return {
        v.lang: {a.id: fragment(a, ViewContext(v.lang, res, None)) for a in result.articles}
        for v in res.settings.views
    }


def to_simplified_map(res) -> dict[str, str]:
    """Each traditional character the simplified text would have otherwise (what the browser
    applies to a query, character by character)."""
    chars = (chr(c) for low, high in CJK_RANGES for c in range(low, high + 1))
    return {c: s for c in chars if len(s := res.to_simplified.convert(c)) == 1 and s != c}


def search_map_script(res) -> str:
    """assets/search-map.js: to_simplified_map as one string of pairs (traditional,
    simplified), half the bytes of a JSON object; every first search loads it."""
    pairs = "".join(t + s for t, s in sorted(to_simplified_map(res).items()))
    return "window.ARCHIVE_TO_SIMPLIFIED = " + json.dumps(pairs, ensure_ascii=False) + ";\n"


def search_page(ctx: ViewContext, shard_sizes: dict[str, int], index_url: str) -> str:
    """The search page: a query box, and filters of the archive's own regions (a county list
    narrowed to the chosen prefecture), themes and years; archive-search.js runs it, with
    the index at ``index_url`` (relative to the page) and its shards' names, buckets and years."""
    gaz = ctx.res.gazetteer
    prefectures = [
        r for r in gaz.regions.values() if r.level == "prefecture" and r.name in ctx.index.by_region
    ]
    counties = [
        r for r in gaz.regions.values() if r.level == "county" and r.name in ctx.index.by_region
    ]
    themes = [t for t in ctx.res.settings.themes if t.id in ctx.index.by_theme]
    years = list(ctx.index.by_year)

    def select(name: str, label: str, options: list[tuple[str, str, str]]) -> str:
        """Options are (value: the filter term's name, what the reader sees, more attributes)."""
        items = "".join(
            f'<option value="{esc(value)}"{extra}>{esc(shown)}</option>'
            for value, shown, extra in options
        )
        return (
            f'<label class="archive-search__filter"><span>{esc(label)}</span>'
            f'<select name="{name}"><option '
            f'value="">{esc(ctx.say("all"))}</option>{items}</select></label>'
        )

    # newest first, undated last: the order results that rank the same are shown in
    names = [n for n in reversed(shard_sizes) if n != "undated"] + [
        n for n in shard_sizes if n == "undated"
    ]
    shard_list = [[n, bucket_count(shard_sizes[n]), shard_years(n)] for n in names]
    labels = {
        key: ctx.say(key)
        for key in (
            "search_results",
            "search_results_at_least",
            "search_none",
            "search_more",
            "search_loading",
            "search_failed",
            "undated",
        )
    }
    form = [
        f'<div class="archive-search" data-index="{esc(index_url)}" data-view="{esc(ctx.name)}" '
        f'data-shards="{esc(json.dumps(shard_list))}" '
        f'data-labels="{esc(json.dumps(labels, ensure_ascii=False))}">',
        '<form class="archive-search__form" role="search" onsubmit="return false">',
        f'<input class="archive-search__input" type="search" name="q" autocomplete="off" '
        f'placeholder="{esc(ctx.say("search_placeholder"))}" '
        f'aria-label="{esc(ctx.say("search"))}">',
        '<div class="archive-search__filters">',
        select(
            "prefecture",
            ctx.say("prefecture"),
            [(r.name, ctx.conv(r.name), "") for r in prefectures],
        ),
        select(
            "county",
            ctx.say("county"),
            [(r.name, ctx.conv(r.name), f' data-parent="{esc(r.parent)}"') for r in counties],
        ),
        select("theme", ctx.say("themes"), [(t.id, ctx.theme_name(t.id), "") for t in themes]),
        select(
            "year",
            ctx.say("years"),
            [(y, y if y != "undated" else ctx.say("undated"), "") for y in years],
        ),
        (
            f'<label class="archive-search__filter"><span>{esc(ctx.say("sort"))}</span><select '
            'name="sort">'
            f'<option value="">{esc(ctx.say("sort_relevance"))}</option>'
            f'<option value="date">{esc(ctx.say("sort_newest"))}</option></select></label>'
        ),
        "</div></form>",
        '<p class="archive-search__status" role="status" aria-live="polite"></p>',
        '<ol class="archive-search__results"></ol>',
        '<button class="md-button archive-search__more" type="button" '
        f"hidden>{esc(ctx.say('search_more'))}</button>",
        f"<noscript><p>{esc(ctx.say('search_noscript'))}</p></noscript>",
        "</div>",
    ]
    return (
        front_matter(ctx.say("search"), toc=False)
        + f"# {esc(ctx.say('search'))}\n\n"
        + "\n".join(form)
        + "\n"
        + '\n<script src="../assets/search-map.js"></script>\n'
    )
