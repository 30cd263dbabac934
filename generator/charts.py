"""Bar charts drawn at build time as SVG, each with a table of its data as the text alternative.

Nothing is loaded from other hosts and no script runs: the chart is part of the page.
"""
from __future__ import annotations

import hashlib
import re

from typing import TYPE_CHECKING

from .markup import esc
from .models import Article, Figure

if TYPE_CHECKING:
    from .render import ViewContext

INVESTMENT = re.compile(r"投资|投入|资金|经费")
BAR_HEIGHT = 22
LABEL_WIDTH = 110
BAR_WIDTH = 360


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"


def bar_chart(title: str, rows: list[tuple[str, float]], table_label: str, unit: str = "") -> str:
    """Horizontal bars, one per row (label, value); empty string when there is nothing to draw."""
    rows = [(label, value) for label, value in rows if value > 0]
    if not rows:
        return ""
    key = hashlib.sha1((title + repr(rows)).encode("utf-8")).hexdigest()[:8]
    top = max(value for _, value in rows)
    height = BAR_HEIGHT * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 90
    parts = [f'<svg class="chart" role="img" aria-labelledby="chart-{key}-t chart-{key}-d" '
             f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
             f'<title id="chart-{key}-t">{esc(title)}</title>',
             f'<desc id="chart-{key}-d">' + esc("；".join(f"{label} {_number(v)}{unit}" for label, v in rows))
             + "</desc>"]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * BAR_HEIGHT
        length = max(2, round(BAR_WIDTH * value / top))
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" class="chart-label">{esc(label)}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{BAR_HEIGHT - 6}" class="chart-bar"/>'
                     f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 15}" class="chart-value">{esc(_number(value))}</text>')
    parts.append("</svg>")
    table = "".join(f"<tr><td>{esc(label)}</td><td>{esc(_number(v))}{esc(unit)}</td></tr>" for label, v in rows)
    return (f'<figure class="chart-figure"><figcaption>{esc(title)}</figcaption>{"".join(parts)}'
            f'<details class="chart-data"><summary>{esc(table_label)}</summary>'
            f"<table><tbody>{table}</tbody></table></details></figure>")


def stated_investment(article: Article) -> float:
    """Money the article states as invested or funded (ranges left out: no single value)."""
    return sum(f.value for f in article.figures if is_investment(f))


def is_investment(figure: Figure) -> bool:
    return figure.kind == "money" and figure.high is None and bool(INVESTMENT.search(figure.label))


def division_charts(ctx: ViewContext, articles, parent: str | None = None) -> str:
    """Articles and stated investment per division under ``parent`` (per prefecture when None)."""
    gaz = ctx.res.gazetteer
    if parent is None:
        names = [r.name for r in gaz.regions.values() if r.level == "prefecture"]
        titles = ("articles_per_prefecture", "investment_per_prefecture")
    else:
        names = [r.name for r in gaz.regions.values() if r.parent == parent and r.level == "county"]
        titles = ("articles_per_county", "investment_per_county")
    counts = {n: 0 for n in names}
    money = {n: 0.0 for n in names}
    for article in articles:
        hits = [region.name for region in article.regions if region.name in counts]
        if hits:
            value = ctx.memo.get(("money", article.id))
            if value is None:
                value = ctx.memo["money", article.id] = stated_investment(article)
            for name in hits:
                counts[name] += 1
                money[name] += value
    count_chart = bar_chart(ctx.say(titles[0]), [(ctx.conv(n), counts[n]) for n in names], ctx.say("chart_table"))
    money_chart = bar_chart(ctx.say(titles[1]), [(ctx.conv(n), round(money[n] / 1e8, 2)) for n in names],
                            ctx.say("chart_table"))
    return "\n\n".join(c for c in (count_chart, money_chart) if c)


def theme_chart(ctx: ViewContext, articles) -> str:
    counts = {t.id: 0 for t in ctx.res.settings.themes}
    for article in articles:
        for theme in article.themes:
            counts[theme] += 1
    return bar_chart(ctx.say("articles_per_theme"), [(ctx.theme_name(t), n) for t, n in counts.items()],
                     ctx.say("chart_table"))
