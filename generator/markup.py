"""Text into Markdown and HTML safely: escaping, and YAML front matter."""
from __future__ import annotations

import html
import re

import yaml

MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^=&$:])")


def esc(text: str | None) -> str:
    """Text for an HTML element: every markup character escaped."""
    return html.escape(text or "", quote=True)


def md_esc(text: str) -> str:
    """Text for Markdown inline content (link text): every ASCII punctuation mark escaped."""
    return MD_SPECIAL.sub(r"\\\1", text)


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)   # libyaml when the wheel has it: 20 times faster
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front_matter(data: dict) -> str:
    return "---\n" + yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"
