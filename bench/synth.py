"""A synthetic archive of N articles made from the sample pages, for the benchmark, in one of
SHAPES:

- ``samples``: each page a sample page whose text is varied (a serial number in every
  headline and a rotated choice of county), so that no two pages are the same page, dated
  in its header one page a day from 2016;
- ``long``: one-article pages (as web articles are) of about LONG characters each, made from
  the sample pages' paragraphs, dated over ten years;
- ``paper``: newspaper pages of four such articles, dated over ten years;
- ``mixed``: half the articles on one-article pages, half on newspaper pages of four.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from generator.config import ROOT
from generator.page import read_one
from generator.resources import Resources
from generator.script import canon
from generator.split import DATELINE

SEEDS = ROOT / "content"
COUNTIES = [
    "林周县",
    "当雄县",
    "尼木县",
    "曲水县",
    "江孜县",
    "定日县",
    "萨迦县",
    "拉孜县",
    "白朗县",
    "仁布县",
    "江达县",
    "贡觉县",
    "丁青县",
    "察雅县",
    "八宿县",
    "左贡县",
    "芒康县",
    "洛隆县",
    "边坝县",
    "波密县",
    "察隅县",
    "朗县",
    "扎囊县",
    "贡嘎县",
    "桑日县",
    "琼结县",
    "加查县",
    "嘉黎县",
    "比如县",
    "聂荣县",
    "安多县",
    "申扎县",
    "班戈县",
    "巴青县",
    "普兰县",
    "札达县",
    "日土县",
    "革吉县",
    "改则县",
    "措勤县",
]


def seed_pages() -> list[tuple[str, str, int]]:
    """(file name, text, articles on it) for each sample page."""
    res = Resources()
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out.append((path.name, path.read_text(encoding="utf-8"), len(read_one(path, res).articles)))
    return out


def make_archive(folder: Path, articles: int, start: int = 0) -> int:
    """Write pages holding about ``articles`` articles into ``folder``; returns how many pages."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = seed_pages()
    made, n = 0, start
    while made < articles:
        name, text, count = seeds[n % len(seeds)]
        county = COUNTIES[n % len(COUNTIES)]
        varied = re.sub(r"(?m)^(\s*)(本报记者|本報記者)", rf"\1第{n}期 \2", text)
        varied = (
            varied.replace("洛隆县", county).replace("左贡县", county) + f"\n（档案样本 {n}）\n"
        )
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=n)
        varied = f"---\ndate: {day.isoformat()}\n---\n" + varied
        (folder / f"synthetic-{n:06d}-{name}").write_text(varied, encoding="utf-8")
        made += count
        n += 1
    return n - start


SHAPES = ("samples", "long", "paper", "mixed")
LONG = 3000
"""Characters of text in a long article: a feature story's length."""
PER_PAPER = 4
"""Articles on a newspaper page of the long shapes."""
YEARS = 10
"""The long shapes' pages are dated evenly over this many years from 2016."""


def make(folder: Path, articles: int, shape: str = "samples", start: int = 0) -> int:
    """An archive of about ``articles`` articles in ``shape`` (SHAPES); returns how many pages.
    ``start``: the serial number of the first page, to add pages to an archive made before."""
    if shape == "samples":
        return make_archive(folder, articles, start)
    folder.mkdir(parents=True, exist_ok=True)
    pool = paragraph_pool()
    total = articles if shape == "long" else -(-articles // PER_PAPER)
    if shape == "mixed":
        total = articles // 2 + -(-(articles - articles // 2) // PER_PAPER)
    made, n = 0, start
    while made < articles:
        if shape == "long" or (shape == "mixed" and n % (PER_PAPER + 1) != PER_PAPER):
            count = 1
        else:
            count = min(PER_PAPER, articles - made)
        texts = [long_article(n * PER_PAPER + k, pool) for k in range(count)]
        # a page added to an archive made before is dated after its last page
        day = datetime.date(2016, 1, 1) + datetime.timedelta(
            days=n * 365 * YEARS // (start + total)
        )
        kind = "web" if count == 1 else "paper"
        page = f"---\ndate: {day.isoformat()}\n---\n\n" + "\n\n".join(texts) + "\n"
        (folder / f"synthetic-{n:06d}-{kind}.txt").write_text(page, encoding="utf-8")
        made += count
        n += 1
    return n - start


def paragraph_pool() -> list[tuple[str, str, str]]:
    """(headline, its reporter or a stand-in, paragraph) for each paragraph of the sample
    pages' articles, in order."""
    res = Resources()
    pool = []
    for path in sorted(SEEDS.glob("*.txt")):
        for article in read_one(path, res).articles:
            text = canon(article)
            for block in text.blocks:
                # without its dateline, which would start an article of its own
                body = DATELINE.sub("", block.text, count=1)
                if block.kind == "paragraph" and len(body) >= 40:
                    pool.append((text.title, (text.authors or ("达瓦",))[0], body))
    return pool


def long_article(n: int, pool: list[tuple[str, str, str]]) -> str:
    """Article number ``n``: a headline with its number, a byline and about LONG characters of
    paragraphs from ``pool``, beginning at a place of its own and naming a county of its own."""
    title, reporter, _ = pool[(n * 7) % len(pool)]
    county = COUNTIES[n % len(COUNTIES)]
    paragraphs, size, at = [], 0, (n * 7) % len(pool)
    while size < LONG:
        text = pool[at % len(pool)][2].replace("洛隆县", county).replace("左贡县", county)
        paragraphs.append(text)
        size += len(text)
        at += 1
    paragraphs[0] = f"{county}讯 " + paragraphs[0]
    return f"{title}（{n}）\n\n本报记者 {reporter}\n\n" + "\n\n".join(paragraphs)
