"""The preview: both views served, and a changed page rebuilt without restarting."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from generator.config import ROOT

from .conftest import CONTENT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_rebuilds_a_changed_page(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    page = content / "one.txt"
    page.write_text(
        (CONTENT / "002_47b14402c1a80d79.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--content",
            str(content),
            "--site-dir",
            str(tmp_path / "site"),
            "--work-dir",
            str(tmp_path / "build"),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True
    )
    reader.start()

    def after_change() -> str:
        return "".join(lines).split("changed: ", 1)[1] if "changed: " in "".join(lines) else ""

    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: "拉萨市城关区" in fetch(f"{base}/articles/one-01/"), 90)
        assert "拉薩市城關區" in fetch(f"{base}/zh-Hant/articles/one-01/")
        page.write_text(
            "尼木县培训村级党组织专干\n\n尼木县举办了为期两天的培训班。\n", encoding="utf-8"
        )
        assert wait_for(lambda: "尼木县培训村级党组织专干" in fetch(f"{base}/articles/one-01/"), 90)
        # the summary of the rebuild comes just after the site is swapped in
        assert wait_for(lambda: "from the cache" in after_change(), 30), "".join(lines)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        reader.join(timeout=5)
    assert "(0 from the cache" in after_change()  # the changed page was read anew


def test_a_page_saved_during_the_first_build_is_rebuilt(tmp_path, monkeypatch):
    import generator.serve as preview

    content = tmp_path / "content"
    content.mkdir()
    page = content / "one.txt"
    page.write_text("标题\n\n正文。\n", encoding="utf-8")
    builds: list[str] = []

    def build_site(content_dir, site_dir, strict, work):
        builds.append(page.read_text(encoding="utf-8"))
        if len(builds) == 1:  # the editor saves while the first build runs
            page.write_text("标题\n\n改过的正文。\n", encoding="utf-8")
        return 0

    rounds = iter(range(3))

    def sleep(seconds):
        if next(rounds, None) is None:
            raise KeyboardInterrupt

    monkeypatch.setattr(preview, "build_site", build_site)
    monkeypatch.setattr(preview.time, "sleep", sleep)
    assert preview.serve(content, tmp_path / "site", tmp_path / "build", free_port()) == 0
    assert builds == ["标题\n\n正文。\n", "标题\n\n改过的正文。\n"]
