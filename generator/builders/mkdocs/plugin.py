"""The archive's MkDocs plugin (ArchivePages), added to each view's run by run.py beside this file.

A page whose front matter says ``body: html`` is HTML the generator made, with every
character of the archived text escaped (generator/render.py). Markdown would only parse
it again, at a large part of MkDocs' time; so its body is passed through as it is, and the
page is not given to Markdown at all (not even a Markdown instance is made for it).
(Python files in a theme folder are not copied to the site.)

Such pages (articles, originals, people…) are many and outside the nav; what the theme
wraps around their body is the same for every page of one folder but for the page's title,
body and address. So the theme's page is rendered once per folder with stand-ins for those
(``StandIn``), noting everything else of the page the templates read; a page that reads
the same is that render with its own title, body and address put in, else it is rendered
whole: rendering is most of what is left of MkDocs' time.
``ARCHIVE_CHECK_STAND_INS=1`` renders every such page both ways and fails the build where
they differ (the tests do). What a build keeps (the folders' renders, the front matter read
ahead) belongs to the plugin, made anew for each build.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re

import jinja2
import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.plugins.archive")

TEMPLATE = "archive-page.html"
"""overrides/archive-page.html: what MkDocs renders for a page of generator HTML; it calls
``archive_page``, which gives the theme's main.html for the page."""

NO_TOC = get_toc([])
"""The table of contents of every page of generator HTML: one object, so pages compare equal."""

CHECK = "ARCHIVE_CHECK_STAND_INS"
"""The environment variable that turns the check on (=1)."""

HTML_FOLDERS = "archive_html_folders"
"""The key in the configuration's ``extra`` whose docs folders hold only pages of generator HTML
(the generator's views.PAGE_FOLDERS); the plugin takes it out, the theme does not see it."""

UNREAD = -1
"""In ``ArchivePages.bodies``: the page is read whole, front matter and body, when written."""

ARCHIVE_DATA = (
    "\n# the archive's data on the article (MkDocs is not given it: "
    "generator/builders/mkdocs/plugin.py)\n"
)
"""generator/markup.py's ARCHIVE_DATA, as a line (tests/test_plugin.py holds them the same)."""


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """The theme's templates as Jinja compiled them, kept for the next MkDocs run (compiling them
    is a noticeable part of a view's run) in Jinja's folder for this user in the temporary
    folder. Jinja checks each against its template's text; a file that cannot be read or
    written is compiled, as without a cache."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as exc:
            log.debug("compiled template not loaded: %s", exc)

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.debug("compiled template not kept: %s", exc)


class ArchivePages(BasePlugin):
    """Pages of generator HTML through MkDocs without Markdown, the theme rendered once a folder."""

    def __init__(self, check: bool | None = None):
        super().__init__()
        self.check = os.environ.get(CHECK) == "1" if check is None else check
        self.folders = FolderRenders(self.check)
        self.meta: dict[str, dict] = {}
        """Front matter read by on_page_read_source, by page, until on_page_markdown gives it to the
        page."""
        self.bodies: dict[str, int] = {}
        """Pages of generator HTML whose body is read only when the page is written (where it
        starts in the file, by page, or UNREAD): MkDocs would hold every page's body from
        reading them all until it has written the last, which for a large archive is its text
        many times."""
        self.html_folders: tuple[str, ...] = ()
        """The docs folders (as ``"articles/"``) whose pages are read only when written."""

    def on_config(self, config):
        folders = config["extra"].pop(HTML_FOLDERS, None) or ()
        self.html_folders = tuple(f"{folder.strip('/')}/" for folder in folders)
        return config

    def on_env(self, env, config, files, **kwargs):
        env.globals["archive_page"] = self.folders.page
        try:
            env.bytecode_cache = TemplateCache()
        except (
            OSError,
            RuntimeError,
        ) as exc:  # no temporary folder Jinja deems safe: compiled each run
            log.debug("templates compiled without a cache: %s", exc)
        return env

    def on_pre_build(self, config, **kwargs) -> None:
        self.folders = FolderRenders(self.check)
        self.meta.clear()
        self.bodies.clear()

    def on_page_read_source(self, page, config, **kwargs) -> str | None:
        """The page's source for MkDocs, without the archive's data at the end of its front
        matter (after the comment line ARCHIVE_DATA): the theme does not read it, and parsing it
        is costly. Front matter as the generator writes it (``front_matter_of``) is read here,
        without PyYAML, and given to the page in on_page_markdown. Other pages are read as
        MkDocs reads them. A page in one of ``html_folders`` is not read here at all: MkDocs
        is given an empty page of generator HTML, and the file is read when it is written."""
        if not page.file.src_uri.endswith(".md"):
            return None
        if page.file.src_uri.startswith(self.html_folders):  # read when written (bodies)
            self.meta[page.file.src_uri] = {"body": "html"}
            self.bodies[page.file.src_uri] = UNREAD
            return "\n"
        return self._given(page, self._read(page))

    def _given(self, page, source: str) -> str:
        """What MkDocs is given of the page's ``source`` (on_page_read_source)."""
        end = source.find("\n---\n", 3) if source.startswith("---\n") else -1
        if end < 0:
            return source
        cut = source.find(ARCHIVE_DATA, 0, end + 1)
        body = source[end + 5 :]
        meta = front_matter_of(source[4 : end + 1 if cut < 0 else cut + 1])
        if not meta:
            return source if cut < 0 else source[: cut + 1] + source[end + 1 :]
        self.meta[page.file.src_uri] = meta
        if meta.get("body") == "html":  # read again when the page is written (bodies)
            self.bodies[page.file.src_uri] = end + 5
            return "\n"
        return "\n" + body  # a blank first line: MkDocs finds no front matter, and keeps the rest

    def on_page_markdown(self, markdown: str, page, **kwargs) -> str:
        if page.file.src_uri in self.meta:
            page.meta = self.meta.pop(page.file.src_uri)
        if page.meta.get("body") == "html":
            page.render = functools.partial(_pass_through, page, markdown.rstrip("\n"))
            if "template" not in page.meta:
                page.meta["template"] = TEMPLATE
        return markdown

    def on_page_context(self, context, page, config, **kwargs):
        """The body of a page whose body was left to be read now (bodies)."""
        at = self.bodies.get(page.file.src_uri)
        if at is None:
            return context
        if at == UNREAD:
            page.meta, body = self._read_whole(page)
        else:
            body = self._read(page)[at:]
        # as MkDocs reads a body after a blank line (utils.meta.get_data), and as
        # on_page_markdown keeps it
        page.content = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        return context

    @staticmethod
    def _read(page) -> str:
        with open(page.file.abs_src_path, encoding="utf-8-sig", errors="strict") as fh:
            return fh.read()

    def _read_whole(self, page) -> tuple[dict, str]:
        """The front matter and body of a page of an HTML folder, as MkDocs and this plugin
        would have them had it been read with every other page."""
        src, source = page.file.src_uri, self._read(page)
        markdown, meta = get_data(self._given(page, source))  # as on_page_read_source
        meta, at = self.meta.pop(src, meta), self.bodies[src]
        if meta.get("body") != "html" or "template" in meta:
            folder = next(f for f in self.html_folders if src.startswith(f))
            raise PluginError(
                f"{page.file.abs_src_path}: a page in {folder}, which the "
                f"configuration's extra.{HTML_FOLDERS} says holds only pages of generator "
                "HTML, has front matter without `body: html` or with a template of its own: "
                "build the site with `python -m generator build`, which writes the docs "
                "folder and that configuration together"
            )
        return {**meta, "template": TEMPLATE}, markdown if at == UNREAD else source[at:]

    def on_post_page(self, output: str, page, config, **kwargs) -> str:
        if page.file.src_uri in self.bodies:
            page.content = ""  # written: its body need not stay until the build ends
        return output

    def on_post_build(self, config, **kwargs) -> None:
        counts = self.folders.counts
        log.debug(
            "pages of generator HTML: %(reused)d from a folder's render, %(rendered)d rendered "
            "whole, "
            "%(checked)d checked against a whole render",
            counts,
        )
        if self.check:
            log.info("stand-ins checked: %(checked)d pages equal to their whole render", counts)


FIELD = re.compile(r'(?P<key>[a-z][a-z0-9_]*):(?: (?P<text>".*")| (?P<empty>\[\]))?')
ITEM = re.compile(r'- (?P<text>".*")')
READ_OTHERWISE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
"""What YAML reads otherwise than JSON does when it is in a text as it is (generator/markup.py
writes it as an escape): a page holding one is left to PyYAML."""


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


def _pass_through(page, body: str, config, files) -> None:
    """``Page.render`` for a page of generator HTML: what it sets for a Markdown body that is
    one HTML block (no table of contents, no Markdown anchors or links), without Markdown."""
    page.content = body
    page.toc = NO_TOC
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


# --- one render per folder ------------------------------------------------------------------


def _marks(name: str) -> dict[str, object]:
    """A stand-in text as the templates may print it, each form with what gives the page's
    own text in that form: as it is, escaped (``| e``) or stripped of tags (``| striptags``).
    The stand-in holds markup, an entity and two spaces, so that the three forms differ."""
    text = f"\ue000{name}<i>&amp;  </i>\ue001"
    forms = {
        text: str,
        str(escape(text)): lambda v: str(escape(v)),
        Markup(text).striptags(): lambda v: Markup(str(v)).striptags(),
    }
    assert len(forms) == 3
    return forms


TEXTS = ("title", "content", "meta.title")
"""What a stand-in takes the place of: the page's title, its body and its front matter's title."""
FORMS = {name: _marks(name) for name in TEXTS}
MARKED = re.compile("\ue000[^\ue001]*\ue001")
URL_MARK = "\ue000url\ue001"
"""What stands for the page's address in a folder's render and in the values it read."""


def _own(page, name: str) -> str:
    """The page's own text that the stand-in ``name`` (one of TEXTS) takes the place of."""
    return page.meta["title"] if name == "meta.title" else getattr(page, name)


class Probe(str):
    """A stand-in text. Whether it contains a string (``"<h1" in page.content``) is answered
    for the page's own text, and the answer is noted."""

    def __new__(cls, name: str, own: str, reads: dict):
        probe = super().__new__(cls, next(iter(FORMS[name])))
        probe.name, probe.own, probe.reads = name, own, reads
        return probe

    def __contains__(self, part) -> bool:
        answer = part in self.own
        self.reads[(self.name, "in", part)] = answer
        return answer

    def __bool__(self) -> bool:
        answer = bool(self.own)
        self.reads[(self.name, "bool")] = answer
        return answer


class Meta(dict):
    """The page's front matter, noting each key read."""

    def __init__(self, page, reads: dict):
        super().__init__(page.meta)
        self.page, self.reads = page, reads

    def __getitem__(self, key):
        if key not in self.page.meta:
            self.reads[("meta", "in", key)] = False
            raise KeyError(key)
        if key == "title":
            return Probe("meta.title", _own(self.page, "meta.title"), self.reads)
        value = super().__getitem__(key)
        self.reads[("meta", key)] = _read(self.page, value)
        return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __contains__(self, key) -> bool:
        answer = super().__contains__(key)
        self.reads[("meta", "in", key)] = answer
        return answer


class StandIn:
    """The page as the folder's render sees it: its texts are Probes, the rest is the page's
    own, and what is read is noted: what → value as read, with the page's address in a value
    replaced (``_read``)."""

    def __init__(self, page):
        self._page, self.reads = page, {}

    def __getattr__(self, name):
        if name in ("title", "content"):
            return Probe(name, _own(self._page, name), self.reads)
        if name == "meta":
            self.reads[("meta",)] = bool(self._page.meta)
            return Meta(self._page, self.reads)
        value = getattr(self._page, name)
        self.reads[(name,)] = _read(self._page, value)
        return value


def _read(page, value):
    """A value as two pages of one folder can share it: the page's address in a text is a
    stand-in (canonical_url, abs_url…); values of other kinds are compared as they are."""
    return value.replace(page.url, URL_MARK) if isinstance(value, str) and page.url else value


def _rereads(page, reads) -> bool:
    """Whether the page reads as the one ``reads`` were noted for."""
    for what, answer in reads.items():
        if what[0] in TEXTS:
            own = _own(page, what[0])
            ok = (bool(own) if what[1] == "bool" else what[2] in own) == answer
        elif what == ("meta",):
            ok = bool(page.meta) == answer
        elif what[0] == "meta" and what[1] == "in":
            ok = (what[2] in page.meta) == answer
        elif what[0] == "meta":
            ok = what[1] in page.meta and _same(_read(page, page.meta[what[1]]), answer)
        else:
            ok = _same(_read(page, getattr(page, what[0])), answer)
        if not ok:
            return False
    return True


def _same(a, b) -> bool:
    return a is b or type(a) is type(b) and a == b


class Render:
    """The theme's page for a folder's stand-in: its pieces between the stand-ins, for each
    stand-in what fills it in for a page (``_fill_of``), and what the templates read."""

    def __init__(self, html: str, page, reads: dict, shared: dict):
        self.reads, self.shared = reads, shared
        self.pieces, self.fills = [], []
        html = html.replace(page.url, URL_MARK) if page.url else html
        start = 0
        for m in MARKED.finditer(html):
            self.pieces.append(html[start : m.start()])
            self.fills.append(_fill_of(m.group()))
            start = m.end()
        self.pieces.append(html[start:])

    def page(self, page) -> str:
        out = [self.pieces[0]]
        for fill, piece in zip(self.fills, self.pieces[1:]):
            out.append(fill(page))
            out.append(piece)
        return "".join(out)


def _fill_of(mark: str):
    """What puts the page's own text in place of one printed stand-in."""
    if mark == URL_MARK:
        return lambda page: page.url
    for name, forms in FORMS.items():
        if mark in forms:
            form = forms[mark]
            return lambda page: form(_own(page, name))
    raise LookupError(mark)


# context variables that are not the page's: the same for every page of a folder but for
# 'pages' (the build's documentation pages, a new list for each page) and 'build_date_utc'
# (the clock when MkDocs made the page's context)
UNCOMPARED = {"page", "pages", "build_date_utc"}
VARIANTS = 4
"""Renders kept per folder at most: pages that read differently are rendered whole after that."""


class FolderRenders:
    """The theme's page rendered once a folder and filled in for each of its pages (one build)."""

    def __init__(self, check: bool = False):
        self.check = check
        """Render every page whole too, and fail where the two differ."""
        self.renders: dict[tuple, list[Render]] = {}
        """(folder, base_url) -> the renders kept for it, at most VARIANTS."""
        self.counts = {"reused": 0, "rendered": 0, "checked": 0}

    @jinja2.pass_context
    def page(self, context) -> str:
        """main.html for the page, from its folder's render where the page reads the same
        (``archive_page`` in overrides/archive-page.html)."""
        page = context["page"]
        values = context.get_all()
        main = context.environment.get_template("main.html")
        # a page in a folder and outside the nav, whose address no page of the nav holds: its
        # address in the render is its own, and the stand-in's address can be put in its place
        if (
            page is None
            or page.url.count("/") < 2
            or any(page.url in p.url for p in values["nav"].pages)
        ):
            return main.render(values)
        shared = {k: v for k, v in values.items() if k not in UNCOMPARED}
        key = (page.url.rsplit("/", 2)[0], values["base_url"])
        renders = self.renders.setdefault(key, [])
        for render in renders:
            if _same_context(render.shared, shared) and _rereads(page, render.reads):
                self.counts["reused"] += 1
                html = render.page(page)
                if self.check:
                    self._check(page, html, main.render(values))
                return html
        if len(renders) >= VARIANTS:
            self.counts["rendered"] += 1
            return main.render(values)
        stand_in = StandIn(page)
        try:
            html = main.render({**values, "page": stand_in})
            render = Render(html, page, stand_in.reads, shared)
        except LookupError:  # a stand-in printed in a way not known: this page is rendered whole
            render = None
        self.counts["rendered"] += 1
        whole = main.render(values)
        if render is not None and render.page(page) == whole:
            renders.append(render)
        elif render is not None:  # the output is right, only slower: said, not failed
            log.info(
                "%s: its folder's render differs from its whole render, so it is not shared; a "
                "template prints the page's title, body or address in a way "
                "generator/builders/mkdocs/plugin.py does not know",
                page.file.src_uri,
            )
        return whole

    def _check(self, page, html: str, whole: str) -> None:
        self.counts["checked"] += 1
        if html != whole:
            at = len(os.path.commonprefix([html, whole]))
            raise PluginError(
                f"generator/builders/mkdocs/plugin.py: {page.file.src_uri} from its folder's "
                f"render differs from its whole render at character {at}: "
                f"…{html[at - 80 : at + 80]!r}… vs …{whole[at - 80 : at + 80]!r}…"
            )


def _same_context(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
