"""The benchmark: a synthetic archive of N articles, built with the real commands.

    python -m bench.run [--articles 10000] [--shape samples|long|paper|mixed]
                        [--baseline-articles 1000] [--keep DIR]

Prints JSON:
- ``build``: the full bilingual build from nothing (generator, MkDocs for both views, the
  search index in its shards): seconds per step and in all, peak memory of the whole
  process tree, site size, megabytes of source and megabytes of source a second;
- ``one_page_added``: the generator alone, then the whole build, after adding one page; then
  the whole build after adding another (as an editor adds page after page);
- ``search``: in headless Chromium, for queries in both scripts in both views, the bytes a
  first search transfers (a fresh browser, nothing cached), the time to results, and hits (at
  least, when the search stopped at a page of results before the oldest articles);
- ``scale``: with ``--scale-articles``, a smaller archive of the same shape built just before
  and just after the main build, and how many times longer the main build took than the
  mean of the two;
- ``baseline``: on ``--baseline-articles`` articles, this build beside the naive one
  (Material's search plugin and mkdocs-static-i18n over the same Markdown), with ratios.

Targets are read from this output, never asserted by a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from generator.config import ROOT
from generator.page import read_one

from .synth import SHAPES, make

QUERIES = [
    ("", "乡村振兴"),
    ("", "鄉村振興"),
    ("zh-Hant/", "鄉村振興"),
    ("zh-Hant/", "乡村振兴"),
    ("", "牦牛"),
    ("zh-Hant/", "駐村工作隊"),
]


def resident(pid: int) -> tuple[int, int]:
    """A process's resident and proportional set sizes in bytes; 0, 0 once it is gone. The
    proportional size counts a page shared by n processes (forked ones) 1/n in each: summed
    over a tree, it is what the tree takes from the machine; resident sizes count it n times."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def tree(pid: int) -> list[int]:
    """A process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


SAMPLE_EVERY = 0.1
"""Seconds between two samples of the tree's memory, at the least."""
SAMPLER_SHARE = 0.1
"""The most of one CPU the sampler takes from the build it measures. A sample of large
processes is slow (the kernel walks their page tables for the proportional size: over 0.1 s
for the four processes, 2.3 GB, of a 100,000-article build), and sampling them every 0.1 s
took a third of a CPU from that build: the larger the build, the more."""


def sampling_pause(took: float) -> float:
    """Seconds to wait after a sample that took ``took`` seconds: SAMPLE_EVERY, or longer
    where the samples would otherwise take more than SAMPLER_SHARE of a CPU."""
    return max(SAMPLE_EVERY, took * (1 - SAMPLER_SHARE) / SAMPLER_SHARE)


MACHINE_TIMES = {"idle": 3, "iowait": 4, "steal": 7}
"""Where /proc/stat's first line keeps the machine's CPU time (all CPUs) spent idle, idle
while a process waited on the disk, and taken by the host from this virtual machine."""


def machine_times(stat: str = "/proc/stat") -> dict[str, float]:
    """The machine's CPU seconds so far in each of MACHINE_TIMES (from boot)."""
    with open(stat, encoding="ascii") as fh:
        ticks = fh.readline().split()[1:]
    per_second = os.sysconf("SC_CLK_TCK")
    return {name: int(ticks[at]) / per_second for name, at in MACHINE_TIMES.items()}


def machine_spent(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds the machine spent idle, waiting on the disk and stolen by its host between
    two machine_times: where a build is not on the CPU, and whether the host slowed it."""
    return {f"machine_{name}_seconds": round(after[name] - before[name], 1) for name in before}


def timed(cmd: list[str], cwd: Path = ROOT) -> dict:
    """Wall and CPU seconds of one command run to the end, and its peak memory: the largest
    process (the system's own accounting, wait4) and the whole tree summed (sampled); and the
    machine's idle, disk-waiting and stolen CPU seconds meanwhile (machine_spent)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        machine = machine_times()
        started = time.monotonic()
        proc = subprocess.Popen(
            cmd, cwd=cwd, stdout=out, stderr=err, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        )
        peak, done = [0, 0], threading.Event()

        def sample():
            wait = SAMPLE_EVERY
            while not done.wait(wait):
                began = time.monotonic()
                sizes = [resident(p) for p in tree(proc.pid)]
                peak[0] = max(peak[0], sum(rss for rss, _ in sizes))
                peak[1] = max(peak[1], sum(pss for _, pss in sizes))
                wait = sampling_pause(time.monotonic() - began)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        spent = machine_spent(machine, machine_times())
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        raise RuntimeError(f"benchmark step failed: {' '.join(cmd)}\n{stderr[-3000:]}")
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_process_mib": round(usage.ru_maxrss / 1024, 1),
        "peak_tree_mib": round(peak[0] / 2**20, 1),
        "peak_tree_pss_mib": round(peak[1] / 2**20, 1),
        **spent,
        "summary": (stdout.strip().splitlines() or [""])[-1],
    }


def scaled(articles: int, run: dict, smaller: int, before: dict, after: dict) -> dict:
    """How the main build (``run``, of ``articles``) compares with the smaller one of the
    same shape built just before and just after it: times the mean of their seconds."""
    mean = (before["seconds"] + after["seconds"]) / 2
    return {
        "articles": smaller,
        "build": before,
        "build_after": after,
        "ratio_articles": round(articles / smaller, 2),
        "ratio_seconds": round(run["seconds"] / mean, 2),
    }


def build_smaller(folder: Path, articles: int, shape: str) -> dict:
    """A smaller archive of the same shape made and built in ``folder`` (build), a new one,
    left there until the benchmark ends. Nothing is removed between timed builds: on ext4
    without a journal (as on the machine of docs/performance.md) an inode freed in the last
    five minutes is not used again, and each file made meanwhile walks past every such inode:
    a 10,000-article build started just after another's removal spent 9 % of the machine's CPU
    there, one started three quiet minutes later under 1 %."""
    fresh(folder)
    make(folder / "content", articles, shape)
    return build(folder / "content", folder / "build", folder / "site")


def fresh(folder: Path) -> None:
    """``folder`` emptied of what an earlier run left there (with --keep), saying so: the
    build that follows is timed just after a removal (see build_smaller)."""
    if folder.exists():
        print(
            f"notice: removed {folder} from an earlier run; the build after it may be slower "
            "on a file system without a journal (a new --keep folder avoids it)",
            file=sys.stderr,
        )
        shutil.rmtree(folder, ignore_errors=True)


def size(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def build(content: Path, work: Path, site: Path, *extra: str) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--content",
        str(content),
        "--work-dir",
        str(work),
        "--site-dir",
        str(site),
        *extra,
    ]
    out = timed(cmd)
    out["steps"] = json.loads((work / "timings.json").read_text(encoding="utf-8"))
    return out


def _serve(site: Path) -> tuple[subprocess.Popen, str]:
    """Python's http.server on ``site`` in a process of its own (so it does not share a GIL
    with the browser's driver), on a free port: the process and the site's address."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
            str(site),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = server.stdout.readline()  # Serving HTTP on 127.0.0.1 port N (http://…/) ...
    try:
        port = int(line.split(" port ")[1].split()[0])
    except (IndexError, ValueError):
        server.kill()
        raise RuntimeError(f"the benchmark's web server did not start: {line!r}") from None
    return server, f"http://127.0.0.1:{port}"


SEARCH_FILES = ("/search-index/", "/assets/search-map.js", "/assets/archive-search.js")
"""What a search fetches: the index's files (terms, dates, what results show), the character
map and the page's search script."""

MARK = "(name) => performance.getEntriesByName(name).at(-1).startTime"
"""When the search page marked a moment (performance.mark, milliseconds from opening it). Times
are read from the page's own marks: Playwright's waiting polls less and less often, and saw the
results up to 0.45 s after the page had shown them."""


def measure_search(site: Path) -> list[dict]:
    """Each query on the search page, twice, each time in a fresh browser context (an empty
    cache). First typed once the page has loaded (its load event, then no request for half a
    second), as a reader types: the bytes of search files (SEARCH_FILES) the browser received
    from opening the page to the results; milliseconds from opening the page until it is ready
    for a query; from the page's mark when Enter reached it to the results shown (the frame
    after the page put them in), and the same from the driver's side (before it sent Enter, so
    with the driver's own delay); and hits. Then sent the moment the page is ready, while
    Material's scripts still start: milliseconds to results again (ms_to_results_at_ready).
    The site's files are written out to the disk first: measured while the disk still wrote
    back the builds' 1.5 GB, searches took up to 376 ms; after it, up to 195 ms."""
    from playwright.sync_api import sync_playwright

    # the builds' 1.5 GB written out first, as a served site's files are, not while searching
    os.sync()
    server, url = _serve(site)
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox"]
            )
            for view, query in QUERIES:
                typed = _search_once(browser, f"{url}/{view}search/", query, loaded=True)
                at_ready = _search_once(browser, f"{url}/{view}search/", query, loaded=False)
                out.append(
                    {
                        "view": view or "/",
                        "query": query,
                        **typed,
                        "ms_to_results_at_ready": at_ready["ms_to_results"],
                    }
                )
            browser.close()
    finally:
        server.kill()
        server.wait()
    return out


def _search_once(browser, address: str, query: str, loaded: bool) -> dict:
    context = browser.new_context()
    page = context.new_page()
    received = []
    page.on("requestfinished", lambda r: received.append(r))
    page.goto(address)
    page.wait_for_selector(".archive-search[data-ready]", timeout=60000)  # loaded on opening
    if loaded:
        page.wait_for_load_state("networkidle")
    ready_ms = page.evaluate(MARK, "archive-search-ready")  # from the start of navigation
    box = page.locator(".archive-search__input")
    box.fill(query)
    started = page.evaluate("() => performance.now()")
    box.press("Enter")
    page.wait_for_selector(".archive-search[data-state=done]", timeout=60000)
    page.wait_for_function("() => performance.getEntriesByName('archive-search-results').length")
    shown = page.evaluate(MARK, "archive-search-results")
    ms = shown - page.evaluate(MARK, "archive-search-query")
    page.wait_for_load_state("networkidle")
    sizes = [r.sizes() for r in received if any(part in r.url for part in SEARCH_FILES)]
    box = page.locator(".archive-search")
    hits = int(box.get_attribute("data-count"))
    complete = box.get_attribute("data-complete") == "true"  # or "at least", older ones not read
    context.close()
    return {
        "hits": hits,
        "complete": complete,
        "ms_index_ready": round(ready_ms, 1),
        "ms_to_results": round(ms, 1),
        "ms_from_driver_enter": round(shown - started, 1),
        "requests": len(sizes),
        "bytes_transferred": sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes),
    }


def naive_build(docs: Path, base: Path) -> dict:
    """The naive way, on the same Markdown: one MkDocs run, mkdocs-static-i18n for the two
    views, Material's own search plugin (which segments Chinese with jieba)."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    folders = base / "naive-docs"  # the i18n plugin's folders, named as Material's languages
    shutil.rmtree(folders, ignore_errors=True)
    folders.mkdir()
    (folders / "zh").symlink_to(docs / "zh-Hans", target_is_directory=True)
    (folders / "zh-Hant").symlink_to(docs / "zh-Hant", target_is_directory=True)
    config["docs_dir"] = str(folders)
    config["site_dir"] = str(base / "naive-site")
    config["theme"].pop("custom_dir", None)  # Material as it comes, in its own Chinese
    config["theme"]["language"] = "zh"
    for key in ("nav", "extra_css", "extra_javascript", "not_in_nav", "hooks"):
        config.pop(key, None)
    config["plugins"] = [
        {"search": {"separator": r"[\s\u200b\-，。、；：！？“”（）《》]+"}},
        "tags",
        {
            "i18n": {
                "docs_structure": "folder",
                "languages": [
                    {"locale": "zh", "default": True, "name": "简体中文", "build": True},
                    {"locale": "zh-Hant", "name": "繁體中文", "build": True},
                ],
            }
        },
    ]
    config["validation"] = {
        "omitted_files": "ignore",
        "absolute_links": "ignore",
        "unrecognized_links": "ignore",
        "anchors": "ignore",
    }
    (base / "naive.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    out = timed(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(base / "naive.yml")],
        cwd=base,
    )
    index = base / "naive-site" / "search" / "search_index.json"
    out["site_bytes"] = size(base / "naive-site")
    out["search_index_bytes"] = index.stat().st_size
    return out


def hostile_rates(folder: Path, content: Path) -> dict:
    """Reading rates of the pages that once read in quadratic time, beside an ordinary page's."""
    from bench import hostile
    from generator.resources import Resources

    folder.mkdir(parents=True, exist_ok=True)
    res = Resources()
    res.warm_up()
    ordinary = sorted(content.rglob("*.txt"))[:50]
    started = time.perf_counter()
    for page in ordinary:
        read_one(page, res, content)
    megabytes = sum(p.stat().st_size for p in ordinary) / 1e6
    return {
        "ordinary_seconds_per_mb": round((time.perf_counter() - started) / megabytes, 2),
        "one_line": hostile.reading_rate(hostile.one_line_page(folder), res),
        "many_figures": hostile.reading_rate(hostile.many_figures_page(folder), res),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--articles", type=int, default=10_000, help="articles in the main benchmark"
    )
    parser.add_argument(
        "--baseline-articles",
        type=int,
        default=1_000,
        help="articles in the comparison with the naive build; 0 skips it",
    )
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default="samples",
        help="the archive's pages (bench/synth.py): varied sample pages, long one-article "
        "pages, newspaper pages of four long articles, or half and half",
    )
    parser.add_argument(
        "--scale-articles",
        type=int,
        default=0,
        help="also build this many articles of the same shape first, in the same run, to "
        "compare how the build's time grows with the archive; 0 skips it",
    )
    parser.add_argument("--keep", help="keep the archive and outputs in this folder")
    parser.add_argument(
        "--report", help="write the results as Markdown here too (docs/performance.md)"
    )
    args = parser.parse_args(argv)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="archive-bench-"))
    out: dict = {"articles": args.articles, "shape": args.shape, "cpus": os.cpu_count()}
    try:
        content, work, site = base / "content", base / "build", base / "site"
        for folder in (content, work, site):
            fresh(folder)
        if args.scale_articles:
            scale = build_smaller(base / "scale-before", args.scale_articles, args.shape)
        pages = make(content, args.articles, args.shape)
        out["pages"] = pages
        out["build"] = build(content, work, site)
        if args.scale_articles:
            # built again after: the machine's speed drifts over a long build, and the mean of
            # the two around it is the fair measure of it, as comparisons in turns are
            after = build_smaller(base / "scale-after", args.scale_articles, args.shape)
            out["scale"] = scaled(args.articles, out["build"], args.scale_articles, scale, after)
        out["build"]["site_bytes"] = size(site)
        source = size(content, "*.txt") / 1e6
        out["build"]["source_mb"] = round(source, 1)
        out["build"]["source_mb_per_second"] = round(source / out["build"]["seconds"], 2)
        out["build"]["search_shards"] = len(list((site / "search-index").iterdir()))
        out["hostile_pages"] = hostile_rates(base / "hostile", content)
        make(content, 1, args.shape, start=pages)
        out["one_page_added"] = {
            "generator": build(content, work, site, "--no-mkdocs"),
            "whole_build": build(content, work, site),
        }
        # and another, as an editor adds page after page: the site beside the served one then
        # holds the one before the last (publish.py)
        make(content, 1, args.shape, start=pages + 1)
        out["one_page_added"]["next_page_whole_build"] = build(content, work, site)
        out["search"] = measure_search(site)
        if args.baseline_articles:
            small = base / "baseline"
            fresh(small)
            make(small / "content", args.baseline_articles, args.shape)
            ours = build(small / "content", small / "build", small / "site")
            ours["site_bytes"] = size(small / "site")
            first = measure_search(small / "site")[0]
            try:
                naive = naive_build(small / "build" / "docs", small)
            except RuntimeError as exc:
                out["baseline"] = {
                    "articles": args.baseline_articles,
                    "this_build": ours,
                    "naive_error": str(exc),
                }
                raise
            out["baseline"] = {
                "articles": args.baseline_articles,
                "this_build": ours,
                "naive_build": naive,
                "this_first_search_bytes": first["bytes_transferred"],
                "naive_first_search_bytes": naive["search_index_bytes"],
                "ratio_seconds_naive_to_this": round(naive["seconds"] / ours["seconds"], 2),
                "ratio_first_search_bytes_naive_to_this": round(
                    naive["search_index_bytes"] / first["bytes_transferred"], 1
                ),
            }
        # the results before the archive is removed: at 100,000 articles that takes minutes
        print(json.dumps(out, ensure_ascii=False, indent=1), flush=True)
        if args.report:
            from .report import markdown

            command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
            Path(args.report).write_text(markdown(out, command), encoding="utf-8")
    except RuntimeError as exc:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        sys.exit(str(exc))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
