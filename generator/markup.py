"""Text into Markdown and HTML safely: escaping, and YAML front matter."""

from __future__ import annotations

import functools
import html
import json
import re

import yaml
from json.encoder import encode_basestring

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^=&$:])")


MARKUP = re.compile("[&<>\"']")


def esc(text: str | None) -> str:
    """Text for an HTML element: every markup character escaped. Most texts hold none, and
    one look for them is a third of escaping (about 80 texts on every article page)."""
    if not text:
        return ""
    return text if MARKUP.search(text) is None else html.escape(text, quote=True)


def md_esc(text: str) -> str:
    """Text for Markdown inline content (link text): every ASCII punctuation mark escaped."""
    return MD_SPECIAL.sub(r"\\\1", text)


# libyaml when the wheel has it: 20 times faster
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(data: dict, archive: dict | None = None, between: str = "") -> str:
    """YAML front matter: ``data`` for the page, then ``archive``, after the comment line
    ``between`` if one is given (the site builder's: builders/mkdocs front_matter)."""
    text = "---\n" + _yaml(data)
    if archive:
        text += (between + "\n" if between else "") + _yaml(archive)
    return text + "---\n\n"


def _yaml(data: dict) -> str:
    """Block YAML of ``data``. Keys that are words, with texts, whole numbers, booleans, nothing
    and lists of them, are written directly (about a third of PyYAML's time, for each of the
    10,000 article pages of both views); anything else by PyYAML."""
    lines = []
    for key, value in data.items():
        items = [_scalar(v) for v in value] if isinstance(value, list) else [_scalar(value)]
        if not _plain_key(key) or None in items:
            return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1000)
        if not isinstance(value, list):
            lines.append(f"{key}: {items[0]}")
        else:
            lines.append(
                f"{key}:" + "".join(f"\n- {item}" for item in items) if items else f"{key}: []"
            )
    return "".join(line + "\n" for line in lines)


PLAIN_KEY = re.compile(r"[a-z][a-z0-9_]*")


@functools.cache
def _plain_key(key) -> bool:
    """Whether a key reads back as itself written plain: a word that YAML does not read as
    something else (no, on, null…)."""
    return (
        isinstance(key, str)
        and PLAIN_KEY.fullmatch(key) is not None
        and yaml.resolver.Resolver().resolve(yaml.ScalarNode, key, (True, False))
        == "tag:yaml.org,2002:str"
    )


ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
"""What JSON writes as it is but YAML does not read as it is (controls, line separators, a
byte-order mark, what is not a character): written as escapes, which both read the same."""


def _scalar(value) -> str | None:
    """A value as YAML: a text in double quotes with JSON's escapes (which YAML's double-quoted
    style reads the same); None for a kind not written here."""
    if isinstance(value, str):  # json.dumps(value, ensure_ascii=False), without its setting up
        text = encode_basestring(value)
        return (
            text
            if ESCAPED.search(text) is None
            else ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
        )
    if value is None or isinstance(value, (bool, int)):
        return json.dumps(value)
    return None
