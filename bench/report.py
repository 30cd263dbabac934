"""docs/performance.md from a benchmark run's results (bench.run --report)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from generator.build import STAGES

ABOUT = """\
# Performance

What `make bench` measured on its last run, written by it (`python -m bench.run --report
docs/performance.md`). The benchmark makes a synthetic archive from the sample pages (each page
varied, dated a page a day from 2016), runs the real `build` on it, adds one page and builds
again, reads two hostile pages (one 3 MB line; 10,000 figures), measures first searches in
headless Chromium, and builds a smaller archive the naive way (Material with its search and tags
plugins, one static-i18n folder per script) for comparison. `--shape` picks the archive's
pages (bench/synth.py): the varied sample pages, long one-article pages of about 3,000
characters, newspaper pages of four such articles, or half and half (`mixed`).

Seconds are whole-process wall seconds of one run. Memory is the peak of the build's whole
process tree, sampled (every 0.1 s, or less often where large processes make a sample slow, so
that sampling takes at most a tenth of a CPU from the build): proportional (a page that forked
processes share counted once, what the tree takes from the machine) and resident (each
process's resident memory added up, shared pages counted in each); then the peak of its
largest process. Beside a build, the machine's CPU seconds meanwhile: idle, idle while a process
waited on the disk, and taken by the host from this virtual machine (/proc/stat).
This machine's speed moves by a third from hour to hour: compare changes by running both in
turns, as ratios, not against these figures. Each timed build has a folder of its own, and
nothing is removed until the last has run: on ext4 without a journal, as here, files made
within five minutes of a large removal cost the kernel many times their usual CPU.
"""


def _gib(mib: float) -> str:
    return f"{mib / 1024:.2f} GiB"


def _memory(run: dict) -> str:
    """The tree's peaks: proportional (where measured) and resident."""
    pss = run.get("peak_tree_pss_mib")
    return (f"{_gib(pss)} / " if pss is not None else "") + _gib(run["peak_tree_mib"])


def _machine(what: str, run: dict) -> str:
    """Where the machine's CPUs were while a build ran, beside its own CPU seconds: idle time
    in a CPU-bound build means it waited (on the disk, when the wait is iowait)."""
    return (
        f"While {what} ran ({run['seconds']} s), the machine's CPUs sat idle "
        f"{run['machine_idle_seconds']} CPU seconds, waited on the disk "
        f"{run['machine_iowait_seconds']}, and lost {run['machine_steal_seconds']} to the host.\n"
    )


def markdown(out: dict, command: str) -> str:
    """The report: a few tables, then the run's whole JSON."""
    commit = _commit()
    build, added = out["build"], out["one_page_added"]
    lines = [
        ABOUT,
        f"## Last run\n\n`{command}` on commit {commit}, {out['cpus']} CPUs.\n",
        (
            f"| {out['articles']:,} articles ({out['pages']:,} pages, "
            f"{out.get('shape', 'samples')}) | seconds | CPU seconds | "
            "peak memory (tree proportional / tree resident / largest) |"
        ),
        "| --- | --- | --- | --- |",
        (
            f"| full build of both views | {build['seconds']} | {build['cpu_seconds']} | "
            f"{_memory(build)} / {_gib(build['peak_process_mib'])} |"
        ),
    ]
    lines += _steps(build["steps"])
    for name, run in (
        ("one page added: generator alone", added["generator"]),
        ("one page added: whole build", added["whole_build"]),
        ("another page added: whole build", added.get("next_page_whole_build")),
    ):
        if run is None:  # a run from before it was measured
            continue
        lines.append(f"| {name} | {run['seconds']} | {run['cpu_seconds']} | {_memory(run)} |")
    scale = out.get("scale")
    if scale:
        for when, key in (("before", "build"), ("after", "build_after")):
            if key in scale:  # a run from before it was built after too has only the first
                run = scale[key]
                lines.append(
                    f"| {scale['articles']:,} articles of the same shape, built {when} | "
                    f"{run['seconds']} | {run['cpu_seconds']} | {_memory(run)} |"
                )
        around = "the mean of the smaller builds" if "build_after" in scale else "the smaller"
        lines.append(
            f"\nWith {scale['ratio_articles']} times the articles, the full build took "
            f"{scale['ratio_seconds']} times as long as {around}.\n"
        )
    lines += [
        _machine(what, run)
        for what, run in (
            ("the full build", build),
            ("the smaller build before", (scale or {}).get("build")),
            ("the smaller build after", (scale or {}).get("build_after")),
        )
        if run and "machine_idle_seconds" in run
    ]
    rate = ""
    if "source_mb" in build:
        rate = (
            f" from {build['source_mb']:,} MB of source, read and built at "
            f"{build['source_mb_per_second']} MB a second"
        )
    lines.append(
        f"\nThe site: {build['site_bytes'] / 1e6:,.0f} MB, {build['search_shards']} search "
        f"shards{rate}.\n"
    )
    lines += [
        "| first search | view | results | requests | bytes | ms to results |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {s['query']} | /{s['view'].strip('/')} | "
        f"{'' if s.get('complete', True) else 'at least '}{s['hits']:,} | {s['requests']} | "
        f"{s['bytes_transferred']:,} | {s['ms_to_results']} |"
        for s in out.get("search", [])
    ]
    hostile = out.get("hostile_pages")
    if hostile:
        lines.append(
            f"\nHostile pages: a {hostile['one_line']['megabytes']} MB line read at "
            f"{hostile['one_line']['seconds_per_mb']} s/MB and "
            f"{hostile['many_figures']['megabytes']} MB "
            f"of figures at {hostile['many_figures']['seconds_per_mb']} s/MB, beside "
            f"{hostile['ordinary_seconds_per_mb']} s/MB for an ordinary page."
        )
    base = out.get("baseline")
    if base and "naive_build" in base:
        lines.append(
            f"\nBeside the naive build of {base['articles']:,} articles: "
            f"{base['this_build']['seconds']} s against {base['naive_build']['seconds']} s "
            f"({base['ratio_seconds_naive_to_this']}× faster), and a first search of "
            f"{base['this_first_search_bytes']:,} bytes against the naive index's "
            f"{base['naive_first_search_bytes']:,}."
        )
    lines += [
        "\n## The run's results\n",
        "```json",
        json.dumps(out, ensure_ascii=False, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)


def _steps(steps: dict) -> list[str]:
    """A table row per step of the build, the generator's own stages below its row."""
    stages = steps.get(STAGES, {})
    rows = []
    for step, seconds in steps.items():
        if step in ("total", STAGES):
            continue
        rows.append(f"| — {step} | {seconds} | | |")
        if step == "generator":
            rows += [f"| —— {stage} | {s} | | |" for stage, s in stages.items()]
    return rows


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=False,  # a status that fails reads as a clean tree; the commit was found
            cwd=Path(__file__).parent,
        ).stdout.strip()
        return head + (" with changes not committed" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
