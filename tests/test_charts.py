from generator.charts import bar_chart


def test_bar_chart_has_a_text_alternative_and_escapes_labels():
    svg = bar_chart("各县<报道>", [("左贡县", 2), ("八宿县", 1), ("空", 0)], "图表数据")
    assert '<svg class="chart" role="img"' in svg
    assert "<title" in svg and "各县&lt;报道&gt;" in svg
    assert "<desc" in svg and "左贡县 2；八宿县 1" in svg
    assert "<tr><td>左贡县</td><td>2</td></tr>" in svg
    assert "空" not in svg                                   # nothing to draw for a zero
    assert svg.count('class="chart-bar"') == 2


def test_no_chart_without_data():
    assert bar_chart("t", [("a", 0)], "data") == ""
