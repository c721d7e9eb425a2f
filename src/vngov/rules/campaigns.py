"""Named campaigns and movements: a kind word, then a name in quotes.

``phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”``, ``cuộc vận động «...»``,
``phong trao thi dua "..."`` (no diacritics). Rules:

* ``campaigns.kind_quote`` -- a kind word (``data/campaign_kinds.tsv``) and one quoted name:
  span from the kind word to the closing quote;
* ``campaigns.list`` -- one kind word before several quoted names (``các phong trào “A”, “B” và
  “C”``): each member's span is its quoted name only, with the list's kind.

Policies (docs/campaigns-and-references.md):

* unquoted names are never campaigns -- where such a name ends is not decidable
  (``phong trào thi đua yêu nước năm 2021``), and neither are quoted phrases with no kind word
  right before them (``“mục tiêu kép”``, ``thông điệp “5K”``, ``khẩu hiệu “...”``);
* ``launched_by`` comes from ``do|được <who> phát động|khởi xướng|tổ chức``, either before a list
  it introduces (``... do Thủ tướng Chính phủ phát động: phong trào thi đua “A”, ...``) or right
  after a chain of campaigns; it is given to every campaign of that chain;
* ``period`` is a period already found by ``dates`` that starts right after the closing quote
  (``... phía sau” giai đoạn 2019 - 2025``); it belongs to that one campaign.

Patterns read the ASCII view (quotes are ``"`` there whatever the input used); keywords found in
the ASCII view are checked against the NFC view so that ``do`` is not ``đó``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import regex

from vngov import tables
from vngov.model import Campaign, Period
from vngov.rules.engine import Candidate, Context, in_chrome
from vngov.text.normalize import to_ascii

_MAX_NAME = 300
_NAME = rf'"(?P<name>[^"\n]{{1,{_MAX_NAME}}})"'
# Opening and closing quotes of the original text: a "“" can never close a name, a "”" never
# open one (``phong trào” và “bình thường mới”`` is no campaign named `` và ``).
_NOT_OPENING = frozenset("\u201d\u00bb")
_NOT_CLOSING = frozenset("\u201c\u00ab")
# Between two members of one chain: a comma or semicolon, maybe "và"/"cùng"/"hoặc".
_SEP = r"[ ]*(?:[,;][ ]*)?(?:(?P<conj>va|cung|hoac)[ ]+)?"
_CHAIN_GAP = re.compile(rf"(?i){_SEP}$")
_CONJ_NFC = {"va": "và", "cung": "cùng", "hoac": "hoặc"}
# Before a period attached to a campaign: "...” giai đoạn 2019 - 2025", "...”, giai đoạn ...",
# "...” (2021 - 2025)" (a period's span leaves the parenthesis out).
_PERIOD_GAP = re.compile(r"[ ]*,?[ ]*\(?$")


@dataclass(frozen=True)
class _Words:
    kinds: dict[str, str]  # ASCII lower-case words -> kind reported
    nfc: dict[str, str]  # ASCII lower-case words -> NFC lower-case spelling
    kind_before: re.Pattern[str]  # a kind word ending right before an opening quote
    longest_kind: int
    name: re.Pattern[str]
    cont: re.Pattern[str]
    launch_after: re.Pattern[str]
    launch_before: re.Pattern[str]
    # The three above on stdlib re (2-3x cheaper per call): on an ASCII view they match what
    # the regex ones match ((?i) and \w differ between the two only outside ASCII).
    not_launcher: frozenset[str]  # NFC lower-case first words that make "do" a connective


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w).replace(r"\ ", "[ ]+") for w in sorted(words, key=len,
                                                                         reverse=True))


@cache
def _words() -> _Words:
    kinds: dict[str, str] = {}
    nfc: dict[str, str] = {}
    by: list[str] = []
    launch: list[str] = []
    not_launcher: set[str] = set()
    for row in tables.read_tsv("campaign_kinds.tsv"):
        role, words = row[0].strip(), row[1].strip()
        key = to_ascii(words).lower()
        nfc[key] = words.lower()
        if role == "kind":
            kinds[key] = (row[2].strip() if len(row) > 2 else "") or words.lower()
        elif role == "by":
            by.append(key)
        elif role == "launch":
            launch.append(key)
        elif role == "not_launcher":
            not_launcher.add(words.lower())
    who = r"(?P<who>[^,;:.\"()\n]{2,80}?)"
    verb = rf"(?:(?:da|vua|chinh thuc)[ ]+)*(?P<verb>{_alt(launch)})\b"
    # Quotes are rare and kind words common: the scan starts from each quote and looks back
    # (a forward scan for the kind words cost 0.03 s/MB on its own).
    kind_before = rf"(?i)(?<![\w])(?P<kind>{_alt(list(kinds))})[ ]*:?[ ]*$"
    # "..." do Thủ tướng Chính phủ phát động -- right after a chain
    launch_after = rf"(?i)[ ]*,?[ ]*(?P<by>{_alt(by)})[ ]+{who}[ ]+{verb}"
    # do Thủ tướng Chính phủ phát động: phong trào ... -- right before a chain
    launch_before = (rf"(?i)\b(?P<by>{_alt(by)})[ ]+{who}[ ]+{verb}"
                     r"[ ]*(?:,[ ]*)?(?:(?:nhu|gom|bao gom|la|sau day|sau)[ ]*)?:?[ ]*$")
    # Compiled with stdlib re (2-3x cheaper per call than regex): they read the ASCII view,
    # where re's (?i), \b and \w agree with the regex module's.
    return _Words(
        kinds=kinds,
        nfc=nfc,
        kind_before=re.compile(kind_before),
        longest_kind=max(len(k) for k in kinds) + 8,
        # (?i) on these letters (no "i") folds alike in re and regex: the same matches
        name=re.compile(_NAME),
        cont=re.compile(rf"(?i){_SEP}{_NAME}"),
        launch_after=re.compile(launch_after),
        launch_before=re.compile(launch_before),
        not_launcher=frozenset(not_launcher),
    )


def _is_word(ctx: Context, start: int, end: int) -> bool:
    """The NFC text of an ASCII keyword match is that keyword (``do`` not ``đó``)."""
    got = " ".join(ctx.nfc[start:end].lower().split())
    key = " ".join(ctx.ascii[start:end].lower().split())
    if got.isascii():
        return True  # typed without diacritics
    return _words().nfc.get(key, _CONJ_NFC.get(key)) == got


def _orig_char(ctx: Context, pos: int) -> str:
    return ctx.nt.original_text(pos, pos + 1)


def _quotes_ok(ctx: Context, open_pos: int, close_pos: int) -> bool:
    return (_orig_char(ctx, open_pos) not in _NOT_OPENING
            and _orig_char(ctx, close_pos) not in _NOT_CLOSING)


def _name_text(ctx: Context, start: int, end: int) -> str | None:
    """The name as written (NFC), or None when the quoted text cannot be a name."""
    name = unicodedata.normalize("NFC", ctx.nt.original_text(start, end)).strip()
    # a name starts with a letter or digit: `phong trào”, “X”` is a closing quote, not a name
    if not name or not name[0].isalnum():
        return None
    return name


@dataclass
class _Member:
    start: int  # view span of the mention
    end: int
    name: str
    kind: str
    rule: str
    quote_end: int  # end of the closing quote
    after: int  # end of the member including its attached period
    period: Period | None = None
    launched_by: str | None = None


@dataclass
class _Group:
    """One kind word and the quoted names it governs."""

    kind_start: int
    members: list[_Member] = field(default_factory=list)


def _attach_period(ctx: Context, m: _Member, starts: list[int], periods: list[Candidate]) -> None:
    i = bisect.bisect_left(starts, m.quote_end)
    if i < len(periods):
        p = periods[i]
        if p.start - m.quote_end <= 4 and _PERIOD_GAP.fullmatch(ctx.ascii, m.quote_end, p.start):
            m.period = p.value
            m.after = p.end
            if ctx.ascii[p.end : p.end + 1] == ")" and ctx.ascii[p.start - 1 : p.start] == "(":
                m.after = p.end + 1


def _groups(ctx: Context) -> list[_Group]:
    w = _words()
    a = ctx.ascii
    groups: list[_Group] = []
    consumed = 0
    q = a.find('"')
    if q < 0:
        return groups  # most documents quote nothing
    periods = ctx.accepted.get("periods", [])
    pstarts = [p.start for p in periods]
    kind_before = w.kind_before
    while q >= 0:
        if q < consumed:
            q = a.find('"', consumed)
            continue
        k = kind_before.search(a, max(0, q - w.longest_kind), q)
        m = w.name.match(a, q) if k is not None else None
        if (k is None or m is None or not _is_word(ctx, k.start("kind"), k.end("kind"))
                or not _quotes_ok(ctx, q, m.end("name"))):
            q = a.find('"', q + 1)
            continue
        name = _name_text(ctx, m.start("name"), m.end("name"))
        if name is None:
            q = a.find('"', q + 1)
            continue
        kind = w.kinds[" ".join(a[k.start("kind") : k.end("kind")].lower().split())]
        g = _Group(k.start("kind"))
        first = _Member(k.start("kind"), m.end(), name, kind, "composites:campaigns.kind_quote",
                        m.end(), m.end())
        _attach_period(ctx, first, pstarts, periods)
        g.members.append(first)
        pos = first.after
        while True:
            c = w.cont.match(a, pos)
            if c is None or not _quotes_ok(ctx, c.start("name") - 1, c.end("name")):
                break
            if c.group("conj") and not _is_word(ctx, c.start("conj"), c.end("conj")):
                break
            cname = _name_text(ctx, c.start("name"), c.end("name"))
            if cname is None:
                break
            qs = c.start("name") - 1
            mem = _Member(qs, c.end(), cname, kind, "composites:campaigns.list", c.end(), c.end())
            _attach_period(ctx, mem, pstarts, periods)
            g.members.append(mem)
            pos = mem.after
        if len(g.members) > 1:
            # One kind word governing several names: every member is its quoted name only
            # (guidelines, "campaigns": `các phong trào thi đua “A”, “B” và “C”`).
            first.start = q
            first.rule = "composites:campaigns.list"
        consumed = pos
        groups.append(g)
        q = a.find('"', consumed)
    return groups


def _chains(ctx: Context, groups: list[_Group]) -> list[list[_Member]]:
    """Groups joined by list punctuation only form one chain (one launcher governs it)."""
    chains: list[list[_Member]] = []
    prev_end = -1
    for g in groups:
        # the gap pattern allows spaces only, so a chain never crosses a line end
        if chains and _CHAIN_GAP.match(ctx.ascii, prev_end, g.kind_start):
            chains[-1].extend(g.members)
        else:
            chains.append(list(g.members))
        prev_end = g.members[-1].after
    return chains


def _launcher(ctx: Context, m: re.Match[str] | regex.Match[str]) -> str | None:
    if not (_is_word(ctx, m.start("by"), m.end("by"))
            and _is_word(ctx, m.start("verb"), m.end("verb"))):
        return None
    who = unicodedata.normalize("NFC", ctx.nt.original_text(m.start("who"), m.end("who")))
    who = " ".join(who.split())
    if not who or len(who.split()) > 12 or who.split()[0].lower() in _words().not_launcher:
        return None
    return who


def _launched_by(ctx: Context, chain: list[_Member]) -> str | None:
    w = _words()
    a = ctx.ascii
    launch_after, launch_before = w.launch_after, w.launch_before
    after = launch_after.match(a, chain[-1].after)
    if after is not None:
        who = _launcher(ctx, after)
        if who:
            return who
    start = chain[0].start
    lo = max(0, start - 160)
    line_start = a.rfind("\n", 0, start) + 1
    before = launch_before.search(a, max(lo, line_start), start)
    if before is not None:
        return _launcher(ctx, before)
    return None


def find(ctx: Context) -> list[Candidate]:
    """Campaign candidates (view offsets) with Campaign values; no two overlap."""
    out: list[Candidate] = []
    for chain in _chains(ctx, _groups(ctx)):
        who = _launched_by(ctx, chain)
        for mem in chain:
            # in_chrome reuses the context's chrome index (most documents have no campaign:
            # building one here for each was an eighth of this room's time)
            if in_chrome(ctx, mem.start, mem.end):
                continue
            # keywords spelled out: unpacking span_kwargs into the call cost 0.8 us a mention
            span = ctx.span_kwargs(mem.start, mem.end, mem.rule)
            value = Campaign(text=span["text"], start=span["start"], end=span["end"],
                             rule=span["rule"], name=mem.name, kind=mem.kind, launched_by=who,
                             period=mem.period)
            out.append(Candidate(mem.start, mem.end, 0, value))
    return out
