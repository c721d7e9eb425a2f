"""The gazetteer: generated tables match their source, one test per kind of entry."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from vngov import gazetteer as g

ROOT = Path(__file__).resolve().parent.parent
BEFORE = dt.date(2021, 1, 13)
AFTER = dt.date(2025, 8, 1)


def _build_script():
    spec = importlib.util.spec_from_file_location("build_gazetteer",
                                                  ROOT / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_generated_files_equal_the_script_output():
    pytest.importorskip("underthesea")
    script = _build_script()
    mapping = json.loads(script.mapping_path().read_text(encoding="utf-8"))
    for name, text in script.build(mapping).items():
        committed = (ROOT / "src" / "vngov" / "data" / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is out of date: run scripts/build_gazetteer.py"


def test_counts_of_each_era():
    provinces = g.units("province")
    old = {u.name for u in provinces if u.valid_until == dt.date(2025, 6, 30)
           and u.name not in ("Thừa Thiên Huế",)}
    new = {u.name for u in provinces if u.valid_from == dt.date(2025, 7, 1)}
    assert len(old) == 63
    assert len(new) == 34


def test_old_province_only():
    (u,) = g.lookup("Hậu Giang", "province")
    assert (u.code, u.unit_word, u.successor) == ("93", "tỉnh", "Cần Thơ")
    assert g.valid_on(u, BEFORE) and not g.valid_on(u, AFTER)


def test_province_in_both_eras_with_a_new_code():
    rows = g.lookup("Lào Cai", "province")
    assert sorted(u.code for u in rows) == ["10", "15"]
    assert g.pick(rows, BEFORE).code == "10"
    assert g.pick(rows, AFTER).code == "15"
    assert g.pick(rows, None).code == "15"  # no date: today's unit


def test_province_in_both_eras_with_the_same_code():
    rows = g.lookup("Hà Nội", "province")
    assert {u.code for u in rows} == {"01"}
    assert g.any_valid_on(rows, BEFORE) and g.any_valid_on(rows, AFTER)


def test_new_province_unit_word():
    (new,) = [u for u in g.lookup("Cần Thơ", "province") if u.valid_from]
    assert new.unit_word == "thành phố" and new.code == "92"


def test_district():
    rows = g.lookup("Châu Thành A", "district")
    assert [u.province for u in rows] == ["Hậu Giang"]
    assert not g.any_valid_on(rows, AFTER)
    # a city that is a district of a province
    assert any(u.unit_word == "thành phố" for u in g.lookup("Vị Thanh", "district"))


def test_old_and_new_commune():
    old = [u for u in g.lookup("Tân Phú Thạnh", "commune") if u.valid_until]
    assert old and old[0].district == "Châu Thành A"
    new = [u for u in g.lookup("Phú Quốc", "commune") if u.valid_from]
    assert new and new[0].unit_word == "đặc khu"


def test_alias_with_its_own_end():
    (u,) = g.lookup("Thừa Thiên Huế", "province")
    assert u.code == "46"
    assert g.valid_on(u, BEFORE) and not g.valid_on(u, dt.date(2025, 3, 1))


def test_country():
    assert g.country().code == "VN"
    assert g.lookup("Viet Nam", "country")[0].name == "Việt Nam"


@pytest.mark.parametrize("written", ["Khánh Hòa", "Khánh Hoà", "Khanh Hoa", "KHÁNH HÒA"])
def test_lookup_spellings(written):
    assert {u.code for u in g.lookup(written, "province")} == {"56"}


def test_diacritics_when_written_must_match():
    assert g.lookup("Tân Phụ", "commune") == []
    assert g.lookup("Tan Phu", "commune")


def test_codes_were_reassigned():
    assert [u.name for u in g.by_code("15", BEFORE)] == ["Yên Bái"]
    assert [u.name for u in g.by_code("15", AFTER)] == ["Lào Cai"]
    assert [u.name for u in g.by_code("VN")] == ["Việt Nam"]
