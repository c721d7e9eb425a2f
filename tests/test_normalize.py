"""Normalisation: the views, and the map back to the caller's characters."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vngov.text.normalize import fold_tones, normalize, to_ascii

VIEWS = [
    # (input, nfc view, ascii view)
    ("Kế hoạch số 04/KH-UBND", "Kế hoạch số 04/KH-UBND", "Ke hoach so 04/KH-UBND"),
    ("2403/QÐ-UBND", "2403/QĐ-UBND", "2403/QD-UBND"),  # U+00D0 eth typed for Đ
    ("Cộng hoà, thuỷ lợi, Uỷ ban, KHOÁ", "Cộng hòa, thủy lợi, Ủy ban, KHÓA",
     "Cong hoa, thuy loi, Uy ban, KHOA"),
    ("quý, quỳnh, hoàng, khoản", "quý, quỳnh, hoàng, khoản", "quy, quynh, hoang, khoan"),
    ("“Cả nước” «x» ‘y’", '"Cả nước" "x" \'y\'', '"Ca nuoc" "x" \'y\''),
    ("2021\u00a0–\u20132025 — a", "2021 --2025 - a", "2021 --2025 - a"),
    ("a\u2028b", "a\nb", "a\nb"),
]


@pytest.mark.parametrize(("text", "nfc", "ascii_view"), VIEWS)
def test_views(text: str, nfc: str, ascii_view: str) -> None:
    nt = normalize(text)
    assert nt.nfc == nfc
    assert nt.ascii == ascii_view
    assert len(nt.nfc) == len(nt.ascii)


@pytest.mark.parametrize(
    "text",
    [
        unicodedata.normalize("NFD", "Kế hoạch số 04/KH-UBND ngày 13 tháng 01"),
        "Ủy\u200bban\r\nnhân dân\ufeff tỉnh",
        "a\u00adb\rc",
        unicodedata.normalize("NFD", "Hoà Bình") + "\r\n" + "Ð",
    ],
)
def test_slow_path_maps_every_view_span_back(text: str) -> None:
    nt = normalize(text)
    assert nt.starts is not None
    assert unicodedata.is_normalized("NFC", nt.nfc)
    for i in range(len(nt.nfc)):
        s, e = nt.to_original(i, i + 1)
        assert unicodedata.normalize("NFC", text[s:e]).translate({0xD0: 0x110})[:1] in (
            nt.nfc[i], "\r", fold_tones(unicodedata.normalize("NFC", text[s:e]))[:1])
    s, e = nt.to_original(0, len(nt.nfc))
    assert (s, e) == (0, len(text.rstrip("\ufeff\u200b\u00ad")))


def test_nfd_and_nfc_share_views() -> None:
    nfc = "Chủ tịch UBND tỉnh Hậu Giang, ngày 13 tháng 01 năm 2021"
    assert normalize(unicodedata.normalize("NFD", nfc)).nfc == normalize(nfc).nfc


def test_crlf_becomes_one_newline() -> None:
    nt = normalize("a\r\nb\rc")
    assert nt.nfc == "a\nb\nc"
    assert nt.to_original(2, 3) == (3, 4)  # "b"


@pytest.mark.parametrize(("old", "new"), [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"),
                                          ("HOÀ", "HÒA"), ("Uỷ", "Ủy"), ("quý", "quý"),
                                          ("hoàn", "hoàn"), ("tuỳ", "tùy")])
def test_fold_tones(old: str, new: str) -> None:
    assert fold_tones(old) == new


def test_ascii_is_one_char_per_char() -> None:
    text = "Đảng bộ … €5 → ½ 中文"
    assert len(to_ascii(text)) == len(text)


def test_nfd_hangul_composes_like_nfc() -> None:
    """Hypothesis found it: NFD Hangul is jamo that are not combining marks, so clusters must
    take vowel and final jamo too, or NFC and NFD inputs give different values."""
    text = "Kế hoạch số 04/KH-UBND가"
    assert normalize(unicodedata.normalize("NFD", text)).nfc == normalize(text).nfc


@given(st.text(max_size=200))
def test_ascii_view_is_pure_ascii(text: str) -> None:
    """Rules compile their hot patterns with stdlib re, whose \\w, \\b and (?i) agree with the
    regex module's only on ASCII: the ASCII view must hold nothing else, whatever the input."""
    nt = normalize(text)
    assert nt.ascii.isascii() and len(nt.ascii) == len(nt.nfc)


@pytest.mark.parametrize(("text", "ratio"), [
    ("CHỦ TỊCH", 1.0), ("CHU TICH", 1.0), ("Chủ tịch", 1 / 7), ("Chu tich", 1 / 7),
    ("KT. CHỦ TỊCH 12", 1.0), ("-- 12 --", 0.0), ("", 0.0), ("ỦY BAN nhân", 5 / 9),
])
def test_caps_ratio(text: str, ratio: float) -> None:
    """text.case.caps_ratio: capitals among letters, the same on ASCII and marked text."""
    from vngov.text.case import caps_ratio

    assert caps_ratio(text) == pytest.approx(ratio)
