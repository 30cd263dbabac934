"""Pages to browse the archive by figures, people and years, and the data to download."""

from __future__ import annotations

import json

from .builders.mkdocs import front_matter
from .exports import data_files
from .markup import esc, md_esc
from .render import ViewContext, paged, person_slug
from .write import Made

KINDS = ("money", "people", "households", "area", "weight", "length", "percent", "count")
LEVELS = ("region", "prefecture", "county", "town", "village", "project", "household", "unknown")


def table_parts(year: str, data, limit: int) -> list[tuple[str, int]]:
    """The parts of the figures table a year is offered in, with their figures: the year
    whole while it holds at most ``limit`` figures, else each month that holds any, the
    newest first. ``data``: what exports.write_exports wrote."""
    months = data.months.get(year) or {}
    if data.figures[year] <= limit or not months:
        return [(year, data.figures[year])]
    return [(m, n) for m, n in sorted(months.items(), reverse=True) if n]


def figures_page(ctx: ViewContext, data_prefix: str, data) -> str:
    """Filters by year, region, theme and kind, a sortable table filled from each year's part
    of it (figures/2021.json…), and the downloads of each year. Every year is shown at once
    while the archive holds at most ``figures_table_rows`` figures (site.yaml), else one year
    at a time, the newest first, and a year larger than that one month at a time: a phone is
    not sent the whole table. ``data_prefix`` is the way from this page to the data folder;
    ``data``: what exports.write_exports wrote (how many figures each year and month holds)."""
    say = ctx.say
    counts, limit = data.figures, ctx.res.settings.figures_table_rows
    regions = {
        r.name: ctx.conv(r.name)
        for r in ctx.res.gazetteer.regions.values()
        if r.level in ("prefecture", "county") and ctx.index.by_region.get(r.name)
    }
    themes = {
        t.id: ctx.theme_name(t.id) for t in ctx.res.settings.themes if ctx.index.by_theme.get(t.id)
    }
    years = newest_first(ctx.index.by_year)
    every = sum(counts.values()) <= limit

    def option(value: str, name: str) -> str:
        return f'<option value="{esc(value)}">{esc(name)}</option>'

    def year_options(year: str) -> str:
        parts = table_parts(year, data, limit)
        shown = f"{year_name(year, ctx)}（{counts[year]:,}）"
        if parts == [(year, counts[year])]:
            return option(year, shown)
        months = "".join(
            option(m, f"{say('month_name').format(year=year, month=int(m[5:]))}（{n:,}）")
            for m, n in parts
        )
        return f'<optgroup label="{esc(shown)}">{months}</optgroup>'

    year_select = (
        f"<label>{esc(say('years'))} <select data-year>"
        + (option("", say("all")) if every else "")
        + "".join(year_options(y) for y in years if counts[y])
        + "</select></label>"
    )

    def select(name: str, options: dict, attribute: str) -> str:
        items = option("", say("all")) + "".join(option(k, v) for k, v in options.items())
        return f"<label>{esc(say(name))} <select {attribute}>{items}</select></label>"

    filters = (
        year_select
        + select("regions", regions, 'data-filter="regions"')
        + select("themes", themes, 'data-filter="themes"')
        + select("kind", {k: say("kind_" + k) for k in KINDS}, 'data-filter="kind"')
    )
    head = "".join(
        f'<th data-col="{i}" aria-sort="none"><button type="button">{esc(say(k))}</button></th>'
        for i, k in enumerate(
            ("article", "label_col", "value", "unit", "kind", "as_printed", "speaks_for")
        )
    )
    downloads = "".join(
        f"<li>{esc(year_name(y, ctx))}："
        + "　".join(
            f'<a href="{data_prefix}{name}" download>{name}</a>'
            for name in (n.removeprefix("data/") for n in data_files(y))
            if counts[y] or name.startswith("articles")
        )
        + "</li>"
        for y in years
    )
    kinds = json.dumps({k: say("kind_" + k) for k in KINDS}, ensure_ascii=False)
    levels = json.dumps({k: say("level_" + k) for k in LEVELS}, ensure_ascii=False)
    return (
        front_matter(say("figures_page"), toc=False)
        + f"# {md_esc(say('figures_page'))}\n\n{md_esc(say('figures_intro'))}\n\n"
        + f'<details class="figure-downloads"><summary>{esc(say("download"))}</summary>'
        + f"<ul>{downloads}</ul></details>\n\n"
        + f'<div class="figure-filters">{filters}</div>\n\n'
        + f'<table class="figures-table" data-figures data-kinds="{esc(kinds)}" '
        f'data-levels="{esc(levels)}">'
        + f"<thead><tr>{head}</tr></thead><tbody></tbody></table>\n\n"
        + '<p class="figure-pager"><button type="button" data-more '
        f"hidden>{esc(say('more'))}</button> " + "<span data-count></span></p>\n"
    )


def newest_first(years) -> list[str]:
    """Years newest first, "undated" last."""
    return sorted(years, key=lambda y: (y != "undated", y), reverse=True)


def _plain(value: float) -> str:
    return f"{value:,.4f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"


def listing_index(ctx: ViewContext, title_key: str, entries) -> str:
    """A page of links, each with its count: (name shown, file stem, articles)."""
    out = [front_matter(ctx.say(title_key)), f"# {md_esc(ctx.say(title_key))}\n"]
    out += [
        f"- [{md_esc(name)}]({stem}/index.md)（{len(articles)}）"
        for name, stem, articles in entries
    ]
    return "\n".join(out) + "\n"


def listing_page(ctx: ViewContext, stem: str, title: str, articles) -> dict[str, str | Made]:
    return paged(stem, {"title": title}, f"<h1>{esc(title)}</h1>", articles, ctx)


def people_index(ctx: ViewContext) -> str:
    return listing_index(
        ctx,
        "people",
        [
            (ctx.conv(name), person_slug(name), articles)
            for name, articles in ctx.index.by_person.items()
        ],
    )


def person_page(name: str, ctx: ViewContext) -> dict[str, str | Made]:
    return listing_page(ctx, person_slug(name), ctx.conv(name), ctx.index.by_person[name])


def year_name(year: str, ctx: ViewContext) -> str:
    return ctx.say("undated") if year == "undated" else year


def years_index(ctx: ViewContext) -> str:
    return listing_index(
        ctx,
        "years",
        [(year_name(year, ctx), year, articles) for year, articles in ctx.index.by_year.items()],
    )


def year_page(year: str, ctx: ViewContext) -> dict[str, str | Made]:
    return listing_page(ctx, year, year_name(year, ctx), ctx.index.by_year[year])
