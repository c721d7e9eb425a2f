"""Properties over arbitrary text: never raises, offsets are sacred, deterministic, NFC = NFD."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vngov

# Text built from the pieces notices are made of, so the rules actually fire, plus noise.
PIECES = [
    "Kế hoạch số 04/KH-UBND", " ngày 13 tháng 01 năm 2021", "15/2020/NĐ-CP", "26-NQ/TW",
    "Chủ tịch UBND tỉnh Đồng Văn Thanh", "\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n",
    "Nguyễn Văn An", "phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”",
    " giai đoạn 2021 - 2025", "Sáng 15/11", "Hậu Giang, ", "\n", "\r\n", "quý II năm 2021",
    "Ngày 15-01-2021", "Cộng hoà", "thuỷ lợi", "Ð", "\u00a0", "“", "”", "«", "-", "/", " ",
    "Nơi nhận:\n- Như Điều 3;\n", "CÔNG BÁO/Số 281/Ngày 21-05-2026\n", "Số: ", "Căn cứ Luật ",
    "từ ngày 15/3 đến ngày 30/4/2021", "ông Lê Văn Cường - Giám đốc Sở Nội vụ",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=25).map(
    "".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all_mentions(result: vngov.Extraction) -> list:
    out = list(result.mentions())
    if result.metadata.signer is not None:
        out.append(result.metadata.signer)
    out.extend(c.period for c in result.campaigns if c.period is not None)
    return out


@FAST
@given(texts)
def test_offsets_point_at_the_original(text: str) -> None:
    result = vngov.extract(text)
    for m in _all_mentions(result):
        assert text[m.start : m.end] == m.text, m


@FAST
@given(texts.map(lambda t: unicodedata.normalize("NFD", t)))
def test_offsets_hold_on_nfd_input(text: str) -> None:
    for m in _all_mentions(vngov.extract(text)):
        assert text[m.start : m.end] == m.text, m


@FAST
@given(texts)
def test_deterministic(text: str) -> None:
    assert vngov.extract(text).to_dict() == vngov.extract(text).to_dict()


def _values(result: vngov.Extraction) -> dict:
    d = result.to_dict()
    for name in vngov.FIELDS[:-1]:
        for m in d[name]:
            for key in ("text", "start", "end"):
                m.pop(key)
            if m.get("period"):
                for key in ("text", "start", "end"):
                    m["period"].pop(key)
    if d["metadata"]["signer"]:
        for key in ("text", "start", "end"):
            d["metadata"]["signer"].pop(key)
    return d


@FAST
@given(texts)
def test_nfc_and_nfd_give_the_same_values(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert _values(vngov.extract(nfc)) == _values(vngov.extract(nfd))


@FAST
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    vngov.extract(text).to_dict()
