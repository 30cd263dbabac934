"""generator/builders/mkdocs/plugin.py: a page of generator HTML from its folder's render is the
page rendered whole."""

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass, field
from types import SimpleNamespace

import jinja2
import pytest
import yaml
from hypothesis import given, strategies as st
from mkdocs.utils.meta import get_data

from .conftest import ROOT
from .test_markup import metas
from .test_properties import SETTINGS

BUILDER = ROOT / "generator" / "builders" / "mkdocs"
spec = importlib.util.spec_from_file_location("plugin", BUILDER / "plugin.py")
plugin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plugin)

MAIN = (
    "<title>{% if page.meta and page.meta.title %}{{ page.meta.title }}{% else %}"
    "{{ page.title | striptags }}{% endif %}</title>\n"
    '<link rel="canonical" href="{{ page.canonical_url }}">'
    '<a href="{{ base_url }}/zh-Hant/{{ page.url }}">繁</a>\n'
    '<p title="{{ page.title | e }}">{{ page.title | striptags }}</p>'
    '{% if "toc" not in page.meta.hide %}<nav>toc</nav>{% endif %}\n'
    '{% if "<h1" not in page.content %}<h1>{{ page.title }}</h1>{% endif %}{{ page.content }}'
    "{% if page.meta.note %}{{ page.meta.note }}{% endif %}"
)


@dataclass
class Page:
    url: str
    title: str
    content: str
    meta: dict = field(default_factory=dict)
    number: int = 0

    @property
    def canonical_url(self):
        return "https://example.org/" + self.url

    @property
    def file(self):
        return SimpleNamespace(src_uri=self.url.rstrip("/") + ".md")


@dataclass
class Nav:
    pages: list


def render_all(pages, main=MAIN, nav=(), folders=None):
    """Each page as MkDocs would render it with the plugin's template, and as main.html alone."""
    loader = jinja2.DictLoader({"main.html": main, plugin.TEMPLATE: "{{ archive_page() }}"})
    env = jinja2.Environment(loader=loader)
    env.globals["archive_page"] = (folders or plugin.FolderRenders()).page
    out = []
    for page in pages:
        context = {
            "page": page,
            "nav": Nav(list(nav)),
            "base_url": "../..",
            "config": {"site_name": "档案"},
        }
        out.append(
            (
                env.get_template(plugin.TEMPLATE).render(context),
                env.get_template("main.html").render(context),
            )
        )
    return out


def article(n, title=None, body=None, **meta):
    title = title or f"标题{n} &amp; <b>乡村</b>"
    return Page(
        url=f"articles/a-{n:02d}/",
        title=title,
        content=body or f"<h1>{title}</h1><p>正文{n}</p>",
        meta={"title": title, "hide": ["toc"], "body": "html", **meta},
        number=n,
    )


def test_pages_of_a_folder_are_their_whole_render_and_share_one():
    folders = plugin.FolderRenders()
    pages = [article(n) for n in range(1, 7)]
    for mine, whole in render_all(pages, folders=folders):
        assert mine == whole
    assert folders.counts == {"reused": 5, "rendered": 1, "checked": 0}


def test_a_page_that_reads_differently_gets_its_own_render():
    folders = plugin.FolderRenders()
    pages = [
        article(1),
        article(2, body="<p>无标题</p>"),
        article(3, note="附注"),
        article(4, hide=[]),
        article(5),
    ]
    for mine, whole in render_all(pages, folders=folders):
        assert mine == whole
    assert "<h1>标题2" in render_all(pages)[1][0] and "附注" in render_all(pages)[2][0]
    assert folders.counts["rendered"] == 4 and folders.counts["reused"] == 1


def test_a_title_printed_in_a_way_not_known_renders_every_page_whole():
    folders = plugin.FolderRenders()
    main = "<title>{{ page.title | upper }}</title>{{ page.content }}"
    pages = [article(n, title=f"abc{n}") for n in range(1, 4)]
    for mine, whole in render_all(pages, main=main, folders=folders):
        assert mine == whole
    assert folders.counts["reused"] == 0


def test_a_render_that_would_print_the_page_wrongly_is_not_shared():
    folders = plugin.FolderRenders()
    # trim leaves the stand-in as it is
    main = "<title>{{ page.title | trim }}</title>{{ page.content }}"
    pages = [article(n, title=f"  t{n}  ") for n in range(1, 4)]
    for mine, whole in render_all(pages, main=main, folders=folders):
        assert mine == whole
    assert folders.counts["reused"] == 0


def test_what_differs_on_every_page_is_read_and_not_shared():
    folders = plugin.FolderRenders()
    main = "{{ page.number }}{{ page.content }}"
    pages = [article(n) for n in range(1, 9)]
    for mine, whole in render_all(pages, main=main, folders=folders):
        assert mine == whole
    assert folders.counts["reused"] == 0 and folders.counts["rendered"] == 8


def test_pages_in_the_nav_are_rendered_whole():
    pages, folders = [article(1), article(2)], plugin.FolderRenders()
    assert [m == w for m, w in render_all(pages, nav=pages, folders=folders)] == [True, True]
    assert folders.counts["reused"] == 0


def test_the_built_views_check_every_shared_render(built_site):
    """MkDocs on the seed site's views with the check on: each page from its folder's render is
    compared with its whole render (a difference fails the build)."""
    from generator.views import PAGE_FOLDERS

    work = built_site.parent / "build"
    env = {**os.environ, plugin.CHECK: "1", "NO_MKDOCS_2_WARNING": "1"}
    for name in ("zh-Hans", "zh-Hant"):
        # read when written, which fails the build for a page there that is not generator HTML
        config = yaml.safe_load((work / f"mkdocs.{name}.yml").read_text(encoding="utf-8"))
        assert config["extra"][plugin.HTML_FOLDERS] == list(PAGE_FOLDERS)
        run = subprocess.run(
            [
                sys.executable,
                str(BUILDER / "run.py"),
                f"mkdocs.{name}.yml",
                "--strict",
                "--verbose",
                "--site-dir",
                str(work / f"checked-{name}"),
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr[-3000:]
        checked = [line for line in run.stderr.splitlines() if "stand-ins checked" in line]
        assert checked, run.stderr[-3000:]
        count = int(checked[0].split("checked: ")[1].split()[0])
        html = [
            p
            for p in (work / "docs" / name).rglob("*.md")
            if get_data(p.read_text(encoding="utf-8"))[1].get("body") == "html"
        ]
        folders = {(p.parent, p.name == "index.md") for p in html}
        # all but each folder's first
        assert len(html) > 60 and count >= len(html) - len(folders), checked


@pytest.mark.parametrize("text", ["标题", "a <b>x</b> &amp; y", "  spaced  out  "])
@pytest.mark.parametrize("template", ["{{ t }}", "{{ t | e }}", "{{ t | striptags }}"])
def test_each_known_form_of_a_stand_in_fills_in_the_pages_text(text, template):
    printed = jinja2.Environment().from_string(template)
    mark = printed.render(t=next(iter(plugin.FORMS["title"])))
    assert plugin._fill_of(mark)(Page(url="x/", title=text, content="")) == printed.render(t=text)


def read_as_mkdocs_does(source: str, tmp_path, html_folder: bool = False) -> tuple[str, dict]:
    """(body, front matter) of a page as MkDocs has them with the plugin: read_source
    (on_page_read_source, then MkDocs' get_data), then on_page_markdown; for a page of
    generator HTML, the body the theme is given when the page is written (its render, then
    on_page_context), else the Markdown. ``html_folder``: the page is in a folder the
    configuration names in extra.archive_html_folders."""
    (tmp_path / "page.md").write_text(source, encoding="utf-8", newline="")
    page = SimpleNamespace(
        file=SimpleNamespace(src_uri="articles/page.md", abs_src_path=str(tmp_path / "page.md"))
    )
    archive = plugin.ArchivePages()
    archive.on_config({"extra": {plugin.HTML_FOLDERS: ["articles"] if html_folder else []}})
    page.markdown, page.meta = get_data(archive.on_page_read_source(page, None))
    archive.on_page_markdown(page.markdown, page)
    if page.meta.get("body") != "html":
        return page.markdown, page.meta
    page.render(None, None)
    assert archive.on_page_context({"page": page}, page, None) == {"page": page}
    body = page.content
    archive.on_post_page("", page, None)
    assert page.content == "" or page.file.src_uri not in archive.bodies
    return body, page.meta


def test_mkdocs_is_given_the_front_matter_without_the_archives_data(tmp_path):
    from generator.builders.mkdocs import ARCHIVE_DATA, front_matter

    assert plugin.ARCHIVE_DATA == "\n" + ARCHIVE_DATA + "\n"
    body = "<p>正文</p>\n# the archive's data: not front matter here\n"
    page = {"title": "标题", "hide": ["toc"], "body": "html"}
    data = {"regions": ["林芝市"], "figures": ["投资 5亿元"]}
    source = front_matter("标题", toc=False, html=True, data=data) + body
    html = (body.rstrip("\n"), {**page, "template": plugin.TEMPLATE})
    assert read_as_mkdocs_does(source, tmp_path) == html
    assert read_as_mkdocs_does(front_matter("无数据") + body, tmp_path) == (
        body,
        {"title": "无数据"},
    )
    other = "no front matter\n" + ARCHIVE_DATA + "\n"
    assert read_as_mkdocs_does(other, tmp_path) == get_data(other)
    assert "regions:" in source and "林芝市" in source  # the file itself keeps it


@SETTINGS
@given(
    data=metas,
    archive=metas,
    body=st.sampled_from(
        ["", "<p>正文</p>\n", "\n\n<div>x</div>", "a: b\n", "x\r\ny", "---\nk: v\n---\n", "\ufeffz"]
    ),
)
def test_the_plugin_reads_front_matter_as_mkdocs_does(data, archive, body, tmp_path):
    from generator.builders.mkdocs import ARCHIVE_DATA
    from generator.markup import front_matter

    # a file read as text
    as_read = (front_matter(data) + body).replace("\r\n", "\n").replace("\r", "\n")
    markdown, meta = get_data(as_read)
    html = meta.get("body") == "html"
    if html:  # the body as the theme is given it (_pass_through)
        markdown, meta = markdown.rstrip("\n"), {**meta, "template": plugin.TEMPLATE}
    source = front_matter(data, archive, ARCHIVE_DATA) + body
    assert read_as_mkdocs_does(source, tmp_path) == (markdown, meta)
    # in a folder of generator HTML, read only when written: the same, or said to be wrong
    if html and "template" not in data:
        assert read_as_mkdocs_does(source, tmp_path, html_folder=True) == (markdown, meta)
    else:
        with pytest.raises(plugin.PluginError, match="body: html"):
            read_as_mkdocs_does(source, tmp_path, html_folder=True)


def test_front_matter_the_generator_does_not_write_is_left_to_pyyaml():
    assert plugin.front_matter_of('title: "标题"\nhide:\n- "toc"\n') == {
        "title": "标题",
        "hide": ["toc"],
    }
    for text in (
        'title: "a\u2028b"\n',
        "title: 标题\n",
        'title: "x" # note\n',
        'on: "x"\n',
        "hide:\n",
        'title: "a" "b"\n',
        '- "x"\n',
        'Title: "x"\n',
    ):
        assert plugin.front_matter_of(text) is None, text


def test_compiled_templates_are_kept_for_the_next_run_and_a_cache_that_cannot_be_written_is_skipped(
    tmp_path,
):
    loader = jinja2.DictLoader({"main.html": MAIN})
    kept = tmp_path / "kept"
    kept.mkdir()
    first = jinja2.Environment(loader=loader, bytecode_cache=plugin.TemplateCache(str(kept)))
    first.get_template("main.html")
    assert len(list(kept.iterdir())) == 1
    again = plugin.TemplateCache(str(kept))
    bucket = again.get_bucket(first, "main.html", None, MAIN)
    assert bucket.code is not None  # the next run loads it instead of compiling
    # a changed template is not
    assert again.get_bucket(first, "main.html", None, MAIN + " ").code is None
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    unwritable = jinja2.Environment(
        loader=loader, bytecode_cache=plugin.TemplateCache(str(not_a_folder))
    )
    assert "<title>" in unwritable.get_template("main.html").render(
        page=Page("a/b/", "T", "<p>x</p>"), base_url=".."
    )


def test_a_page_in_a_folder_of_generator_html_is_read_once_when_it_is_written(tmp_path):
    """MkDocs reads every page before it writes the first: a page in a folder the
    configuration names is not opened then (its file need not be there yet), only when
    written; the theme does not see the setting."""
    from generator.builders.mkdocs import front_matter

    page = SimpleNamespace(
        file=SimpleNamespace(src_uri="originals/p1/index.md", abs_src_path=str(tmp_path / "p.md"))
    )
    archive, config = plugin.ArchivePages(), {"extra": {plugin.HTML_FOLDERS: ["originals"]}}
    archive.on_config(config)
    assert config == {"extra": {}}
    page.markdown, page.meta = get_data(archive.on_page_read_source(page, None))  # not there
    archive.on_page_markdown(page.markdown, page)
    assert page.meta == {"body": "html", "template": plugin.TEMPLATE}  # what picks the template
    (tmp_path / "p.md").write_text(
        front_matter("原文", toc=False, html=True, data={"regions": ["林芝市"]}) + "<p>原文</p>\n",
        encoding="utf-8",
    )
    page.render(None, None)
    archive.on_page_context({"page": page}, page, None)
    assert page.content == "<p>原文</p>"
    assert page.meta == {
        "title": "原文",
        "hide": ["toc"],
        "body": "html",
        "template": plugin.TEMPLATE,
    }
    archive.on_post_page("", page, None)
    assert page.content == ""  # written: its body is not held to the end


def test_a_page_of_an_html_folder_that_is_not_generator_html_names_its_file_and_the_fix(
    tmp_path,
):
    from generator.builders.mkdocs import front_matter

    with pytest.raises(plugin.PluginError) as raised:
        read_as_mkdocs_does(front_matter("手写") + "# 手写\n", tmp_path, html_folder=True)
    assert str(tmp_path / "page.md") in str(raised.value)
    assert "python -m generator build" in str(raised.value)


def test_mkdocs_environment_gets_the_template_cache():
    from mkdocs.structure.files import Files

    env = plugin.ArchivePages().on_env(jinja2.Environment(), config={}, files=Files([]))
    assert isinstance(env.bytecode_cache, plugin.TemplateCache)
    assert "archive_page" in env.globals
