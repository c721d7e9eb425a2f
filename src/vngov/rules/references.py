"""References: one cited document, its type, number, date, issuer and subject linked.

Runs last in the cascade, over what earlier rooms accepted: document numbers, the final dates
(``DateMention`` values) and the document's own metadata. Rules:

* ``references.typed`` -- a type word, ``số``, a number: ``Kế hoạch số 04/KH-UBND``;
* ``references.bare`` -- a number with no type word (``theo 04/KH-UBND``): the number's type;
* ``references.list`` -- a further number of a list after one type word
  (``các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND``): span is the number and its parts;
* ``references.named`` -- a law by name (``Luật Tổ chức chính quyền địa phương ngày 19 tháng 6
  năm 2015``, ``Bộ luật Lao động năm 2019``, ``Luật ... số 80/2015/QH13``);
* ``references.self`` -- ``Quyết định này``: the document itself;
* ``references.anaphora`` -- ``Kế hoạch nêu trên``: the last earlier reference of that type.

After the head, parts are linked while they follow one another on the line: the number
(``số ...``), a date (``ngày 13 tháng 01 năm 2021``), the issuer (``của UBND tỉnh``). The span
runs from the type word (or the number) to the end of the last linked part; the subject
(``về ...``) is read after it but is not in the span. Policies: docs/campaigns-and-references.md.
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import regex

from vngov import tables
from vngov.model import Reference
from vngov.rules.engine import (
    WHITESPACE,
    Candidate,
    Context,
    confirmed,
    in_chrome,
    select,
    trie_pattern,
)
from vngov.text.memo import text_cache
from vngov.text.normalize import to_ascii

_WS = WHITESPACE[1:-1]  # the regex module's \s, as the inside of a class
_RULE = "composites:references."
# The header's own "Số: 04/KH-UBND" line: only "Số"/"Số:" before the number on its line.
_HEADER_PREFIX = re.compile(r"(?i)[ \t]*so[ \t]*:?[ \t]*$")
_HEADER_LINES = 30  # the header block sits in the first lines of a formal document
# _link runs these at every step: stdlib re on the lower-case view (views are ASCII, where re
# and regex agree) costs a fraction of a (?i) regex call.
_NUMBER_GAP = re.compile(r"[ ]*,?[ ]*(?:so[ ]*:?[ ]*)?$")  # on ctx.lower
_DATE_GAP = re.compile(r"[ ]*,?[ ]*$")
_OF = re.compile(r"[ ]*,?[ ]*(?P<w>cua)[ ]+")  # on ctx.lower
# Stdlib re, 2-3x cheaper per call than regex, matching what the regex patterns matched: (?i)
# on letters other than "i" folds alike in both, and \s is the regex module's (WHITESPACE).
_LIST_GAP = re.compile(r"(?i)[ ]*(?:[,;][ ]*)?(?:(?P<conj>va)[ ]+)?(?:so[ ]*:?[ ]*)?$")
_TOKEN = re.compile(rf"[^{_WS},;:()\"]+")
# law names keep their commas ("Thi đua, khen thưởng")
_NAME_TOKEN = re.compile(rf"[^{_WS};:()\"]+")
_CAN_CU = regex.compile(r"(?i)[ \t]*[-+*•]?[ \t]*can cu\b")
_DIGIT = regex.compile(r"\d")
_NEXT_WORDS = re.compile(rf"[ ]*([^{_WS},;:.()\"]+)(?:[ ]+[^{_WS},;:.()\"]+)?")
_SENTENCE_END = re.compile(rf"\.(?={WHITESPACE}|$)")
_MAX_ISSUER_TOKENS = 12
_MAX_NAME_TOKENS = 20
_MAX_AMENDING_TOKENS = 45  # "Luật sửa đổi, bổ sung một số điều của Luật Quy hoạch, Luật ..."
_MAX_SUBJECT = 400


@dataclass(frozen=True)
class _Words:
    type_names: dict[str, str]  # ASCII lower-case words -> type name
    type_nfc: dict[str, str]  # ASCII lower-case words -> NFC words
    before_number: re.Pattern[str]  # on ctx.lower, preceded by no word character (_word_start)
    type_at: re.Pattern[str]  # a capitalised type word at a position
    named_head: re.Pattern[str]
    pointer: re.Pattern[str]  # " này", " nêu trên" (searched first: cheaper than types)
    type_before: re.Pattern[str]  # a capitalised type word ending where a pointer begins; as
    # before_number, preceded by no word character
    longest_type: int
    type_first: frozenset[str]  # first letters of type_at: most tokens fail on them
    roles: dict[str, frozenset[str]]  # role -> NFC lower-case words
    roles_ascii: dict[str, frozenset[str]]  # role -> the same words typed without marks
    subject: re.Pattern[str]
    subject_low: re.Pattern[str]  # subject's cue on ctx.lower: a cheap first test
    # The marked copy of an ASCII view (_marked): named_head's and pointer's first letters
    # become "@" and "#", and these patterns find there every place where they may match.
    marks: bytes  # the bytes.translate table
    named_quick: re.Pattern[bytes]
    pointer_quick: re.Pattern[bytes]
    type_last: tuple[str, ...]  # last words of type_before's words


_TRAILING_JOINERS = regex.compile(r"(?:[\s,;]|\bvà)+$")

def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", "[ ]+") for w in sorted(words, key=len,
                                                                         reverse=True))


def _normalised(words: dict[str, str]) -> dict[str, str]:
    """``words``, checked to be whitespace-normalised (_word_is relies on it)."""
    bad = [w for w in words.values() if w != " ".join(w.split())]
    if bad:
        raise ValueError(f"doc_type_words.tsv: words with odd whitespace {bad}")
    return words


def _types(words: Iterable[str]) -> str:
    """Type words as a trie: at a start the engine tries a word's letters once, not ~40 words."""
    return trie_pattern(words, space="[ ]+")


def _word_start(p: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    r"""``p`` preceded by no word character (``(?<![\w])``), searched in text[lo:hi]; a hit
    after a word character resumes one character on, as the search with the lookbehind would."""
    while (m := p.search(text, lo, hi)) is not None:
        s = m.start()
        if s == 0 or not (text[s - 1].isalnum() or text[s - 1] == "_"):  # re's \w
            return m
        lo = s + 1
    return None


@cache
def _words() -> _Words:
    pairs = tables.doc_type_words()
    names = {to_ascii(w).lower(): name for w, name in pairs}
    nfc = {to_ascii(w).lower(): w for w, _ in pairs}
    written = [to_ascii(w) for w, _ in pairs]  # as written: capitalised ("Quyet dinh")
    roles: dict[str, set[str]] = {}
    for role, words in tables.read_tsv("reference_words.tsv"):
        roles.setdefault(role.strip(), set()).add(words.strip())
    named = sorted(roles["named_type"])
    missing = [n for n in named if n not in set(names.values())]
    if missing:  # named types must be type names of doc_type_words.tsv, not a second table
        raise ValueError(f"reference_words.tsv: unknown type(s) {missing}")
    pointers = [to_ascii(w) for w in roles["self"] | roles["anaphora"]]
    named_alt = _alt([to_ascii(n) for n in named])
    subject = rf"(?i)[ ]*,?[ ]*(?P<cue>{_alt([to_ascii(w) for w in roles['subject']])})[ ]+"
    named_first = {to_ascii(n)[0] for n in named}
    pointer_first = {p[0] for p in pointers}
    assert not named_first & pointer_first and not (named_first | pointer_first) & set("@# ")
    marks = {**dict.fromkeys(named_first, "@"), **dict.fromkeys(pointer_first, "#")}
    table = bytearray(range(256))
    for ch, mark in marks.items():
        table[ord(ch)] = ord(mark)
    mark_phrase = str.maketrans(marks)
    return _Words(
        type_names=names,
        type_nfc=_normalised(nfc),
        # The views are ASCII, where stdlib re and regex agree; re runs these short backward
        # windows twice as fast, and on the lower-case view without (?i) faster still.
        # The type words as a trie (the longer of two words sharing a start still tried first,
        # as _alt's longest-first order does) and without the leading (?<![\w]), which
        # _word_start checks: stdlib re then skips to the words' first letters (the searches
        # before numbers and pointers: 0.5 -> 0.35 ms per corpus pass).
        before_number=re.compile(
            rf"(?P<w>{_types(names)})[ ]*(?:so[ ]*:?[ ]*)?(?:[:\-][ ]*)?$"),
        type_at=re.compile(rf"(?:{_types(written)})(?![\w])"),
        named_head=re.compile(rf"(?<![\w])(?P<w>{named_alt})[ ]+"),
        # stdlib re: faster than regex on this plain alternation, run over all text. One literal
        # space (not "[ ]+") lets the engine skip to spaces and never retry inside a space run;
        # the run's start is found by walking back from the hit (see _pointers).
        pointer=re.compile(rf" (?P<p>{trie_pattern(pointers, space='[ ]+')})(?!\w)"),
        marks=bytes(table),
        named_quick=re.compile("(?:{})[ ]+".format(trie_pattern(
            [to_ascii(n).translate(mark_phrase) for n in named], space="[ ]+")).encode("ascii")),
        pointer_quick=re.compile(" (?:{})".format(trie_pattern(
            [p.translate(mark_phrase) for p in pointers], space="[ ]+")).encode("ascii")),
        type_before=re.compile(rf"(?P<w>{_types(written)})$"),
        longest_type=max(len(x) for x in written),
        type_first=frozenset(x[0] for x in written),
        roles={k: frozenset(v) for k, v in roles.items()},
        roles_ascii={k: frozenset(to_ascii(w) for w in v) for k, v in roles.items()},
        subject=re.compile(subject),
        subject_low=re.compile(
            rf"[ ]*,?[ ]*(?:{_alt([to_ascii(w).lower() for w in roles['subject']])})[ ]+"),
        type_last=tuple({x.split()[-1] for x in written}),
    )


def _nfc(ctx: Context, start: int, end: int) -> str:
    """Original text of a view span, NFC (``as written``, curly quotes kept)."""
    return unicodedata.normalize("NFC", ctx.nt.original_text(start, end))


def _word_is(ctx: Context, start: int, end: int, nfc_word: str) -> bool:
    """The view text at [start, end) is ``nfc_word``, or its ASCII form typed without marks.
    (``nfc_word`` is whitespace-normalised: an equal text is the common case, answered before
    the cache lookup.)"""
    text = ctx.nfc[start:end]
    return text == nfc_word or _text_is(text, nfc_word)


def _in_role(ctx: Context, start: int, end: int, role: str) -> bool:
    """The view text at [start, end) is a word of ``role`` (with or without marks)."""
    return _text_in_role(ctx.nfc[start:end], role)


# Both tests run on a few short words, the same ones again and again: cached by the raw text.
@text_cache(maxsize=1 << 16)
def _text_is(text: str, nfc_word: str) -> bool:
    got = " ".join(text.split())
    return got == nfc_word or (got.isascii() and got == to_ascii(nfc_word))


@text_cache(maxsize=1 << 16)
def _text_in_role(text: str, role: str) -> bool:
    got = " ".join(text.split())
    w = _words()
    return got in w.roles[role] or (got.isascii() and got in w.roles_ascii[role])


@dataclass
class _Ref:
    start: int
    end: int
    rule: str
    doc_type: str | None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    type_code: str | None = None  # of the linked number (lists keep a coded number's own type)
    typed: bool = False  # head is a type word (a list may continue it)
    named: bool = False  # subject is the law's name, not "về ..."


_START = operator.attrgetter("start")


class _Index:
    """Sorted starts of accepted candidates, for "what begins at / after pos"."""

    def __init__(self, cands: list[Candidate]):
        starts = [c.start for c in cands]
        if starts == sorted(starts):  # accepted lists come sorted: no sort with a key needed
            self.cands, self.starts = list(cands), starts
        else:
            self.cands = sorted(cands, key=_START)
            self.starts = [c.start for c in self.cands]
        self.at = set(self.starts)  # "does a candidate begin at s?"

    def next_after(self, pos: int) -> Candidate | None:
        i = bisect.bisect_left(self.starts, pos)
        return self.cands[i] if i < len(self.cands) else None


@dataclass
class _Doc:
    ctx: Context
    numbers: _Index
    dates: _Index
    _header_end: int | None = None
    marked: bytes = b""  # _marked(ctx.ascii)

    @property
    def header_end(self) -> int:
        """Positions up to here lie in the first ``_HEADER_LINES`` lines (found once: counting
        newlines from the start for every header-like number was quadratic on long texts)."""
        if self._header_end is None:
            a = self.ctx.ascii
            pos = -1
            for _ in range(_HEADER_LINES):
                pos = a.find("\n", pos + 1)
                if pos < 0:
                    pos = len(a)
                    break
            self._header_end = pos
        return self._header_end


def _line_end(a: str, pos: int) -> int:
    end = a.find("\n", pos)
    return len(a) if end < 0 else end


def _stop_phrase(ctx: Context, s: int, e: int, line_end: int, token: re.Pattern[str],
                 role: str) -> bool:
    """A lower-case stop word of ``role`` starts at the token [s, e): that token alone, or it and
    the next ``token`` on the line."""
    nfc = ctx.nfc
    if not nfc[s : s + 1].islower():  # the same first letter for both lengths
        return False
    if not _may_open(nfc, s, e, _first_words(role)):
        return False
    nxt = token.search(ctx.ascii, e, line_end)  # the token finditer would give next
    if nxt is not None and _in_role(ctx, s, nxt.end(), role):
        return True
    return _in_role(ctx, s, e, role)


def _may_open(nfc: str, s: int, e: int, firsts: frozenset[str]) -> bool:
    """Can a stop phrase whose first words are ``firsts`` start at the lower-case token [s, e)?

    Most tokens start none: when whitespace follows the token, both phrases _stop_phrase tests
    begin with the token as a whole word, which must then be one of ``firsts`` (saves reading
    the next token and two lookups). isprintable: the token holds no whitespace of the NFC view
    either (the ASCII view's \\s misses \\x1c-\\x1f)."""
    word = nfc[s:e]
    return word in firsts or not nfc[e : e + 1].isspace() or not word.isprintable()


@cache
def _first_words(role: str) -> frozenset[str]:
    """First words of the phrases of ``role``, with and without marks."""
    w = _words()
    return frozenset(p.split()[0] for p in w.roles[role] | w.roles_ascii[role])


def _issuer(doc: _Doc, pos: int) -> tuple[str, int] | None:
    """``của <issuer>``: the issuer as written and its end; stops at ``về``, punctuation, a date,
    a number, a type word, a lower-case verb (``ban hành``, ``quy định``) or the line end."""
    ctx = doc.ctx
    a = ctx.ascii
    w = _words()
    # Tokens are read one by one up to the line end: callers stop within a few words, and a
    # gazette line can be a whole page.
    line_end = _line_end(a, pos)
    nfc = ctx.nfc
    dates_at, numbers_at = doc.dates.at, doc.numbers.at
    stops = _first_words("issuer_stop")
    type_at = _words().type_at
    kept: list[tuple[int, int]] = []
    prev = pos  # end of the previous token: the gap runs from there
    for i, tok in enumerate(_TOKEN.finditer(a, pos, line_end)):
        s, e = tok.span()
        if a[prev:s].strip() or i >= _MAX_ISSUER_TOKENS:
            break  # punctuation between words ends the issuer ("của UBND tỉnh, ...")
        prev = e
        if s in dates_at or s in numbers_at or (a[s] in w.type_first and type_at.match(a, s)):
            break
        # _stop_phrase's first two tests, inline: they rule out most tokens without a call
        if nfc[s].islower() and _may_open(nfc, s, e, stops) and _stop_phrase(
                ctx, s, e, line_end, _TOKEN, "issuer_stop"):
            break
        if a[e - 1] == ".":
            if e - 1 > s:
                kept.append((s, e - 1))
            break  # sentence end
        kept.append((s, e))
    while kept and (_word_is(ctx, *kept[-1], "và") or ctx.ascii[kept[-1][0]:kept[-1][1]] == "-"):
        kept.pop()
    if not kept:
        return None
    return _nfc(ctx, kept[0][0], kept[-1][1]), kept[-1][1]


def _link(doc: _Doc, ref: _Ref, pos: int, want_number: bool) -> int:
    """Link number, date and issuer that follow ``pos`` one after another; returns the end."""
    ctx = doc.ctx
    low = ctx.lower  # the gap patterns are lower-case, without (?i)
    next_number, next_date = doc.numbers.next_after, doc.dates.next_after
    while True:
        linked = False
        if want_number and ref.number is None:
            n = next_number(pos)
            if n is not None and _NUMBER_GAP.match(low, pos, n.start):
                ref.number, ref.type_code = n.value.normalized, n.value.type_code
                pos, linked = n.end, True
        if ref.date is None:
            d = next_date(pos)
            if d is not None and _DATE_GAP.match(low, pos, d.start):
                ref.date = d.value.value
                pos, linked = d.end, True
        if ref.issuer is None:
            m = _OF.match(low, pos)
            if m and _word_is(ctx, m.start("w"), m.end("w"), "của"):
                got = _issuer(doc, m.end())
                if got is not None:
                    ref.issuer, pos = got
                    linked = True
        if not linked:
            return pos


def _is_header_number(doc: _Doc, n: Candidate) -> bool:
    """The document's own ``Số: 12/QĐ-UBND`` line in its header is not a citation."""
    ctx = doc.ctx
    a = ctx.ascii
    line_start = a.rfind("\n", 0, n.start) + 1
    if not _HEADER_PREFIX.fullmatch(a, line_start, n.start):
        return False
    meta = ctx.accepted.get("metadata")
    if meta is not None and getattr(meta, "number", None) == n.value.normalized:
        return True
    return n.start <= doc.header_end  # fewer than _HEADER_LINES newlines before it


def _numbered(doc: _Doc) -> list[_Ref]:
    """Typed and bare references, one per document number."""
    ctx = doc.ctx
    w = _words()
    out: list[_Ref] = []
    for n in doc.numbers.cands:
        if in_chrome(ctx, n.start, n.end) or _is_header_number(doc, n):
            continue
        tw = _word_start(w.before_number, ctx.lower, max(0, n.start - 40), n.start)
        if tw is not None:
            key = " ".join(tw.group("w").lower().split())
            ref = _Ref(tw.start("w"), n.end, _RULE + "typed", w.type_names[key], typed=True)
        else:
            ref = _Ref(n.start, n.end, _RULE + "bare", n.value.doc_type)
        ref.number, ref.type_code = n.value.normalized, n.value.type_code
        ref.end = _link(doc, ref, n.end, want_number=False)
        out.append(ref)
    return out


def _law_name(doc: _Doc, pos: int, doc_type: str) -> tuple[int, int, bool] | None:
    """(name start, name end, bounded by clause end) of a law's name starting at ``pos``.

    The name runs to a date, ``số <number>``, a number, ``;``, a sentence end or the line end;
    commas stay inside (``Luật Thi đua, khen thưởng``) and ``một số điều`` is no ``số`` cue
    (``Luật sửa đổi, bổ sung một số điều của Luật ...``: one reference, that whole name).
    """
    ctx = doc.ctx
    a = ctx.ascii
    line_end = _line_end(a, pos)  # tokens are read one by one up to the line end
    kept: list[tuple[int, int]] = []
    clause_end = True  # the name ran to ";", a sentence end or the line end
    # An amending law names the laws it amends inside its own name ("Luật sửa đổi, bổ sung một
    # số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày ..."):
    # there "và Luật" does not start a new citation.
    nfc = ctx.nfc
    dates_at, numbers_at = doc.dates.at, doc.numbers.at
    stops = _first_words("name_stop")
    type_first = _words().type_first
    type_at = _words().type_at
    first_tok = _NAME_TOKEN.search(a, pos, line_end)
    amending = first_tok is not None and _word_is(ctx, *first_tok.span(), "sửa")
    prev = pos  # end of the previous token: the gap runs from there
    for i, tok in enumerate(_NAME_TOKEN.finditer(a, pos, line_end)):
        s, e = tok.span()
        gap = a[prev:s]
        prev = e
        if gap.strip():
            clause_end = ";" in gap  # ; : ( ) " end the name; only ";" ends the clause
            break
        if s in dates_at or s in numbers_at:
            clause_end = False
            break
        word = a[s:e].lower().rstrip(",")
        if word in ("so", "so:") and (
                nxt := _NAME_TOKEN.search(a, e, line_end)) is not None and _DIGIT.match(
                a, nxt.start()):
            clause_end = False
            break
        if i >= (_MAX_AMENDING_TOKENS if amending else _MAX_NAME_TOKENS):
            return None
        # _stop_phrase's and _type_after_list's first tests, inline: most tokens pass them
        if kept and nfc[s].islower() and _may_open(nfc, s, e, stops) and _stop_phrase(
                ctx, s, e, line_end, _NAME_TOKEN, "name_stop"):
            clause_end = False
            break
        if kept and not amending and a[s] in type_first and _type_after_list(
                ctx, type_at, kept[-1], s):
            clause_end = False
            break
        if a[e - 1] == ".":
            kept.append((s, e - 1))
            break
        kept.append((s, e))
    while kept and (a[kept[-1][0] : kept[-1][1]] in (",", "-") or _word_is(ctx, *kept[-1], "và")):
        kept.pop()
    if not kept:
        return None
    first = ctx.nfc[kept[0][0]]
    if doc_type != "Hiến pháp" and not first.isupper() and not (
        _word_is(ctx, kept[0][0], kept[0][1], "sửa")):
        return None  # "luật" in running text: "Luật hóa các quy định" is no citation
    s, e = kept[0][0], kept[-1][1]
    if a[e - 1] == ",":
        e -= 1
    return s, e, clause_end


def _type_after_list(ctx: Context, type_at: re.Pattern[str],
                     prev: tuple[int, int], s: int) -> bool:
    """A capitalised type word (``type_at``: _Doc.type_at) after ``và``/``,`` starts the next
    citation (``Luật A và Luật B ngày ...``)."""
    w = _words()
    if ctx.ascii[s] not in w.type_first or not type_at.match(ctx.ascii, s):
        return False
    return _word_is(ctx, *prev, "và") or ctx.ascii[prev[1] - 1] == ","


def _marked(a: str) -> bytes:
    """The ASCII view as bytes with the first letters of named types and pointers marked (see
    engine.confirmed)."""
    return a.encode("ascii").translate(_words().marks)


def _named(doc: _Doc) -> list[_Ref]:
    """Laws, codes and ordinances cited by name."""
    ctx = doc.ctx
    a = ctx.ascii
    w = _words()
    out: list[_Ref] = []
    heads = confirmed(a, doc.marked, w.named_quick, w.named_head)
    for m in heads:
        if in_chrome(ctx, m.start(), m.end()):
            continue
        key = " ".join(m.group("w").lower().split())
        doc_type = w.type_names[key]
        if not _word_is(ctx, m.start("w"), m.end("w"), w.type_nfc[key]):
            continue
        got = _law_name(doc, m.end(), doc_type)
        if got is None:
            continue
        ns, ne, clause_end = got
        ref = _Ref(m.start("w"), ne, _RULE + "named", doc_type, typed=True, named=True)
        ref.subject = " ".join(_nfc(ctx, ns, ne).split())
        end = _link(doc, ref, ne, want_number=True)
        if end == ne:
            # Nothing linked: a bare name is a citation only where a clause is nothing but the
            # name -- a "Căn cứ Luật Cán bộ, công chức;" line; in running text the end of
            # "theo Luật Đất đai quy định ..." is not decidable.
            line_start = a.rfind("\n", 0, m.start()) + 1
            if not (clause_end and _CAN_CU.match(a, line_start)):
                continue
        ref.end = end
        out.append(ref)
    return out


def _continue_lists(ctx: Context, refs: list[_Ref]) -> None:
    """``các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND``: later bare numbers take the list's type
    when they carry no type code of their own."""
    for prev, ref in pairwise(refs):
        if ref.rule != _RULE + "bare" or not prev.typed or prev.named:
            continue
        m = _LIST_GAP.fullmatch(ctx.ascii, prev.end, ref.start)
        if m is None or (m.group("conj") and not _word_is(ctx, *m.span("conj"), "và")):
            continue
        ref.rule, ref.typed = _RULE + "list", True
        if ref.type_code is None:
            ref.doc_type = prev.doc_type


def _subjects(ctx: Context, refs: list[_Ref]) -> None:
    """``về``/``về việc`` right after the last part: the subject runs to ``;``, a sentence end,
    the line end or the next citation."""
    a = ctx.ascii
    w = _words()
    starts = [r.start for r in refs]
    low = ctx.lower
    subject = w.subject
    for ref in refs:
        if ref.named or ref.subject is not None:
            continue
        # Most references have no "về" after them: stdlib re on the lower-case view rules them
        # out at a fraction of the cost of the (?i) pattern (which still decides).
        if not w.subject_low.match(low, ref.end):
            continue
        m = subject.match(a, ref.end)
        if m is None or not _in_role(ctx, m.start("cue"), m.end("cue"), "subject"):
            continue
        s = m.end()
        line_end = a.find("\n", s)
        stop = len(a) if line_end < 0 else line_end
        nxt = bisect.bisect_right(starts, s)
        if nxt < len(starts):
            stop = min(stop, starts[nxt])
        semi = a.find(";", s, stop)
        if semi >= 0:
            stop = semi
        dot = _SENTENCE_END.search(a, s, stop)
        if dot:
            stop = dot.start()
        text = _nfc(ctx, s, stop).strip()
        # strip() left no whitespace at the end: joiners trail only a text ending in one of
        # these, and the sub (it tries every position of the subject) runs only then
        if text.endswith(("và", ",", ";")):
            text = _TRAILING_JOINERS.sub("", text).strip()
        if text and len(text) <= _MAX_SUBJECT:
            ref.subject = " ".join(text.split())


def _pointers(doc: _Doc, taken: list[_Ref]) -> list[_Ref]:
    """``<Type> này`` (self) and ``<Type> nêu trên`` (anaphora), not yet resolved."""
    ctx = doc.ctx
    a = ctx.ascii
    w = _words()
    out: list[_Ref] = []
    starts = [r.start for r in taken]  # taken: sorted, not overlapping
    hits = confirmed(a, doc.marked, w.pointer_quick, w.pointer)
    for p in hits:
        ps, e = p.span("p")
        run = ps - 1  # the type word ends where the run of spaces before the pointer begins
        while run > 0 and a[run - 1] == " ":
            run -= 1
        lo = max(0, run - w.longest_type)
        # A type word ends with one of its last words: most pointers ("hiện nay") have none
        # before them, and endswith rules them out cheaper than the backward search. ("$" also
        # matches before a newline ending the window: the word may end there.)
        if not a.endswith(w.type_last, lo, run - 1 if a[run - 1 : run] == "\n" else run):
            continue
        m = _word_start(w.type_before, a, lo, run)
        if m is None:
            continue
        s = m.start()
        i = bisect.bisect_left(starts, e)
        if in_chrome(ctx, s, e) or (i > 0 and taken[i - 1].end > s):
            continue
        key = " ".join(m.group("w").lower().split())
        if not _word_is(ctx, *m.span("w"), w.type_nfc[key]):
            continue
        pe = e
        if _in_role(ctx, ps, pe, "self"):
            rule = "self"
        elif _in_role(ctx, ps, pe, "anaphora"):
            rule = "anaphora"
            if _word_is(ctx, ps, pe, "trên") and not _tren_ends(ctx, pe):
                continue  # "Kế hoạch trên địa bàn tỉnh": the preposition
        else:
            continue
        out.append(_Ref(s, e, _RULE + rule, w.type_names[key]))
    return out


def _tren_ends(ctx: Context, pos: int) -> bool:
    """A bare ``trên`` points back only before punctuation, the line end or a function word
    (``Kế hoạch trên được ...``), never before a noun (``Kế hoạch trên địa bàn tỉnh``)."""
    a = ctx.ascii
    m = _NEXT_WORDS.match(a, pos)
    if m is None:
        return True  # punctuation or line end
    s = m.start()
    one_end = m.end(1)
    if _in_role(ctx, s, m.end(), "after_tren"):
        return True
    if not _in_role(ctx, s, one_end, "after_tren"):
        return False
    # ASCII text: "tren co so" is "trên cơ sở" (the preposition), not "trên có ..."
    return not (ctx.nfc[s:one_end] == "co" and ctx.nfc[one_end : one_end + 3] == " so")


def _resolve_pointers(ctx: Context, refs: list[_Ref]) -> None:
    """Self references take the document's number and date; anaphora the parts of the last
    earlier reference of the same type (in text order)."""
    meta = ctx.accepted.get("metadata")
    own_type = getattr(meta, "doc_type", None)
    last: dict[str, _Ref] = {}
    for ref in refs:
        kind = ref.rule.rsplit(".", 1)[-1]
        if kind == "self" and (own_type is None or own_type == ref.doc_type):
            ref.number = getattr(meta, "number", None)
            ref.date = getattr(meta, "issued_date", None)
        elif kind in ("self", "anaphora"):
            # "Quy định này" inside a Quyết định speaks of a Quy định named before it.
            prev = last.get(ref.doc_type or "")
            if prev is not None:
                ref.number, ref.date = prev.number, prev.date
                ref.issuer, ref.subject = prev.issuer, prev.subject
        if ref.doc_type and kind != "self":
            # "nêu trên" points back to a cited document, not to the document itself
            last[ref.doc_type] = ref


def find(ctx: Context) -> list[Candidate]:
    """Reference candidates (view offsets) with Reference values; no two overlap."""
    doc = _Doc(ctx, _Index(ctx.accepted.get("document_numbers", [])),
               _Index(ctx.accepted.get("dates", [])),
               marked=_marked(ctx.ascii))
    named = _named(doc)
    kept = select(named + _numbered(doc), priority=lambda r: 0 if r.named else 1)
    _continue_lists(ctx, kept)
    kept = sorted(kept + _pointers(doc, kept), key=_START)
    _subjects(ctx, kept)
    _resolve_pointers(ctx, kept)
    out: list[Candidate] = []
    for r in kept:
        # keywords spelled out: unpacking span_kwargs into the call cost 0.8 us a mention
        span = ctx.span_kwargs(r.start, r.end, r.rule)
        value = Reference(text=span["text"], start=span["start"], end=span["end"],
                          rule=span["rule"], doc_type=r.doc_type, number=r.number, date=r.date,
                          issuer=r.issuer, subject=r.subject)
        out.append(Candidate(r.start, r.end, 0, value))
    return out
