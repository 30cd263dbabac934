"""generator/builders/mkdocs/changed.py: a run of MkDocs given only the docs files that changed
renders them, resolves links to the others and removes the HTML of pages gone."""

from mkdocs.config.defaults import MkDocsConfig

from generator.builders.mkdocs import changed


def config(tmp_path) -> MkDocsConfig:
    cfg = MkDocsConfig()
    cfg.load_dict(
        {
            "site_name": "t",
            "docs_dir": str(tmp_path / "docs"),
            "site_dir": str(tmp_path / "site"),
            "nav": [{"首页": "index.md"}, {"关于": "about/index.md"}],
            "not_in_nav": "/articles/\n",
        }
    )
    (tmp_path / "docs").mkdir(exist_ok=True)
    errors, _ = cfg.validate()
    assert not errors
    return cfg


def test_changes_are_new_files_other_digests_and_files_gone():
    since = {"index.md": "a", "articles/x/index.md": "b", "articles/y/index.md": "c"}
    now = {"index.md": "a", "articles/x/index.md": "B", "articles/z/index.md": "d"}
    changes = changed.Changes.between(since, now)
    assert changes.changed == ("articles/x/index.md", "articles/z/index.md")
    assert changes.removed == ("articles/y/index.md",)


def test_the_run_lists_what_changed_and_the_nav_and_finds_the_rest_by_path(tmp_path):
    cfg = config(tmp_path)
    now = {
        "index.md": "a",
        "about/index.md": "b",
        "articles/x/index.md": "c",
        "articles/y/index.md": "d",
        "data/a.csv": "e",
    }
    files = changed.files_for(
        cfg, changed.Changes.between({**now, "articles/x/index.md": "?"}, now)
    )
    listed = {f.src_uri: f for f in files}
    assert sorted(listed) == ["about/index.md", "articles/x/index.md", "index.md"]
    assert listed["articles/x/index.md"].is_modified()
    assert not listed["index.md"].is_modified() and not listed["about/index.md"].is_modified()
    assert listed["articles/x/index.md"].inclusion.is_not_in_nav()
    other = files.get_file_from_path("articles/y/index.md")  # a link's target: found, not listed
    assert other.url == "articles/y/" and not other.is_modified()
    assert other.inclusion.is_not_in_nav()
    assert "articles/y/index.md" not in {f.src_uri for f in files}
    assert files.get_file_from_path("data/a.csv").url == "data/a.csv"
    assert files.get_file_from_path("articles/gone/index.md") is None


def test_the_html_of_pages_gone_is_removed_with_the_folders_left_empty(tmp_path):
    cfg = config(tmp_path)
    site = tmp_path / "site"
    for rel in ("articles/y/index.html", "articles/z/index.html", "data/old.csv", "x/index.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(rel)
    since = {
        "articles/y/index.md": "a",
        "data/old.csv": "b",
        "x.md": "c",
        "articles/z/index.md": "d",
    }
    changes = changed.Changes.between(since, {"articles/z/index.md": "d", "x/index.md": "e"})
    written = {str(site / "x/index.html")}  # x.md gone, x/index.md made the same file anew
    assert changed.remove_gone(cfg, changes, written) == 2
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "articles",
        "articles/z",
        "articles/z/index.html",
        "x",
        "x/index.html",
    ]
