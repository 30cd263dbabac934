"""The shapes of page furniture (generator/furniture.py), one table of lines each."""

import pytest

from generator import furniture


@pytest.fixture(scope="module")
def rules(res):
    return res.settings.cleaning


@pytest.mark.parametrize(
    "line, date, source, authors",
    [
        (
            "发布时间：2023-07-26 16:42    来源：亚东县乡村振兴局    浏览次数：1287",
            "2023-07-26",
            "亚东县乡村振兴局",
            (),
        ),
        ("2023-03-08 21:16:32  来源：新华网", "2023-03-08", "新华网", ()),
        ("来源：中国青年报　　2023-06-21 07:40", "2023-06-21", "中国青年报", ()),
        (
            "２０２２年１１月０８日 09:35　來源：中國西藏網　作者：央金",
            "2022-11-08",
            "中國西藏網",
            ("央金",),
        ),
        (
            "2023-05-10 09:32:15　来源：中国西藏新闻网　作者：央金　编辑：李静",
            "2023-05-10",
            "中国西藏新闻网",
            ("央金",),
        ),
        ("2022年3月5日 04:10　大公報", "2022-03-05", "大公報", ()),
    ],
)
def test_meta_lines_are_read_into_fields(rules, line, date, source, authors):
    meta = furniture.meta_line(furniture.match_forms(line)[0], rules)
    assert (meta.date, meta.source, meta.authors) == (date, source, authors)


@pytest.mark.parametrize(
    "line",
    [
        "来源于群众的智慧，是我们工作的根本。",
        "时间就是金钱，效率就是生命",
        "本报记者 扎西顿珠 李海霞",
        "2022年，合作社销售藏香42万把。",
    ],
)
def test_text_is_not_a_meta_line(rules, line):
    assert furniture.meta_line(furniture.match_forms(line)[0], rules) is None


@pytest.mark.parametrize(
    "line, nav",
    [
        ("首页 | 政务公开 | 政务服务 | 互动交流 | 走进日喀则 | 专题专栏", True),
        ("首頁　港聞　中國　國際　財經　評論　體育　文化　視頻", True),
        ("关于我们 | 联系我们 | 网站地图", True),
        ("本报记者　赵晓明　次仁卓玛", False),
        ("本报记者 张三 李四 王五", False),
        ("青稞黄了　牦牛壮了", False),
        ("守边固边 家家都是哨所", False),
    ],
)
def test_nav_bars(line, nav):
    assert furniture.is_nav_bar(furniture.match_forms(line)[0]) is nav


@pytest.mark.parametrize(
    "line, crumb",
    [
        ("新华网 > 地方 > 西藏 > 正文", True),
        ("華夏經緯網 > 兩岸 > 大陸各地 > 西藏 > 正文", True),
        ("人民网>>西藏频道>>本网原创", True),
        ("首頁 > 中國 > 中國新聞", True),
        ("从“输血”到“造血”", False),
        ("收入从2万元增加到3万元，增长50%以上", False),
    ],
)
def test_breadcrumbs(line, crumb):
    assert furniture.is_breadcrumb(furniture.match_forms(line)[0]) is crumb


@pytest.mark.parametrize(
    "line, bar",
    [
        ("【字号 大 中 小】【打印】【关闭】", True),
        ("【字號 大 中 小】【列印】【關閉】", True),
        ("字体：小 中 大 分享到：", True),
        ("分享 收藏 点赞 在看", True),
        ("🌸🌸点击上方蓝字 关注我们🌸🌸", True),
        ("阅读原文", True),
        ("关注民生，服务群众", False),
        ("大中小学生", False),
    ],
)
def test_furniture_word_bars(rules, line, bar):
    assert furniture.is_furniture_words(furniture.match_forms(line)[0], rules) is bar


@pytest.mark.parametrize(
    "line, roles",
    [
        ("编辑：拉姆", ["编辑"]),
        ("【纠错】 【责任编辑：陈静】", ["责任编辑"]),
        ("本版责编：李　刚　王　蕾　　版式设计：张丹峰", ["本版责编", "版式设计"]),
        ("（責任編輯：周穎）", ["責任編輯"]),
        ("记者：达娃次仁", ["记者"]),
        ("编辑部的同志们说，这是一次难忘的采访。", None),
        ("审核：这一段话太长了，不是一个名字，而是一句完整的话。", None),
    ],
)
def test_credit_lines(rules, line, roles):
    assert furniture.credit_roles_of(furniture.match_forms(line)[0], rules) == roles


@pytest.mark.parametrize(
    "line, heading",
    [
        ("相关新闻", True),
        ("相關新聞：", True),
        ("往期推荐", True),
        ("推荐阅读：", True),
        ("【相关阅读】", True),
        ("本版标题导航", True),
        ("相关新闻不断涌现，群众纷纷点赞。", False),
    ],
)
def test_teaser_headings(rules, line, heading):
    assert furniture.teaser_heading(furniture.match_forms(line)[0], rules) is heading


def test_spaced_characters_are_matched_squeezed():
    assert (
        furniture.match_forms("人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用")[-1]
        == "人民网版权所有,未经书面授权禁止使用"
    )
    assert furniture.match_forms("２０２２年")[0] == "2022年"


def test_decoration_lines():
    assert furniture.is_decoration("🔥🔥🔥") and furniture.is_decoration("👆👆👆")
    assert not furniture.is_decoration("— 1 —x") and not furniture.is_decoration("12574.6")
