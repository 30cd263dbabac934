import dataclasses

from generator.charts import bar_chart, stated_investment
from generator.models import Figure, Region


def test_bar_chart_is_html_with_a_data_table_and_escapes_labels():
    html = bar_chart(
        "各县<报道>",
        [("左贡县", 2, 1), ("八宿县", 1, 3), ("空", 0, 0)],
        "图表数据",
        columns=("地区", "篇", "数字"),
    )
    assert "<svg" not in html  # text in the page's own type size
    assert "<figcaption>各县&lt;报道&gt;</figcaption>" in html
    assert '<span class="chart-label">左贡县</span>' in html
    assert '<span class="chart-bar" style="width:100.0%">' in html and 'style="width:50.0%"' in html
    assert '<th scope="col">地区</th>' in html
    assert "<tr><td>左贡县</td><td>2</td><td>1</td></tr>" in html
    assert "空" not in html  # nothing to draw for a zero
    assert html.count('class="chart-row"') == 2


def test_no_chart_without_data():
    assert bar_chart("t", [("a", 0)], "data") == ""


REGIONS = (
    Region("西藏自治区", "xizang", "region", None),
    Region("日喀则市", "rikaze", "prefecture", "西藏自治区"),
    Region("桑珠孜区", "sangzhuzi", "county", "日喀则市"),
    Region("萨迦县", "sajia", "county", "日喀则市"),
    Region("拉孜县", "lazi", "county", "日喀则市"),
)


def money(value: float, place: str, label: str = "投资", summed: bool = True) -> Figure:
    return Figure(
        text=f"{value}元",
        value=value,
        unit="元",
        label=label,
        approx="",
        line=1,
        kind="money",
        place=place,
        level="county",
        summed=summed,
    )


class Stub:
    """An article as the charts see it: its regions and figures."""

    def __init__(self, *figures):
        self.regions, self.figures = REGIONS, figures


def test_a_figure_counts_for_the_place_it_speaks_for_only():
    totals = stated_investment(Stub(money(148.7e8, "西藏自治区"), money(3e8, "桑珠孜区")))
    assert totals["桑珠孜区"] == (3e8, 1)
    assert "萨迦县" not in totals and "拉孜县" not in totals  # named, but nothing speaks for them
    assert totals["日喀则市"] == (3e8, 1)  # what its county states
    assert totals["西藏自治区"] == (148.7e8, 1)  # the whole, not the whole plus a part


def test_a_prefecture_total_is_its_own_figure_or_its_counties_sum_whichever_is_larger():
    whole = stated_investment(
        Stub(money(20e8, "日喀则市"), money(3e8, "桑珠孜区"), money(2e8, "萨迦县"))
    )
    assert whole["日喀则市"] == (20e8, 1)
    parts = stated_investment(
        Stub(money(1e8, "日喀则市"), money(3e8, "桑珠孜区"), money(2e8, "萨迦县"))
    )
    assert parts["日喀则市"] == (5e8, 2)
    for totals in (whole, parts):
        assert totals["日喀则市"][0] >= sum(
            totals.get(c, (0, 0))[0] for c in ("桑珠孜区", "萨迦县", "拉孜县")
        )


def test_parts_averages_and_other_money_are_not_added():
    totals = stated_investment(
        Stub(
            money(3e8, "萨迦县"),
            money(1e8, "萨迦县", summed=False),
            money(5e4, "萨迦县", label="人均收入"),
            dataclasses.replace(money(3e4, "萨迦县"), high=5e4),
        )
    )
    assert totals["萨迦县"] == (3e8, 1)
