"""Shared fixtures: the resources (built once), the sample pages, a built site and a server."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml

from generator.page import read_one
from generator.config import ROOT
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
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
