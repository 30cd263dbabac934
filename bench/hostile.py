"""Pages that once took time growing with the square of their length: one long line, and a
paragraph of ten thousand figures. ``reading_rate`` reads one and says seconds per MB, which
the benchmark prints beside an ordinary page's and a test holds under a generous guard."""

from __future__ import annotations

import time
from pathlib import Path

from generator.page import read_one

PLAIN = "林芝市巴宜区布久乡麦巴村的群众发展产业，日子越过越好，"
FIGURES = "全村投资12.66亿元，带动群众增收，"


def one_line_page(folder: Path, megabytes: float = 3.0) -> Path:
    """A page whose text is one line of ``megabytes`` MB, with no full stop in it."""
    chars = int(megabytes * 1e6 / 3)
    path = folder / "one-line.txt"
    path.write_text(
        "一行的页面\n本报讯（记者 张三）" + (PLAIN * (chars // len(PLAIN) + 1))[:chars] + "\n",
        encoding="utf-8",
    )
    return path


def many_figures_page(folder: Path, figures: int = 10_000) -> Path:
    """A page of one paragraph stating ``figures`` figures."""
    path = folder / "many-figures.txt"
    path.write_text(
        "数字很多的页面\n本报讯（记者 张三）" + FIGURES * figures + "。\n", encoding="utf-8"
    )
    return path


def reading_rate(path: Path, res) -> dict:
    """Seconds to read the page, and seconds per MB of it."""
    started = time.perf_counter()
    read_one(path, res)
    seconds = time.perf_counter() - started
    megabytes = path.stat().st_size / 1e6
    return {
        "file": path.name,
        "megabytes": round(megabytes, 2),
        "seconds": round(seconds, 2),
        "seconds_per_mb": round(seconds / megabytes, 2),
    }
