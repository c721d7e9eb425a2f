"""Legacy Vietnamese encodings: every table entry round-trips; detection picks the right one."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vngov.text.encodings import (
    DecodeFailure,
    decode,
    decode_bytes,
    detect,
    encode,
    normalize_name,
    tcvn3_table,
    vni_table,
)

SAMPLE = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Ủy ban nhân dân tỉnh Hậu Giang. Số: 04/KH-UBND. Hậu Giang, ngày 13 tháng 01 năm 2021\n"
    "KẾ HOẠCH triển khai phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”; "
    "đường, người, khuya, quyết, giường, ngoằn ngoèo, ỷ lại, thiếu, ưu tiên."
)
ALL_LETTERS = "".join(sorted({ch for _, ch in vni_table()}))


@pytest.mark.parametrize(("seq", "char"), tcvn3_table(), ids=lambda v: repr(v))
def test_tcvn3_entry_round_trips(seq: bytes, char: str) -> None:
    assert decode(seq, "tcvn3") == char
    assert encode(char, "tcvn3") == seq


@pytest.mark.parametrize(("seq", "char"), vni_table(), ids=lambda v: repr(v))
def test_vni_entry_round_trips(seq: bytes, char: str) -> None:
    assert decode(seq, "vni") == char
    assert encode(char, "vni") == seq


def test_tables_cover_the_alphabet() -> None:
    # 67 letters with diacritics in each case = 134; TCVN3 has the 67 small ones + 7 capitals.
    assert len(vni_table()) == 134
    small = {ch for _, ch in tcvn3_table() if ch.isalpha() and ch.islower()}
    assert small == {ch for ch in ALL_LETTERS if ch.islower()}


def test_well_known_renderings() -> None:
    assert decode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam".encode("cp1252"), "vni") == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )
    assert decode("Céng hoµ x· héi chñ nghÜa ViÖt Nam".encode("cp1252"), "tcvn3") == (
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )
    assert decode("ÑÖÔØNG".encode("cp1252"), "vni") == "ĐƯỜNG"


def test_cp1258_uses_combining_tones_and_decodes_to_nfc() -> None:
    raw = encode("Việt", "windows-1258")
    assert raw == b"Vi\xea\xf2t"  # ê, then the combining dot below
    assert decode(raw, "cp1258") == "Việt"
    assert unicodedata.is_normalized("NFC", decode(raw, "windows-1258"))


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "windows-1258", "tcvn3", "vni"],
)
def test_detect_and_decode(encoding: str) -> None:
    text = SAMPLE.lower() if encoding == "tcvn3" else SAMPLE
    raw = encode(text, encoding)
    got = decode_bytes(raw)
    assert got.encoding == encoding
    assert got.text == text


def test_tcvn3_fold_writes_capitals_as_small_letters() -> None:
    with pytest.raises(UnicodeEncodeError):
        encode("CỘNG HÒA", "tcvn3")
    raw = encode("CỘNG HÒA", "tcvn3", errors="fold")
    assert decode(raw, "tcvn3") == "CộNG HòA"
    assert detect(encode(SAMPLE, "tcvn3", errors="fold")) == "tcvn3"


def test_short_legacy_texts() -> None:
    for encoding in ("windows-1258", "tcvn3", "vni"):
        assert detect(encode("Số: 04/KH-UBND ngày 13 tháng 01", encoding)) == encoding


def test_mostly_valid_utf8_stays_utf8() -> None:
    raw = SAMPLE.encode("utf-8") * 3
    damaged = raw[:100] + b"\xff" + raw[100:]
    got = decode_bytes(damaged)
    assert got.encoding == "utf-8"
    assert got.replaced == 1


def test_binary_and_undecodable() -> None:
    with pytest.raises(DecodeFailure) as err:
        decode_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert err.value.kind == "binary file"
    with pytest.raises(DecodeFailure) as err:
        decode_bytes(bytes(range(256)) * 4)
    assert err.value.kind == "binary file"
    with pytest.raises(DecodeFailure) as err:
        decode_bytes("Grüße aus München, schöne Straße".encode("latin-1"))
    assert err.value.kind == "undecodable text"


def test_names() -> None:
    assert normalize_name("ABC") == "tcvn3"
    assert normalize_name("CP1258") == "windows-1258"
    assert normalize_name("VNI-Windows") == "vni"


_PLAIN = "abcdeghiklmnopqrstuvxy ABCDEGHIKLMNOPQRSTUVXY0123456789.,;:/-()\n"
_vi_text = st.text(alphabet=ALL_LETTERS + _PLAIN)


@settings(max_examples=200, deadline=None)
@given(_vi_text)
def test_round_trip_property(text: str) -> None:
    for encoding in ("utf-8", "utf-16", "windows-1258", "vni"):
        assert decode(encode(text, encoding), encoding) == text
    small = text.lower()
    assert decode(encode(small, "tcvn3"), "tcvn3") == small
