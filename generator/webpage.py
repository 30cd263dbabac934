"""Saved HTML page -> the text the rest of the pipeline reads.

The article's text comes from trafilatura (the page's furniture left behind as far as it
can tell); its title, date, authors and source from the page's own metadata (JSON-LD, then
``<meta>`` tags, then what trafilatura and htmldate find). The text handed on starts with the
title and a meta line in the form the cleaner reads on text dumps, so an HTML page is read by
the same rules as any other page. The HTML itself is kept as the original, never served live.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import charset_normalizer

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)
LD_JSON = re.compile(
    r"""<script[^>]+type\s*=\s*["']application/ld\+json["'][^>]*>(.*?)</script>""", re.I | re.S
)
META = re.compile(r"""<meta\s+([^>]*?)/?>""", re.I | re.S)
ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
NEXT_PAGE = re.compile(r">\s*(下一页|下一頁|下页|下頁|Next\s*page)\s*<", re.I)
TITLE_SUFFIX = re.compile(r"\s*(?:_|--|——|\s[-|｜]\s).{2,40}$")
SAME_CHARSETS = {"gbk": "gb18030", "gb2312": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


class HtmlError(ValueError):
    """The HTML page holds no text the extractor can find."""


@dataclass(frozen=True)
class WebPage:
    """What a saved HTML page says: its metadata and its article text, as lines."""

    html: str
    """The page as decoded: the original the archive keeps."""
    charset: str
    title: str | None
    date: str | None
    authors: tuple[str, ...]
    source: str | None
    text: str
    """The article's text as trafilatura extracts it, one paragraph a line."""
    continued: bool
    """The page links to a next page of the same article (下一页)."""

    def as_text(self) -> str:
        """The text the cleaner reads: title, a meta line, then the article's lines."""
        meta = [
            f"发布时间：{self.date}" if self.date else "",
            f"来源：{self.source}" if self.source else "",
            f"作者：{' '.join(self.authors)}" if self.authors else "",
        ]
        head = [self.title or "", "　".join(m for m in meta if m)]
        return "\n".join([*(h for h in head if h), "", self.text.strip()]) + "\n"


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text in the charset it declares (GBK read as its superset GB18030), else
    UTF-8, else what charset-normalizer finds; and the charset's name."""
    declared = CHARSET.search(data[:4096])
    names = []
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        names.append(SAME_CHARSETS.get(name, name))
    names.append("utf-8")
    for name in names:
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise HtmlError("neither its declared charset nor any other decodes it — save it as UTF-8")
    return str(best), best.encoding


def _metas(html: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in META.finditer(html):
        attrs = {k.lower(): (a if a is not None else b) for k, a, b in ATTR.findall(m.group(1))}
        key = (attrs.get("name") or attrs.get("property") or "").lower()
        if key and "content" in attrs and key not in out:
            out[key] = attrs["content"].strip()
    return out


def _linked_data(html: str) -> dict:
    """The first NewsArticle-like object of the page's JSON-LD, or {}."""
    for m in LD_JSON.finditer(html):
        try:
            data = json.loads(m.group(1))
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return item
    return {}


def _names(value) -> tuple[str, ...]:
    """Person names from a JSON-LD author, a <meta> author or a byline-like string."""
    if isinstance(value, dict):
        value = value.get("name", "")
    if isinstance(value, list):
        return tuple(n for v in value for n in _names(v))
    text = re.sub(r"^[A-Za-z]_", "", str(value or "").strip())  # people.cn writes L_周倩
    return tuple(n for n in re.split(r"[\s,，、;；/]+", text) if n)


def _day(value: str | None) -> str | None:
    m = re.search(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", value or "")
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def read_html(data: bytes) -> WebPage:
    import trafilatura  # a third of a second to import: only where an HTML page is read
    from htmldate import find_date

    html, charset = decode_html(data)
    metas, linked = _metas(html), _linked_data(html)
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    found = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    text = found.get("text") or ""
    if not text.strip():
        raise HtmlError(
            "no article text found in the HTML — save the page's text as a .txt file instead"
        )
    publisher = linked.get("publisher")
    publisher = publisher.get("name") if isinstance(publisher, dict) else publisher
    title = (
        linked.get("headline")
        or metas.get("og:title")
        or metas.get("articletitle")
        or TITLE_SUFFIX.sub("", found.get("title") or "")
        or None
    )
    date = (
        _day(linked.get("datePublished"))
        or _day(metas.get("publishdate"))
        or _day(metas.get("pubdate"))
        or _day(found.get("date"))
        or _day(find_date(html, outputformat="%Y-%m-%d"))
    )
    authors = (
        _names(linked.get("author")) or _names(metas.get("author")) or _names(found.get("author"))
    )
    source = (
        publisher
        or metas.get("contentsource")
        or metas.get("source")
        or found.get("sitename")
        or None
    )
    if source:
        source = re.sub(r"^(来源|來源)[:：]\s*", "", source).strip() or None
    return WebPage(
        html=html,
        charset=charset,
        title=title.strip() if title else None,
        date=date,
        authors=authors,
        source=source,
        text=text,
        continued=bool(NEXT_PAGE.search(html)),
    )
