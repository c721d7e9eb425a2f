"""The slow path of ``normalize`` (CRLF, zero-width characters, text not in NFC) against the
per-character loop it replaced: the same views and the same offset maps."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vngov.text import normalize as N
from vngov.text.normalize import NormalizedText, _normalize_slow, fold_tones, to_ascii


def _reference_slow(text: str) -> NormalizedText:
    """The former ``_normalize_slow``: one cluster at a time, a Python loop per character."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or "\u1160" <= text[j] <= "\u11ff"):
            j += 1  # combining marks; Hangul vowel/final jamo compose with what precedes
        chunk = text[i:j]
        if chunk in N._DROP:
            i = j
            continue
        if chunk == "\r":
            if j < n and text[j] == "\n":
                i = j
                continue
            chunk = "\n"
        composed = unicodedata.normalize("NFC", chunk)
        for ch in composed:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    nfc = fold_tones(N._fold_odd("".join(out)))
    return NormalizedText(text, nfc, to_ascii(nfc), tuple(starts), tuple(ends))


# Pieces that exercise every branch: Vietnamese in NFC and NFD, old tone placement, CRLF and
# lone CR, dropped characters (also before combining marks), stray marks, Hangul jamo and
# syllables, characters NFC changes on their own (Angstrom sign, U+0340, U+0F73, U+FB1D),
# Bengali vowel signs that compose across clusters, odd spaces and quotes.
_PIECES = [
    "Quyết định", unicodedata.normalize("NFD", "Quyết định số 12/QĐ-UBND"), "hoà", "thuỷ",
    unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hậu Giang"), "\r\n", "\r", "\n", " ",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u0301", "\u0323\u0302",
    "\u200b\u0301", "\r\u0301", "\u00ad\u0300", "\u1100\u1161\u11a8", "\u1161", "\u11a8", "한",
    "\u212b", "\u0340", "\u0344", "\u0f73", "\ufb1d", "\u09c7\u09be", "\u09be", "\u00a0", "\u201c",
    "a", "E", "o", "u", "q", "1", "\t", "\U0001d165", "\U0001d15e", "\u0958",
]


def _check(text: str) -> None:
    got, want = _normalize_slow(text), _reference_slow(text)
    assert got.nfc == want.nfc
    assert got.ascii == want.ascii
    assert got.starts == want.starts
    assert got.ends == want.ends


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_slow_path_matches_reference_on_pieces(pieces: list[str]) -> None:
    _check("".join(pieces))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(_PIECES[5:]),
    st.characters(codec="utf-8"),
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
    st.characters(min_codepoint=0x1EA0, max_codepoint=0x1EF9),
), max_size=60).map("".join))
def test_slow_path_matches_reference_on_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_slow_path_matches_reference_in_nfd(text: str) -> None:
    _check(unicodedata.normalize("NFD", text) + "\r\n" + text)


def test_slow_path_examples() -> None:
    for text in ["", "\r", "\r\n", "\u0301", "\u0301a", "a\u0301", "\u200b", "\u200b\u0301",
                 "x\r\u0301y", "\u09c7\u09be", "\u212b\r\n", "a\r\n\u0301", "\u1161\u11a8"]:
        _check(text)
