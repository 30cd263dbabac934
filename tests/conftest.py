"""Shared fixtures: the resources (built once), the sample pages, a built site and a server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from generator.page import read_one
from generator.config import ROOT, SITE_DATA
from generator.resources import Resources

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def res() -> Resources:
    return Resources()


@pytest.fixture(scope="session")
def cases() -> dict:
    with open(Path(__file__).parent / "cases.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="session")
def read_fixture(res):
    @functools.lru_cache(maxsize=None)
    def read(name: str):
        return read_one(FIXTURES / name, res)

    return read


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """content/ built with the real command, strict, into a temporary folder."""
    from generator.cli import main

    base = tmp_path_factory.mktemp("site")
    site = base / "site"
    code = main(["build", "--strict", "--site-dir", str(site), "--work-dir", str(base / "build")])
    assert code == 0, "the strict build of content/ failed; run 'make site' to see why"
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    with serving(built_site) as url:
        yield url


@contextlib.contextmanager
def serving(folder: Path):
    """``folder`` served on a free local port while the block runs; yields its address."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def dated_archive(folder: Path, dates: dict[str, str], **settings) -> tuple[Path, Path]:
    """(content, site data) in ``folder``: the pages of content/ named in ``dates`` (page file
    stem -> YYYY-MM-DD), each with a header giving its date, and a copy of site-data/ with
    ``settings`` put into site.yaml."""
    site_data = folder / "site-data"
    shutil.copytree(SITE_DATA, site_data)
    config = yaml.safe_load((site_data / "site.yaml").read_text(encoding="utf-8"))
    config.update(settings)
    (site_data / "site.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    content = folder / "content"
    content.mkdir()
    for name, date in dates.items():
        text = (CONTENT / f"{name}.txt").read_text(encoding="utf-8")
        (content / f"{name}.txt").write_text(f"---\ndate: {date}\n---\n{text}", encoding="utf-8")
    return content, site_data


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
