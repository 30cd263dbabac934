"""File -> Page: decoding, the optional YAML header, a stable id."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import charset_normalizer
import yaml

from .markup import LOADER
from .models import Header, Notice, Page

HEADER_KEYS = {"publisher", "url", "date", "edition_page", "titles", "split_before", "themes", "regions", "id"}
PAGE_SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


class PageError(Exception):
    """A page cannot be read; the message names the file, the line and the fix."""


def page_files(content: Path) -> list[Path]:
    """The pages under ``content``, in order: files named *.txt, *.html or *.htm, hidden files and folders
    left out (symbolic links to folders are not followed)."""
    found = []
    for folder, dirs, names in os.walk(content):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(folder, name) for name in names
                  if name.endswith(PAGE_SUFFIXES) and not name.startswith(".")]
    return sorted(Path(f) for f in found if os.path.isfile(f))


def decode(path: Path, data: bytes) -> tuple[str, tuple[Notice, ...]]:
    """UTF-8 as it should be; other encodings are detected, read, and reported."""
    if not data.strip():
        raise PageError(f"{path}:1: the page is empty — add its text or remove the file")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            if enc == "utf-16":
                return text, (Notice("encoding", "read as UTF-16 — save the file as UTF-8", 1),)
            return text, ()
    if b"\x00" in data[:4096]:
        raise PageError(f"{path}:1: binary file, not text — remove it from content/ or export it as UTF-8 text")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        best = charset_normalizer.from_bytes(data).best()
        if best is None or best.encoding.replace("_", "") not in ENCODINGS:
            raise PageError(f"{path}:{line}: not UTF-8 and no Chinese encoding fits — save the file as UTF-8") from exc
        name = ENCODINGS[best.encoding.replace("_", "")]
        return str(best), (Notice("encoding", f"not UTF-8; read as {name} — save the file as UTF-8", line),)


ENCODINGS = {"gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312", "big5": "Big5", "big5hkscs": "Big5-HKSCS",
             "utf16": "UTF-16", "utf16le": "UTF-16", "utf16be": "UTF-16", "hz": "HZ"}
"""Encodings a Chinese page may come in (charset-normalizer's names without '_')."""


def _header(path: Path, block: str, first: int) -> Header:
    try:
        data = yaml.load(block, Loader=LOADER) or {}     # libyaml's: a fifth of the time PyYAML's own took
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + (mark.line if mark else 0)
        raise PageError(f"{path}:{line}: the header is not valid YAML — fix it or remove the --- lines") from exc
    if not isinstance(data, dict):
        raise PageError(f"{path}:{first}: the header must be 'key: value' lines")
    unknown = sorted(set(data) - HEADER_KEYS)
    if unknown:
        raise PageError(f"{path}:{first}: unknown header key {', '.join(unknown)} — "
                        f"use {', '.join(sorted(HEADER_KEYS))}")
    date = data.get("date")
    if isinstance(date, (dt.date, dt.datetime)):
        date = date.strftime("%Y-%m-%d")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
        raise PageError(f"{path}:{first}: date {date!r} — write it as YYYY-MM-DD")
    titles = data.get("titles") or {}
    themes = data.get("themes") or {}
    regions = data.get("regions") or {}
    if not all(isinstance(x, dict) for x in (titles, themes, regions)):
        raise PageError(f"{path}:{first}: 'titles', 'themes' and 'regions' map an article number to a value")
    page_id = data.get("id")
    if page_id is not None and not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z_-]{0,80}", str(page_id)):
        raise PageError(f"{path}:{first}: id {page_id!r} — use letters, digits, '-' and '_' only "
                        f"(no '/', '\\' or '..')")
    try:
        return Header(
            publisher=data.get("publisher"), url=data.get("url"), date=date,
            edition_page=None if data.get("edition_page") is None else str(data["edition_page"]),
            titles=tuple(sorted((int(k), str(v)) for k, v in titles.items())),
            split_before=tuple(sorted(int(x) for x in data.get("split_before") or [])),
            themes=tuple(sorted((int(k), _names(v)) for k, v in themes.items())),
            regions=tuple(sorted((int(k), _names(v)) for k, v in regions.items())),
            id=None if page_id is None else str(page_id),
        )
    except (TypeError, ValueError) as exc:
        raise PageError(f"{path}:{first}: article numbers and split_before lines must be whole numbers") from exc


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


def read_page(path: Path, content: Path | None = None, max_bytes: int = 4_000_000) -> Page:
    data = path.read_bytes()
    if len(data) > max_bytes:
        raise PageError(f"{path}:1: {len(data)} bytes, over the limit of {max_bytes} — split the page "
                        f"or raise max_page_bytes in site-data/site.yaml")
    if path.suffix.lower() in HTML_SUFFIXES:
        return _read_html(path, data, content)
    text, notices = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body, first = Header(), text, 1
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if match:
        header = _header(path, match.group(1), 2)
        body = text[match.end():]
        first = match.group(0).count("\n") + 1
    rel = str(path.relative_to(content)) if content else path.name
    return Page(path=path, id=header.id or page_id(path, content), source_name=rel.replace("\\", "/"), raw=text,
                text=body, first_line=first, header=header, notices=notices)


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
    return Page(path=path, id=page_id(path, content), source_name=rel.replace("\\", "/"), raw=web.html,
                text=text, first_line=1, header=Header(), format="html",
                continued=web.continued)
