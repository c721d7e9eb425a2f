"""Document numbers: table-driven, positives with their decomposition, then near-misses."""

import pytest

import vngov

# (text, normalized, number, year, type_code, issuer_code, doc_type, family)
POSITIVE = [
    (
        "Kế hoạch số 04/KH-UBND",
        "04/KH-UBND",
        "04",
        None,
        "KH",
        "UBND",
        "Kế hoạch",
        "administrative",
    ),
    ("Số: 123/UBND-VX", "123/UBND-VX", "123", None, None, "UBND-VX", "Công văn", "administrative"),
    ("Nghị định 15/2020/NĐ-CP", "15/2020/NĐ-CP", "15", 2020, "NĐ", "CP", "Nghị định", "normative"),
    ("Luật số 80/2015/QH13", "80/2015/QH13", "80", 2015, None, "QH13", "Luật", "normative"),
    (
        "Nghị quyết số: 78/2025/UBTVQH15",
        "78/2025/UBTVQH15",
        "78",
        2025,
        None,
        "UBTVQH15",
        "Nghị quyết",
        "normative",
    ),
    (
        "Thông tư 01/2025/TT-BLĐTBXH",
        "01/2025/TT-BLĐTBXH",
        "01",
        2025,
        "TT",
        "BLĐTBXH",
        "Thông tư",
        "normative",
    ),
    (
        "số 05/2019/TTLT-BTC-BNV",
        "05/2019/TTLT-BTC-BNV",
        "05",
        2019,
        "TTLT",
        "BTC-BNV",
        "Thông tư liên tịch",
        "normative",
    ),
    ("Nghị quyết số 26-NQ/TW", "26-NQ/TW", "26", None, "NQ", "TW", "Nghị quyết", "party"),
    ("Quy định 08-QĐi/TW", "08-QĐi/TW", "08", None, "QĐi", "TW", "Quy định", "party"),
    ("Kế hoạch số 35-KH/TU", "35-KH/TU", "35", None, "KH", "TU", "Kế hoạch", "party"),
    (
        "Số: 1977 /QĐ-UBND",
        "1977/QĐ-UBND",
        "1977",
        None,
        "QĐ",
        "UBND",
        "Quyết định",
        "administrative",
    ),
    (
        "Số: 2403/QÐ-UBND",
        "2403/QĐ-UBND",
        "2403",
        None,
        "QĐ",
        "UBND",
        "Quyết định",
        "administrative",
    ),
    (
        "Số: 1830 QĐ-UBND",
        "1830/QĐ-UBND",
        "1830",
        None,
        "QĐ",
        "UBND",
        "Quyết định",
        "administrative",
    ),
    (
        "Nghị quyết 66.16/2026/NQ-CP",
        "66.16/2026/NQ-CP",
        "66.16",
        2026,
        "NQ",
        "CP",
        "Nghị quyết",
        "normative",
    ),
    (
        "Nghi dinh so 15/2020/ND-CP",
        "15/2020/NĐ-CP",
        "15",
        2020,
        "NĐ",
        "CP",
        "Nghị định",
        "normative",
    ),
    (
        "Ke hoach so 04/KH-UBND",
        "04/KH-UBND",
        "04",
        None,
        "KH",
        "UBND",
        "Kế hoạch",
        "administrative",
    ),
    (
        "Quyết định 1600/QĐ-TTg",
        "1600/QĐ-TTg",
        "1600",
        None,
        "QĐ",
        "TTg",
        "Quyết định",
        "administrative",
    ),
    (
        "Quyet dinh 798/QD-TTG",
        "798/QĐ-TTg",
        "798",
        None,
        "QĐ",
        "TTg",
        "Quyết định",
        "administrative",
    ),
    (
        "Chương trình 12/CTr-UBND",
        "12/CTr-UBND",
        "12",
        None,
        "CTr",
        "UBND",
        "Chương trình",
        "administrative",
    ),
    ("Tờ trình 45/TTr-SNV", "45/TTr-SNV", "45", None, "TTr", "SNV", "Tờ trình", "administrative"),
    ("Quy định 3/QyĐ-UBND", "3/QyĐ-UBND", "3", None, "QyĐ", "UBND", "Quy định", "administrative"),
    (
        "Kế hoạch 80/KH-BCĐBVMT",
        "80/KH-BCĐBVMT",
        "80",
        None,
        "KH",
        "BCĐBVMT",
        "Kế hoạch",
        "administrative",
    ),
    (
        "Nghị quyết 12/2021/NQ-HĐND",
        "12/2021/NQ-HĐND",
        "12",
        2021,
        "NQ",
        "HĐND",
        "Nghị quyết",
        "normative",
    ),
    (
        "Số: 01/2022/TTLT-VKSNDTC-\nTANDTC-BCA",
        "01/2022/TTLT-VKSNDTC-TANDTC-BCA",
        "01",
        2022,
        "TTLT",
        "VKSNDTC-TANDTC-BCA",
        "Thông tư liên tịch",
        "normative",
    ),
    (
        "Văn bản hợp nhất 462/VBHN-BLĐTBXH",
        "462/VBHN-BLĐTBXH",
        "462",
        None,
        "VBHN",
        "BLĐTBXH",
        "Văn bản hợp nhất",
        "administrative",
    ),
]


@pytest.mark.parametrize(
    ("text", "normalized", "number", "year", "type_code", "issuer_code", "doc_type", "family"),
    POSITIVE,
)
def test_positive(text, normalized, number, year, type_code, issuer_code, doc_type, family):
    found = vngov.extract(text, fields=["document_numbers"]).document_numbers
    assert len(found) == 1, found
    n = found[0]
    assert text[n.start : n.end] == n.text
    assert (n.normalized, n.number, n.year, n.type_code, n.issuer_code, n.doc_type, n.family) == (
        normalized,
        number,
        year,
        type_code,
        issuer_code,
        doc_type,
        family,
    )


NEGATIVE = [
    "ngày 13/01/2021",
    "tỷ lệ 3/4 số hộ, phục vụ 24/7",
    "dịch COVID-19 và Covid-19",
    "xem https://chinhphu.vn/van-ban/123/QD-TTg.htm",
    "điện thoại 0293.3870123 hoặc 0293/3870-123",
    "các trường hợp F0/F1",
    "CÔNG BÁO/Số 281/Ngày 21-05-2026",
    "tầng 2/Ngày hội",
    "trang 12/Ngay le",
    "phòng 3/A",
    "lớp 10/A1 và 12/Chuyên",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_near_misses(text: str) -> None:
    assert vngov.extract(text, fields=["document_numbers"]).document_numbers == []


def test_several_in_one_sentence() -> None:
    text = "các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND và Công văn 456/UBND-KT"
    got = [n.normalized for n in vngov.extract(text).document_numbers]
    assert got == ["12/QĐ-UBND", "13/QĐ-UBND", "456/UBND-KT"]
