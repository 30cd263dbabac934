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


ARCHIVE_DATA = "# the archive's data on the article (MkDocs is not given it: overrides/hooks.py)"
"""The comment line before the keys of front matter that are data for readers of the files,
not for the theme: MkDocs parses only what comes before it (a third of its time for a page)."""


def front_matter(data: dict, archive: dict | None = None) -> str:
    """YAML front matter: ``data`` for the page, then ``archive`` after ARCHIVE_DATA."""
    text = "---\n" + _yaml(data)
    if archive:
        text += ARCHIVE_DATA + "\n" + _yaml(archive)
    return text + "---\n\n"


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1000)
