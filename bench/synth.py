"""A synthetic archive of N articles made from the sample pages, for the benchmark.

Each synthetic page is a sample page whose text is varied (a serial number in every
headline and a rotated choice of county), so that no two pages are the same page, and
dated in its header: one page a day from 2016, so the archive spans several years.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from generator.page import read_one
from generator.config import ROOT
from generator.resources import Resources

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
