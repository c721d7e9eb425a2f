"""Offset-keeping normalisation.

Rules never see the caller's string directly. They run on two views of one normalised text:

* ``nfc``   -- NFC, U+00D0 Ð → Đ, odd spaces → space, curly quotes and dash variants folded,
  old tone placement folded to the placement of Nghị định 30/2020/NĐ-CP's own templates
  (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``, ``uỷ`` → ``ủy``);
* ``ascii`` -- the same text with diacritics removed (unidecode), *one character for one
  character*, so both views share indices.

``to_original(start, end)`` maps a span of either view back to the exact characters of the
original input, whatever changed on the way (NFD input, dropped zero-width characters, CRLF).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import compress

from unidecode import unidecode

from vngov.text.memo import text_cache

# One-for-one replacements (same length): applied with str.translate, C speed.
_ONE_TO_ONE = {
    "\u00d0": "\u0110",  # Ð (Icelandic eth) typed for Đ: `2403/QÐ-UBND` in real documents
    "\u00f0": "\u0111",  # ð for đ
    "\u0189": "\u0110",  # Ɖ (African D) for Đ
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\t": " ",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\uff0f": "/",
    "\u2044": "/",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0085": "\n",
}
_ODD = re.compile("[" + "".join(re.escape(c) for c in _ONE_TO_ONE) + "]")

# Characters removed from the views (their original positions stay covered by neighbours).
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_NEEDS_SLOW_CHARS = "\r" + "".join(sorted(_DROP))


def _needs_slow(text: str) -> bool:
    """A dropped character or a ``\\r`` in ``text``: seven ``in`` tests (C character searches)
    instead of one regex scan for the class, 0.78 -> 0.12 ms a corpus pass."""
    return any(ch in text for ch in _NEEDS_SLOW_CHARS)

# Tone folding: in an open syllable ending in oa/oe/uy, old-style typing puts the tone on the
# second vowel (hoà, khoẻ, thuỷ); Nghị định 30/2020/NĐ-CP's templates write "CỘNG HÒA", "Ủy ban".
# Not after q: "quý", "quỳnh" are right as they are.
_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _build_tone_fold() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, seconds in (("o", "aeAE"), ("u", "yY"), ("O", "aeAE"), ("U", "yY")):
        for second in seconds:
            for tone in _TONES:
                old = first + unicodedata.normalize("NFC", second + tone)
                new = unicodedata.normalize("NFC", first + tone) + second
                table[old] = new
    return table


_TONE_FOLD = _build_tone_fold()
# The vowel first and the q-check as a lookbehind after it: a leading lookbehind made this scan
# 4x slower.
_TONE_RE = re.compile(
    "[oOuU](?<![qQ][oOuU])[" + "".join(sorted({k[1] for k in _TONE_FOLD})) + "](?![^\\W\\d_])"
)


@text_cache(maxsize=4096)
def _ascii_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    out = unidecode(ch)
    if not out:
        return " " if not ch.isalnum() else "?"
    return out[0]


class _AsciiTable(dict):
    """str.translate table that fills itself: every char maps to exactly one char."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = ch if code < 128 else _ascii_char(ch)
        self[code] = value
        return value


_ASCII_TABLE = _AsciiTable()


def fold_tones(text: str) -> str:
    """Move old-style tone marks (hoà, thuỷ) to the first vowel; same length as the input."""
    if len(text) <= _SHORT:
        return _fold_tones_short(text)
    return _TONE_RE.sub(lambda m: _TONE_FOLD.get(m.group(), m.group()), text)


# Rules fold the same short words and names again and again (a body's name, a place): cached.
_SHORT = 64


@text_cache(maxsize=1 << 16)
def _fold_tones_short(text: str) -> str:
    return _TONE_RE.sub(lambda m: _TONE_FOLD.get(m.group(), m.group()), text)


@text_cache(maxsize=1 << 16)
def _to_ascii_short(text: str) -> str:
    return _to_ascii(text)


# Letters of Vietnamese (Latin-1 Supplement, Latin Extended-A/B up to ư, Latin Extended
# Additional): their NFD is one ASCII letter plus combining marks, except đ/Đ.
_NOT_VIETNAMESE_LETTER = re.compile("[^\x00-\x7f\u00c0-\u01b0\u1ea0-\u1ef9]")


def to_ascii(text: str) -> str:
    """Diacritic-free copy with the same length: ``Kế hoạch`` → ``Ke hoach``."""
    if text.isascii():
        return text
    if len(text) <= _SHORT:
        return _to_ascii_short(text)
    out = _to_ascii_bytes(text)
    return out if out is not None else _to_ascii(text)


# Vietnamese text is ASCII plus letters of three 256-character blocks (U+00xx, U+01xx, U+1Exx).
# A long text whose every character is ASCII, đ/Đ, or a letter of those blocks whose NFD is one
# ASCII letter plus marks, maps character by character to what ``_to_ascii``'s fast path gives
# (no character there is touched by its pre-pass): with its UTF-16 code units split into high and
# low bytes, the output is a 256-entry table of the low byte, the table chosen by the high byte.
# bytes.translate and big-integer masks do that at C speed: 5.1 -> 2.8 ms a corpus pass for
# what the regex pre-pass and NFD took. Any other character: None, and ``_to_ascii`` decides.
_BLOCKS = (0x00, 0x01, 0x1E)
_BAD = 0x80  # table entry of a character outside the set: no ASCII output is >= 0x80


def _block_value(code: int) -> int:
    ch = chr(code)
    if code < 128:
        return code
    if ch in "đĐ":
        return ord("d" if ch == "đ" else "D")
    if "\u00c0" <= ch <= "\u01b0" or "\u1ea0" <= ch <= "\u1ef9":
        out = unicodedata.normalize("NFD", ch).encode("ascii", "ignore")
        if len(out) == 1:
            return out[0]
    return _BAD


_BLOCK_TABLE = {h: bytes(_block_value(h << 8 | lo) for lo in range(256)) for h in _BLOCKS}
_IS_BLOCK = {h: bytes(0xFF if x == h else 0 for x in range(256)) for h in _BLOCKS}


def _to_ascii_bytes(text: str) -> str | None:
    """``_to_ascii(text)`` for text of the three blocks, else None (see above)."""
    units = text.encode("utf-16-le", "surrogatepass")
    low, high = units[0::2], units[1::2]
    if high.translate(None, bytes(_BLOCKS)):
        return None  # a character of another block
    # out = table[h][low] where high == h, for h in 0x01, 0x1E, else table[0x00][low]
    num = int.from_bytes
    base = num(low.translate(_BLOCK_TABLE[0x00]), "little")
    out = base
    for h in _BLOCKS[1:]:
        sel = num(high.translate(_IS_BLOCK[h]), "little")
        out ^= (num(low.translate(_BLOCK_TABLE[h]), "little") ^ base) & sel
    data = out.to_bytes(len(low), "little")
    if not data.isascii():
        return None  # _BAD: a character outside the set
    return data.decode("ascii")


def _to_ascii(text: str) -> str:
    """``to_ascii`` without the cache.

    Fast path (C speed): other symbols one by one, đ/Đ by hand, then NFD with the combining marks
    dropped; if any character did not come out as exactly one (a rare script), the per-character
    table decides."""
    if text.isascii():
        return text
    t = _NOT_VIETNAMESE_LETTER.sub(lambda m: _ascii_char(m.group()), text)
    t = t.replace("đ", "d").replace("Đ", "D")
    out = unicodedata.normalize("NFD", t).encode("ascii", "ignore")
    if len(out) == len(text):
        return out.decode("ascii")
    return text.translate(_ASCII_TABLE)


@dataclass(frozen=True)
class NormalizedText:
    """The original input plus its two aligned views and the map back."""

    original: str
    nfc: str
    ascii: str
    # starts[i], ends[i]: original span of nfc[i]; None when nfc is aligned 1:1 with original.
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span to the original string's span."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


def _fold_odd(text: str) -> str:
    """The one-for-one replacements; ``re.sub`` touches only the odd characters (10x faster
    than ``str.translate`` with a dict, which looks up every character)."""
    return _ODD.sub(lambda m: _ONE_TO_ONE[m.group()], text)


def normalize(text: str) -> NormalizedText:
    """Build the aligned views of ``text``."""
    if unicodedata.is_normalized("NFC", text) and not _needs_slow(text):
        nfc = fold_tones(_fold_odd(text))
        return NormalizedText(text, nfc, to_ascii(nfc))
    return _normalize_slow(text)


def _normalize_slow(text: str) -> NormalizedText:
    """Cluster by cluster: a base character with its combining marks is composed on its own,
    so each composed character knows which original characters it came from.

    Done a segment at a time (the text between lone dropped characters and ``\\r``, see
    ``_segment``) instead of by a Python loop per character (1.5 ms a corpus pass for 4 texts;
    3x slower on CRLF text). ``tests/test_normalize_slow_path.py`` checks views and maps
    against that loop.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    marks, lone = _astral_clusters() if max(text, default="") > "\uffff" else _bmp_clusters()
    pos, n = 0, len(text)
    for m in lone.finditer(text):
        i, j = m.span()
        _segment(text, pos, i, marks, out, starts, ends)
        pos = j
        if text[i] == "\r" and not (j < n and text[j] == "\n"):
            out.append("\n")
            starts.append(i)
            ends.append(j)
    _segment(text, pos, n, marks, out, starts, ends)
    nfc = fold_tones(_fold_odd("".join(out)))
    return NormalizedText(text, nfc, to_ascii(nfc), tuple(starts), tuple(ends))


@cache
def _bmp_clusters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _clusters(0x10000)


@cache
def _astral_clusters() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _clusters(0x110000)


def _clusters(top: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(runs of marks, lone dropped characters and ``\\r``) for ``_normalize_slow``, for
    text below code point ``top``.

    Marks are combining characters (``unicodedata.combining``) and Hangul vowel/final jamo,
    which compose with what precedes: a cluster is a character with the run of marks after it.
    A dropped character or ``\\r`` with marks after it is such a cluster, so only one with no
    mark after it is lone. For text all in the BMP the class holds the BMP marks only: ``re``
    looks them up in a bitmap instead of trying a list of ranges (4x faster). Built on first
    need from the code space (50 ms once)."""
    codes = sorted({ord(c) for c in map(chr, range(top)) if unicodedata.combining(c)}
                   | set(range(0x1160, 0x1200)))
    ranges: list[str] = []
    lo = prev = codes[0]
    for code in [*codes[1:], -1]:
        if code != prev + 1:
            ranges.append(re.escape(chr(lo)) + ("-" + re.escape(chr(prev)) if prev > lo else ""))
            lo = code
        prev = code
    mark_class = "[" + "".join(ranges) + "]"
    lone_class = "[" + "".join(re.escape(c) for c in sorted(_DROP | {"\r"})) + "]"
    return re.compile(mark_class + "+"), re.compile(f"{lone_class}(?!{mark_class})")


# Latin text with its marks (U+034F, no mark, is left out): no two of these characters compose
# when the second is no mark (the starters that compose with what precedes them are Hangul jamo
# and Indic vowel signs), so NFC of the whole is the clusters' NFC one after another.
_LATIN = re.compile("[\x00-\x7f\u00c0-\u01b0\u0300-\u034e\u0350-\u036f\u1ea0-\u1ef9]*")
# UTF-16 high byte -> 1 for the first character of a cluster in such text: 0 for U+03xx (marks)
_CLUSTER_START = bytes(0 if h == 0x03 else 1 for h in range(256))


def _segment(text: str, a: int, b: int, marks: re.Pattern[str], out: list[str],
             starts: list[int], ends: list[int]) -> None:
    """The clusters of ``text[a:b]``, which has no lone dropped character or ``\\r``.

    Without marks: one plain run. Latin text (NFD Vietnamese) whose clusters compose to one
    character each: composed whole, the clusters' starts picked by their UTF-16 high bytes
    (a mark opens a cluster only at the start of the text). Else cluster by cluster."""
    if a == b:
        return
    first = marks.search(text, a, b)
    if first is None:
        _plain_run(text, a, b, out, starts, ends)
        return
    seg = text[a:b]
    if _LATIN.fullmatch(seg):
        composed = unicodedata.normalize("NFC", seg)
        flags = seg.encode("utf-16-le")[1::2].translate(_CLUSTER_START)
        cluster_starts = list(compress(range(a, b), b"\x01" + flags[1:]))
        if len(composed) == len(cluster_starts):  # one character a cluster (none gives none)
            out.append(composed)
            starts.extend(cluster_starts)
            ends.extend(cluster_starts[1:])
            ends.append(b)
            return
    pos = a
    for m in marks.finditer(text, first.start(), b):
        p, q = m.span()
        i = p - 1 if p > a else a  # the character before the marks (none opening the text)
        if pos < i:
            _plain_run(text, pos, i, out, starts, ends)
        composed = unicodedata.normalize("NFC", text[i:q])
        out.append(composed)
        starts.extend([i] * len(composed))
        ends.extend([q] * len(composed))
        pos = q
    if pos < b:
        _plain_run(text, pos, b, out, starts, ends)


def _plain_run(text: str, i: int, j: int, out: list[str], starts: list[int],
               ends: list[int]) -> None:
    """Characters ``text[i:j]``, each a cluster of its own.

    Each is composed alone. When the run is NFC as a whole, so is each of its characters (a
    character that NFC changes -- a singleton, an excluded or a non-starter decomposition -- is
    never produced by composition, so the run would change too): the run is kept as it is.
    Otherwise (Bengali vowel signs that would compose across the run, the Angstrom sign) one
    by one."""
    run = text[i:j]
    if unicodedata.is_normalized("NFC", run):
        out.append(run)
        starts.extend(range(i, j))
        ends.extend(range(i + 1, j + 1))
        return
    for k, ch in enumerate(run, i):
        composed = unicodedata.normalize("NFC", ch)
        out.append(composed)
        starts.extend([k] * len(composed))
        ends.extend([k + 1] * len(composed))
