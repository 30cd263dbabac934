"""File -> Page: decoding, the optional YAML header, a stable id."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import yaml

from .markup import LOADER
from .models import Header, Notice, Page

HEADER_KEYS = {
    "publisher",
    "url",
    "date",
    "edition_page",
    "titles",
    "split_before",
    "themes",
    "regions",
    "id",
    "added",
}
PAGE_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class PageError(Exception):
    """A page cannot be read; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Listing:
    """What the content folder holds, from one walk that follows no link: ``pages``, regular
    files named *.txt, *.html or *.htm (inside the folder, as the walk found them there);
    ``suspects``, links (to files or folders) and special files named so, for ``refused`` to
    name; ``hidden``, files named so whose name starts with a dot. Hidden folders are not
    walked."""

    pages: tuple[Path, ...]
    suspects: tuple[Path, ...]
    hidden: tuple[Path, ...]

    def candidates(self) -> tuple[Path, ...]:
        """Pages and suspects together, in order."""
        if not self.suspects:
            return self.pages
        return tuple(sorted([*self.pages, *self.suspects], key=lambda p: p.parts))


def content_listing(content: Path) -> Listing:
    """The Listing of ``content``, each part in order (as paths sort)."""
    pages: list[str] = []
    suspects: list[str] = []
    hidden: list[str] = []

    def walk(folder: str) -> None:
        with os.scandir(folder) as listed:
            for item in listed:
                name = item.name
                if item.is_dir(follow_symlinks=False):
                    if not name.startswith("."):
                        walk(item.path)
                elif item.is_symlink() and item.is_dir():  # a link to a folder
                    if not name.startswith("."):
                        suspects.append(item.path)
                elif name.endswith(PAGE_SUFFIXES):
                    if name.startswith("."):
                        hidden.append(item.path)
                    elif item.is_file(follow_symlinks=False):
                        pages.append(item.path)
                    else:
                        suspects.append(item.path)

    if os.path.isdir(content):
        walk(os.fspath(content))
    return Listing(
        *(tuple(Path(p) for p in sorted(part, key=_parts)) for part in (pages, suspects, hidden))
    )


def _parts(path: str) -> list[str]:
    """How paths sort: by their parts (a/b.txt before a-b/c.txt), as pathlib's do."""
    return path.split(os.sep)


def page_files(content: Path) -> list[Path]:
    """The pages under ``content``, in order: files named *.txt, *.html or *.htm, hidden files
    and folders left out. Symbolic links (to files or folders) and special files are listed
    too, for ``refused`` to name: they are never read."""
    return list(content_listing(content).candidates())


def hidden_files(content: Path) -> list[Path]:
    """Files named like pages that are not read because their name starts with a dot."""
    return list(content_listing(content).hidden)


def refused(path: Path, content: Path | None, root: str | None = None) -> str | None:
    """Why ``path`` may not be read as a page, or None: a page is a regular file inside the
    content folder. A symbolic link would publish whatever it points to. ``root``: the content
    folder's real path, where the caller asks for many pages."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"{path}:1: cannot be read ({exc.strerror}) — check the file"
    if stat.S_ISLNK(st.st_mode):
        return (
            f"{path}:1: a symbolic link, not a page — pages must be regular files inside content/: "
            f"put the file itself there"
        )
    if not stat.S_ISREG(st.st_mode):
        return f"{path}:1: not a regular file — remove it from content/"
    if content is not None:
        root = root or os.path.realpath(content)
        if os.path.commonpath([root, os.path.realpath(path)]) != root:
            return f"{path}:1: lies outside {content} — pages must be regular files inside content/"
    return None


def decode(path: Path, data: bytes) -> tuple[str, tuple[Notice, ...]]:
    """UTF-8 as it should be; other encodings are detected, read, and reported."""
    if not data.strip():
        raise PageError(f"{path}:1: the page is empty — add its text or remove the file")
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            if enc == "utf-16":
                return text, (Notice("encoding", "read as UTF-16 — save the file as UTF-8", 1),)
            return text, ()
    if b"\x00" in data[:4096] and not _text_with_stray_nuls(data):
        order = _utf16_order(data)
        if order is None:
            raise PageError(
                f"{path}:1: binary file, not text — remove it from content/ or export it as UTF-8 "
                "text"
            )
        return data.decode(order, errors="replace"), (
            Notice(
                "encoding",
                f"UTF-16 without a byte-order mark, read as {order.upper()} — save the file as "
                "UTF-8",
                1,
            ),
        )
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding.replace("_", "") not in ENCODINGS:
            raise PageError(
                f"{path}:{line}: not UTF-8 and no Chinese encoding fits — save the file as UTF-8"
            ) from exc
        name = ENCODINGS[best.encoding.replace("_", "")]
        return str(best), (
            Notice("encoding", f"not UTF-8; read as {name} — save the file as UTF-8", line),
        )


def _text_with_stray_nuls(data: bytes) -> bool:
    """UTF-8 text with a few NUL bytes in it (they are removed and reported when it is read)."""
    head = data[:4096]
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in head)
    if head.count(0) > 8 or controls > 0.01 * len(head):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_order(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the zero bytes of the start of ``data`` all stand at
    one parity and it reads in that order as text (Chinese, ASCII and line ends): UTF-16 without
    a byte-order mark. None for anything else."""
    head = data[:4096]
    head = head[: len(head) // 2 * 2]
    zero_even, zero_odd = head[0::2].count(0), head[1::2].count(0)
    order = (
        "utf-16-le"
        if zero_odd and not zero_even
        else "utf-16-be"
        if zero_even and not zero_odd
        else None
    )
    if order is None:
        return None
    try:
        text = head.decode(order)
    except UnicodeDecodeError:
        return None
    readable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return order if readable >= 0.95 * len(text) else None


ENCODINGS = {
    "gb18030": "GB18030",
    "gbk": "GBK",
    "gb2312": "GB2312",
    "big5": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "utf16": "UTF-16",
    "utf16le": "UTF-16",
    "utf16be": "UTF-16",
    "hz": "HZ",
}
"""Encodings a Chinese page may come in (charset-normalizer's names without '_')."""


HEADER_DEPTH = 4
"""Nesting a header needs at most (titles: a mapping of lists); deeper is refused before loading."""


def _screen_header(path: Path, block: str, first: int) -> None:
    """Refuse, before anything is built from it, a header that uses YAML aliases (an alias bomb
    expands to billions of items), nests deeper than HEADER_DEPTH, or gives a key twice."""
    depth, keys = 0, [set()]
    expect_key = [False]
    for event in yaml.parse(block, Loader=LOADER):
        line = first + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise PageError(
                f"{path}:{line}: the header uses a YAML anchor or alias (&, *) — write the values "
                "out"
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if expect_key[-1]:
                raise PageError(
                    f"{path}:{line}: a header key must be a plain word — fix the header"
                )
            if expect_key[-1] is False and len(expect_key) > 1:
                expect_key[-1] = True
            depth += 1
            if depth > HEADER_DEPTH:
                raise PageError(
                    f"{path}:{line}: the header nests deeper than {HEADER_DEPTH} levels — "
                    f"write 'key: value' lines as the editors' guide shows"
                )
            mapping = isinstance(event, yaml.MappingStartEvent)
            expect_key.append(True if mapping else None)
            keys.append(set())
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            expect_key.pop()
            keys.pop()
        elif isinstance(event, yaml.ScalarEvent):
            if expect_key[-1] is True:
                if event.value in keys[-1]:
                    raise PageError(
                        f"{path}:{line}: the header gives '{event.value}' twice — keep one"
                    )
                keys[-1].add(event.value)
                expect_key[-1] = False
            elif expect_key[-1] is False:
                expect_key[-1] = True


def _header(path: Path, block: str, first: int) -> Header:
    try:
        _screen_header(path, block, first)
        # libyaml's: a fifth of the time PyYAML's own took
        data = yaml.load(block, Loader=LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + (mark.line if mark else 0)
        raise PageError(
            f"{path}:{line}: the header is not valid YAML — fix it or remove the --- lines"
        ) from exc
    except (
        ValueError,
        OverflowError,
        RecursionError,
    ) as exc:  # 2021-02-30 read as a date, and the like
        raise PageError(
            f"{path}:{first}: the header holds a value that cannot be read ({exc}) — "
            f"write dates as YYYY-MM-DD and fix the value"
        ) from exc
    if not isinstance(data, dict):
        raise PageError(f"{path}:{first}: the header must be 'key: value' lines")
    unknown = sorted(set(data) - HEADER_KEYS)
    if unknown:
        raise PageError(
            f"{path}:{first}: unknown header key {', '.join(unknown)} — "
            f"use {', '.join(sorted(HEADER_KEYS))}"
        )
    date, added = (_date(path, first, key, data.get(key)) for key in ("date", "added"))
    titles = data.get("titles") or {}
    themes = data.get("themes") or {}
    regions = data.get("regions") or {}
    if not all(isinstance(x, dict) for x in (titles, themes, regions)):
        raise PageError(
            f"{path}:{first}: 'titles', 'themes' and 'regions' map an article number to a value"
        )
    page_id = data.get("id")
    if page_id is not None and not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z_-]{0,80}", str(page_id)):
        raise PageError(
            f"{path}:{first}: id {page_id!r} — use letters, digits, '-' and '_' only "
            f"(no '/', '\\' or '..')"
        )
    try:
        return Header(
            publisher=_text(data.get("publisher")),
            url=_text(data.get("url")),
            date=date,
            edition_page=None if data.get("edition_page") is None else str(data["edition_page"]),
            titles=tuple(sorted((int(k), str(v)) for k, v in titles.items())),
            split_before=tuple(sorted(int(x) for x in data.get("split_before") or [])),
            themes=tuple(sorted((int(k), _names(v)) for k, v in themes.items())),
            regions=tuple(sorted((int(k), _names(v)) for k, v in regions.items())),
            id=None if page_id is None else str(page_id),
            added=added,
        )
    except (TypeError, ValueError) as exc:
        raise PageError(
            f"{path}:{first}: article numbers and split_before lines must be whole numbers"
        ) from exc


def _date(path: Path, first: int, key: str, value) -> str | None:
    """A header date as YYYY-MM-DD."""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.strftime("%Y-%m-%d")
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        raise PageError(f"{path}:{first}: {key} {value!r} — write it as YYYY-MM-DD")
    return None if value is None else str(value)


def _text(value) -> str | None:
    """A header value read as text (publisher: 1 is the text "1")."""
    return None if value is None else str(value)


def _names(value) -> tuple[str, ...]:
    return tuple([value] if isinstance(value, str) else (str(v) for v in value))


def page_id(path: Path, content: Path | None) -> str:
    """The page's file path as a URL-safe id; a short hash of the path keeps apart names
    that differ only in characters a URL id cannot hold (西藏日报 05 / 林芝日报 05)."""
    rel = path.relative_to(content) if content else Path(path.name)
    stem = "-".join([*rel.parts[:-1], rel.stem])
    slug = re.sub(r"-{2,}", "-", re.sub(r"[^0-9A-Za-z_-]+", "-", stem)).strip("-").lower()
    if slug != stem.lower() or not slug:
        digest = hashlib.sha1(rel.as_posix().encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def read_bytes(path: Path, content: Path | None = None) -> bytes:
    """The bytes of a page file, never through a symbolic link (see ``refused``)."""
    problem = refused(path, content)
    if problem:
        raise PageError(problem)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise PageError(f"{path}:1: cannot be read ({exc.strerror}) — check the file") from exc
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise PageError(f"{path}:1: not a regular file — remove it from content/")
        return fh.read()


def read_page(path: Path, content: Path | None = None, max_bytes: int = 4_000_000) -> Page:
    data = read_bytes(path, content)
    if len(data) > max_bytes:
        raise PageError(
            f"{path}:1: {len(data)} bytes, over the limit of {max_bytes} — split the page "
            f"or raise max_page_bytes in site-data/site.yaml"
        )
    if path.suffix.lower() in HTML_SUFFIXES:
        return _read_html(path, data, content)
    text, notices = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body, first = Header(), text, 1
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if match:
        header = _header(path, match.group(1), 2)
        body = text[match.end() :]
        first = match.group(0).count("\n") + 1
    rel = str(path.relative_to(content)) if content else path.name
    return Page(
        path=path,
        id=header.id or page_id(path, content),
        source_name=rel.replace("\\", "/"),
        raw=text,
        text=body,
        first_line=first,
        header=header,
        notices=notices,
    )


def _read_html(path: Path, data: bytes, content: Path | None) -> Page:
    """A saved HTML page: its article text and metadata (webpage.read_html); the HTML is kept
    as ``raw``. Line numbers count the lines of the extracted text."""
    from .webpage import HtmlError, read_html

    if not data.strip():
        raise PageError(f"{path}:1: the page is empty — add its text or remove the file")
    try:
        web = read_html(data)
    except HtmlError as exc:
        raise PageError(f"{path}:1: {exc}") from exc
    text = web.as_text().replace("\r\n", "\n").replace("\r", "\n")
    rel = str(path.relative_to(content)) if content else path.name
    return Page(
        path=path,
        id=page_id(path, content),
        source_name=rel.replace("\\", "/"),
        raw=web.html,
        text=text,
        first_line=1,
        header=Header(),
        format="html",
        continued=web.continued,
    )
