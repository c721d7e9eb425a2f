"""Organisations and places.

Rules (policy in docs/organizations-and-places.md):

* ``places.unit``      -- a unit word and a whole gazetteer name: ``tỉnh Hậu Giang``,
  ``TP. Hồ Chí Minh``, ``huyện Châu Thành A``, ``xã Tân Phú``, ``quận 1``. The name must be a
  WHOLE name of a unit of that level: ``tỉnh Đồng Văn Thanh`` is no place (Đồng starts Đồng Nai,
  but the words after it are a person's name), ``tỉnh Đồng Nai Nguyễn Văn A`` is ``tỉnh Đồng Nai``;
* ``places.list``      -- names continuing a plural unit word: ``các huyện Châu Thành A, Phụng
  Hiệp và ...`` (Phụng Hiệp is a district too);
* ``places.bare``      -- a province or the country without unit word (``Hậu Giang``,
  ``Việt Nam``), unless a surname, a middle name or an honorific stands right before it or a
  capitalised word right after it: ``Nguyễn Thái Bình``, ``ông Hà Nam``, ``Thái Bình Dương`` are
  no places. ``Hồ Chí Minh`` needs its unit word (``tư tưởng Hồ Chí Minh``);
* ``places.date_line`` -- the place of a date line at any level (``Phong Điền, ngày ...``);
* ``orgs.body``        -- a body from ``data/bodies.tsv`` (full name or abbreviation), with the
  sub-bodies written before it (``Văn phòng``, ``Ban Thường vụ``, ``Thường trực``, ``Ủy ban``) and
  the locality after it (``UBND tỉnh``, ``UBND tỉnh Hậu Giang``, ``Tỉnh ủy Hậu Giang``,
  ``Huyện ủy Châu Thành A``); a header in capitals may break the line between body and locality
  or inside the body (``ỦY BAN NHÂN DÂN\\nTỈNH HẬU GIANG``: one span);
* ``orgs.open``        -- a head word and a proper name whose end the words decide
  (``Cục Văn thư và Lưu trữ nhà nước``, ``Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Hậu
  Giang``): the name stops at punctuation, a verb or function word (``data/body_words.tsv``), or
  takes a locality and stops;
* ``orgs.signer``      -- a sub-body alone after ``TM.``/``T/M`` in a signer block (``T/M BAN
  THƯỜNG VỤ``);
* ``orgs.anaphor``     -- ``Sở`` alone (``gửi về Sở trước ngày ...``): the issuing department.

Not organisations: generic plurals and categories (``các Sở``, ``UBND các cấp``), ``Đảng`` and
``Nhân dân`` (never in the table), ``Thủ tướng Chính phủ`` (a title: its organisation is
``Chính phủ``). Nothing is taken from chrome (which includes the national title lines), from a
document number (``04/KH-UBND``) or from a quoted campaign name (``phong trào “...”``).

Overlap: within organisations, and within locations, the longest span wins (``Văn phòng UBND
tỉnh`` is one organisation, not also ``UBND tỉnh``). Locations nest inside organisations.

Speed: a handful of compiled patterns (built once) run over the lower-case ASCII view; Python
only looks at their matches. The big word-trie alternations are compiled with the standard
``re`` module: on them it is about 30 times faster than ``regex`` (0.03 s against 0.86 s for the
body pattern over 0.7 MB), and they use no ``regex``-only syntax.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from vngov import gazetteer, tables
from vngov.gazetteer import Unit
from vngov.model import Location, Organization
from vngov.rules.engine import Candidate, Context, select, trie_pattern
from vngov.text.memo import text_cache
from vngov.text.normalize import fold_tones, to_ascii

# ------------------------------------------------------------------------------------------
# Patterns


def _alternation_trie(keys: Iterable[str], sep: str, capital_first: bool = False) -> str:
    """A regex for a set of token keys (``"uy ban nhan dan"``), built as a trie so the engine
    does not try every alternative at every position; continuations are greedy, so the longest
    key is tried first."""
    trie: dict = {}
    for k in keys:
        node = trie
        for tok in k.split(" "):
            node = node.setdefault(tok, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        end = "" in node
        for tok in sorted((t for t in node if t), key=lambda t: (-len(t), t)):
            child = node[tok]
            rest = emit(child)
            alts.append(re.escape(tok) + rest)
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        # Two words are separated by spaces, a hyphen or a comma (or a line break in a header
        # written in capitals, checked later); "&" needs no space: KH&CN.
        return f"(?:{sep}{body})?" if end else f"{sep}{body}"

    tops = sorted((t for t in trie if t), key=lambda t: (-len(t), t))
    if capital_first:
        # Read on the ASCII view with case kept: the first letter is a capital (a name, a
        # body), the rest in any case. A literal capital first lets the engine skip the many
        # positions that hold lower-case letters: three times faster than reading the
        # lower-case view. Alternatives are grouped by that capital (in their order): at a
        # capital the engine tries one group, not every alternative (a sixth faster); only
        # alternatives with the same capital can match at one position, so the match is the
        # same.
        groups: dict[str, list[str]] = {}
        for tok in tops:
            groups.setdefault(tok[0].upper(), []).append(
                f"(?i:{re.escape(tok[1:])}{emit(trie[tok])})")
        return "(?:" + "|".join(f"{re.escape(c)}(?:{'|'.join(g)})" for c, g in groups.items()) + ")"
    return "(?:" + "|".join(re.escape(tok) + emit(trie[tok]) for tok in tops) + ")"


_SEP = r"(?:[ ]*[,\-][ ]*|[ ]*\n[ ]*|[ ]*&[ ]*|[ ]+)"
_WORD = re.compile(r"[a-z0-9]+|&")


def _form_key(form: str) -> str:
    """Lookup key of a body form: ``Sở KH&CN`` → ``so kh & cn``."""
    return " ".join(_WORD.findall(to_ascii(unicodedata.normalize("NFC", form)).lower()))


@dataclass(frozen=True)
class _Form:
    entry: tables.BodyEntry
    form: str
    abbreviation: bool  # written with a token in capitals (UBND, KH&CN, MTTQ)
    # Its words as _case_fits compares them, read once when the table loads: (word, "&"?,
    # two capitals or more?, capitalised?, tone-folded lower case).
    words: tuple[tuple[str, bool, bool, bool, str], ...] = ()


def _form_words(form: str) -> tuple[tuple[str, bool, bool, bool, str], ...]:
    return tuple((r, r == "&", sum(c.isupper() for c in r) >= 2, r[:1].isupper(),
                  fold_tones(r).lower())
                 for r in _WORD_NFC.findall(unicodedata.normalize("NFC", form)))


@dataclass
class _Orgs:
    pattern: re.Pattern[str]
    forms: dict[str, list[_Form]]
    stops: tuple[str, ...]  # name_stop words, NFC lower
    abbr: dict[str, str]
    # A body written as one of the table's forms, in a text with diacritics: its ASCII view
    # and what _read_written says, worked out when the table loads (most bodies are written
    # so; the rest are cached).
    exact: dict[str, tuple[str, _Written | None]]


def _is_abbreviation(form: str) -> bool:
    return any(sum(c.isupper() for c in tok) >= 2 for tok in form.split())


@cache
def _orgs() -> _Orgs:
    forms: dict[str, list[_Form]] = {}
    for e in tables.body_entries():
        if e.scope == "none":
            continue
        for f in e.forms:
            k = _form_key(f)
            forms.setdefault(k, []).append(_Form(e, f, _is_abbreviation(f), _form_words(f)))
    body = _alternation_trie(forms, _SEP, capital_first=True)
    # On the ASCII view; the left edge (not inside a word) is checked by the caller. re.ASCII:
    # there (?i) folds the same letters, with a cheaper test per letter than Unicode folding
    # (with the bare names' pattern: 2% fewer instructions in find).
    pattern = re.compile(rf"{body}(?![A-Za-z0-9&])", re.ASCII)
    words = tables.body_words()
    stops = tuple(sorted((fold_tones(w).lower() for w, _ in words["name_stop"]),
                         key=len, reverse=True))
    abbr = {w: x for w, x in words.get("word_abbr", [])}
    exact = {}
    for k, fs in forms.items():
        for f in fs:
            written = unicodedata.normalize("NFC", f.form)
            if written not in exact and " ".join(_WORD.findall(to_ascii(written).lower())) == k:
                exact[written] = (to_ascii(written), _read_form(fs, written, True))
    return _Orgs(pattern, forms, stops, abbr, exact)


@dataclass
class _Places:
    unit_re: re.Pattern[str]
    units: dict[str, tables.PlaceUnitWord]  # ascii lower written -> unit word
    bare_re: re.Pattern[str]
    bare: dict[str, list[Unit]]  # key -> units (provinces, aliases, country)
    middle: frozenset[str]
    honorific: frozenset[str]
    # A bare name written as one of their spellings, in a text with diacritics: what
    # _bare_units says, worked out when the tables load.
    bare_exact: dict[str, tuple[tuple[Unit, ...], str]]


@cache
def _places() -> _Places:
    words = tables.place_unit_words()
    units = {to_ascii(w.written).lower(): w for w in words}
    # A unit word in any case, then the proper name: capitalised or a number (quận 1, checked by
    # the caller on the ASCII view); "TP.HCM" needs no space after the dot. Runs on the
    # lower-cased view with a trie-factored alternation: (?i) over a flat one scanned 8x slower.
    # The left edge (no letter, digit or dot before) is checked by the caller: a look-behind
    # first in the pattern keeps re from skipping ahead to the letters unit words start with
    # (twice slower).
    unit_alts = trie_pattern(units, space="[ ]")
    unit_re = re.compile(rf"(?P<u>{unit_alts})(?:[ ]+|(?<=\.))")
    guard = tables.name_guard()
    required = {gazetteer.key(w) for w in guard.get("unit_required", ())}
    bare: dict[str, list[Unit]] = {}
    for u in gazetteer.units("province") + gazetteer.units("country"):
        k = gazetteer.key(u.spelling)
        if k not in required:
            bare.setdefault(k, []).append(u)
    body = _alternation_trie(bare, r"(?:[ ]*-[ ]*|[ ]+)", capital_first=True)
    # On the ASCII view (re.ASCII: as the body pattern); left edge by caller.
    bare_re = re.compile(rf"{body}(?![A-Za-z0-9])", re.ASCII)
    bare_exact = {u.spelling: _bare_fit(found, u.spelling, True)
                  for found in bare.values() for u in found}
    return _Places(unit_re, units, bare_re, bare, guard.get("middle", frozenset()),
                   frozenset(w.lower() for w in guard.get("honorific", ())), bare_exact)


@cache
def _word_set(kind: str) -> frozenset[str]:
    return frozenset(fold_tones(w).lower() for w, _ in tables.body_words().get(kind, []))


@cache
def _word_tuple(kind: str) -> tuple[str, ...]:
    """:func:`_word_set` as a tuple, for one ``str.endswith`` call instead of a loop."""
    return tuple(sorted(_word_set(kind)))


_QUOTED = re.compile(r'"[^"\n]{1,400}"(?:[ ]*(?:,|;|va)[ ]*"[^"\n]{1,400}")*')


@cache
def _campaign_kind_before() -> re.Pattern[str]:
    """A campaign kind word shortly before a quoted name: its bodies and places are part of the
    name (``cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”``). Kind words from
    ``data/campaign_kinds.tsv`` (the campaigns rules' table)."""
    kinds = [to_ascii(r[1]).lower() for r in tables.read_tsv("campaign_kinds.tsv")
             if r[0] == "kind"]
    alts = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    return re.compile(rf'\b(?:{alts})\b[^"\n]{{0,60}}$')


def _campaign_names(la: str) -> list[tuple[int, int]]:
    """Spans of quoted campaign names (quotes first: they are few, kind words are many)."""
    out = []
    kind = _campaign_kind_before()
    for m in _QUOTED.finditer(la):
        if kind.search(la, max(0, m.start() - 80), m.start()):
            out.append(m.span())
    return out


# The Party's header line stands where the national title stands (Hướng dẫn 36-HD/VPTW):
# "ĐẢNG CỘNG SẢN VIỆT NAM" names no place.
_PARTY_TITLE = re.compile(r"DANG CONG SAN VIET NAM")

# ------------------------------------------------------------------------------------------
# Shared helpers


@dataclass
class PlaceCandidate(Candidate):
    """A location candidate that keeps the gazetteer rows it may be (resolved by date later)."""

    units: tuple[Unit, ...] = ()
    with_unit_word: bool = False
    unit_canonical: str = ""
    display: str = ""  # _display(units)
    # The Location's fields until it is built (by _locations, for the candidates kept only).
    rule: str = ""
    name: str = ""
    level: str = ""


@dataclass
class _Doc:
    """Per-document state of this module."""

    ctx: Context
    la: str  # lower-case ASCII view
    marked: bool  # does the text carry diacritics at all?
    blocked: list[tuple[int, int]] = field(default_factory=list)  # quoted campaign names, sorted
    places: dict[int, PlaceCandidate] = field(default_factory=dict)  # by start, longest


def _blocked(doc: _Doc, s: int, e: int) -> bool:
    if doc.ctx.claimed(s, e):  # chrome (national title lines too) and document numbers
        return True
    if not doc.blocked:
        return False
    i = bisect.bisect_right(doc.blocked, (s, len(doc.la) + 1))
    return i > 0 and doc.blocked[i - 1][0] <= s and e <= doc.blocked[i - 1][1]


def _plain(text: str) -> bool:
    return text.isascii()


def _caps(text: str) -> bool:
    """Written in capitals (a header): letters present and none lower case."""
    return text.upper() == text and text.lower() != text


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _title_word(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


# ------------------------------------------------------------------------------------------
# Places


_MAX_NAME_TOKENS = 6


def _name_tokens() -> re.Pattern[str]:
    """Up to ``_MAX_NAME_TOKENS`` words separated by spaces, a hyphen or an apostrophe, one
    group each: one match instead of one per word (each later word is optional, so the words
    found are those a word-by-word scan finds)."""
    sep = r"(?:[ ]+|[ ]*-[ ]*|')?"
    more = ""
    for _ in range(_MAX_NAME_TOKENS - 1):
        more = rf"(?:{sep}([A-Za-z0-9]+){more})?"
    return re.compile(r"([A-Za-z0-9]+)" + more)


_NAME_TOKENS = _name_tokens()
# What separates the words of a name as written: the separators above are ASCII, which the
# ASCII view keeps as they are, and no letter of a word is one of them.
_NAME_SEP = re.compile(r"[ '\-]+")


_Words = tuple[tuple[str, bool, str], ...]  # a spelling's words as _fits compares them
_Fit = tuple[tuple[Unit, ...], str]  # the units a name as written fits, and their _display


@dataclass
class _Named:
    """The units of one level that one key names."""

    units: tuple[Unit, ...]  # gazetteer.index(level)[key]
    spellings: tuple[str, ...]  # theirs, each once (one for most keys)
    # A name written as one of the spellings, in a text with diacritics: what _fitting says,
    # worked out when the tables load (most names are written so).
    exact: dict[str, _Fit]


@dataclass
class _Level:
    """One level of the gazetteer as the name lookups read it, derived once from its table
    (per level: a document naming no commune never builds the 13,000 commune rows' entry)."""

    index: dict[str, _Named]  # key -> units
    stems: frozenset[str]  # every key, and its first words (``ba ria vung``)
    # spelling -> its words: (word, capitalised?, tone-folded lower case)
    words: dict[str, _Words]


@cache
def _level(level: str) -> _Level:
    by_key = gazetteer.index(level)
    words: dict[str, _Words] = {}
    for found in by_key.values():
        for u in found:
            sp = u.spelling
            if sp not in words:  # a commune spelling serves several rows
                # fold_tones keeps the length and only moves marks within a word: folded once
                folded = fold_tones(sp)
                words[sp] = tuple((sp[s:e], _title_word(sp[s:e]), folded[s:e].lower())
                                  for s, e in gazetteer.tokens(sp))
    index = {k: _Named(v, tuple(dict.fromkeys(u.spelling for u in v)), {})
             for k, v in by_key.items()}
    stems: set[str] = set()
    for k in by_key:
        toks = k.split(" ")
        stems.update(" ".join(toks[:n]) for n in range(1, len(toks) + 1))
    for named in index.values():
        for sp in named.spellings:
            named.exact[sp] = _fit(named, sp, "", True, words)
    return _Level(index, frozenset(stems), words)


@dataclass
class _Levels:
    """The levels one lookup reads (``("province", "district")`` after "thành phố"), merged:
    one set test per word and one index lookup per key instead of one per level."""

    stems: frozenset[str]  # every level's stems
    index: dict[str, tuple[tuple[str, _Named], ...]]  # key -> (level, its units), in order


@cache
def _levels(levels: tuple[str, ...]) -> _Levels:
    """The merged table of ``levels``, built on first need from the levels' own tables (so
    only the levels asked about are built)."""
    tables_ = [_level(level) for level in levels]
    if len(tables_) == 1:
        t = tables_[0]
        return _Levels(t.stems, {k: ((levels[0], named),) for k, named in t.index.items()})
    index: dict[str, list[tuple[str, _Named]]] = {}
    for level, t in zip(levels, tables_, strict=True):
        for k, named in t.index.items():
            index.setdefault(k, []).append((level, named))
    return _Levels(frozenset().union(*(t.stems for t in tables_)),
                   {k: tuple(v) for k, v in index.items()})


def _name_at(doc: _Doc, pos: int, levels: tuple[str, ...], unit: str = ""
             ) -> tuple[int, tuple[Unit, ...], str, str] | None:
    """The longest whole gazetteer name of one of ``levels`` starting at ``pos``:
    (end, units, level, display: :func:`_display` of the units). Case and diacritics as written
    must fit the gazetteer's. ``unit`` (a unit word naming two levels, "thành phố") keeps the
    units that are called so: ``thành phố Thanh Hóa`` is the city, not the province (a tỉnh)."""
    m = _NAME_TOKENS.match(doc.ctx.ascii, pos)
    if not m:
        return None
    nfc = doc.ctx.nfc
    if not _title_word(nfc[pos]):
        return None
    # Keys of the first 1, 2, ... words while they begin some gazetteer key (few names have
    # more than two words; the pattern reads up to six), then the longest whole name first.
    # A name written as the gazetteer spells it is answered from the table; other writings
    # (capitals, plain text) are cached on the name as written, which recurs across documents
    # (a cache on the six words read, as before, hit a fifth of the time).
    la = doc.la
    merged = _levels(levels)
    stems = merged.stems
    keys: list[tuple[str, int]] = []
    k = ""
    for s, e in m.regs[1:]:
        if s < 0:
            break
        k = f"{k} {la[s:e]}" if k else la[s:e]
        if k not in stems:  # no longer key of these levels starts so
            break
        keys.append((k, e))
    exact = doc.marked and not unit
    index = merged.index
    for k, e in reversed(keys):
        found = index.get(k)
        if found is not None:
            written = nfc[pos:e]
            for level, named in found:
                hit = named.exact.get(written) if exact else None
                ok, display = _fitting(written, k, level, unit, doc.marked) if hit is None else hit
                if ok:
                    return e, ok, level, display
    return None


@text_cache(maxsize=1 << 12)
def _fitting(written: str, k: str, level: str, unit: str, marked: bool) -> _Fit:
    """:func:`_fit` of the units of ``level`` with key ``k``."""
    table = _level(level)
    return _fit(table.index[k], written, unit, marked, table.words)


def _fit(named: _Named, written: str, unit: str, marked: bool, words: dict[str, _Words]
         ) -> _Fit:
    """The units of ``named`` that a name as ``written`` (NFC) fits and are called ``unit``
    (if given), and their :func:`_display`. ``words``: :attr:`_Gazetteer.words`."""
    units, spellings = named.units, named.spellings
    parts = _NAME_SEP.split(written)
    # The fit depends on the spelling alone: tested once per spelling, not per unit (a commune
    # name is shared by up to 62 rows).
    if len(spellings) == 1:
        ok = units if _fits(parts, words[spellings[0]], marked) else ()
    else:
        fit = {sp for sp in spellings if _fits(parts, words[sp], marked)}
        ok = units if len(fit) == len(spellings) else tuple(u for u in units if u.spelling in fit)
    if unit and ok:
        ok = tuple(u for u in ok if u.unit_word == unit)
    return ok, _display(ok) if ok else ""


def _fits(written: Sequence[str], ref: _Words, marked: bool) -> bool:
    """Case (capitalised where the gazetteer is) and diacritics of the name as written (its
    words) fit a unit spelt as ``ref`` says. In a text without any diacritics the ASCII
    letters decide; in a text with them, a word written plain must be plain in the gazetteer
    too (``Phong`` is not ``Phòng``)."""
    if len(ref) != len(written):
        return False
    for w, (r, title, folded) in zip(written, ref, strict=True):
        if w == r:
            continue  # most names are written as the gazetteer spells them
        if title and not _title_word(w):
            return False
        if (marked or not _plain(w)) and fold_tones(w).lower() != folded:
            return False
    return True


def _unit_word_ok(doc: _Doc, s: int, e: int, name_end: int) -> tuple[bool, tables.PlaceUnitWord]:
    """The unit word as written is the real word (``xã``, not ``xa`` "far"), or the phrase is
    typed without diacritics: with a name after it, the name is plain too; alone, the whole
    document is plain. ``cơ quan`` is never ``quận``."""
    w = _places().units[doc.la[s:e]]
    written = doc.ctx.nfc[s:e]
    if w.canonical == "quận" and doc.la.endswith("co ", 0, s):
        return False, w
    if _plain(w.written):
        return True, w  # an abbreviation (TP., TX.) has no diacritics to check
    if _plain(written):
        if name_end > e:
            return _plain(doc.ctx.nfc[s:name_end]), w
        return not doc.marked, w
    return _same_word(written, w.written), w


@text_cache(maxsize=1 << 10)
def _same_word(written: str, word: str) -> bool:
    """``written`` is ``word`` (tone placement and case aside); cached: unit words are few."""
    return fold_tones(written).lower() == fold_tones(word).lower()


def _place(s: int, e: int, units: Sequence[Unit], level: str, rule: str, name: str,
           display: str, unit_word: bool = False, unit_canonical: str = "") -> PlaceCandidate:
    """A place candidate; its Location is built by :func:`_locations` if it is kept (a third
    of the candidates are not)."""
    return PlaceCandidate(s, e, 0, None, tuple(units), unit_word, unit_canonical, display,
                          "atoms:" + rule, name, level)


def _locations(ctx: Context, places: list[PlaceCandidate]) -> None:
    """Build the Location of each place kept."""
    nt = ctx.nt
    original = nt.original
    if nt.starts is None:  # views aligned with the input (most texts): no mapping call
        for c in places:
            s, e = c.start, c.end
            c.value = Location(original[s:e], s, e, c.rule, c.name, c.level)
        return
    for c in places:
        s0, e0 = nt.to_original(c.start, c.end)
        c.value = Location(original[s0:e0], s0, e0, c.rule, c.name, c.level)


def _shown(doc: _Doc, s: int, e: int, shown: str) -> str:
    """``name`` of a location: the gazetteer's spelling (``TỈNH HẬU GIANG`` → ``Hậu Giang``),
    but a name typed without diacritics is kept as written (``Hau Giang``): restoring them
    would be a guess the text does not make. ``shown``: :func:`_display` of the units."""
    if doc.marked:
        return shown
    written = doc.ctx.nfc[s:e]
    if _plain(written) and gazetteer.key(written) == gazetteer.key(shown):
        return _collapse(written)  # not for an abbreviation: TP.HCM is "Hồ Chí Minh"
    return shown


def _display(units: Sequence[Unit]) -> str:
    """The gazetteer's spelling; the newest era's when spellings differ."""
    if len(units) == 1:  # most names: what pick() returns for one row, without its max()
        return units[0].name
    best = gazetteer.pick(units, None)
    return best.name if best else ""


_WORD_OR_DOT = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.")


def _unit_places(doc: _Doc) -> list[PlaceCandidate]:
    out: list[PlaceCandidate] = []
    res = _places()
    a, la, finditer = doc.ctx.ascii, doc.la, res.unit_re.finditer
    n = len(a)
    # finditer's matches, except that a match inside a word (left edge) sends the scan on
    # from the next position, not from its end: one finditer per such match instead of one
    # search() call per match (two thirds of the matches are no place: a lower-case word
    # follows, "cơ quan có ..."). A quarter faster over this loop.
    start: int | None = 0
    while start is not None:
        restart = None
        for m in finditer(la, start):
            ms = m.start()
            if ms > 0 and la[ms - 1] in _WORD_OR_DOT:
                restart = ms + 1
                break
            pos = m.end()
            if pos >= n or not (a[pos].isupper() or a[pos].isdigit()):
                continue
            s, ue = m.span("u")
            w = res.units[la[s:ue]]
            if w.canonical == "xã" and la.startswith("hoi", pos):
                continue  # "xã hội" (society), "BẢO HIỂM XÃ HỘI": no commune
            hit = _name_at(doc, pos, w.levels, unit=w.canonical if len(w.levels) > 1 else "")
            if hit is None:
                continue
            end, units, level, display = hit
            era = _era_marked(doc, end, units)
            if era is not units:
                units, display = era, _display(era)
            ok, _ = _unit_word_ok(doc, s, ue, end)
            if not ok or _blocked(doc, s, end):
                continue
            name = _shown(doc, pos, end, display)
            out.append(_place(s, end, units, level, "places.unit", name, display, True,
                              _unit_text(doc, s, ue, w)))
            if la.endswith("cac ", 0, s) or la.endswith("nhung ", 0, s):
                out.extend(_list_places(doc, end, level))
        start = restart
    return out


_ERA = re.compile(r"[ ]*\((?P<b>[^\W\d_]+)\)|[ ]+(?P<w>[^\W\d_]+)(?=[ ]+được\b|[ ]*[,.;:)\n])")


def _era_marked(doc: _Doc, end: int, units: Sequence[Unit]) -> Sequence[Unit]:
    """``tỉnh Hậu Giang (cũ)``: the unit as it was before the 2025 reform; ``thành phố Cần Thơ
    mới``/``(mới)``: the one after. Other text leaves both eras."""
    m = _ERA.match(doc.ctx.nfc, end)
    if not m:
        return units
    word = (m.group("b") or m.group("w")).lower()
    if word in _word_set("era_old"):
        keep = [u for u in units
                if u.valid_until is not None and u.valid_until < gazetteer.REFORM_DAY]
    elif word in _word_set("era_new"):
        keep = [u for u in units if u.valid_until is None]
    else:
        return units
    return keep or units


def _unit_text(doc: _Doc, s: int, e: int, w: tables.PlaceUnitWord) -> str:
    """A unit word for a canonical name: the table's spelling, unless it is written with
    diacritics in normal case (``UBND Thành phố``: Hà Nội's documents capitalise it)."""
    return _unit_spelling(doc.ctx.nfc[s:e], w.canonical)


@text_cache(maxsize=1 << 10)
def _unit_spelling(written: str, canonical: str) -> str:
    """:func:`_unit_text` of a unit word as ``written`` (cached: unit words are few)."""
    if _plain(written) or _caps(written) or written.lower() == written:
        return canonical
    return written


_LIST_SEP = re.compile(r"[ ]*,[ ]*|[ ]+(?:va|hoac)[ ]+|[ ]*,[ ]*(?:va|hoac)[ ]+")


def _list_places(doc: _Doc, pos: int, level: str) -> list[PlaceCandidate]:
    """``các huyện Châu Thành A, Phụng Hiệp và thành phố Vị Thanh``: bare names that continue
    a plural unit word are units of its level."""
    out: list[PlaceCandidate] = []
    while True:
        m = _LIST_SEP.match(doc.la, pos)
        if not m:
            return out
        hit = _name_at(doc, m.end(), (level,))
        if hit is None:
            return out
        end, units, _, display = hit
        if not _blocked(doc, m.end(), end):
            out.append(_place(m.end(), end, units, level, "places.list",
                              _shown(doc, m.end(), end, display), display))
        pos = end


def _prev_word(text: str, pos: int) -> str:
    """The word right before ``pos`` on the same line, separated by spaces only."""
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    if i == pos:
        return ""
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i]


# "\s" is what str.isspace says, for every character.
_NEXT_WORD = re.compile(r"[ ]+([^\s,.;:()\"']*)")


def _next_word(text: str, pos: int) -> str:
    """The word right after ``pos`` on the same line, after spaces only, up to punctuation."""
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _person_around(doc: _Doc, s: int, e: int) -> bool:
    """A bare province name that is part of a person's name (``Nguyễn Thái Bình``, ``ông Hà
    Nam``) or of a longer proper name (``Thái Bình Dương``)."""
    nfc = doc.ctx.nfc
    before = _prev_word(nfc, s).strip("(")
    if before:
        verdict = _name_word_before(before)
        if verdict is not None:
            return verdict
    # Cheap test first: a capitalised word after needs a space right after, then another space
    # or a capital.
    c = nfc[e + 1:e + 2]
    if nfc[e:e + 1] != " " or not (c == " " or c.isupper()):
        return False
    after = _next_word(nfc, e)
    # A following capitalised word (not a header in capitals) continues the proper name,
    # unless it is a unit word (Ủy ban MTTQ Việt Nam Thành phố).
    if not after or not after[0].isupper() or not any(c.islower() for c in after):
        return False
    if _caps(nfc[s:e]):
        return False
    return _unit_word_at(doc, _skip_spaces(doc.la, e)) is None


@text_cache(maxsize=1 << 12)
def _name_word_before(before: str) -> bool | None:
    """What the word before a bare province says (cached: words recur): True, part of a
    person's name (an honorific, a surname, a middle name); False, no person's name ("đồng");
    None, nothing."""
    res = _places()
    if before.lower() in res.honorific or before.lower().rstrip(".") in res.honorific:
        return True
    title = before[:1] + before[1:].lower()
    if title in tables.surnames() or title in res.middle:
        return True
    if to_ascii(before).lower() == "dong" and before.lower() == "đồng":
        return False
    return None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _bare_places(doc: _Doc, units: list[PlaceCandidate] | None = None
                 ) -> tuple[list[PlaceCandidate], list[PlaceCandidate]]:
    """Bare names, and the unit places (of ``units``) whose names were left unread.

    A bare name that ends a unit place (``tỉnh Hậu Giang``: a third of the bare names) is not
    read when that place is given: if select() keeps the place, the name cannot be kept (the
    place is longer, or as long and listed before it), and leaving a candidate out changes
    nothing else when it is not kept (select takes them longest first; only a kept one shuts
    others out). The caller reads the names again, without this shortcut, if select() does not
    keep one of the places returned. The scan goes on as when the name is read: only a name
    with no other match starting inside it is left out (then the next search, from the name's
    end or from its second character, finds the same match)."""
    out: list[PlaceCandidate] = []
    containers: list[PlaceCandidate] = []
    ends = {u.end: u for u in units if u.with_unit_word} if units else {}
    res = _places()
    nfc, a, la = doc.ctx.nfc, doc.ctx.ascii, doc.la
    search = res.bare_re.search
    m = search(a, 0)
    while m is not None:
        s, e = m.span()
        if s > 0 and la[s - 1].isalnum():
            m = search(a, s + 1)
            continue
        place = ends.get(e)
        if place is not None and place.start <= s:
            nxt = search(a, s + 1)
            if nxt is None or nxt.start() >= e:
                containers.append(place)
                m = nxt
                continue
        m = search(a, s + 1)
        written = nfc[s:e]
        hit = res.bare_exact.get(written) if doc.marked else None
        found, display = _bare_units(written, doc.marked) if hit is None else hit
        if not found or _blocked(doc, s, e) or _person_around(doc, s, e):
            continue
        if found[0].level == "country" and _PARTY_TITLE.search(a, max(0, s - 15), e):
            continue
        era = _era_marked(doc, e, found)
        if era is not found:
            found, display = era, _display(era)
        out.append(_place(s, e, found, found[0].level, "places.bare",
                          _shown(doc, s, e, display), display))
        if m is not None and m.start() < e:
            m = search(a, e)
    return out, containers


@text_cache(maxsize=1 << 12)
def _bare_units(written: str, marked: bool) -> tuple[tuple[Unit, ...], str]:
    """The provinces (or the country) a bare name as ``written`` (NFC) fits, and their
    :func:`_display` (cached: the same names recur in every document)."""
    return _bare_fit(_places().bare[gazetteer.key(written)], written, marked)


def _bare_fit(found: list[Unit], written: str, marked: bool) -> tuple[tuple[Unit, ...], str]:
    """:func:`_bare_units` of a name whose key has these units."""
    words = [written[a:b] for a, b in gazetteer.tokens(written)]
    units = tuple(u for u in found if _fits(words, _level(u.level).words[u.spelling], marked))
    return units, _display(units)


_DATE_LINE = re.compile(r"(?m)^[ \t]*(?P<p>[^\n,;:.]{2,50}?)[ \t]*,[ \t]*ngay\b")
_DATE_LINE_TAIL = re.compile(r",[ \t]*ngay\b")


def _date_lines(la: str) -> Iterator[re.Match[str]]:
    """``_DATE_LINE.finditer(la)``: a match never crosses a line and holds ", ngay", so only the
    lines that hold one are tried (testing ``^`` at every position of a long text was slow)."""
    last = -1
    for tail in _DATE_LINE_TAIL.finditer(la):
        line = la.rfind("\n", 0, tail.start()) + 1
        if line != last:
            last = line
            m = _DATE_LINE.match(la, line)
            if m:
                yield m


def _date_line_places(doc: _Doc) -> list[PlaceCandidate]:
    """``Phong Điền, ngày 14 tháng 6 năm 2018``: the place of a date line, at any level."""
    out: list[PlaceCandidate] = []
    for m in _date_lines(doc.la):
        s, e = m.span("p")
        hit = _name_at(doc, s, ("province", "district", "commune"))
        if hit is None or hit[0] != e or _blocked(doc, s, e):
            continue
        _, units, level, display = hit
        out.append(_place(s, e, units, level, "places.date_line", _shown(doc, s, e, display),
                          display))
    return out


# ------------------------------------------------------------------------------------------
# Organisations


@dataclass
class _Body:
    start: int
    end: int
    head: tables.BodyEntry
    parts: list[str]  # canonical text of each part: prefixes, the body, its name, localities
    prefixes: list[tables.BodyEntry]
    rule: str  # with its stage: "atoms:orgs.body"
    extra_places: list[PlaceCandidate] = field(default_factory=list)


def _case_fits(written_text: str, written: list[str], form: _Form, marked: bool) -> bool:
    """Each capitalised token of the form is capitalised as written, each token in capitals is
    in capitals; the first is always capitalised (``các sở`` is no body). ``written``: the
    tokens of ``written_text`` (``_WORD_NFC``). Not cached: the text and the form's words are
    read once each (a cache on the text and the form hit 1 time in 180 per pass)."""
    ref = form.words
    if len(written) != len(ref) or not written or not _title_word(written[0]):
        return False
    for w, (r, amp, abbr, title, folded) in zip(written, ref, strict=True):
        if amp:
            continue
        if abbr and not _caps(w):
            return False
        if title and not _title_word(w):
            return False
        if w != r and (marked or not _plain(w)) and fold_tones(w).lower() != folded:
            return False
    # A line break inside a body's name: a header in capitals (BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ
    # HỘI), or a wrapped line of running text inside a long name (Bộ Khoa học và\nCông nghệ).
    if "\n" in written_text and not _caps(written_text) and len(ref) < 3:
        return False
    return True


_WORD_NFC = re.compile(r"[^\W_]+|&")


@dataclass(frozen=True)
class _Written:
    """A written body form read once (cached: the same bodies recur in every document): the
    first prefix and head forms it fits, with their canonical pieces, and its case."""

    prefix: _Form | None
    head: _Form | None
    prefix_piece: str
    head_piece: str
    caps: bool


@text_cache(maxsize=1 << 14)
def _read_written(matched: str, written: str, marked: bool) -> _Written | None:
    """The forms of the body pattern's match ``matched`` (ASCII view) that the text as
    ``written`` (NFC) fits; None when none does."""
    # The key of the match: it is ASCII already, so _form_key's folding would change nothing.
    return _read_form(_orgs().forms.get(" ".join(_WORD.findall(matched.lower())), []),
                      written, marked)


def _read_form(candidates: list[_Form], written: str, marked: bool) -> _Written | None:
    """:func:`_read_written` of a match whose key has these ``candidates`` forms."""
    words = _WORD_NFC.findall(written)
    forms = [f for f in candidates if _case_fits(written, words, f, marked)]
    prefix = next((f for f in forms if f.entry.scope.startswith("prefix")), None)
    head = next((f for f in forms if not f.entry.scope.startswith("prefix")), None)
    if prefix is None and head is None:
        return None
    return _Written(prefix, head, "" if prefix is None else _piece(written, prefix),
                    "" if head is None else _piece(written, head), _caps(written))


def _form_at(doc: _Doc, pos: int, m: re.Match[str] | None = None
             ) -> tuple[int, _Written] | None:
    """A body form written at ``pos``: (end, what it is). ``m``: the body pattern's match at
    ``pos`` when the caller has it already (a search lands on it)."""
    if m is None:
        m = _orgs().pattern.match(doc.ctx.ascii, pos)
        if not m:
            return None
    end = m.end()
    written = doc.ctx.nfc[pos:end]
    if doc.marked:
        # A form as the table writes it: known from the table (its ASCII view checked, so the
        # answer is the one _read_written gives).
        hit = _orgs().exact.get(written)
        if hit is not None and doc.ctx.ascii.startswith(hit[0], pos):
            w = hit[1]
            return None if w is None else (end, w)
    w = _read_written(m.group(), written, doc.marked)
    return None if w is None else (end, w)


def _piece(written: str, f: _Form) -> str:
    """Canonical text of a written body: an abbreviation takes the table's name; capitals and
    text without diacritics take the spelling of the form they match; a full name in normal
    case is kept as written (``Ban Bí thư Trung ương Đảng``, ``Kiểm toán nhà nước``)."""
    if f.abbreviation or _alias(f):
        return f.entry.canonical
    if _caps(written) or _plain(written):
        return f.form  # the form's own spelling: BAN BÍ THƯ TRUNG ƯƠNG ĐẢNG, So Noi vu
    return _collapse(written)


def _alias(f: _Form) -> bool:
    """A form marked ``~`` in bodies.tsv is another name, not a spelling, of the body: "Sở Khoa
    học công nghệ" (portal usage) takes the canonical Sở Khoa học và Công nghệ."""
    return f.form in f.entry.aliases


_SPACES = re.compile(r"[ ]+")
_HEADER_BREAK = re.compile(r"[ ]*\n[ ]*")


def _gap(doc: _Doc, pos: int, caps: bool) -> int | None:
    """Position after the space between two parts (a line break only in a capitals header
    whose next line is in capitals too)."""
    la = doc.la
    if la.startswith(" ", pos):
        if not la.startswith(" ", pos + 1):
            return pos + 1  # most often one space: no regex call
        return _SPACES.match(la, pos).end()  # type: ignore[union-attr]
    if caps:
        m = _HEADER_BREAK.match(doc.la, pos)
        if m:
            eol = doc.la.find("\n", m.end())
            if _caps(doc.ctx.nfc[m.end():eol if eol >= 0 else len(doc.la)]):
                return m.end()
    return None


@cache
def _unit_alone_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(k) for k in sorted(_places().units, key=len, reverse=True))
    return re.compile(rf"(?P<u>{alts})(?![a-z0-9])")


@cache
def _unit_initials() -> frozenset[str]:
    """First letters of the unit words: most positions asked about start with none of them."""
    return frozenset(k[0] for k in _places().units)


def _unit_word_at(doc: _Doc, pos: int) -> tables.PlaceUnitWord | None:
    """A real unit word written at ``pos`` (``tỉnh``, ``TP.``), else None."""
    hit = _unit_word_end(doc, pos)
    return None if hit is None else hit[0]


def _unit_word_end(doc: _Doc, pos: int) -> tuple[tables.PlaceUnitWord, int] | None:
    """:func:`_unit_word_at` with the end of the unit word."""
    if doc.la[pos:pos + 1] not in _unit_initials():
        return None
    m = _unit_alone_re().match(doc.la, pos)
    if not m:
        return None
    end = m.end()
    ok, w = _unit_word_ok(doc, pos, end, end)
    if not ok:
        return None
    if w.canonical == "xã" and _next_word(doc.la, end) == "hoi":
        return None  # "xã hội": society
    return w, end


CATEGORY = (-1, "", [], False)  # a list of unit words after a body: a category, no body


def _qualifier(doc: _Doc, pos: int, caps: bool, head: tables.BodyEntry, first: bool
               ) -> tuple[int, str, list[PlaceCandidate], bool] | None:
    """The locality after a body: a place with unit word, a unit word alone (``UBND tỉnh``),
    or a bare province / country (``Tỉnh ủy Hậu Giang``), or, after a district's party
    committee, a bare district (``Huyện ủy Châu Thành A``). (end, canonical text, new places,
    named?)"""
    p = _gap(doc, pos, caps and first)
    if p is None:
        return None
    # A gap holds a line break only when it starts with one (else it is spaces alone).
    newline = doc.la.startswith("\n", pos)
    place = doc.places.get(p)
    if place is not None:
        if place.with_unit_word:
            return place.end, f"{place.unit_canonical} {place.display}", [], True
        if not newline:
            return place.end, place.display, [], True
    if newline:
        return None
    unit = _unit_word_end(doc, p)
    if unit is not None:
        w, end = unit
        m = _LIST_SEP.match(doc.la, end)
        if m and _unit_word_at(doc, m.end()) is not None:
            return CATEGORY  # "Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương"
        return end, _unit_text(doc, p, end, w), [], False
    if head.scope == "local:district":
        hit = _name_at(doc, p, ("district",))
        if hit is not None and not _blocked(doc, p, hit[0]):
            end, units, _, display = hit
            pc = _place(p, end, units, "district", "places.after_party_committee",
                        _shown(doc, p, end, display), display)
            return end, display, [pc], True
    return None


_OPEN_TOKEN = re.compile(r"[ ]+(?P<t>[^\s,;:.()\"'/]+)|(?P<c>,)(?=[ ]+(?:[A-Z]|chong\b))")
_MAX_OPEN = 14


def _stop_at(doc: _Doc, pos: int) -> bool:
    """A lower-case stop word (or phrase) is written at ``pos``."""
    nfc = doc.ctx.nfc
    if not nfc[pos:pos + 1].islower():
        return False
    # The ASCII view first (as in _generic): most words start with no stop word, and the
    # folded window of one that does is rarely seen before (a cache miss).
    if not doc.la.startswith(_stops_ascii(), pos):
        return False
    return _stops_re().match(fold_tones(nfc[pos:pos + 16]).lower()) is not None


@cache
def _stops_ascii() -> tuple[str, ...]:
    return tuple(to_ascii(w) for w in _orgs().stops)


@cache
def _stops_re() -> re.Pattern[str]:
    """A stop word not followed by a letter or digit (``[^\\W_]``: what ``str.isalnum`` says);
    one match instead of a loop over the words."""
    alts = "|".join(re.escape(w) for w in _orgs().stops)
    return re.compile(rf"(?:{alts})(?![^\W_])")


def _open_name(doc: _Doc, pos: int, caps: bool, need_capital: bool
               ) -> tuple[int, str] | None:
    """Words of an open name after its head: up to punctuation, a stop word, a following body,
    or a locality (left for the qualifier). (end, canonical text) or None."""
    nfc, la = doc.ctx.nfc, doc.la
    res = _orgs()
    p = last = pos
    n = 0
    while True:
        m = _OPEN_TOKEN.match(la, p)
        if not m:
            break
        if m.group("c"):
            # A comma inside a name before a capitalised word (Phòng Bưu chính, Viễn thông) or in
            # "phòng, chống"; not before a body, a unit or a stop word, nor before lower-case
            # words in general ("Phòng Nghiệp vụ Y, điện thoại ...").
            nxt = _SPACES.match(la, m.end("c"))
            q = nxt.end() if nxt else m.end("c")
            if n == 0 or _stop_at(doc, q) or _unit_word_at(doc, q) is not None or \
                    _form_at(doc, q) is not None:
                break
            p = m.end("c")
            continue
        ts, te = m.span("t")
        word = nfc[ts:te]
        if n == 0 and need_capital and not _title_word(word):
            return None
        if word == "-":
            # "Vụ Tổ chức - Biên chế": a hyphen between capitalised words inside the name;
            # not before another body ("Cục Kiểm tra văn bản QPPL - Bộ Tư pháp").
            nxt = _OPEN_TOKEN.match(la, te)
            if n == 0 or not nxt or not nxt.group("t") or \
                    not _title_word(nfc[nxt.start("t"):nxt.end("t")]) or \
                    _form_at(doc, nxt.start("t")) is not None:
                break
            p = te
            continue
        if _stop_at(doc, ts) or _unit_word_at(doc, ts) is not None:
            break
        if n > 0 and _title_word(word) and _form_at(doc, ts) is not None:
            break  # the next body begins (Cục ... Bộ Tư pháp)
        n += 1
        if n > _MAX_OPEN:
            return None  # no natural end in sight: not a name we can delimit
        last = p = te
    if last == pos:
        return None
    words = []
    for w in nfc[pos:last].split():
        bare = w.rstrip(",")
        if bare in res.abbr:
            w = res.abbr[bare] + w[len(bare):]
        elif caps and not any(ch.isdigit() for ch in w):
            w = w.lower()
        words.append(w)
    return last, " ".join(words)


def _body_at(doc: _Doc, pos: int, m: re.Match[str] | None = None) -> _Body | None:
    """Parse prefixes, a body, an open name and localities from ``pos`` (``m``: the body
    pattern's match there, if the caller has it)."""
    hit = _form_at(doc, pos, m)
    if hit is None:
        return None
    end, written = hit
    caps = written.caps
    prefix = written.prefix
    if prefix is not None:
        dot = end if prefix.abbreviation and doc.la.startswith(".", end) else None
        p = _gap(doc, end + 1 if dot else end, False)  # "TT. HĐND tỉnh"
        if p is not None and not (pos > 0 and _title_before(doc, pos)):
            inner = _body_at(doc, p)
            if inner is not None:
                inner.parts.insert(0, written.prefix_piece)
                inner.prefixes.insert(0, prefix.entry)
                inner.start = pos
                return inner
        if written.head is None and _signer_before(doc, pos):
            return _Body(pos, end, prefix.entry, [written.prefix_piece], [],
                         "atoms:orgs.signer")
    if written.head is None:
        return None
    head = written.head.entry
    body = _Body(pos, end, head, [written.head_piece], [], "atoms:orgs.body")
    if head.scope.startswith("open"):
        line_start = doc.la.rfind("\n", 0, pos) + 1
        if caps and doc.ctx.nfc[line_start:pos].strip():
            return None  # DỊCH VỤ LƯU TRỮ: "VỤ" ends a word in capitals, it heads nothing
        named = _open_name(doc, end, caps, need_capital=head.scope == "open")
        if named is None and head.scope == "open":
            return None
        if named is not None:
            body.end, text = named
            body.parts.append(text)
            body.rule = "atoms:orgs.open"
    # Localities: one after a line break in a capitals header, further ones on the same line.
    first = True
    while True:
        q = _qualifier(doc, body.end, caps, head, first)
        if q is CATEGORY:
            return None
        if q is None:
            break
        qend, text, extra, named = q
        body.parts.append(text)
        body.extra_places.extend(extra)
        body.end = qend
        if not named:
            break  # a unit word alone ends the locality
        first = False
    if head.scope == "local!" and len(body.parts) == 1:
        return None
    return body


def _title_before(doc: _Doc, pos: int) -> bool:
    """``Phó Chủ tịch Thường trực UBND tỉnh``: "Thường trực" belongs to the title."""
    w = max(0, pos - 20)
    # The ASCII view first, as in _generic: a cheap test that the full one implies.
    if not doc.la[w:pos].rstrip().endswith(_ascii_tuple("title_before")):
        return False
    before = fold_tones(doc.ctx.nfc[w:pos]).lower().rstrip()
    return before.endswith(_word_tuple("title_before"))


@cache
def _ascii_tuple(kind: str) -> tuple[str, ...]:
    """:func:`_word_tuple` in ASCII."""
    return tuple(to_ascii(w) for w in _word_tuple(kind))


def _signer_before(doc: _Doc, pos: int) -> bool:
    line = doc.ctx.nfc[doc.la.rfind("\n", 0, pos) + 1:pos].strip().lower()
    return line in _word_set("signer_marker")


def _generic(doc: _Doc, s: int, e: int) -> bool:
    """``các Sở``, ``UBND các cấp``, ``Phòng Y tế các quận, huyện``, ``Tỉnh ủy viên``; and a
    body inside a law's name (``Luật Tổ chức Chính phủ``)."""
    nfc, la = doc.ctx.nfc, doc.la
    law, law_ascii, before, before_ends, after_starts = _generic_words()
    # Cheap tests on single characters and the ASCII view (same indices; diacritics, tone
    # placement and case dropped) first: they rule out most bodies, and each is implied by the
    # full test after it. The text ends with a law word only if its ASCII view ends with that
    # word's ASCII.
    w = s - 14 if s > 14 else 0
    if la[w:s].rstrip().endswith(law_ascii) and \
            fold_tones(nfc[w:s]).lower().rstrip().endswith(law):
        return True
    # A word before needs a space right before ("" is none of the words), and the character
    # before that space (or another space) to end one of them.
    if nfc[s - 1:s] == " " and la[s - 2:s - 1] in before_ends and \
            _prev_word(nfc, s).lower() in before:
        return True
    # A word after needs a space right after, then another space or a lower-case letter that
    # starts one of the words (in ASCII).
    c = nfc[e + 1:e + 2]
    if nfc[e:e + 1] != " " or not (c == " " or (c.islower() and la[e + 1] in after_starts)):
        return False
    after = _next_word(nfc, e)
    return bool(after) and after[0].islower() and _generic_after(after)


@text_cache(maxsize=1 << 12)
def _generic_after(word: str) -> bool:
    """A word after a body that makes it a category or a title (``các``, ``cấp``, ``viên``)."""
    return fold_tones(word).lower() in _after_words()


@cache
def _after_words() -> frozenset[str]:
    return _word_set("generic_after") | _word_set("not_after")


@cache
def _generic_words() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str],
                              frozenset[str], frozenset[str]]:
    """The words :func:`_generic` reads, fetched once (it runs for every body found): law
    names, and in ASCII; the words before, and the last letters of their ASCII plus a space;
    the first letters of the ASCII of the words after."""
    law = _word_tuple("law_name")
    before = _word_set("generic_before")
    return (law, tuple(to_ascii(w) for w in law), before,
            frozenset(to_ascii(w)[-1:] for w in before) | {" "},
            frozenset(to_ascii(w)[:1] for w in _after_words()))


def _kind(body: _Body) -> str:
    kind = body.head.kind
    for p in body.prefixes:
        # Văn phòng UBND tỉnh is an agency, Ban cán sự đảng UBND tỉnh a Party organ; Văn phòng
        # Tỉnh ủy stays a Party organ.
        if p.scope == "prefix-own" and kind not in ("party", "national assembly"):
            kind = p.kind
    return kind


def _organization(ctx: Context, s: int, e: int, rule: str, canonical: str, kind: str
                  ) -> Organization:
    """``Organization(**ctx.span_kwargs(...), name=ctx.value(s, e), ...)`` with the span mapped
    once (both map it)."""
    nt = ctx.nt
    if nt.starts is None:  # views aligned with the input (most texts): no mapping call
        text = nt.original[s:e]
        return Organization(text, s, e, rule, " ".join(text.split()), canonical, kind)
    s0, e0 = nt.to_original(s, e)
    text = nt.original[s0:e0]
    name = unicodedata.normalize("NFC", text)
    return Organization(text, s0, e0, rule, " ".join(name.split()), canonical, kind)


def _find_orgs(doc: _Doc) -> tuple[list[Candidate], list[PlaceCandidate]]:
    """Organisations (selected) and the places found in their localities (not selected)."""
    out: list[Candidate] = []
    places: list[PlaceCandidate] = []
    ctx = doc.ctx
    search, a, la = _orgs().pattern.search, ctx.ascii, doc.la
    word_run = _WORD_RUN.match
    pos = 0
    while True:
        m = search(a, pos)
        if not m:
            break
        start = m.start()
        # No match starts inside the word that holds this one (the left edge rule below): the
        # next search starts after it. A body taken ends after that word (the match is a whole
        # word): then the search goes on from the body's end instead.
        if start > 0 and (la[start - 1].isalnum() or la[start - 1] == "&"):
            pos = word_run(la, start + 1).end()
            continue
        body = _body_at(doc, start, m)
        if body is None:
            pos = word_run(la, start + 1).end()
            continue
        s, e = body.start, body.end
        if _blocked(doc, s, e) or _generic(doc, s, e):
            pos = word_run(la, start + 1).end()
            continue
        parts = body.parts
        canonical = parts[0] if len(parts) == 1 else " ".join(parts)
        out.append(Candidate(s, e, 0, _organization(ctx, s, e, body.rule, canonical,
                                                    _kind(body))))
        places.extend(body.extra_places)
        pos = e
    # The bodies of the scan neither overlap nor go back (each search starts at the end of the
    # last body taken): select() would keep them all, in the same order. Only anaphors call for
    # it. Being in text order, only the header zone's bodies need a look for a department.
    for c in out:
        if c.start >= _HEADER_ZONE:
            break
        if c.value.kind == "department":
            return select(out + _anaphors(doc)), places
    return out, places


_WORD_RUN = re.compile(r"[a-z0-9&]*")
# The left edge (no letter or digit before) is checked by the caller: re skips ahead to an "S"
# only when the pattern starts with it.
_SO = re.compile(r"S[Oo](?![A-Za-z0-9&])")


def _anaphors(doc: _Doc) -> list[Candidate]:
    """``Sở`` alone stands for the issuing department (``Giám đốc Sở (b/c)``); its canonical
    name is filled in by ``resolve`` once the header is read."""
    out: list[Candidate] = []
    nfc, a = doc.ctx.nfc, doc.ctx.ascii
    for m in _SO.finditer(a):
        s, e = m.span()
        if s > 0 and a[s - 1].isalnum():  # ASCII: [A-Za-z0-9]
            continue
        if nfc[s:e] not in ("Sở", "SỞ") or _blocked(doc, s, e) or _generic(doc, s, e):
            continue
        after = _next_word(nfc, e)
        if after and (_title_word(after) or fold_tones(after).lower() in _word_set("so_compound")):
            continue  # "Sở Ngoại vụ" (a department we do not know), "sở hữu"
        if nfc[e:e + 1].isalnum():
            continue
        out.append(Candidate(s, e, 0, _organization(doc.ctx, s, e, "atoms:orgs.anaphor", "",
                                                    "department")))
    return out


# ------------------------------------------------------------------------------------------
# Entry points


def find(ctx: Context) -> tuple[list[Candidate], list[Candidate]]:
    """(organisations, locations) candidates; values are Organization / Location."""
    doc = _Doc(ctx, ctx.lower, not ctx.nfc.isascii())
    doc.blocked = _campaign_names(doc.la)
    units = _unit_places(doc)
    bare, containers = _bare_places(doc, units)
    dates = _date_line_places(doc)
    places = select(units + bare + dates)
    doc.places = {c.start: c for c in places}
    if any(doc.places.get(c.start) is not c for c in containers):
        # a unit place not kept: its bare name may be (never seen on the corpus)
        places = select(units + _bare_places(doc)[0] + dates)
        doc.places = {c.start: c for c in places}
    orgs, more = _find_orgs(doc)  # selected
    if more:
        places = select(places + more)  # type: ignore[operator]
    _locations(ctx, places)  # type: ignore[arg-type]
    return orgs, places


def resolve(ctx: Context) -> None:
    """Document-level: each location's code and validity on the document's date, and the
    department that a bare ``Sở`` stands for."""
    draft = ctx.accepted.get("document_date")
    day = dt.date(draft.y, draft.m, draft.d) if draft is not None and draft.d else None
    campaigns = [(c.start, c.end) for c in ctx.accepted.get("campaigns", [])]
    final: list[Candidate] = []
    valid_on = gazetteer.valid_on
    for c in ctx.accepted.get("locations", []):
        if campaigns and any(s <= c.start and c.end <= e for s, e in campaigns):
            continue
        units = getattr(c, "units", ())
        if day is None:
            unit = units[0] if len(units) == 1 else gazetteer.pick(units, None)
            valid = None
        else:
            # gazetteer.pick and any_valid_on in one pass: pick takes the first row valid on
            # the day (then some row is valid), else the era nearest to it (then none is).
            unit = next((u for u in units if valid_on(u, day)), None)
            valid = unit is not None
            if unit is None:
                unit = gazetteer.pick(units, day)
        v = c.value
        # dataclasses.replace, field by field (five times faster: it runs for every place)
        c.value = Location(v.text, v.start, v.end, v.rule, v.name, v.level,
                           unit.code if unit else None, valid)
        final.append(c)
    ctx.accepted["locations"] = final
    orgs: list[Candidate] = []
    for c in ctx.accepted.get("organizations", []):
        if campaigns and any(s <= c.start and c.end <= e for s, e in campaigns):
            continue
        if c.value.rule.endswith("orgs.anaphor"):
            canonical = _issuing_department(ctx)
            if canonical is None:
                continue
            c.value = replace(c.value, canonical=canonical)
        orgs.append(c)
    ctx.accepted["organizations"] = orgs


def _issuing_department(ctx: Context) -> str | None:
    """The department a bare ``Sở`` refers to: the issuer of the document's header when it is
    a department, or the department named in the header block (a portal item has none: its
    ``Sở`` is left out)."""
    meta = ctx.accepted.get("metadata")
    issuer = getattr(meta, "issuer", None)
    if issuer and issuer.startswith("Sở "):
        return _strip_locality(issuer)
    for c in ctx.accepted.get("organizations", []):
        if c.start > _HEADER_ZONE:
            break
        v = c.value
        if v.kind == "department" and v.canonical.startswith("Sở "):
            return _strip_locality(v.canonical)
    return None


_HEADER_ZONE = 400  # the issuing body of a formal document heads its first lines


def _strip_locality(canonical: str) -> str:
    for w in tables.place_unit_words():
        i = canonical.find(" " + w.canonical + " ")
        if i > 0:
            return canonical[:i]
        if canonical.endswith(" " + w.canonical):
            return canonical[: -len(w.canonical) - 1]
    return canonical


def body_valid_on(canonical: str, day: dt.date) -> bool | None:
    """Did the body named ``canonical`` exist on ``day``? (``Bộ Kế hoạch và Đầu tư``: until
    2025-02-28.) None for a name not in the table."""
    for e in tables.body_entries():
        if e.canonical == canonical:
            return e.valid_until is None or day <= dt.date.fromisoformat(e.valid_until)
    return None


def successor(canonical: str) -> str | None:
    """The body that took over a merged one (``Bộ Kế hoạch và Đầu tư`` → ``Bộ Tài chính``)."""
    for e in tables.body_entries():
        if e.canonical == canonical:
            return e.successor
    return None
