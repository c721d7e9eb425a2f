"""Text encodings of Vietnamese documents: detect, decode and encode.

Archives of government notices still hold text in the pre-Unicode Vietnamese encodings next to
UTF-8 and UTF-16:

* ``tcvn3`` -- TCVN 5712:1993 VN3, the "ABC" fonts (.VnTime): one byte per letter;
* ``vni`` -- the VNI fonts (VNI-Times): base letter + one mark byte (``aù`` = ``á``);
* ``windows-1258`` -- Microsoft's code page: precomposed â ê ô ơ ư ă đ + combining tone marks
  (decoded, then NFC-composed).

The TCVN3 and VNI tables live in ``vngov/data/tcvn3.tsv`` and ``vngov/data/vni.tsv``.

>>> decode("Vieät Nam".encode("cp1252"))
'Việt Nam'
>>> detect(encode("Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3"))
'tcvn3'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vngov.text.memo import text_cache

__all__ = [
    "ENCODINGS",
    "DecodeFailure",
    "Decoded",
    "decode",
    "decode_bytes",
    "detect",
    "encode",
    "normalize_name",
]

#: Canonical names this module understands (plus any codec Python knows, for decode/encode).
ENCODINGS: tuple[str, ...] = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "windows-1258",
    "tcvn3",
    "vni",
)

_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf_8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "utf_8_sig": "utf-8-sig",
    "utf16": "utf-16",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16-le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "utf-16-be": "utf-16-be",
    "cp1258": "windows-1258",
    "windows-1258": "windows-1258",
    "windows1258": "windows-1258",
    "tcvn3": "tcvn3",
    "tcvn": "tcvn3",
    "tcvn-3": "tcvn3",
    "abc": "tcvn3",
    "vn3": "tcvn3",
    "vscii-3": "tcvn3",
    "vni": "vni",
    "vni-windows": "vni",
    "vni-win": "vni",
}

# The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook, dot).
_TONES = "\u0300\u0301\u0303\u0309\u0323"

# Typographic punctuation that legitimately appears outside ASCII in Vietnamese text; it must
# not count against an encoding when detecting.
_PUNCT = "“”‘’–—…•«»°§©®·\u00a0"


class DecodeFailure(ValueError):
    """Bytes that are not text: ``kind`` is ``"binary file"`` or ``"undecodable text"``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0


def normalize_name(encoding: str) -> str:
    """Canonical name of ``encoding`` (``"ABC"`` -> ``"tcvn3"``); unknown names pass through."""
    key = encoding.strip().lower().replace(" ", "-")
    return _ALIASES.get(key, key)


# --------------------------------------------------------------------------- tables


def _read_table(name: str) -> list[tuple[bytes, str]]:
    """Rows of a data table: (byte sequence, character)."""
    rows = []
    text = resources.files("vngov.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        hexbytes, codepoint = line.split("\t")[:2]
        rows.append((bytes.fromhex(hexbytes), chr(int(codepoint[2:], 16))))
    return rows


def _cp1252_char(byte: int) -> str:
    # The legacy fonts were Windows ANSI fonts: a byte without a Vietnamese letter shows the
    # Windows-1252 glyph (or the Latin-1 control for the five holes of cp1252).
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


@lru_cache(maxsize=1)
def _cp1252_table() -> str:
    return "".join(map(_cp1252_char, range(256)))


@lru_cache(maxsize=1)
def tcvn3_table() -> list[tuple[bytes, str]]:
    """The TCVN3 (ABC) rows of ``data/tcvn3.tsv``."""
    return _read_table("tcvn3.tsv")


@lru_cache(maxsize=1)
def vni_table() -> list[tuple[bytes, str]]:
    """The VNI rows of ``data/vni.tsv``."""
    return _read_table("vni.tsv")


@lru_cache(maxsize=1)
def _tcvn3_codec() -> tuple[str, dict[str, int]]:
    chars = [_cp1252_char(b) for b in range(256)]
    enc: dict[str, int] = {}
    for seq, ch in tcvn3_table():
        chars[seq[0]] = ch
        enc[ch] = seq[0]
    # Non-Vietnamese positions encode as themselves unless the table already gives the char.
    for b, ch in enumerate(chars):
        enc.setdefault(ch, b)
    return "".join(chars), enc


@lru_cache(maxsize=1)
def _vni_codec() -> tuple[dict[str, str], re.Pattern[str], dict[str, bytes]]:
    # Decoding works on the cp1252 view of the bytes: "aù" -> "á". Pairs are tried before
    # single bytes, so "ôù" is ớ and a lone "ô" is ơ.
    dec: dict[str, str] = {}
    enc: dict[str, bytes] = {}
    for seq, ch in vni_table():
        key = "".join(_cp1252_char(b) for b in seq)
        dec[key] = ch
        enc[ch] = seq
    # Title-case words are sometimes typed with a lower-case mark after a capital ("Uûy"), and
    # the other way round: accept both, the base letter decides the case.
    for key, ch in list(dec.items()):
        if len(key) == 2:
            dec.setdefault(key[0] + key[1].swapcase(), ch)
    keys = sorted(dec, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    return dec, pattern, enc


# --------------------------------------------------------------------------- decoding


def _decode_tcvn3(data: bytes, errors: str = "strict") -> str:
    table, _ = _tcvn3_codec()
    text, _ = codecs.charmap_decode(data, errors, table)
    return unicodedata.normalize("NFC", text)


def _decode_vni(data: bytes, errors: str = "strict") -> str:
    dec, pattern, _ = _vni_codec()
    text, _ = codecs.charmap_decode(data, errors, _cp1252_table())
    return unicodedata.normalize("NFC", pattern.sub(lambda m: dec[m.group()], text))


def _decode_with(data: bytes, encoding: str, errors: str = "strict") -> str:
    if encoding == "tcvn3":
        return _decode_tcvn3(data, errors)
    if encoding == "vni":
        return _decode_vni(data, errors)
    if encoding == "windows-1258":
        # cp1258 stores tones as combining marks after the letter: compose to NFC.
        return unicodedata.normalize("NFC", data.decode("cp1258", errors))
    if encoding == "utf-16":
        return data.decode("utf-16", errors)
    return data.decode(encoding, errors)


def decode(data: bytes, encoding: str | None = None, errors: str = "strict") -> str:
    """Decode ``data`` as ``encoding`` (any name of :data:`ENCODINGS` or a Python codec).

    With ``encoding=None`` the encoding is detected (see :func:`decode_bytes`).
    """
    if encoding is None:
        return decode_bytes(data).text
    return _decode_with(data, normalize_name(encoding), errors)


# --------------------------------------------------------------------------- encoding


def _encode_cp1258(text: str, errors: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        # "ấ" is not in cp1258, "â" + combining acute is: compose the letter with its
        # non-tone marks (circumflex, breve, horn) and spell the tone as a combining mark.
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        head = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        try:
            out += head.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            out += ch.encode("cp1258", errors)
    return bytes(out)


def _fold_case(ch: str) -> str:
    # TCVN3 has no capital toned vowels: the ABC "H" fonts draw the small letter as a capital.
    return ch.lower() if ch.isupper() else ch


def encode(text: str, encoding: str, errors: str = "strict") -> bytes:
    """Encode ``text`` (NFC-normalised first) as ``encoding``; the inverse of :func:`decode`.

    ``errors`` is ``"strict"`` (raise :class:`UnicodeEncodeError`), ``"replace"`` (``?``) or,
    for ``tcvn3``, ``"fold"``: capital toned vowels, which TCVN3 lacks, are written with the
    small letter's code, as documents set in the capital ("H") ABC fonts store them.
    """
    name = normalize_name(encoding)
    text = unicodedata.normalize("NFC", text)
    if name == "windows-1258":
        return _encode_cp1258(text, "replace" if errors == "fold" else errors)
    if name not in ("tcvn3", "vni"):
        return text.encode(name, "replace" if errors == "fold" else errors)
    if name == "tcvn3":
        _, tmap = _tcvn3_codec()
        table: dict[str, bytes] = {ch: bytes([b]) for ch, b in tmap.items()}
    else:
        table = _vni_codec()[2].copy()
        for ch, b in _tcvn3_codec()[1].items():
            # Plain characters: ASCII and the cp1252 symbols that are not VNI mark bytes.
            if b < 0x80 or (b < 0xC0 and ch not in table):
                table.setdefault(ch, bytes([b]))
    out = bytearray()
    for i, ch in enumerate(text):
        seq = table.get(ch)
        if seq is None and errors == "fold" and name == "tcvn3":
            seq = table.get(_fold_case(ch))
        if seq is None:
            if errors == "strict" or errors == "fold":
                raise UnicodeEncodeError(
                    name, text, i, i + 1, f"character not in {name}"
                    + (" (errors='fold' writes capital toned vowels in lower case)"
                       if name == "tcvn3" and ch.isupper() else "")
                )
            seq = b"?"
        out += seq
    return bytes(out)


# --------------------------------------------------------------------------- detection

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = (
    "(?:uyê|uya|uyu|oai|oay|oeo|uây|uôi|ươi|ươu|iêu|yêu|"
    "ia|iê|yê|ua|uô|ưa|ươ|oa|oă|oe|uâ|uê|uy|uơ|oo|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu|"
    "[aăâeêioôơuưy])"
)
_CODA = "(?:ch|nh|ng|[cmnpt])?"
_SYLLABLE = re.compile(f"{_ONSET}{_NUCLEUS}{_CODA}")
# Characters stripped from the ends of a whitespace-separated word before it is judged.
_STRIP = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()) + _PUNCT


@text_cache(maxsize=1 << 14)
def _is_syllable(token: str) -> bool:
    """Whether ``token`` is one well-formed Vietnamese syllable (with at most one tone)."""
    parts = unicodedata.normalize("NFD", token.lower())
    if sum(parts.count(t) for t in _TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _score(text: str) -> int:
    """How Vietnamese ``text`` looks: +1 per well-formed non-ASCII syllable, -1 per other."""
    # str.split is much faster than a regex tokenizer; inner junk ("x·") stays in the word
    # and makes it ill-formed, which is what we want. ASCII words say nothing.
    counts = Counter(w.strip(_STRIP) for w in text.split() if not w.isascii())
    return sum(n if _is_syllable(token) else -n for token, n in counts.items())


_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ",
)
_SAMPLE = 1 << 16  # detection looks at the first 64 KiB: enough, and O(1) per document


def _utf16_order(sample: bytes) -> str | None:
    # ASCII and Vietnamese (U+1Exx) text in UTF-16 have a NUL or 0x1E/0x01/0x00 high byte in
    # almost every other position; nothing else looks like that.
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    if sample.startswith(_BINARY_MAGIC) or b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
    return controls > 0.05 * len(sample)


def decode_bytes(data: bytes) -> Decoded:
    """Detect the encoding of ``data`` and decode it.

    Order: byte-order marks (UTF-8, UTF-16, UTF-32); UTF-16 without BOM; binary data (raises
    ``DecodeFailure("binary file")``); UTF-8 (a few invalid bytes in otherwise valid UTF-8 are
    replaced and counted); then the legacy encodings windows-1258, tcvn3 and vni, scored by how
    many of the non-ASCII words they produce are well-formed Vietnamese syllables. Raises
    ``DecodeFailure("undecodable text")`` when none of them yields Vietnamese.
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, name in boms:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise DecodeFailure("undecodable text", f"invalid {name}: {exc.reason}") from None
    sample = data[:_SAMPLE]
    order = _utf16_order(sample)
    if order is not None:
        try:
            return Decoded(data.decode(order), order)
        except UnicodeDecodeError:
            pass
    if _looks_binary(sample):
        raise DecodeFailure("binary file", "binary data, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly-valid UTF-8 (a damaged byte or two) stays UTF-8: real UTF-8 multibyte sequences
    # practically never occur by chance in legacy-encoded text.
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for c in text[:_SAMPLE] if ord(c) > 127)
    if bad <= max(2, non_ascii // 100) and non_ascii > 4 * bad:
        return Decoded(text, "utf-8", replaced=bad)
    best: tuple[int, str] | None = None
    for name in ("windows-1258", "tcvn3", "vni"):
        try:
            score = _score(_decode_with(sample[: _SAMPLE // 4], name))
        except UnicodeDecodeError:
            continue
        if best is None or score > best[0]:
            best = (score, name)
    if best is None or best[0] <= 0:
        raise DecodeFailure(
            "undecodable text",
            "not UTF-8/UTF-16, and no Vietnamese legacy encoding (windows-1258, tcvn3, vni) fits",
        )
    return Decoded(_decode_with(data, best[1], "replace"), best[1])


def detect(data: bytes) -> str:
    """The encoding :func:`decode_bytes` would use for ``data``."""
    return decode_bytes(data).encoding
