"""site-data/towns.yaml from china-division's tables (generator/make_gazetteer.py)."""

from generator import make_gazetteer
from generator.make_gazetteer import build, village_name


def test_village_committees_are_named_as_news_text_names_them():
    assert village_name("吞达村委会") == "吞达村"
    assert village_name("扎西岗村村民委员会") == "扎西岗村"
    assert village_name("八一社区居委会") == "八一社区"
    assert village_name("才召村") == "才召村"


def write(path, header, rows):
    path.write_text("\n".join([header, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")


def test_build_places_towns_and_villages_under_their_counties(tmp_path, monkeypatch):
    write(
        tmp_path / "areas.csv",
        "code,name,cityCode,provinceCode",
        [
            ("540123", '"尼木县"', "5401", "54"),
            ("540171", '"格尔木藏青工业园区"', "5401", "54"),
            ("110101", '"东城区"', "1101", "11"),
        ],
    )
    write(
        tmp_path / "streets.csv",
        "code,name,areaCode,provinceCode,cityCode",
        [
            ("540123200", '"吞巴乡"', "540123", "54", "5401"),
            ("540171001", '"园区街道"', "540171", "54", "5401"),
        ],
    )
    write(
        tmp_path / "villages.csv",
        "code,name,streetCode,provinceCode,cityCode,areaCode",
        [("540123200201", '"吞达村委会"', "540123200", "54", "5401", "540123")],
    )
    monkeypatch.setattr(make_gazetteer, "SITE_DATA", tmp_path)
    (tmp_path / "regions.yaml").write_text(
        "name: 西藏自治区\nslug: x\nchildren:\n- name: 拉萨市\n  slug: l\n  children:\n"
        "  - {name: 尼木县, slug: n}\n",
        encoding="utf-8",
    )
    assert build(tmp_path) == {"尼木县": {"吞巴乡": ["吞达村"]}}
