"""The rule cascade: named rules, stages, and one stated overlap policy.

Stages run in order, each seeing what earlier stages accepted:

1. ``atoms``      -- self-contained patterns: document numbers, dates, bodies, titles;
2. ``composites`` -- built from atoms: periods, officials, campaigns, references;
3. ``document``   -- document-level resolution: header, date line, roles, inferred years.

Overlap policy (``select``): among candidates of one field, the longest span wins; on equal
length the rule with the lower ``priority`` number wins, then the earlier start. A candidate
that overlaps an accepted one is dropped. Fields that must not nest inside another field's
spans (a date inside ``15/2020/NĐ-CP``) check ``Context.claimed`` before accepting.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

import regex

from vngov.text.normalize import NormalizedText

M = TypeVar("M")

# The regex module's \s (Unicode White_Space) for patterns compiled with stdlib re, whose \s
# also takes \x1c-\x1f (checked over every code point); and its characters, for str.strip.
WHITESPACE_CHARS = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + (
    "\u2028\u2029\u202f\u205f\u3000")
WHITESPACE = "[" + re.escape(WHITESPACE_CHARS) + "]"


class Scanner(Protocol):
    """What a rule's pattern must do: a compiled regex, or an object that finds the same
    matches faster (numbers._FromSo: from a literal word instead of a leading lookbehind)."""

    def finditer(self, text: str) -> Iterator[regex.Match[str]]: ...


@dataclass(frozen=True)
class Rule:
    """A named pattern run on one view; ``build`` turns a match into a candidate (or None)."""

    name: str
    stage: str
    pattern: Scanner
    build: Callable[[Context, regex.Match[str], Rule], Any]
    priority: int = 50
    view: str = "ascii"  # which view the pattern reads: "ascii" or "nfc"

    @property
    def id(self) -> str:
        return f"{self.stage}:{self.name}"


@dataclass
class Candidate:
    """A view span plus the mention built for it (mapped to original offsets at the end)."""

    start: int
    end: int
    priority: int
    value: Any


@dataclass
class Context:
    """Everything the rules of one document share."""

    nt: NormalizedText
    reference_date: date | None = None
    accepted: dict[str, list[Any]] = field(default_factory=dict)
    chrome: list[tuple[int, int]] = field(default_factory=list)
    _lower: str | None = None
    _has_diacritics: bool | None = None
    _chrome_index: ChromeIndex | None = None
    _claimed_starts: list[int] = field(default_factory=list)
    _claimed_ends: list[int] = field(default_factory=list)
    _union: tuple[list[int], list[int]] | None = None  # the claims merged, built on demand
    # The two views as plain attributes: rules read them tens of thousands of times a document.
    nfc: str = field(init=False)
    ascii: str = field(init=False)

    def __post_init__(self) -> None:
        self.nfc = self.nt.nfc
        self.ascii = self.nt.ascii

    @property
    def has_diacritics(self) -> bool:
        """False for text typed without diacritics: there ``nam`` may be ``năm``."""
        if self._has_diacritics is None:
            self._has_diacritics = self.nt.nfc != self.nt.ascii
        return self._has_diacritics

    @property
    def lower(self) -> str:
        """The ASCII view in lower case (same length: it is ASCII). Hot patterns scan this view
        without (?i), which the regex engines handle several times faster."""
        if self._lower is None:
            self._lower = self.nt.ascii.lower()
        return self._lower

    def span_kwargs(self, start: int, end: int, rule: str) -> dict[str, Any]:
        """``text/start/end/rule`` of a mention, in ORIGINAL coordinates."""
        nt = self.nt
        if nt.starts is None:  # views aligned 1:1 with the input (most texts)
            return {"text": nt.original[start:end], "start": start, "end": end, "rule": rule}
        s, e = nt.to_original(start, end)
        return {"text": nt.original[s:e], "start": s, "end": e, "rule": rule}

    def value(self, start: int, end: int) -> str:
        """A text value for a view span: the caller's characters (quotes, tone placement as
        written) in NFC, whitespace collapsed -- so NFC and NFD inputs give equal values."""
        nt = self.nt
        if nt.starts is None:  # views aligned 1:1 with an NFC input (most texts)
            return " ".join(nt.original[start:end].split())
        s, e = nt.to_original(start, end)
        # only the slow path's inputs may be other than NFC
        return " ".join(unicodedata.normalize("NFC", nt.original[s:e]).split())

    def claim(self, start: int, end: int) -> None:
        """Mark a view span as taken (kept sorted; claims never overlap each other much)."""
        i = bisect.bisect_left(self._claimed_starts, start)
        self._claimed_starts.insert(i, start)
        self._claimed_ends.insert(i, end)
        self._union = None

    def claimed(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a claimed span?

        Claims are made by the first rooms and asked about tens of thousands of times by the
        later ones, so they are merged once into disjoint spans: one bisect per question."""
        if self._union is None:
            self._union = _merge(self._claimed_starts, self._claimed_ends)
        starts, ends = self._union
        i = bisect.bisect_left(starts, end)  # the last merged span starting before ``end``
        return i > 0 and ends[i - 1] > start


def _merge(starts: list[int], ends: list[int]) -> tuple[list[int], list[int]]:
    """Sorted spans merged where they overlap: disjoint (starts, ends)."""
    out_s: list[int] = []
    out_e: list[int] = []
    for s, e in zip(starts, ends, strict=True):  # sorted by start
        if out_e and s < out_e[-1]:
            out_e[-1] = max(out_e[-1], e)
        else:
            out_s.append(s)
            out_e.append(e)
    return out_s, out_e


class ChromeIndex:
    """``engine.in_chrome`` in O(log n): a portal dump can carry hundreds of chrome spans, and a
    linear scan per mention made this room the slowest of the cascade (shared with campaigns)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.size = len(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, e in spans:
            top = max(top, e)
            self.max_end.append(top)

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.max_end[i] >= end


def confirmed(text: str, proxy: bytes, quick: re.Pattern[bytes],
              full: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``full.finditer(text)``, found faster through a proxy scan.

    A pattern that must open with a look-behind is tried at every position. ``proxy`` is a
    bytes copy of ``text`` (same offsets) where the few letters ``full``'s phrases start with are
    one mark, or every non-letter a space; ``quick`` finds there every place where ``full`` may
    match, and stdlib re skips straight to them. Wherever ``full`` matches, ``quick`` matches on
    the copy, so its hits include every true one; ``full`` confirms each on ``text`` (a miss
    resumes one character on, as finditer would)."""
    pos = 0
    while (hit := quick.search(proxy, pos)) is not None:
        s = hit.start()
        m = full.match(text, s)
        if m is None:
            pos = s + 1
            continue
        yield m
        pos = m.end()


def in_chrome(ctx: Context, start: int, end: int) -> bool:
    """Is [start, end) inside portal/gazette chrome (page headers, stamps, counters)?"""
    if not ctx.chrome:
        return False
    if ctx._chrome_index is None or ctx._chrome_index.size != len(ctx.chrome):
        ctx._chrome_index = ChromeIndex(ctx.chrome)
    return ctx._chrome_index.covers(start, end)


def run(ctx: Context, rules: Iterable[Rule]) -> list[Candidate]:
    """Run rules over their views and collect candidates (unresolved)."""
    out: list[Candidate] = []
    for rule in rules:
        text = ctx.ascii if rule.view == "ascii" else ctx.nfc
        for m in rule.pattern.finditer(text):
            built = rule.build(ctx, m, rule)
            if built is None:
                continue
            for cand in built if isinstance(built, list) else [built]:
                if ctx.chrome and in_chrome(ctx, cand.start, cand.end):
                    continue
                cand.priority = rule.priority
                out.append(cand)
    return out


S = TypeVar("S", bound="Spanned")


class Spanned(Protocol):
    start: int
    end: int


def select(cands: Iterable[S], priority: Callable[[S], int] | None = None) -> list[S]:
    """The overlap policy: longest first, then priority, then position; no overlaps kept.

    ``priority`` defaults to the candidates' own ``priority`` attribute (lower wins)."""
    if priority is None:  # the common case, without a second call per candidate
        order = sorted(cands, key=lambda c: (c.start - c.end, c.priority, c.start))  # type: ignore
    else:
        order = sorted(cands, key=lambda c: (c.start - c.end, priority(c), c.start))
    if len(order) < 2:
        return order
    starts: list[int] = []  # accepted spans never overlap, so two neighbours decide
    ends: list[int] = []
    keep: list[S] = []
    for c in order:
        s, e = c.start, c.end
        i = bisect.bisect_right(starts, s)
        if i > 0 and ends[i - 1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        if s == e and i > 0 and starts[i - 1] == s:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        keep.append(c)
    keep.sort(key=lambda c: (c.start, c.end))
    return keep


def trie_pattern(phrases: Iterable[str], space: str = r"\s+") -> str:
    """A regex source matching any of ``phrases``, factored as a trie.

    A flat alternation of a few hundred titles scans at about 5 MB/s; the same set factored by
    common prefixes (``pho (?:chu tich|giam doc)``) lets the engine reject most positions on the
    first character. A space in a phrase matches ``space``: by default any run of whitespace
    (line breaks included: gazette PDFs wrap titles).
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [(ch, child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        alts = [(space if ch == " " else regex.escape(ch)) + emit(child) for ch, child in branches]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            body = "(?:" + body + ")?" if len(alts) == 1 else body + "?"
        return body

    return emit(trie)


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every line of ``text[start:end]`` (without the newline), in offsets of
    ``text`` (no slicing)."""
    end = len(text) if end is None else end
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl < 0:
            yield pos, end
            return
        yield pos, nl
        pos = nl + 1


def iter_lines_back(text: str, start: int = 0, end: int | None = None
                    ) -> Iterator[tuple[int, int]]:
    """:func:`iter_lines` from the last line up (a portal item needs only an article's last
    lines)."""
    stop = len(text) if end is None else end
    while True:
        nl = text.rfind("\n", start, stop)
        if nl < 0:
            yield start, stop
            return
        yield nl + 1, stop
        stop = nl
