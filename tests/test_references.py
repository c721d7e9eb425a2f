"""References: one cited document with its parts linked; laws by name; lists; self/anaphora."""

from __future__ import annotations

import unicodedata

import pytest

import vngov

Row = tuple[str, str | None, str | None, str | None, str | None, str | None]


def references(text: str) -> list[Row]:
    """(span text, doc_type, number, date, issuer, subject) of every reference, offsets checked."""
    out = []
    for r in vngov.extract(text, fields=["references"]).references:
        assert text[r.start : r.end] == r.text
        out.append((r.text, r.doc_type, r.number, r.date, r.issuer, r.subject))
    return out


TYPED = [
    (
        "Thực hiện Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 của UBND tỉnh, các sở ...",
        [("Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 của UBND tỉnh", "Kế hoạch",
          "04/KH-UBND", "2021-01-13", "UBND tỉnh", None)],
    ),
    (
        # subject after "về": to the clause end, outside the span
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư;",
        [("Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ", "Nghị định",
          "30/2020/NĐ-CP", "2020-03-05", "Chính phủ", "công tác văn thư")],
    ),
    (
        "theo Quyết định số 1600/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ phê duyệt đề án",
        [("Quyết định số 1600/QĐ-TTg ngày 06/10/2020 của Thủ tướng Chính phủ", "Quyết định",
          "1600/QĐ-TTg", "2020-10-06", "Thủ tướng Chính phủ", None)],
    ),
    (
        "quán triệt Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương về việc xây dựng đội ngũ.",
        [("Nghị quyết số 26-NQ/TW của Ban Chấp hành Trung ương", "Nghị quyết", "26-NQ/TW", None,
          "Ban Chấp hành Trung ương", "xây dựng đội ngũ")],
    ),
    (
        # the issuer stops before a lower-case verb; a body's own lower-case words stay
        "Công văn số 123/UBND-VX của Ủy ban nhân dân tỉnh ban hành ngày hôm qua",
        [("Công văn số 123/UBND-VX của Ủy ban nhân dân tỉnh", "Công văn", "123/UBND-VX", None,
          "Ủy ban nhân dân tỉnh", None)],
    ),
    (
        # a bare number: the type of its code
        "triển khai theo 04/KH-UBND, báo cáo kết quả",
        [("04/KH-UBND", "Kế hoạch", "04/KH-UBND", None, None, None)],
    ),
]

SEVERAL = [
    (
        "Căn cứ Nghị quyết số 01/NQ-CP và Nghị quyết số 02/NQ-CP của Chính phủ;",
        [("Nghị quyết số 01/NQ-CP", "Nghị quyết", "01/NQ-CP", None, None, None),
         ("Nghị quyết số 02/NQ-CP của Chính phủ", "Nghị quyết", "02/NQ-CP", None, "Chính phủ",
          None)],
    ),
    (
        # a list after one type word: later members span their number and parts only
        "bãi bỏ các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND và số 14/QĐ-UBND của UBND tỉnh.",
        [("Quyết định số 12/QĐ-UBND", "Quyết định", "12/QĐ-UBND", None, None, None),
         ("13/QĐ-UBND", "Quyết định", "13/QĐ-UBND", None, None, None),
         ("14/QĐ-UBND của UBND tỉnh", "Quyết định", "14/QĐ-UBND", None, "UBND tỉnh", None)],
    ),
    (
        # a list of codeless numbers takes the list's type word
        "các Công văn số 15/UBND-VX, 16/UBND-KT",
        [("Công văn số 15/UBND-VX", "Công văn", "15/UBND-VX", None, None, None),
         ("16/UBND-KT", "Công văn", "16/UBND-KT", None, None, None)],
    ),
    (
        # the first subject stops where the next citation begins
        "Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư, Thông tư số "
        "01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ;",
        [("Nghị định số 30/2020/NĐ-CP của Chính phủ", "Nghị định", "30/2020/NĐ-CP", None,
          "Chính phủ", "công tác văn thư"),
         ("Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ", "Thông tư",
          "01/2011/TT-BNV", "2011-01-19", "Bộ Nội vụ", None)],
    ),
]

NAMED = [
    (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        [("Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015", "Luật", None,
          "2015-06-19", None, "Tổ chức chính quyền địa phương")],
    ),
    (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015;",
        [("Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 ngày 22/6/2015", "Luật",
          "80/2015/QH13", "2015-06-22", None, "Ban hành văn bản quy phạm pháp luật")],
    ),
    (
        # commas stay inside a law's name; two laws in one clause
        "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và Luật Cán bộ, công chức "
        "ngày 13/11/2008;",
        [("Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003", "Luật", None, "2003-11-26",
          None, "Thi đua, khen thưởng"),
         ("Luật Cán bộ, công chức ngày 13/11/2008", "Luật", None, "2008-11-13", None,
          "Cán bộ, công chức")],
    ),
    (
        # an amending law is one citation; "một số điều" is no "số <number>" cue
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
        "chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        [("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
          "quyền địa phương ngày 22 tháng 11 năm 2019", "Luật", None, "2019-11-22", None,
          "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
          "địa phương")],
    ),
    (
        "thực hiện theo Bộ luật Lao động năm 2019 và các văn bản hướng dẫn",
        [("Bộ luật Lao động năm 2019", "Bộ luật", None, "2019", None, "Lao động")],
    ),
    (
        # a name with nothing linked: a citation only when a "Căn cứ" clause is just the name
        "Căn cứ Luật Thi đua, khen thưởng;",
        [("Luật Thi đua, khen thưởng", "Luật", None, None, None, "Thi đua, khen thưởng")],
    ),
]

ASCII = [
    (
        "Can cu Luat To chuc chinh quyen dia phuong ngay 19 thang 6 nam 2015;\n"
        "Thuc hien Ke hoach so 04/KH-UBND ngay 13/01/2021 cua UBND tinh ve viec trien khai;",
        [("Luat To chuc chinh quyen dia phuong ngay 19 thang 6 nam 2015", "Luật", None,
          "2015-06-19", None, "To chuc chinh quyen dia phuong"),
         ("Ke hoach so 04/KH-UBND ngay 13/01/2021 cua UBND tinh", "Kế hoạch", "04/KH-UBND",
          "2021-01-13", "UBND tinh", "trien khai")],
    ),
]

NEGATIVES = [
    # type words used as common nouns and verbs
    "xây dựng kế hoạch phát triển kinh tế - xã hội; báo cáo kết quả thực hiện",
    "theo Luật Đất đai quy định thì người sử dụng đất",  # no date, no number: end undecidable
    "tăng cường pháp luật; Luật hóa các quy định",
    "Kế hoạch trên địa bàn tỉnh được triển khai",  # "trên địa bàn": the preposition
    # numbers inside URLs are no numbers, hence no references
    "xem tại https://vanban.gov.vn/04/KH-UBND hoặc http://x.vn/van-ban/12/QD-UBND",
    # ratios and dates are not numbers
    "đạt tỷ lệ 3/4 vào ngày 13/01/2021",
]


@pytest.mark.parametrize(("text", "expected"), TYPED + SEVERAL + NAMED + ASCII)
def test_references(text: str, expected: list[Row]) -> None:
    assert references(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_references(text: str) -> None:
    assert references(text) == []


def test_nfd_offsets_map_back() -> None:
    text = unicodedata.normalize(
        "NFD", "Căn cứ Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 của Ủy ban nhân dân "
        "tỉnh về việc phát động thi đua;")
    (r,) = vngov.extract(text, fields=["references"]).references
    assert text[r.start : r.end] == r.text
    assert (r.doc_type, r.number, r.date) == ("Kế hoạch", "04/KH-UBND", "2021-01-13")
    assert r.issuer == "Ủy ban nhân dân tỉnh"  # values are NFC
    assert r.subject == "phát động thi đua"


def test_anaphora_takes_the_last_earlier_reference_of_its_type() -> None:
    text = ("Thực hiện Kế hoạch số 04/KH-UBND ngày 13/01/2021 của UBND tỉnh và Quyết định số "
            "20/QĐ-UBND. Kế hoạch nêu trên được triển khai; Quyết định trên có hiệu lực.")
    got = references(text)
    assert got[2] == ("Kế hoạch nêu trên", "Kế hoạch", "04/KH-UBND", "2021-01-13", "UBND tỉnh",
                      None)
    assert got[3] == ("Quyết định trên", "Quyết định", "20/QĐ-UBND", None, None, None)


def test_anaphora_without_antecedent_keeps_its_type_only() -> None:
    assert references("Kế hoạch nói trên cần sửa đổi.") == [
        ("Kế hoạch nói trên", "Kế hoạch", None, None, None, None)]


def test_self_reference_without_header() -> None:
    # no header: the document's own number and date are unknown
    assert references("Kế hoạch này được phổ biến đến các đơn vị.") == [
        ("Kế hoạch này", "Kế hoạch", None, None, None, None)]


FORMAL = (
    "ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG\nSố: 12/QĐ-UBND\nHậu Giang, ngày 13 tháng 01 năm 2021\n\n"
    "QUYẾT ĐỊNH\nVề việc ban hành Kế hoạch thi đua\n\n"
    "Căn cứ Kế hoạch số 04/KH-UBND ngày 05/01/2021 của UBND tỉnh;\n"
    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thi đua năm 2021.\n"
    "Điều 2. Kế hoạch nêu trên được triển khai từ tháng 02/2021.\n"
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
)


def test_self_reference_and_header_number() -> None:
    got = references(FORMAL)
    # the header's own "Số: 12/QĐ-UBND" is not a reference
    assert all(r[0] != "12/QĐ-UBND" for r in got)
    assert got == [
        ("Kế hoạch số 04/KH-UBND ngày 05/01/2021 của UBND tỉnh", "Kế hoạch", "04/KH-UBND",
         "2021-01-05", "UBND tỉnh", None),
        ("Quyết định này", "Quyết định", "12/QĐ-UBND", "2021-01-13", None, None),
        ("Kế hoạch nêu trên", "Kế hoạch", "04/KH-UBND", "2021-01-05", "UBND tỉnh", None),
        ("Quyết định này", "Quyết định", "12/QĐ-UBND", "2021-01-13", None, None),
    ]


def test_seed_style_portal_item() -> None:
    text = ("Phát động phong trào thi đua năm 2021\n\nNgày 15-01-2021\n\nĐó là mục đích của "
            "phong trào, được Chủ tịch UBND tỉnh phát động tại Kế hoạch số 04/KH-UBND ngày 13 "
            "tháng 01 năm 2021.\n")
    assert references(text) == [
        ("Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021", "Kế hoạch", "04/KH-UBND",
         "2021-01-13", None, None)]


def test_self_of_another_type_resolves_like_anaphora() -> None:
    # inside a Quyết định, "Quy định này" speaks of the Quy định cited before it
    text = FORMAL.replace(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n",
        "Điều 3. Ban hành theo Quy định số 05/QyĐ-UBND ngày 02/01/2021. Quy định này áp dụng "
        "cho các sở.\n")
    got = references(text)
    assert got[-1] == ("Quy định này", "Quy định", "05/QyĐ-UBND", "2021-01-02", None, None)


def test_nothing_in_chrome() -> None:
    text = ("Tin tức\n\nNgày 15-01-2021\n\nThực hiện Kế hoạch số 04/KH-UBND.\n\n"
            "CÔNG BÁO/Số 281/Ngày 21-05-2026\nĐang online: 3\nHôm nay: 419\n")
    assert [r[0] for r in references(text)] == ["Kế hoạch số 04/KH-UBND"]
