"""Organisations and places: one table per rule, with near misses; the offsets property."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vngov
from vngov.rules import bodies

FIELDS = ["organizations", "locations"]


def orgs(text: str) -> list[tuple[str, str, str | None]]:
    r = vngov.extract(text, fields=FIELDS)
    return [(o.text, o.canonical, o.kind) for o in r.organizations]


def locs(text: str) -> list[tuple[str, str, str | None]]:
    r = vngov.extract(text, fields=FIELDS)
    return [(x.text, x.name, x.level) for x in r.locations]


PC = "people's committee"

# --- orgs.body: table bodies, abbreviations, sub-bodies, localities -------------------------
BODY_CASES = [
    ("UBND tỉnh Hậu Giang ban hành",
     [("UBND tỉnh Hậu Giang", "Ủy ban nhân dân tỉnh Hậu Giang", PC)]),
    ("của UBND tỉnh về", [("UBND tỉnh", "Ủy ban nhân dân tỉnh", PC)]),
    ("UBND huyện Châu Thành A",
     [("UBND huyện Châu Thành A", "Ủy ban nhân dân huyện Châu Thành A", PC)]),
    ("ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\n\nSố: 12/QĐ-UBND",
     [("ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG", "Ủy ban nhân dân tỉnh Hậu Giang", PC)]),
    ("Sở Nội vụ tỉnh Hậu Giang", [("Sở Nội vụ tỉnh Hậu Giang", "Sở Nội vụ tỉnh Hậu Giang",
                                  "department")]),
    ("Theo Sở KH&CN, năm nay", [("Sở KH&CN", "Sở Khoa học và Công nghệ", "department")]),
    ("Sở Khoa học và Công nghệ", [("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ",
                                  "department")]),
    ("Bộ Tài chính; Bộ Nông nghiệp và Môi trường",
     [("Bộ Tài chính", "Bộ Tài chính", "ministry"),
      ("Bộ Nông nghiệp và Môi trường", "Bộ Nông nghiệp và Môi trường", "ministry")]),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n------",
     [("BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội", "ministry")]),
    ("Thủ tướng Chính phủ phát động", [("Chính phủ", "Chính phủ", "government")]),
    ("Quốc hội thông qua", [("Quốc hội", "Quốc hội", "national assembly")]),
    ("- Ủy ban Thường vụ Quốc hội;", [("Ủy ban Thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội",
                                      "national assembly")]),
    ("- Văn phòng Chính phủ;", [("Văn phòng Chính phủ", "Văn phòng Chính phủ", "agency")]),
    ("Chánh Văn phòng UBND tỉnh,", [("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh",
                                     "agency")]),
    ("Ban Thường vụ Tỉnh ủy xây dựng", [("Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy",
                                        "party")]),
    ("Văn phòng Tỉnh ủy hướng dẫn", [("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy", "party")]),
    ("Ban Chấp hành Trung ương Đảng", [("Ban Chấp hành Trung ương Đảng",
                                        "Ban Chấp hành Trung ương Đảng", "party")]),
    ("Bộ Chính trị; Ban Bí thư", [("Bộ Chính trị", "Bộ Chính trị", "party"),
                                 ("Ban Bí thư", "Ban Bí thư", "party")]),
    ("Ủy ban MTTQ Việt Nam tỉnh tổ chức",
     [("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "front")]),
    ("Hội Liên hiệp Phụ nữ tỉnh", [("Hội Liên hiệp Phụ nữ tỉnh", "Hội Liên hiệp Phụ nữ tỉnh",
                                   "mass organization")]),
    ("Liên đoàn Lao động tỉnh", [("Liên đoàn Lao động tỉnh", "Liên đoàn Lao động tỉnh",
                                 "mass organization")]),
    ("Hội đồng Thi đua - Khen thưởng tỉnh", [("Hội đồng Thi đua - Khen thưởng tỉnh",
                                             "Hội đồng Thi đua - Khen thưởng tỉnh", "agency")]),
    ("Công an tỉnh phối hợp", [("Công an tỉnh", "Công an tỉnh", "agency")]),
    ("Tòa án nhân dân tỉnh", [("Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh", "court")]),
    ("Viện kiểm sát nhân dân tỉnh", [("Viện kiểm sát nhân dân tỉnh",
                                     "Viện kiểm sát nhân dân tỉnh", "procuracy")]),
    ("- TT Tỉnh ủy, TT. HĐND tỉnh;",
     [("TT Tỉnh ủy", "Thường trực Tỉnh ủy", "party"),
      ("TT. HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh", "people's council")]),
    ("Huyện ủy Châu Thành A, Thành ủy Vị Thanh chọn",
     [("Huyện ủy Châu Thành A", "Huyện ủy Châu Thành A", "party"),
      ("Thành ủy Vị Thanh", "Thành ủy Vị Thanh", "party")]),
    ("Bí thư Tỉnh ủy Hậu Giang đề nghị", [("Tỉnh ủy Hậu Giang", "Tỉnh ủy Hậu Giang", "party")]),
    ("UBND tinh Hau Giang", [("UBND tinh Hau Giang", "Ủy ban nhân dân tỉnh Hậu Giang", PC)]),
    # a person's name after the body: the place must be a whole gazetteer name
    ("Chủ tịch UBND tỉnh Đồng Văn Thanh ký", [("UBND tỉnh", "Ủy ban nhân dân tỉnh", PC)]),
    ("UBND tỉnh Đồng Nai Nguyễn Văn A", [("UBND tỉnh Đồng Nai", "Ủy ban nhân dân tỉnh Đồng Nai",
                                        PC)]),
    ("Phó Chủ tịch Thường trực UBND tỉnh chủ trì", [("UBND tỉnh", "Ủy ban nhân dân tỉnh", PC)]),
]


@pytest.mark.parametrize(("text", "expected"), BODY_CASES)
def test_bodies(text, expected):
    assert orgs(text) == expected


# --- orgs.open and orgs.signer -----------------------------------------------------------------
OPEN_CASES = [
    ("Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Hậu Giang họp",
     [("Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Hậu Giang",
       "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Hậu Giang", "steering committee")]),
    ("Trưởng Ban Chỉ đạo có trách nhiệm", [("Ban Chỉ đạo", "Ban Chỉ đạo", "steering committee")]),
    ("- Cục Văn thư và Lưu trữ nhà nước;", [("Cục Văn thư và Lưu trữ nhà nước",
                                            "Cục Văn thư và Lưu trữ nhà nước", "agency")]),
    ("- Cục Kiểm tra văn bản QPPL - Bộ Tư pháp;",
     [("Cục Kiểm tra văn bản QPPL", "Cục Kiểm tra văn bản quy phạm pháp luật", "agency"),
      ("Bộ Tư pháp", "Bộ Tư pháp", "ministry")]),
    ("2. Phòng Y tế quận Bình Thủy phối hợp",
     [("Phòng Y tế quận Bình Thủy", "Phòng Y tế quận Bình Thủy", "agency")]),
    ("1. Vụ Tổ chức - Biên chế.", [("Vụ Tổ chức - Biên chế", "Vụ Tổ chức - Biên chế", "agency")]),
    ("T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ", [("BAN THƯỜNG VỤ", "Ban Thường vụ", "party")]),
]


@pytest.mark.parametrize(("text", "expected"), OPEN_CASES)
def test_open_names_and_signer(text, expected):
    assert orgs(text) == expected


# --- near misses: no organisation ----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Thủ trưởng các sở, ban, ngành tỉnh",
    "cơ quan, đơn vị trên địa bàn",
    "sự lãnh đạo của Đảng và Nhân dân",
    "UBND các cấp triển khai",
    "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
    "Tỉnh ủy viên",
    "các Sở Nội vụ",
    "Ban Thường vụ",  # a sub-body with no body after it
    "DỊCH VỤ LƯU TRỮ",
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    "Công an vào cuộc",  # "Công an" alone is the police in general
    "Phòng chống dịch là nhiệm vụ",
    'phong trào thi đua "Chung tay cùng Ủy ban nhân dân tỉnh"',
    "Số: 04/KH-UBND",
    "sở hữu trí tuệ",
])
def test_not_organisations(text):
    assert orgs(text) == []


def test_longest_span_wins():
    assert orgs("Văn phòng UBND tỉnh") == [("Văn phòng UBND tỉnh",
                                         "Văn phòng Ủy ban nhân dân tỉnh", "agency")]


def test_bare_so_is_the_issuing_department():
    text = ("UBND THÀNH PHỐ CẦN THƠ\nSỞ Y TẾ\nSố: 812/SYT-NVY\n\n"
            "Cần Thơ, ngày 08 tháng 3 năm 2022\n\nBáo cáo về Sở trước ngày 31/3/2022.")
    found = {o[0]: o[1] for o in orgs(text)}
    assert found["Sở"] == "Sở Y tế"
    # a portal item has no issuing department: "Sở" alone is left out
    assert orgs("Đăng ký tại trang của Sở để nhận") == []


# --- places -----------------------------------------------------------------------------------
LOC_CASES = [
    ("tại tỉnh Hậu Giang", [("tỉnh Hậu Giang", "Hậu Giang", "province")]),
    ("TP. Hồ Chí Minh và TP Cần Thơ", [("TP. Hồ Chí Minh", "Hồ Chí Minh", "province"),
                                      ("TP Cần Thơ", "Cần Thơ", "province")]),
    ("TP.HCM", [("TP.HCM", "Hồ Chí Minh", "province")]),
    ("thành phố Cần Thơ", [("thành phố Cần Thơ", "Cần Thơ", "province")]),
    ("thành phố Vị Thanh", [("thành phố Vị Thanh", "Vị Thanh", "district")]),
    ("thành phố Thanh Hóa", [("thành phố Thanh Hóa", "Thanh Hóa", "district")]),
    ("huyện Châu Thành, thị xã Long Mỹ, quận 1",
     [("huyện Châu Thành", "Châu Thành", "district"), ("thị xã Long Mỹ", "Long Mỹ", "district"),
      ("quận 1", "1", "district")]),
    ("xã Tân Phú và phường 5", [("xã Tân Phú", "Tân Phú", "commune"),
                               ("phường 5", "5", "commune")]),
    ("Hậu Giang triển khai", [("Hậu Giang", "Hậu Giang", "province")]),
    ("lãnh thổ Việt Nam", [("Việt Nam", "Việt Nam", "country")]),
    ("Hậu Giang, ngày 21 tháng 01 năm 2021", [("Hậu Giang", "Hậu Giang", "province")]),
    ("Phong Điền, ngày 14 tháng 6 năm 2018", [("Phong Điền", "Phong Điền", "district")]),
    ("các huyện Châu Thành A, Phụng Hiệp và thành phố Vị Thanh",
     [("huyện Châu Thành A", "Châu Thành A", "district"),
      ("Phụng Hiệp", "Phụng Hiệp", "district"),
      ("thành phố Vị Thanh", "Vị Thanh", "district")]),
    ("tinh Hau Giang", [("tinh Hau Giang", "Hau Giang", "province")]),
    ("UBND tỉnh Đồng Nai Nguyễn Văn A", [("tỉnh Đồng Nai", "Đồng Nai", "province")]),
]


@pytest.mark.parametrize(("text", "expected"), LOC_CASES)
def test_places(text, expected):
    assert locs(text) == expected


@pytest.mark.parametrize("text", [
    "Chủ tịch UBND tỉnh Đồng Văn Thanh",  # no province "Đồng Văn Thanh"
    "ông Nguyễn Thái Bình phát biểu",
    "đồng chí Trần Hà Nam",
    "bà Lê Thị Huế",
    "ông Long An",
    "Thái Bình Dương",
    "tư tưởng Hồ Chí Minh",
    "cách xa Trung tâm",
    "cơ quan Nhà nước",
    "Bảo hiểm xã hội",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    'cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam"',
    "xã Tân Phụ",  # diacritics that no commune has
])
def test_not_places(text):
    assert locs(text) == []


def test_nested_location_is_its_own_mention():
    r = vngov.extract("Sở Nội vụ tỉnh Hậu Giang", fields=FIELDS)
    assert [o.text for o in r.organizations] == ["Sở Nội vụ tỉnh Hậu Giang"]
    assert [x.text for x in r.locations] == ["tỉnh Hậu Giang"]


# --- resolve: code and validity from the document's date ---------------------------------------
def _located(text: str) -> dict[str, tuple[str | None, bool | None]]:
    r = vngov.extract(text, fields=FIELDS)
    return {x.text: (x.code, x.valid) for x in r.locations}


def test_valid_and_code_before_the_reform():
    found = _located("Hậu Giang, ngày 13 tháng 01 năm 2021\n\ntỉnh Lào Cai và tỉnh Hậu Giang")
    assert found["tỉnh Hậu Giang"] == ("93", True)
    assert found["tỉnh Lào Cai"] == ("10", True)


def test_valid_and_code_after_the_reform():
    found = _located("Cần Thơ, ngày 18 tháng 8 năm 2025\n\ntỉnh Lào Cai; tỉnh Hậu Giang; "
                     "thành phố Cần Thơ; huyện Phong Điền")
    assert found["tỉnh Hậu Giang"] == ("93", False)
    assert found["tỉnh Lào Cai"] == ("15", True)
    assert found["thành phố Cần Thơ"] == ("92", True)
    assert found["huyện Phong Điền"] == (None, False)


def test_old_marker_means_the_old_unit():
    found = _located("Cần Thơ, ngày 18 tháng 8 năm 2025\n\nnhập thành phố Cần Thơ (cũ) vào")
    assert found["thành phố Cần Thơ"] == ("92", False)


def test_no_document_date_no_validity():
    assert _located("tỉnh Hậu Giang") == {"tỉnh Hậu Giang": ("93", None)}


def test_ministry_mergers_of_march_2025():
    assert bodies.body_valid_on("Bộ Kế hoạch và Đầu tư", dt.date(2025, 2, 28)) is True
    assert bodies.body_valid_on("Bộ Kế hoạch và Đầu tư", dt.date(2025, 3, 1)) is False
    assert bodies.successor("Bộ Kế hoạch và Đầu tư") == "Bộ Tài chính"
    assert bodies.successor("Bộ Thông tin và Truyền thông") == "Bộ Khoa học và Công nghệ"
    assert bodies.body_valid_on("Bộ Nông nghiệp và Môi trường", dt.date(2025, 8, 1)) is True


# --- the offsets invariant --------------------------------------------------------------------
_PIECES = [
    "UBND tỉnh Hậu Giang", "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG", "Sở KH&CN", "Bộ Tài chính",
    "Văn phòng UBND tỉnh", "Ban Thường vụ Tỉnh ủy", "Ủy ban MTTQ Việt Nam tỉnh", "huyện Châu Thành",
    "TP. Hồ Chí Minh", "Hậu Giang, ngày 13 tháng 01 năm 2021", "ông Nguyễn Thái Bình",
    "Cục Văn thư và Lưu trữ nhà nước", "Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh",
    "phong trào “Cả nước chung sức”", "Số: 04/KH-UBND", "xã Tân Phú", "Uỷ ban nhân dân",
    "UBND tinh Hau Giang", "\u00a0", " ", "\n", ", ", "; ", "các ", "Sở", "\u200b", "\r\n",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=12),
       st.booleans())
def test_offsets_invariant(parts, nfd):
    text = "".join(parts)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    r = vngov.extract(text, fields=FIELDS)
    for m in [*r.organizations, *r.locations]:
        assert text[m.start:m.end] == m.text


def test_informal_department_name_of_portals() -> None:
    """Portals write "Sở Khoa học công nghệ" (the seed notice's breadcrumb) for Sở Khoa học và
    Công nghệ."""
    import vngov

    orgs = vngov.extract("Tin tức - Sở Khoa học công nghệ tỉnh Hậu Giang").organizations
    assert [(o.text, o.canonical) for o in orgs] == [
        ("Sở Khoa học công nghệ tỉnh Hậu Giang", "Sở Khoa học và Công nghệ tỉnh Hậu Giang")]
