"""The commands: build, inspect, check, serve. Thin: parse, call, print."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import ROOT, SITE_DATA, ConfigError
from .read import PageError


def inspect_json(result) -> dict:
    page = result.page
    return {
        "source": result.publisher,
        "script": result.script,
        "page": {
            "file": page.source_name,
            "id": page.id,
            "publisher": result.publisher,
            "url": page.header.url,
            "date": result.date,
            "edition_page": result.edition_page,
        },
        "articles": [
            {
                "id": a.id,
                "kicker": a.kicker,
                "title": a.title,
                "display_title": a.display_title,
                "subtitle": a.subtitle,
                "byline": a.byline,
                "authors": list(a.authors),
                "photographers": list(a.photographers),
                "dateline": a.dateline,
                "date": a.date,
                "blocks": [{"kind": b.kind, "text": b.text, "line": b.line} for b in a.blocks],
                "regions": [r.name for r in a.regions],
                "themes": list(a.themes),
                "figures": [
                    {
                        "text": f.text,
                        "value": f.value,
                        "unit": f.unit,
                        "label": f.label,
                        "kind": f.kind,
                        "approx": f.approx,
                        "high": f.high,
                        "year": f.year,
                        "line": f.line,
                    }
                    for f in a.figures
                ],
                "date_inferred": a.date_inferred,
                "warnings": [
                    {"code": n.code, "message": n.message, "line": n.line} for n in a.notices
                ],
            }
            for a in result.articles
        ],
        "removed": [{"reason": r.reason, "text": r.text, "line": r.line} for r in result.removed],
    }


def inspect_text(result) -> str:
    data = inspect_json(result)
    out = [
        f"{data['page']['file']}: {len(data['articles'])} articles, script {data['script']}, "
        f"publisher {data['source'] or '-'}, edition page {data['page']['edition_page'] or '-'}"
    ]
    for a in data["articles"]:
        out.append("")
        title = a["title"] or f"(no headline; shown as “{a['display_title']}”)"
        out.append(f"[{a['id']}] {title}")
        for key in ("kicker", "subtitle", "dateline", "date"):
            if a[key]:
                out.append(f"  {key}: {a[key]}")
        for key in ("authors", "photographers", "regions", "themes"):
            if a[key]:
                out.append(f"  {key}: {'、'.join(a[key])}")
        if a["figures"]:
            out.append("  figures: " + "；".join(f["text"] for f in a["figures"]))
        for b in a["blocks"]:
            text = b["text"] if len(b["text"]) <= 40 else b["text"][:40] + "…"
            out.append(f"  {b['line']:>4} {b['kind']:<9} {text}")
        for w in a["warnings"]:
            out.append(f"  ! line {w['line']}: {w['code']}: {w['message']}")
    if data["removed"]:
        out.append("")
        out.append("removed:")
        for r in data["removed"]:
            text = r["text"] if len(r["text"]) <= 40 else r["text"][:40] + "…"
            out.append(f"  {r['line']:>4} {r['reason']:<13} {text}")
    return "\n".join(out)


def inspect_lines(result) -> str:
    """Every line of the page text with what it became: ``title of article 2``, ``paragraph 3 of
    article 1``, ``removed: teaser list`` — so a misreading shows at a glance."""
    became: dict[int, list[str]] = {}
    for article in result.articles:
        for no, part in article.parts:
            became.setdefault(no, []).append(f"{part} of article {article.number}")
    for r in result.removed:
        label = f"removed: {r.reason}"
        if label not in became.get(r.line, []):
            became.setdefault(r.line, []).append(label)
    page = result.page
    rows = page.text.split("\n")
    width = max((len("; ".join(v)) for v in became.values()), default=10)
    out = []
    for offset, text in enumerate(rows):
        no = page.first_line + offset
        what = "; ".join(became.get(no, [])) or ("" if not text.strip() else "?")
        out.append(f"{no:>5}  {what:<{width}}  {text.strip()}".rstrip())
    notes = [
        f"  ! line {n.line}: {n.code}: {n.message}" for a in result.articles for n in a.notices
    ]
    return "\n".join(out + ([""] + notes if notes else []))


def cmd_inspect(args) -> int:
    from .page import read_one
    from .resources import Resources

    res = Resources()
    result = read_one(Path(args.page), res)
    if args.json:
        print(json.dumps(inspect_json(result), ensure_ascii=False, indent=1))
    elif args.lines:
        print(inspect_lines(result))
    else:
        print(inspect_text(result))
    return 0


def cmd_check(args) -> int:
    from .check import check

    return check(
        [Path(p) for p in args.paths] or [Path(args.content)], Path(args.content), args.strict
    )


def cmd_ids(args) -> int:
    from . import ids
    from .page import read_one
    from .read import page_files
    from .resources import Resources

    res = Resources()
    content = Path(args.content)
    pages = []
    for path in page_files(content):
        try:
            result = read_one(path, res, content)
        except PageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        simplify = res.to_simplified.convert if result.script == "zh-Hant" else None
        pages.append((result.page.id, list(result.articles), simplify))
    target = res.settings.site_data / "article-ids.yaml"
    target.write_text(ids.record(pages), encoding="utf-8")
    print(
        f"wrote the ids of {sum(len(a) for _, a, _ in pages)} articles on {len(pages)} pages to "
        f"{target} — "
        f"commit it",
        file=sys.stderr,
    )
    return 0


def cmd_build(args) -> int:
    from .build import build_site

    return build_site(
        Path(args.content),
        Path(args.site_dir),
        strict=args.strict,
        mkdocs=not args.no_mkdocs,
        work=Path(args.work_dir),
        site_url=args.site_url,
        shard_limit=args.search_shard_articles,
        site_data=Path(args.site_data),
    )


def cmd_shard(args) -> int:
    from . import shards

    part = shards.Part.parse(args.part)
    if args.step == "render" and not args.out:
        raise shards.ShardError("shard render needs --out: the folder for the part's pages")
    if args.step == "read":
        return shards.read_part(
            Path(args.content),
            Path(args.work_dir),
            part,
            Path(args.summaries),
            Path(args.site_data),
        )
    return shards.render_part(
        Path(args.content),
        Path(args.work_dir),
        part,
        Path(args.summaries),
        Path(args.out),
        site_url=args.site_url,
        shard_limit=args.search_shard_articles,
        site_data=Path(args.site_data),
    )


def cmd_assemble(args) -> int:
    from . import shards

    return shards.assemble(
        Path(args.content),
        Path(args.work_dir),
        Path(args.summaries),
        [Path(p) for p in args.parts],
        Path(args.site_dir),
        site_url=args.site_url,
        strict=args.strict,
        shard_limit=args.search_shard_articles,
        site_data=Path(args.site_data),
    )


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(Path(args.content), Path(args.site_dir), Path(args.work_dir), args.port)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build the bilingual archive site from the pages in content/.",
    )
    p.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser(
        "build", help="read content/, write both script views and build the site with MkDocs"
    )
    b.add_argument(
        "--content", default=str(ROOT / "content"), help="folder of page files (default: content/)"
    )
    b.add_argument(
        "--site-data",
        default=str(SITE_DATA),
        help="folder of site data: views, labels, rules (default: site-data/)",
    )
    b.add_argument(
        "--site-dir", default=str(ROOT / "site"), help="where the built site goes (default: site/)"
    )
    b.add_argument(
        "--strict", action="store_true", help="fail on any warning, before anything is written"
    )
    b.add_argument(
        "--work-dir",
        default=str(ROOT / "build"),
        help="where the Markdown views and MkDocs configurations are written (default: build/)",
    )
    b.add_argument(
        "--no-mkdocs", action="store_true", help="write the Markdown views only, not the site"
    )
    b.add_argument(
        "--search-shard-articles",
        type=int,
        metavar="N",
        help="articles per search index shard at most (default: site-data/site.yaml)",
    )
    b.add_argument(
        "--site-url",
        help="the address the site is served at (default: site_url in mkdocs.yml); "
        "the sitemap and the feeds' links use it",
    )
    b.set_defaults(func=cmd_build)

    h = sub.add_parser(
        "shard",
        help="one part of a build split over machines: read its pages, or render them "
        "(generator/shards.py)",
    )
    h.add_argument("step", choices=["read", "render"], help="read: step 1; render: step 2")
    h.add_argument("--part", required=True, help="K/N: this part, of N")
    h.add_argument(
        "--summaries",
        required=True,
        help="folder of the parts' summaries (read writes this part's; render reads them all)",
    )
    h.add_argument("--out", help="render: the folder the part's pages go to, for assemble")
    a = sub.add_parser(
        "assemble", help="the site from every part's pages (after shard read and shard render)"
    )
    a.add_argument("--summaries", required=True, help="folder of every part's summary")
    a.add_argument(
        "parts", nargs="+", help="the folders shard render wrote (its --out), one per part"
    )
    a.add_argument(
        "--site-dir", default=str(ROOT / "site"), help="where the built site goes (default: site/)"
    )
    a.add_argument(
        "--strict", action="store_true", help="fail on any warning, before anything is written"
    )
    for command in (h, a):
        command.add_argument(
            "--content",
            default=str(ROOT / "content"),
            help="folder of page files (default: content/)",
        )
        command.add_argument(
            "--site-data", default=str(SITE_DATA), help="folder of site data (default: site-data/)"
        )
        command.add_argument(
            "--work-dir",
            default=str(ROOT / "build"),
            help="this step's work folder (default: build/)",
        )
        command.add_argument("--site-url", help="the address the site is served at")
        command.add_argument("--search-shard-articles", type=int, metavar="N", help="as for build")
    h.set_defaults(func=cmd_shard)
    a.set_defaults(func=cmd_assemble)

    i = sub.add_parser(
        "inspect", help="show how one page reads: articles, fields, blocks, removed text"
    )
    i.add_argument("page", help="a page file")
    i.add_argument(
        "--json", action="store_true", help="print the reading as JSON (the contract tests use)"
    )
    i.add_argument(
        "--lines",
        action="store_true",
        help="print every line of the page with what it became (title, paragraph 3 of article 2, "
        "removed: teaser list…)",
    )
    i.set_defaults(func=cmd_inspect)

    c = sub.add_parser("check", help="report problems in pages as file:line: problem — fix")
    c.add_argument("paths", nargs="*", help="page files or folders (default: content/)")
    c.add_argument(
        "--content", default=str(ROOT / "content"), help="the content folder, for page ids"
    )
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    c.set_defaults(func=cmd_check)

    d = sub.add_parser(
        "ids",
        help="record every article's id in site-data/article-ids.yaml, so that a "
        "better reading keeps its address",
    )
    d.add_argument(
        "--content", default=str(ROOT / "content"), help="folder of page files (default: content/)"
    )
    d.set_defaults(func=cmd_ids)

    s = sub.add_parser("serve", help="build, serve both views on localhost, rebuild what changes")
    s.add_argument("--content", default=str(ROOT / "content"), help="folder of page files")
    s.add_argument("--site-dir", default=str(ROOT / "site"), help="where the built site goes")
    s.add_argument("--work-dir", default=str(ROOT / "build"), help="where the Markdown views go")
    s.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    s.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, PageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001  (one line, not a traceback, unless --debug)
        if args.debug:
            raise
        print(f"error: {problem(exc)}", file=sys.stderr)
        return 1


def problem(exc: Exception) -> str:
    """What went wrong, in one line with what to do."""
    from concurrent.futures.process import BrokenProcessPool

    from .shards import ShardError

    if isinstance(exc, ShardError):
        return str(exc)
    if isinstance(exc, PermissionError):
        return (
            f"{exc.filename}: permission denied — make it writable or choose another "
            "--site-dir/--work-dir"
        )
    if isinstance(exc, OSError) and exc.errno == 28:
        return (
            f"{exc.filename or 'the disk'}: no space left — free some space and build again; "
            "the last site is untouched"
        )
    if isinstance(exc, BrokenProcessPool):
        return (
            "a worker process was stopped (killed, or out of memory) — build again; "
            "the last site is untouched"
        )
    if isinstance(exc, OSError):
        return f"{exc.filename or ''}: {exc.strerror or exc} — check the path and build again"
    return f"{type(exc).__name__}: {exc} — run again with --debug and report it"
