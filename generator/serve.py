"""The preview: both views served on localhost, rebuilt when a page or site-data changes."""

from __future__ import annotations

import functools
import gc
import http.server
import sys
import threading
import time
from pathlib import Path

from .config import ROOT, load_settings
from .read import page_files
from .build import build_site


def _snapshot(content: Path) -> dict:
    watched = [*page_files(content), *(ROOT / "site-data").glob("*")]
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in watched if p.exists()}


def serve(content: Path, site_dir: Path, work: Path, port: int, interval: float = 1.0) -> int:
    """Serve both views on 127.0.0.1; when a page or site-data changes, read only what changed
    (the page cache), and let MkDocs render only the pages that changed (as every build does).
    Ctrl-C stops.

    What the first build reads is noted before it starts, so a page saved while it runs (or
    before the server answers) is rebuilt rather than missed."""
    seen = _snapshot(content)
    code = _build(content, site_dir, work)
    if code:
        return code
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    others = ", ".join(f"{v.lang}: /{v.root}" for v in load_settings().views[1:])
    print(
        f"serving {site_dir} at http://127.0.0.1:{port}/ ({others}); "
        f"watching {content} and site-data/; Ctrl-C stops"
    )
    try:
        while True:
            time.sleep(interval)
            now = _snapshot(content)
            if now != seen:
                changed = sorted(
                    str(p) for p in set(now) ^ set(seen) | {p for p in now if now[p] != seen.get(p)}
                )
                print(f"changed: {', '.join(changed)}")
                seen = now
                _build(content, site_dir, work)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


def _build(content: Path, site_dir: Path, work: Path) -> int:
    """One build of the preview (build_site), its summary shown at once; exit code."""
    code = build_site(content, site_dir, strict=False, work=work)
    sys.stdout.flush()  # the summary, at once, when the output is a pipe
    gc.unfreeze()  # what the build froze (cache.collector_paused) may go now
    return code


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
