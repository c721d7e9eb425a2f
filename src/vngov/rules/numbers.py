"""Document numbers ("số, ký hiệu"): administrative, normative and party notation.

* administrative -- Nghị định 30/2020/NĐ-CP, Điều 8 khoản 3 and Phụ lục III:
  ``<number>/<type code>-<issuer code>`` (``04/KH-UBND``); a công văn has no type code
  (``123/UBND-VX``: issuer, then the drafting unit).
* normative -- Luật Ban hành văn bản QPPL 80/2015/QH13, Điều 8:
  ``<number>/<year>/<type code>-<issuer code>`` (``15/2020/NĐ-CP``); laws and National Assembly
  resolutions end in the legislature (``80/2015/QH13``, ``78/2025/UBTVQH15``).
* party -- Hướng dẫn 36-HD/VPTW: ``<number>-<type code>/<issuer>`` (``26-NQ/TW``).

Patterns read the ASCII view, so ``15/2020/ND-CP`` typed without diacritics is found; values are
read from the NFC view of the same span and codes restored to their official spelling from the
tables (``ND`` → ``NĐ``, ``TTG`` → ``TTg``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import regex

from vngov import tables
from vngov.model import DocumentNumber
from vngov.rules.engine import WHITESPACE as _WS
from vngov.rules.engine import Candidate, Context, Rule
from vngov.text.memo import text_cache
from vngov.text.normalize import to_ascii

# One code segment: letters with an optional legislature number (QH13, UBTVQH15).
_SEG = r"[A-Z][A-Za-z]{0,11}\d{0,2}"
# A hyphen may end a line inside a long joint code: "TTLT-VKSNDTC-\nTANDTC-BCA" (gazette PDFs).
_CODE = rf"{_SEG}(?:(?:[ ]?-[ ]?|-[ \t]*\n[ \t]*){_SEG}){{0,5}}"
# Left edge: not glued to a word, a path, a decimal or another number ("F0/F1", URLs).
_LEFT = r"(?<![\w./\-&])"
_RIGHT = r"(?![A-Za-z0-9&])"

# Both are led by the separator after the number, the number in a lookbehind: a digit lead is
# tried at every position of the text, a literal one is found fast (party 0.7 -> 0.4 ms a corpus
# pass). Matches then start at the separator; _FromNumber gives them back in the order and with
# the overlaps of a pattern led by the number (the left edge of the number makes it the whole
# run of digits and dots before the separator, so one separator gives one number).
ADMIN_OR_NORMATIVE = regex.compile(
    rf"(?<={_LEFT}(?P<num>\d{{1,5}}(?:\.\d{{1,3}})?)[ ]?)/[ ]?(?:(?P<year>(?:19|20)\d\d)[ ]?/[ ]?)?"
    rf"(?P<code>{_CODE}){_RIGHT}"
)
PARTY = regex.compile(
    rf"(?<={_LEFT}(?P<num>\d{{1,5}})[ ]?)-[ ]?(?P<ptype>{_SEG})[ ]?/[ ]?(?P<code>{_CODE}){_RIGHT}"
)
# "Số: 1830 QĐ-UBND": the slash lost in real documents; only after "số" and a known type code.
SLASH_LOST = regex.compile(
    rf"(?<=\b[Ss][Oo]:?[ ]?)(?P<num>\d{{1,5}})[ ](?P<code>{_SEG}(?:[ ]?-[ ]?{_SEG}){{1,5}}){_RIGHT}"
)


class _FromSo:
    """``SLASH_LOST.finditer``, its matches found from the word "số" first.

    The pattern starts with a lookbehind, so the engine tries it at every position (~1.9 ms a
    corpus pass for one match); the literal "so" is found ~10x faster. The matches are the same:
    every match starts at the digit right after ``so:? ?`` (the lookbehind), there is one such
    position after each "so", and ``match`` at it sees the text before it as ``finditer`` does;
    a position inside the previous match is skipped as ``finditer`` skips it."""

    # On the lower-cased text ([Ss][Oo]); the digits, a space and a letter after it are what
    # SLASH_LOST needs next, so "số 5," and "số 12/..." are never tried (~360 -> ~10 ``match``
    # calls a corpus pass).
    _SO = regex.compile(r"\bso:?[ ]?(?=\d{1,5} [a-z])")

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        last = 0
        for so in self._SO.finditer(text.lower()):
            if so.end() < last:
                continue
            m = SLASH_LOST.match(text, so.end())
            if m:
                last = m.end()
                yield m


class _FromNumber:
    """``finditer`` of a pattern led by the separator after its number (ADMIN_OR_NORMATIVE,
    PARTY) as if led by the number: a match whose number starts inside the previous match is
    dropped, as ``finditer`` would never have tried it. Matches come in order of their numbers
    (one number a separator), and the separators a match's span hides start no match outside
    it: hyphens in a code follow letters (or digits that follow letters), and the second slash
    of ``15 / 2020 / NĐ-CP`` gives a match (number 2020) inside the first."""

    def __init__(self, pattern: regex.Pattern[str]):
        self.pattern = pattern

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        last = 0
        for m in self.pattern.finditer(text):
            if m.start(1) >= last:
                last = m.end()
                yield m


# Gazette page header "CÔNG BÁO/Số 281/Ngày 21-05-2026" is no document number.
# Small searches in place on the ASCII view: stdlib ``re`` (\s spelled _WS) costs ~0.2 µs a
# call against ~0.5 µs for ``regex`` (which releases and retakes the GIL on every call).
_PAGE_HEADER = re.compile(rf"(?i)cong bao{_WS}*/{_WS}*so{_WS}*$")
_DIGITS = regex.compile(r"\d+$")
_SEGMENT = regex.compile(r"[^\s\-]+")


def _segment_ok(seg: str) -> bool:
    """A code segment is a known code, or shaped like one (mostly capitals)."""
    return bool(_known_type(seg) or _known_issuer(seg)) or _code_shaped(seg)


def _code_shaped(seg: str) -> bool:
    """Mostly capitals: 2 or more, and more than half of the letters."""
    letters = _DIGITS.sub("", seg)
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 2 and upper * 2 >= len(letters) + 1


def _known_type(seg: str) -> str | None:
    table = tables.doc_type_lookup()
    return table.get(seg) or table.get(seg.upper())


def _known_issuer(seg: str) -> str | None:
    table = tables.issuer_lookup()
    digits = _DIGITS.search(seg)
    stem = seg[: digits.start()] if digits else seg
    code = table.get(stem) or table.get(stem.upper())
    if code is None:
        return None
    return code + (digits.group() if digits else "")


@text_cache(maxsize=1 << 14)
def _code_info(
    ascii_code: str, nfc_code: str
) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...], bool, bool]:
    """What ``_build`` needs of a code's text: its segment spans (relative to the code) up to
    the first segment that is not code-like, their canonical spellings, and whether the first
    segment is a known type code / issuer code.

    Cached: the same few codes (``UBND``, ``NĐ-CP``, ``QĐ-UBND``) come back again and again, and
    this replaced ~8 table lookups a match (numbers room 13 -> ~9 ms a corpus pass).
    The cache starts empty on every new batch, so each segment's two lookups are made once
    here: the test (_segment_ok), the canonical spelling (known type, else known issuer, else
    the segment) and the first segment's flags all read them (cold calls ~5.4 -> ~3.3 µs)."""
    segs: list[tuple[int, int]] = []
    codes: list[str] = []
    first_type = first_issuer = False
    for part in _SEGMENT.finditer(ascii_code):
        seg = nfc_code[part.start() : part.end()]
        type_code = _known_type(seg)
        issuer = _known_issuer(seg) if not segs or not type_code else None
        known = type_code or issuer
        if not known and not _code_shaped(seg):
            break
        if not segs:
            first_type, first_issuer = bool(type_code), issuer is not None
        segs.append(part.span())
        codes.append(known or seg)
    return tuple(segs), tuple(codes), first_type, first_issuer


def _build(ctx: Context, m: regex.Match[str], rule: Rule) -> Candidate | None:
    # Groups by number: a lookup by name costs ~0.2 µs a call in ``regex``.
    groups = m.re.groupindex
    start, num_end = m.span(1)  # "num" is group 1 of every pattern (checked below RULES)
    # "cong bao / so" ends in "so": most numbers fail this test and skip the regex search.
    if ctx.lower[max(0, start - 20) : start].rstrip().endswith("so") and _PAGE_HEADER.search(
        ctx.ascii, max(0, start - 20), start
    ):
        return None
    code_start, code_end = m.span(groups["code"])
    nfc = ctx.nfc
    rel, codes, first_type, first_issuer = _code_info(
        ctx.ascii[code_start:code_end], nfc[code_start:code_end]
    )
    if not rel:
        return None
    end = code_start + rel[-1][1]
    number = nfc[start:num_end]
    year: int | None = None
    family = "administrative"
    type_code: str | None = None
    if "ptype" in groups and m.group(groups["ptype"]) is not None:
        family = "party"
        ptype = nfc[m.start(groups["ptype"]) : m.end(groups["ptype"])]
        if not _segment_ok(ptype):
            return None
        type_code = _known_type(ptype) or ptype
        issuer = "-".join(codes)
        normalized = f"{number}-{type_code}/{issuer}"
    else:
        if "year" in groups and m.group(groups["year"]):
            year = int(m.group(groups["year"]))
            family = "normative"
        if first_type and (len(codes) > 1 or family != "normative"):
            type_code = codes[0]
            issuer_codes = codes[1:]
        else:
            issuer_codes = codes
        if rule.name == "numbers.slash_lost" and type_code is None:
            return None
        if type_code is None and not issuer_codes:
            return None
        if type_code is None and not first_issuer:
            # "12/ABC": a công văn's first segment is its issuer; unknown ones must look like
            # one (all capitals, 2+ letters) or the match is more likely a ratio or a label.
            first = nfc[code_start + rel[0][0] : code_start + rel[0][1]]
            if not (first.isupper() and len(first) >= 2):
                return None
        issuer = "-".join(issuer_codes) if issuer_codes else None
        parts = [number] + ([str(m.group(groups["year"]))] if year else []) + ["-".join(codes)]
        normalized = "/".join(parts)
    doc_type = _doc_type(ctx, type_code, family, start)
    s, e = ctx.nt.to_original(start, end)  # ctx.span_kwargs without its dict
    return Candidate(
        start,
        end,
        0,
        DocumentNumber(
            text=ctx.nt.original[s:e],
            start=s,
            end=e,
            rule=rule.id,
            normalized=normalized,
            number=number,
            year=year,
            type_code=type_code,
            issuer_code=issuer,
            doc_type=doc_type,
            family=family,
        ),
    )


@cache
def _type_words_before() -> tuple[re.Pattern[str], dict[str, str], tuple[str, ...]]:
    names = {to_ascii(w).lower(): name for w, name in tables.doc_type_words()}
    words = "|".join(re.escape(w) for w in names)
    pattern = re.compile(
        rf"(?i)\b(?P<w>{words}){_WS}*(?:so{_WS}*:?{_WS}*)?(?:[:\-]{_WS}*)?$"
    )
    return pattern, names, tuple(names)


def type_word_before(ctx: Context, start: int) -> str | None:
    """Type name written just before a number: ``Luật số 80/2015/QH13`` → ``Luật``."""
    pattern, names, words = _type_words_before()
    # The search tries a 32-word alternation at each of 40 positions (~5 µs). A match ends in a
    # type word, then maybe "số", then only spaces, colons and dashes: test that first.
    stem = ctx.ascii[max(0, start - 40) : start].rstrip(_SPACE_COLON_DASH).lower()
    if not stem.endswith(words) and not (
        stem.endswith("so") and stem[:-2].rstrip(_SPACE).endswith(words)
    ):
        return None
    m = pattern.search(ctx.ascii, max(0, start - 40), start)
    return names[m.group("w").lower()] if m else None


_SPACE = " \t\n\r\x0b\x0c"  # regex's \s on the ASCII view
_SPACE_COLON_DASH = _SPACE + ":-"


def _doc_type(ctx: Context, type_code: str | None, family: str, start: int) -> str | None:
    if type_code is not None:
        dt = tables.doc_types().get(type_code)
        if dt is not None:
            return dt.name
    before = type_word_before(ctx, start)
    if before:
        return before
    if type_code is None and family == "administrative":
        return "Công văn"
    return None


RULES = [
    Rule("numbers.party", "atoms", _FromNumber(PARTY), _build, priority=10),  # type: ignore[arg-type]
    Rule("numbers.slash", "atoms", _FromNumber(ADMIN_OR_NORMATIVE), _build,  # type: ignore[arg-type]
         priority=20),
    Rule("numbers.slash_lost", "atoms", _FromSo(), _build, priority=30),  # type: ignore[arg-type]
]
for _pattern in (PARTY, ADMIN_OR_NORMATIVE, SLASH_LOST):
    if _pattern.groupindex["num"] != 1:
        raise AssertionError("_build reads the number as group 1")
