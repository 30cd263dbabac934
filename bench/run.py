"""The benchmark: a synthetic archive of N articles, built with the real commands.

    python -m bench.run [--articles 10000] [--site-articles 1000]

Prints JSON: generator seconds (cold, warm from the page cache, and after adding one page),
the full site build (generator + MkDocs for both views) on a smaller archive, peak memory of
each step, and the site's size and search index bytes. Targets are read from this output,
never asserted by a timed test.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.config import ROOT

from .synth import make_archive


def timed(cmd: list[str]) -> dict:
    """Wall and CPU seconds, and peak memory, of one command run to the end: the operating
    system's own accounting of that process and the processes it waited for (wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        sys.exit(f"benchmark step failed: {' '.join(cmd)}\n{stderr[-2000:]}")
    return {"seconds": round(wall, 2), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "summary": stdout.strip().splitlines()[-1]}


def size(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the generator benchmark")
    parser.add_argument("--site-articles", type=int, default=1_000,
                        help="articles in the full site build (MkDocs for both views); 0 skips it")
    parser.add_argument("--keep", help="keep the archive and outputs in this folder")
    args = parser.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="archive-bench-"))
    py = sys.executable
    out: dict = {"articles": args.articles, "cpus": os.cpu_count()}
    try:
        content = base / "content"
        if content.exists():
            shutil.rmtree(content)
        pages = make_archive(content, args.articles)
        out["pages"] = pages
        gen = [py, "-m", "generator", "build", "--no-mkdocs", "--content", str(content),
               "--work-dir", str(base / "build"), "--site-dir", str(base / "site")]
        shutil.rmtree(base / "build", ignore_errors=True)
        out["generator_cold"] = timed(gen)
        out["generator_warm"] = timed(gen)
        make_archive(content, 1, start=pages)
        out["generator_one_page_added"] = timed(gen)
        out["docs_bytes"] = size(base / "build" / "docs")
        if args.site_articles:
            small = base / "small"
            shutil.rmtree(small, ignore_errors=True)
            make_archive(small / "content", args.site_articles)
            site = [py, "-m", "generator", "build", "--content", str(small / "content"),
                    "--work-dir", str(small / "build"), "--site-dir", str(small / "site")]
            out["site_build"] = {"articles": args.site_articles, **timed(site)}
            out["site_bytes"] = size(small / "site")
            out["search_index_bytes"] = {
                "zh-Hans": (small / "site/search/search_index.json").stat().st_size,
                "zh-Hant": (small / "site/zh-Hant/search/search_index.json").stat().st_size}
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
