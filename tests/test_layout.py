"""The document's own metadata: formal headers, portal bylines, gazette chrome."""

from hypothesis import given
from hypothesis import strategies as st

import vngov

FORMAL = """ỦY BAN NHÂN DÂN
TỈNH HẬU GIANG
-------
Số: 12/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Hậu Giang, ngày 05 tháng 3 năm 2021

QUYẾT ĐỊNH
Về việc thành lập Ban Chỉ đạo chuyển đổi số
của tỉnh Hậu Giang

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HẬU GIANG

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Điều 1. Thành lập Ban Chỉ đạo.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Văn phòng Chính phủ (để báo cáo);
- Lưu: VT, KT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trương Cảnh Tuyên
"""


def test_formal_header() -> None:
    m = vngov.extract(FORMAL).metadata
    assert m.number == "12/QĐ-UBND"
    assert m.doc_type == "Quyết định"
    assert m.issuer == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert m.place == "Hậu Giang"
    assert m.issued_date == "2021-03-05"
    assert m.subject == "Về việc thành lập Ban Chỉ đạo chuyển đổi số của tỉnh Hậu Giang"
    assert m.title == m.subject
    assert m.recipients == ["Như Điều 2", "Văn phòng Chính phủ (để báo cáo)", "Lưu: VT, KT"]
    assert m.signer is not None
    assert (m.signer.name, m.signer.title, m.signer.authority) == (
        "Trương Cảnh Tuyên",
        "Phó Chủ tịch",
        "KT.",
    )
    assert m.published_date is None and m.source is None and m.author is None


def test_header_number_is_not_a_reference_and_dates_have_roles() -> None:
    r = vngov.extract(FORMAL)
    roles = {d.value: d.role for d in r.dates}
    assert roles["2021-03-05"] == "issued"
    assert all(ref.number != "12/QĐ-UBND" or ref.rule.endswith("self") for ref in r.references)


def test_sub_body_issuer_and_cong_van() -> None:
    text = (
        "UBND TỈNH ĐỒNG THÁP\nSỞ NÔNG NGHIỆP VÀ\nPHÁT TRIỂN NÔNG THÔN\nSố: 45/SNN-KH\n"
        "V/v triển khai kế hoạch sản xuất\nvụ Đông Xuân\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐồng Tháp, ngày 18 tháng 5 năm 2022\n\n"
        "Kính gửi: UBND các huyện\n"
    )
    m = vngov.extract(text).metadata
    assert m.issuer == "Sở Nông nghiệp và Phát triển nông thôn"
    assert m.number == "45/SNN-KH"
    assert m.doc_type == "Công văn"
    assert m.subject == "V/v triển khai kế hoạch sản xuất vụ Đông Xuân"


def test_party_issuer() -> None:
    text = (
        "ĐẢNG BỘ TỈNH BẾN TRE\nHUYỆN ỦY GIỒNG TRÔM\n*\nSố 35-KH/HU\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nGiồng Trôm, ngày 02 tháng 3 năm 2021\n\nKẾ HOẠCH\n"
        "Tổ chức học tập nghị quyết\n\nI. MỤC ĐÍCH\n"
    )
    m = vngov.extract(text).metadata
    assert m.issuer == "Huyện ủy Giồng Trôm"
    assert m.doc_type == "Kế hoạch"
    assert m.issued_date == "2021-03-02"


def test_flattened_type_and_subject() -> None:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG\nSố: 1830 QĐ-UBND\nSóc Trăng, ngày 28 tháng 6 năm 2024\n"
        "QUYẾT ĐỊNH Về việc công bố danh mục thủ tục hành chính\nCăn cứ Luật ...\n"
    )
    m = vngov.extract(text).metadata
    assert (m.doc_type, m.subject, m.number) == (
        "Quyết định",
        "Về việc công bố danh mục thủ tục hành chính",
        "1830/QĐ-UBND",
    )


PORTAL = """Trang chủ > Tin tức > Nội vụ

Sở Nội vụ tổng kết công tác năm 2022

Ngày 05-01-2023

Sáng 04/01, Sở Nội vụ tổ chức hội nghị tổng kết công tác năm 2022.

Minh Châu (Tổng hợp)

Đang online: 12
Hôm nay: 530
Đã truy cập: 1234567
"""


def test_portal_byline_and_chrome() -> None:
    r = vngov.extract(PORTAL)
    m = r.metadata
    assert m.title == "Sở Nội vụ tổng kết công tác năm 2022"
    assert m.published_date == "2023-01-05"
    assert m.source == "Trang chủ > Tin tức > Nội vụ"
    assert m.author == "Minh Châu (Tổng hợp)"
    assert m.number is None and m.issuer is None
    # chrome never feeds a field: counters are not dates or numbers
    assert all("online" not in d.text and "truy cập" not in d.text for d in r.dates)
    assert ("04/01", "2023-01-04", True) in [(d.text, d.value, d.inferred) for d in r.dates]


def test_gazette_page_header_and_stamp_are_chrome() -> None:
    text = (
        "CÔNG BÁO/Số 281/Ngày 21-05-2026\n12\nCHÍNH PHỦ\nSố: 99/2026/NĐ-CP\n"
        "Hà Nội, ngày 10 tháng 5 năm 2026\nNGHỊ ĐỊNH\nQuy định chi tiết\n\n"
        "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nThời gian ký: 13.05.2026 09:29:10 +07:00\n"
    )
    r = vngov.extract(text)
    assert [n.normalized for n in r.document_numbers] == ["99/2026/NĐ-CP"]
    assert [d.value for d in r.dates] == ["2026-05-10"]
    assert r.metadata.issued_date == "2026-05-10"
    assert r.metadata.issuer == "Chính phủ"
    assert all("CỔNG" not in (o.name or "") for o in r.officials)


def test_consolidated_text_number_from_certification_block() -> None:
    text = (
        "VĂN BẢN HỢP NHẤT\nBỘ TÀI CHÍNH\nTHÔNG TƯ\nHướng dẫn chế độ\n\nThông tư số "
        "32/2016/TT-BTC ngày 25 tháng 10 năm 2016 ...\n\nBỘ TÀI CHÍNH\n"
        "XÁC THỰC VĂN BẢN HỢP NHẤT\nSố: 16/VBHN-BTC\nHà Nội, ngày 10 tháng 02 năm 2025\n"
    )
    m = vngov.extract(text).metadata
    assert (m.number, m.doc_type) == ("16/VBHN-BTC", "Văn bản hợp nhất")


_PIECES = st.sampled_from(["noi nhan", "Noi", " ", "\t", "\n", ":", "x", "noi nhann", "a noi nhan"])


@given(st.lists(_PIECES, max_size=12).map("".join))
def test_last_noi_nhan_is_the_last_match(text: str) -> None:
    """The backward search finds what the last match of a forward scan would."""
    from vngov.rules import layout

    found = list(layout._NOI_NHAN.finditer(text))
    got = layout._last_noi_nhan(text)
    assert (got.span() if got else None) == (found[-1].span() if found else None)


@given(st.lists(st.sampled_from(["ab", "\n", " ", ""]), max_size=10).map("".join),
       st.integers(0, 20), st.integers(0, 20))
def test_lines_back_are_the_lines_reversed(text: str, start: int, end: int) -> None:
    from vngov.rules.engine import iter_lines, iter_lines_back

    start, end = sorted((min(start, len(text)), min(end, len(text))))
    lines = list(iter_lines(text, start, end))
    assert list(iter_lines_back(text, start, end)) == lines[::-1]
    assert "\n".join(text[s:e] for s, e in lines) == text[start:end]
