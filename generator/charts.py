"""Bar charts drawn at build time in HTML, each with a table of its data as the text alternative.

Nothing is loaded from other hosts and no script runs: the chart is part of the page.
"""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from .markup import esc
from .models import Article, Figure

if TYPE_CHECKING:
    from .render import ViewContext

INVESTMENT = re.compile(r"投资|投入|资金|经费")


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"


def bar_chart(
    title: str, rows: list[tuple], table_label: str, unit: str = "", columns: tuple[str, ...] = ()
) -> str:
    """Horizontal bars, one per row (label, value, *more cells for the data table, one per
    ``columns``); empty string when there is nothing to draw. The bars are HTML, so their
    words keep the page's type size on any screen; the table under them holds the data."""
    rows = [row for row in rows if row[1] > 0]
    if not rows:
        return ""
    top = max(row[1] for row in rows)
    bars = "".join(
        f'<li class="chart-row"><span class="chart-label">{esc(label)}</span>'
        f'<span class="chart-track" aria-hidden="true"><span class="chart-bar" '
        f'style="width:{max(0.5, round(100 * value / top, 1))}%"></span></span>'
        f'<span class="chart-value">{esc(_number(value))}</span></li>'
        for label, value, *_ in rows
    )
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    table = "".join(
        f"<tr><td>{esc(label)}</td><td>{esc(_number(value))}{esc(unit)}</td>"
        + "".join(f"<td>{esc(str(cell))}</td>" for cell in more)
        + "</tr>"
        for label, value, *more in rows
    )
    return (
        f'<figure class="chart-figure"><figcaption>{esc(title)}</figcaption>'
        f'<ul class="chart">{bars}</ul>'
        f'<details class="chart-data"><summary>{esc(table_label)}</summary>'
        f"<table>{f'<thead><tr>{head}</tr></thead>' if head else ''}<tbody>{table}</tbody></table>"
        f"</details></figure>"
    )


def is_investment(figure: Figure) -> bool:
    """Money invested or funded, that a total may add: not a range (no single value), not a
    part of a figure before it, not an average."""
    return (
        figure.kind == "money"
        and figure.high is None
        and figure.summed
        and bool(INVESTMENT.search(figure.label))
    )


def stated_investment(article: Article) -> dict[str, tuple[float, int]]:
    """Place -> (money the article states as invested there, how many figures say it). A
    figure counts for the place it speaks for only; a place's total is the larger of what the
    article states for the place itself and the sum of its parts' totals, so that a county's
    share is not added to its prefecture's total a second time."""
    own: dict[str, tuple[float, int]] = {}
    for figure in article.figures:
        if figure.place and is_investment(figure):
            value, count = own.get(figure.place, (0.0, 0))
            own[figure.place] = (value + figure.value, count + 1)
    if not own:
        return {}
    parent = {r.name: r.parent for r in article.regions}
    # a total can be more than nothing only at a place with money of its own or above one
    counted: set[str | None] = set()
    for place in own:
        while place is not None and place not in counted:
            counted.add(place)
            place = parent.get(place)
    children: dict[str | None, list[str]] = {}
    for name in parent:  # in the article's order, so that totals add up in the same order
        if name in counted:
            children.setdefault(parent[name], []).append(name)

    totals: dict[str, tuple[float, int]] = {}

    def total(name: str) -> tuple[float, int]:
        parts = [total(child) for child in children.get(name, ())]
        below = (sum(p[0] for p in parts), sum(p[1] for p in parts))
        mine = own.get(name, (0.0, 0))
        totals[name] = mine if mine[0] >= below[0] else below
        return totals[name]

    for root in children.get(None, ()):
        total(root)
    for name in own.keys() - totals.keys():  # a place outside the article's tree
        totals[name] = own[name]
    return {name: t for name, t in totals.items() if t[0] > 0}


def division_charts(ctx: ViewContext, articles, parent: str | None = None) -> str:
    """Articles and stated investment per division under ``parent`` (per prefecture when
    None); each total with the articles and figures it comes from."""
    gaz = ctx.res.gazetteer
    if parent is None:
        names = [r.name for r in gaz.regions.values() if r.level == "prefecture"]
        titles = ("articles_per_prefecture", "investment_per_prefecture")
    else:
        names = [r.name for r in gaz.regions.values() if r.parent == parent and r.level == "county"]
        titles = ("articles_per_county", "investment_per_county")
    counts = {n: 0 for n in names}
    money = {n: [0.0, 0, 0] for n in names}  # value, articles, figures
    sources: set[str] = set()
    for article in articles:
        for region in article.regions:
            if region.name in counts:
                counts[region.name] += 1
        stated = ctx.memo.get(("money", article.id))
        if stated is None:
            stated = ctx.memo["money", article.id] = stated_investment(article)
        for name, (value, figures) in stated.items():
            if name in money:
                money[name][0] += value
                money[name][1] += 1
                money[name][2] += figures
                sources.add(article.id)
    say = ctx.say
    count_chart = bar_chart(
        say(titles[0]),
        [(ctx.conv(n), counts[n]) for n in names],
        say("chart_table"),
        columns=(say("region_col"), say("article")),
    )
    from_where = say("investment_from").format(
        figures=sum(m[2] for m in money.values()), articles=len(sources)
    )
    money_chart = bar_chart(
        f"{say(titles[1])}：{from_where}",
        [(ctx.conv(n), round(v / 1e8, 2), a, f) for n, (v, a, f) in money.items()],
        say("chart_table"),
        columns=(
            say("region_col"),
            say("investment_col"),
            say("from_articles"),
            say("from_figures"),
        ),
    )
    note = f'<p class="chart-note">{esc(say("investment_note"))}</p>' if money_chart else ""
    return "\n\n".join(c for c in (count_chart, money_chart + note) if c)


def theme_chart(ctx: ViewContext, articles) -> str:
    counts = {t.id: 0 for t in ctx.res.settings.themes}
    for article in articles:
        for theme in article.themes:
            counts[theme] += 1
    return bar_chart(
        ctx.say("articles_per_theme"),
        [(ctx.theme_name(t), n) for t, n in counts.items()],
        ctx.say("chart_table"),
        columns=(ctx.say("themes"), ctx.say("article")),
    )
