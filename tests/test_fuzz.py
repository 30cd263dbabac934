"""Random bytes and random headers, read as pages: a clean error or a reading, never a traceback,
and never a hang (each example runs under a generous alarm)."""

import contextlib
import os
import signal

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.page import read_one
from generator.check import check
from generator.read import PageError

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
HANG_GUARD_S = 60
"""Seconds one example may take: a hundred times what the slowest takes here."""


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_GUARD_S):
    def stop(*_):
        raise TimeoutError(f"reading one page took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


KEYS = [
    "publisher",
    "url",
    "date",
    "edition_page",
    "titles",
    "split_before",
    "themes",
    "regions",
    "id",
    "other",
]
SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(-5, 10**6),
    st.sampled_from(
        [
            "2021-02-30",
            "2021-10-18",
            "&a [x]",
            "*a",
            "[[[[[[",
            "{x: {y: {z: 1}}}",
            "~",
            "!!python/object:os.system",
            "'\x00'",
            "林芝市",
            "industry",
            "1: 标题",
            "- 3",
        ]
    ),
)
HEADER_LINES = st.lists(
    st.tuples(st.sampled_from(KEYS), SCALARS).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=6
)
BODY = st.sampled_from(
    [
        "林芝市产业兴旺\n本报记者 张三\n林芝市大力发展产业，带动群众增收1200元。\n",
        "",
        "\x00\x01",
        "正文",
        "<script>alert(1)</script>\n",
        "———\n",
    ]
)


def read_or_refuse(tmp_path, data: bytes) -> None:
    page = tmp_path / "fuzz.txt"
    page.write_bytes(data)
    with hang_guard():
        try:
            read_one(page, RES)
        except PageError as exc:
            assert str(exc).startswith(str(page)), exc


RES = None


def setup_module():
    global RES
    from generator.resources import Resources

    RES = Resources()


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_are_a_page_error_or_a_reading(tmp_path_factory, data):
    read_or_refuse(tmp_path_factory.mktemp("fuzz"), data)


@SETTINGS
@given(lines=HEADER_LINES, body=BODY)
def test_random_headers_are_a_page_error_or_a_reading(tmp_path_factory, lines, body):
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    read_or_refuse(tmp_path_factory.mktemp("fuzz"), text.encode("utf-8", "surrogatepass"))


@settings(
    max_examples=max(5, EXAMPLES // 6), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(lines=HEADER_LINES, body=BODY)
def test_check_reports_any_header_in_lines_never_a_traceback(tmp_path_factory, capsys, lines, body):
    content = tmp_path_factory.mktemp("content")
    (content / "p.txt").write_text(
        "---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8", errors="surrogatepass"
    )
    with hang_guard():
        code = check([content], content, strict=False)
    out = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in out.err + out.out


def test_a_long_line_and_many_figures_read_in_linear_time(tmp_path):
    """Budget: an ordinary page's rate (about 1.5 s a MB here); the guard is ten times that."""
    from bench import hostile

    for page, megabytes in (
        (hostile.one_line_page(tmp_path, 3.0), 3.0),
        (hostile.many_figures_page(tmp_path, 10_000), 0.5),
    ):
        with hang_guard(int(15 * megabytes) + 15):
            rate = hostile.reading_rate(page, RES)
        print(rate)
        assert rate["seconds_per_mb"] < 15, rate
