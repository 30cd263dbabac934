import json
import re

import pytest

from generator.cli import main, parser
from generator.config import ROOT

from .conftest import CONTENT, FIXTURES

COMMANDS = sorted(parser()._subparsers._group_actions[0].choices)


def test_commands():
    assert COMMANDS == ["assemble", "build", "check", "ids", "inspect", "serve", "shard"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: python -m generator " + command in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python -m generator {command}" in readme


def test_inspect_json_contract(capsys):
    assert main(["inspect", str(CONTENT / "004_2bd9222fe2be4c11.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"source", "script", "page", "articles", "removed"}
    article = data["articles"][1]
    for key in (
        "id",
        "kicker",
        "title",
        "display_title",
        "subtitle",
        "authors",
        "photographers",
        "dateline",
        "date",
        "blocks",
        "regions",
        "themes",
        "figures",
        "warnings",
    ):
        assert key in article
    assert article["kicker"] == "八宿县"
    assert {b["kind"] for b in data["articles"][0]["blocks"]} == {"lead", "paragraph", "heading"}
    assert {"code", "message", "line"} == set(data["articles"][4]["warnings"][0])


def test_inspect_summary_for_editors(capsys):
    assert main(["inspect", str(FIXTURES / "lead_label_body_elsewhere.txt")]) == 0
    out = capsys.readouterr().out
    assert "3 articles, script zh-Hans" in out
    assert "(no headline; shown as “秦晓民正在宣讲”)" in out
    assert re.search(r"! line \d+: untitled:", out)
    assert "column label  组织建设" in out


def test_inspect_names_the_file_of_a_bad_page(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("---\nauthor: x\n---\n正文。\n", encoding="utf-8")
    assert main(["inspect", str(bad)]) == 1
    assert f"error: {bad}:2: unknown header key author" in capsys.readouterr().err


def test_check_reports_problems_as_file_line_fix(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    (tmp_path / "cut.txt").write_text("标题二\n\n正文说到一半，\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--content", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert f"notice: {tmp_path / 'cut.txt'}:3: cut-01: the text stops mid-sentence" in out
    assert "0 errors, 0 warnings, 1 notices" in err
    assert main(["check", str(tmp_path), "--content", str(tmp_path), "--strict"]) == 1
    (tmp_path / "bad.txt").write_text("---\ndate: 1.1.2020\n---\n正文。\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--content", str(tmp_path)]) == 1
    assert "date '1.1.2020' — write it as YYYY-MM-DD" in capsys.readouterr().out


def test_check_warns_about_a_page_with_no_article(tmp_path, capsys):
    page = tmp_path / "boilerplate.txt"
    page.write_text("版权声明:凡注明“来源:中国西藏网”的作品\n-\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--content", str(tmp_path)]) == 0
    assert f"warning: {page}:1: no article text on the page" in capsys.readouterr().out
    assert main(["check", str(tmp_path), "--content", str(tmp_path), "--strict"]) == 1


def test_inspect_lines_shows_what_every_line_became(capsys):
    assert main(["inspect", str(FIXTURES / "web_portal_meta_and_bars.txt"), "--lines"]) == 0
    rows = [re.sub(r"\s{2,}", " | ", row.strip()) for row in capsys.readouterr().out.splitlines()]
    assert rows[:5] == [
        "1 | removed: breadcrumb | 新闻网 > 地方 > 西藏 > 正文",
        "2 | title of article 1 | 墨竹工卡县：青稞加工厂开工",
        "3 | removed: meta line | 2023-04-18 09:30:12　来源：西藏新闻网　作者：索朗次仁　浏览次数：856",
        "4 | removed: web_chrome | 【字号 大 中 小】【打印】【关闭】",
        "5 | paragraph 1 of article 1 | 近日，墨竹工卡县甲玛乡的青稞加工厂正式开工，年加工能力达到5000吨，"
        "吸纳当地群众就业42人。",
    ]


def test_check_points_an_editor_at_the_lines_to_look_at(tmp_path, capsys):
    page = tmp_path / "new.txt"
    page.write_text(
        (FIXTURES / "teaser_list_not_closed.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert main(["check", str(tmp_path), "--content", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (
        f"notice: {page}:5: new-01: the list under “相关阅读” (line 3) runs into this line" in out
    )
