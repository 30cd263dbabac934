"""Site data (generator/config.py): read once, every mistake reported at once with its file
and fix."""

import shutil

import pytest
import yaml

from generator.config import LABELS, SITE_DATA, ConfigError, load_settings


@pytest.fixture
def site_data(tmp_path):
    folder = tmp_path / "site-data"
    shutil.copytree(SITE_DATA, folder)
    return folder


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_the_projects_site_data_reads_and_holds_every_label():
    settings = load_settings()
    assert LABELS <= set(settings.labels)
    assert settings.speaks_for["全县"] == ("county",) and settings.speaks_for["全区"] == (
        "county:区",
        "region",
    )
    assert settings.subjects["household"][0] == "sentence"
    first, traditional = settings.views
    assert (first.lang, first.prefix, first.convert, first.theme_strings) == (
        "zh-Hans",
        "",
        None,
        "zh",
    )
    assert (traditional.prefix, traditional.convert, traditional.interface_convert) == (
        "zh-Hant",
        "s2tw",
        "s2twp",
    )
    assert (
        traditional.theme_strings == "zh-TW"
        and traditional.corner_quotes
        and not first.corner_quotes
    )
    assert traditional.root == "zh-Hant/" and "navigation" in settings.removed_reasons


def test_every_mistake_is_reported_at_once_with_its_file(site_data):
    edit(site_data / "figures.yaml", lambda d: d["units"].update({"斤": "mass"}))
    edit(site_data / "figures.yaml", lambda d: d["speaks_for"].update({"全片": ["district"]}))
    edit(site_data / "site.yaml", lambda d: d["labels"].pop("footer"))
    edit(site_data / "site.yaml", lambda d: d["views"][1].update(convert="s2xx"))
    with pytest.raises(ConfigError) as err:
        load_settings(site_data)
    message = str(err.value)
    assert f"{site_data / 'figures.yaml'}: unit 斤: kind 'mass' — use one of" in message
    assert f"{site_data / 'figures.yaml'}: speaks_for: 全片: ['district'] — list levels" in message
    assert f"{site_data / 'site.yaml'}: labels footer are missing — add them" in message
    assert (
        f"{site_data / 'site.yaml'}: views: zh-Hant: give a prefix (letters, digits, -) and "
        "convert "
        f"(one of s2t, s2tw, s2twp, s2hk)"
    ) in message


def test_a_subject_needs_where_it_is_read_and_its_words(site_data):
    edit(
        site_data / "figures.yaml", lambda d: d["subjects"].update({"project": {"within": "page"}})
    )
    with pytest.raises(
        ConfigError, match="subjects: project: give `within: clause` or `within: sentence`"
    ):
        load_settings(site_data)


def test_a_views_interface_needs_a_known_conversion(site_data):
    edit(site_data / "site.yaml", lambda d: d["views"][1]["interface"].update(convert="tw"))
    with pytest.raises(ConfigError, match="views: zh-Hant: interface convert must be one of"):
        load_settings(site_data)


def test_the_first_view_is_the_canonical_text_at_the_root(site_data):
    edit(site_data / "site.yaml", lambda d: d["views"][0].update(prefix="zh", convert="s2t"))
    edit(site_data / "site.yaml", lambda d: d["views"][1].update(lang="zh-Hans"))
    with pytest.raises(ConfigError) as err:
        load_settings(site_data)
    assert "views: zh-Hans: the first view is the canonical text at the site's root" in str(
        err.value
    )
    assert "another view has this lang or prefix" in str(err.value)


def test_corner_quotes_can_be_switched_off(site_data):
    edit(site_data / "site.yaml", lambda d: d["views"][1].update(corner_quotes=False))
    assert load_settings(site_data).views[1].corner_quotes is False
