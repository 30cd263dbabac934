"""Properties over generated pages: nothing lost, cleaning settles, numbers survive conversion."""

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.page import process_page
from generator.clean import clean_page
from generator.models import Header, Page
from generator.script import view

from .test_clean import accounted, chars

FRAGMENTS = [
    "乡村振兴",
    "林芝市",
    "巴宜区布久乡麦巴村",
    "鄉村振興",
    "拉薩市城關區",
    "脫貧攻堅",
    "产业",
    "群众",
    "驻村工作队",
    "，",
    "。",
    "、",
    "“",
    "”",
    "（",
    "）",
    ",",
    ".",
    "(",
    ")",
    ":",
    ";",
    "!",
    "?",
    "——",
    "-",
    " ",
    "　",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "12.66亿元",
    "1,200户",
    "4万多斤",
    "94.5%",
    "3万至5万元",
    "2021年10月17日",
    "本报记者 张三",
    "本报拉萨讯（记者 李四）",
    "图为群众在劳动。",
    "本报记者 王五 摄",
    "——记某县",
    "■导读",
    "组织建设",
    "[詳細]",
    "版权声明:凡注明“来源:中国西藏网”的作品",
    "鎮(zhèn)",
    "?yōu)槿缃竦摹褒R",
    "<script>",
    "{{ x }}",
    "# ",
    "|",
    "*",
    "_",
    "a",
    "Z",
    "7",
    "〇",
    "两",
    "十二",
    "G219",
]
pages = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=60).map("".join)
EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))  # PROPERTY_EXAMPLES=5000 searches harder
# health checks judge speed, which a loaded 2-core machine cannot promise; these tests judge
# correctness
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


def page_of(text: str) -> Page:
    return Page(
        path=Path("generated.txt"),
        id="generated",
        source_name="generated.txt",
        raw=text,
        text=text,
        first_line=1,
        header=Header(),
    )


@SETTINGS
@given(text=pages)
def test_every_character_is_in_an_article_or_removed(text, res):
    result = process_page(page_of(text), res)
    assert accounted(result) == chars(text)


@SETTINGS
@given(text=pages)
def test_cleaning_twice_equals_cleaning_once(text, res):
    once = clean_page(page_of(text), res)
    again = clean_page(page_of("\n\n".join(line.text for line in once.lines)), res)
    assert [line.text for line in again.lines] == [line.text for line in once.lines]


@SETTINGS
@given(text=pages)
def test_numbers_are_identical_in_both_views(text, res):
    for article in process_page(page_of(text), res).articles:
        for a, b in zip(view(article, "zh-Hans").blocks, view(article, "zh-Hant").blocks):
            assert re.findall(r"\d+", a.text) == re.findall(r"\d+", b.text)
