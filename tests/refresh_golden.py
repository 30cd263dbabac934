"""Rewrite tests/golden/ from the current reading of the pages in content/.

Run it with `make golden` after a change that is meant to alter how pages read, then
review `git diff tests/golden/` like any other change: it shows, article by article,
what the change did to the archive.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.page import read_one
from generator.cli import inspect_json
from generator.config import ROOT
from generator.resources import Resources

GOLDEN = Path(__file__).parent / "golden"
CONTENT = ROOT / "content"


def golden_text(path: Path, res: Resources) -> str:
    data = inspect_json(read_one(path, res))
    data["page"]["file"] = path.name
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    res = Resources()
    GOLDEN.mkdir(exist_ok=True)
    for stale in GOLDEN.glob("*.json"):
        stale.unlink()
    for path in sorted(CONTENT.glob("*.txt")):
        (GOLDEN / f"{path.stem}.json").write_text(golden_text(path, res), encoding="utf-8")
        print(f"wrote tests/golden/{path.stem}.json")


if __name__ == "__main__":
    main()
