"""A page's front matter as the archive's plugin gives it to MkDocs, read from the bytes the
generator writes. Shared by the plugin (plugin.py, in MkDocs' process, which imports this
file as run.py's neighbour) and the generator, which notes each page's as it writes it
(page_note) so that MkDocs need not open every page before rendering any. No MkDocs here."""

from __future__ import annotations

import functools
import json
import re

import yaml

ARCHIVE_DATA = (
    "\n# the archive's data on the article (MkDocs is not given it: "
    "generator/builders/mkdocs/plugin.py)\n"
)
"""generator/markup.py's ARCHIVE_DATA, as a line (tests/test_plugin.py holds them the same)."""

FIELD = re.compile(r'(?P<key>[a-z][a-z0-9_]*):(?: (?P<text>".*")| (?P<empty>\[\]))?')
ITEM = re.compile(r'- (?P<text>".*")')
READ_OTHERWISE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
"""What YAML reads otherwise than JSON does when it is in a text as it is (generator/markup.py
writes it as an escape): a page holding one is left to PyYAML."""

BOM = b"\xef\xbb\xbf"


def front_matter_of(text: str) -> dict | None:
    """Front matter in the form generator/markup.py writes: plain keys, each with a text in
    double quotes (JSON's escapes, which YAML reads the same), [] or a list of such texts one
    per line below it; None for anything else, which PyYAML reads. tests/test_plugin.py
    holds this to what MkDocs' own reading gives."""
    if READ_OTHERWISE.search(text):
        return None
    meta, items = {}, None
    try:
        for line in text.split("\n")[:-1]:
            if (item := ITEM.fullmatch(line)) is not None and items is not None:
                items.append(json.loads(item["text"]))
                continue
            if items == [] or (field := FIELD.fullmatch(line)) is None or not _plain(field["key"]):
                return None  # "key:" with nothing below it is null in YAML: PyYAML says so
            key, items = field["key"], None
            if field["text"] is not None:
                meta[key] = json.loads(field["text"])
            elif field["empty"] is not None:
                meta[key] = []
            else:  # "key:": its texts are on the lines below
                meta[key] = items = []
    except ValueError:
        return None
    return None if items == [] else meta


@functools.cache
def _plain(key: str) -> bool:
    """Whether YAML reads the key as this text (not no, on, null…)."""
    return (
        yaml.resolver.Resolver().resolve(yaml.ScalarNode, key, (True, False))
        == "tag:yaml.org,2002:str"
    )


def html_head(data: bytes) -> tuple[dict, int] | None:
    """(front matter as MkDocs is given it, where the body starts in ``data``) of a page of
    generator HTML (``body: html``) whose front matter is in the form the generator writes;
    None for any other page, which the plugin reads as MkDocs would (a carriage return in the
    front matter, which reading as text would turn into a line end, is left to that too)."""
    start = len(BOM) if data.startswith(BOM) else 0
    if not data.startswith(b"---\n", start):
        return None
    end = data.find(b"\n---\n", start + 3)
    if end < 0 or b"\r" in data[start:end]:
        return None
    try:
        text = data[start + 4 : end + 1].decode("utf-8")
    except UnicodeDecodeError:
        return None
    cut = text.find(ARCHIVE_DATA)
    meta = front_matter_of(text if cut < 0 else text[: cut + 1])
    if not meta or meta.get("body") != "html":
        return None
    return meta, end + 5


def page_note(rel: str, data: bytes) -> list | None:
    """What the generator notes of a docs file as it writes it (write_tree's notes), for the
    plugin: [front matter, where the body starts] of a page of generator HTML, else None."""
    head = html_head(data) if rel.endswith(".md") else None
    return None if head is None else list(head)
