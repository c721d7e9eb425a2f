"""Officials: a title of office, the body it belongs to, and the person holding it.

Shapes handled (each a named rule):

* ``officials.title_body_name`` -- ``Chủ tịch UBND tỉnh Đồng Văn Thanh``: title, then the body
  (an organisation mention found by ``bodies``), then the name with nothing between. Whether
  ``Đồng`` starts a province (``Đồng Nai``) or a person is decided by the gazetteer inside
  ``bodies``: ``tỉnh Đồng Văn Thanh`` is no unit, so the body stops at ``UBND tỉnh``.
* ``officials.role`` -- a role standing for its holder, no name: ``Thủ tướng Chính phủ``.
* ``officials.apposition`` -- ``đồng chí Trần Thị B, Phó Bí thư Thường trực Tỉnh ủy``.
* ``officials.signer_block`` -- ``TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Name``,
  also flattened onto one line (authority markers per Nghị định 30/2020/NĐ-CP, Phụ lục I, mục
  II.8: TM., KT., TL., TUQ., Q.).
* ``officials.signer_title`` -- a title line in capitals over a name, with no marker.

Person names: 2-4 capitalised syllables starting with a known surname in running text; in a
signer block the block's structure vouches for the name (2-6 syllables, any surname).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from functools import cache

import regex

from vngov import tables
from vngov.model import Official
from vngov.rules.engine import (
    WHITESPACE,
    Candidate,
    Context,
    confirmed,
    in_chrome,
    select,
    trie_pattern,
)
from vngov.text.case import caps_ratio, sentence_case
from vngov.text.memo import text_cache
from vngov.text.normalize import to_ascii
from vngov.text.tokenize import word_tokenize

# Hot patterns use stdlib re, two to three times cheaper per call than regex (more so from a
# cold cache in the full pipeline); they read the ASCII view, where re's \w, \b and (?i) agree
# with the regex module's, and spell \s as engine.WHITESPACE.
_SYL = r"[A-Z][a-z]{0,7}"
NAME = re.compile(rf"(?P<name>{_SYL}(?:[ ]{_SYL}){{1,3}})(?![a-z])(?![ ][A-Z])")
_NAME_SYL = r"[A-Z][a-z]{0,8}(?:'[A-Z]?[a-z]{1,6})?"  # also H'Yơn, Niê
_NAME_LINE = re.compile(rf"[ \t]*(?P<name>{_NAME_SYL}(?:[ ]+{_NAME_SYL}){{1,5}})[ \t.]*")
# On the ASCII view, where stdlib re's (?i) and \b agree with the regex module's.
_PLURAL = re.compile(rf"(?i)\b(?:cac|nhung|moi|tung|quy|mot so){WHITESPACE}+$")
_HONORIFIC = re.compile(rf"(?i)\b(?:dong chi|d/c|ong|ba){WHITESPACE}+$")
_NAME_BEFORE = re.compile(
    rf"(?P<name>{_SYL}(?:[ ]{_SYL}){{1,4}}){WHITESPACE}*(?:,|-){WHITESPACE}*$")
_LEAD_HONORIFIC = re.compile(r"(?:Ong|Ba|Dong chi|D/c|Anh|Chi)[ ]+(?=[A-Z])")
# "(Đã ký)", "(đã ký)", "[daky]", "(Ký tên, đóng dấu)", "Ký bởi: ...": remarks inside blocks.
_REMARK = re.compile(  # (?i) on these letters (no "i") matches as regex's does
    rf"(?i)^{WHITESPACE}*(?:\((?:da ky|ky[^)]*)\)|\[[^\]]*\]|\(?ky ten[^\n]*|da ky){WHITESPACE}*$")
MARKER = re.compile(
    r"(?<![A-Za-z])(?P<auth>TM|KT|TL|TUQ|T/M|K/T|T/L|Q)[ ]?\.(?=[ \t]*[A-Z])"
)
# Where a name starts on a signer line: a capitalised word, or a one-letter given-name prefix of
# the Ê Đê and Jrai ("Y Ngọc Niê", "H'Yơn") followed by one.
_FIRST_NAME_WORD = re.compile(r"(?<![A-Za-z'])[A-Z](?:[a-z]|'[A-Z]?[a-z]|[ ][A-Z][a-z])")
# A line in capitals: the first line (matched at 0), then every other after its "\n". The
# literal "\n" lets stdlib re jump from line to line, where a "(?m)^" scan tried every
# character (1.7 -> 0.8 ms per corpus pass).
_CAPS_LINE_FIRST = re.compile(r"[ \t]*(?P<t>[A-Z][A-Z ,\-]{3,60}?)[ \t]*$", re.M)
_CAPS_LINE_NEXT = re.compile(r"(?m)\n[ \t]*(?P<t>[A-Z][A-Z ,\-]{3,60}?)[ \t]*$")
_AUTH_CANON = {"T/M": "TM.", "K/T": "KT.", "T/L": "TL."}


@cache
def _title_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]]]:
    """Every title variant as one trie-factored pattern over the lower-cased ASCII view
    (standard ``re``: 30 MB/s on gazette text where a flat ``regex`` alternation ran at 2)."""
    forms: dict[str, tuple[str, bool]] = {}
    for title in tables.titles():
        for variant in title.variants:
            forms[to_ascii(variant).lower()] = (variant, title.standalone)
    return re.compile(rf"(?<![a-z])(?:{trie_pattern(forms)})(?![a-z])"), forms


def title_pattern() -> re.Pattern[str]:
    """The titles pattern (lower-cased ASCII), for rooms that need to recognise a title."""
    return _title_pattern()[0]


def title_of(ascii_text: str) -> tuple[str, bool] | None:
    """(official casing, standalone) of a title spelled in any case."""
    _, forms = _title_pattern()
    return forms.get(" ".join(ascii_text.split()).lower())


def _is_surname(ctx: Context, start: int, end: int) -> bool:
    first = ctx.nfc[start:end].split()[0]
    names = tables.surnames()
    return first in names or first.capitalize() in names


def _name_at(ctx: Context, pos: int) -> re.Match[str] | None:
    """A surname-led person name starting exactly at ``pos``."""
    m = NAME.match(ctx.ascii, pos)
    if m and _is_surname(ctx, m.start(), m.end()):
        return m
    return None


_NON_SPACE = regex.compile(r"\S+")
_DEBRIS = re.compile(r"[a-z\[\]]+")
_CAP_RUN = re.compile(rf"{_SYL}(?:[ ]{_SYL}){{2,7}}(?![a-z])")


def split_name_from_run(ctx: Context, pos: int) -> tuple[int, int] | None:
    """The person's name at the end of a run of capitalised syllables starting at ``pos``.

    ``UBND huyện Châu Thành Nguyễn Văn An``: when the body's place is not in the gazetteer the
    place and the name run together. A name is 2-4 syllables led by a surname and ends the run;
    when several splits fit ("Hà Giang Lê Văn Tám": Hà and Lê are both surnames), underthesea's
    word segmentation of this small window decides which split falls on a word boundary.
    """
    run = _CAP_RUN.match(ctx.ascii, pos)
    if run is None:
        return None
    syls = [m.span() for m in _NON_SPACE.finditer(ctx.ascii, run.start(), run.end())]
    names = tables.surnames()
    fits = [i for i in range(1, len(syls)) if 2 <= len(syls) - i <= 4
            and ctx.nfc[syls[i][0] : syls[i][1]] in names]
    if not fits:
        return None
    if len(fits) > 1:
        words = word_tokenize(ctx.nfc, run.start(), run.end())
        bounds = {w.start for w in words}
        fits = [i for i in fits if syls[i][0] in bounds] or fits
    i = fits[0]
    return syls[i][0], syls[-1][1]


def _new_official(ctx: Context, start: int, end: int, rule: str, title: str | None,
                  organization: str | None, name: str | None, authority: str | None) -> Official:
    # Keyword arguments spelled out: unpacking span_kwargs into the call (with more keywords)
    # made building a mention take 2.1 us instead of 1.3.
    span = ctx.span_kwargs(start, end, rule)
    return Official(text=span["text"], start=span["start"], end=span["end"], rule=span["rule"],
                    title=title, organization=organization, name=name, authority=authority)


def _org_at(orgs: list[Candidate], starts: list[int], pos: int,
            floor: int) -> tuple[int, int] | None:
    """The body right after a title: an organisation starting at ``pos``, or one that began
    inside the title ("Phó Bí thư [Thường trực Tỉnh ủy]": bodies reads "Thường trực Tỉnh ủy" as
    a body, the title keeps "Thường trực" and the organisation is "Tỉnh ủy"). ``starts``: the
    organisations' starts (they are sorted by start)."""
    for i in range(bisect.bisect_left(starts, floor), len(orgs)):
        c = orgs[i]
        if c.start == pos or (floor <= c.start < pos < c.end):
            return pos, c.end
        if c.start > pos:
            break
    return None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


@cache
def _title_scan() -> tuple[re.Pattern[str], re.Pattern[bytes]]:
    """The titles pattern without its leading lookbehind (``_title_hits`` applies it), and the
    same preceded by a space for the spaced bytes view of ``_title_hits``."""
    pattern, _ = _title_pattern()
    lookbehind = "(?<![a-z])"
    assert pattern.pattern.startswith(lookbehind)
    body = pattern.pattern[len(lookbehind) :]
    return re.compile(body), re.compile(b" (?:" + body.encode("ascii") + b")")


# Every byte but a lower-case letter becomes a space.
_SPACE_NON_LETTERS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def _title_hits(low: str) -> Iterator[re.Match[str]]:
    """``title_pattern().finditer(low)``, found faster (4.4 -> 3.0 ms per corpus pass): the proxy
    is the view with every non-letter a space, one more in front (so proxy[i + 1] stands for
    low[i] and a hit on the space before a title is the title's index); a title starts after a
    space there, and stdlib re jumps from space to space (``engine.confirmed``)."""
    scan, spaced_scan = _title_scan()
    spaced = b" " + low.encode("ascii").translate(_SPACE_NON_LETTERS)
    return confirmed(low, spaced, spaced_scan, scan)


# The words _PLURAL looks for (lower case): a cheap test of the text before most titles.
_PLURAL_ENDS = ("cac", "nhung", "moi", "tung", "quy", "mot so")


def _plural_before(a: str, low: str, s: int) -> bool:
    """``_PLURAL`` ends right before ``s`` ("các Phó Chủ tịch")."""
    if s == 0 or not low[s - 1].isspace():  # \s+$: whitespace right before the title
        return False
    # One space before the title (the usual case): the word must end right there (on the ASCII
    # view (?i) folds nothing but A-Z).
    if not low[s - 2].isspace() and not low.endswith(_PLURAL_ENDS, max(0, s - 12), s - 1):
        return False
    return _PLURAL.search(a, max(0, s - 12), s) is not None


def _name_may_end(before: str) -> bool:
    """Can _NAME_BEFORE match ``before``? Only "<name>, " or "<name> - " ends it, and the name's
    last syllable, after a space, is capitalised: a cheap look first, as the regex tries every
    position of the window (and is slow to start from a cold cache in the full pipeline)."""
    t = before.rstrip()
    if t[-1:] not in (",", "-"):
        return False
    u = t[:-1].rstrip()
    last = u.rfind(" ") + 1
    return "A" <= u[last : last + 1] <= "Z"


def _running_text(ctx: Context) -> list[Candidate]:
    """title [body] [name]; and name, title [body] (apposition).

    The candidates' values are (rule, title, organisation span, strip the organisation, name
    span) until ``find`` has resolved overlaps: a fifth of them lose to a longer candidate, and
    only the kept ones build their Official (``_build``)."""
    a = ctx.ascii
    low = ctx.lower
    n = len(a)
    _, forms = _title_pattern()
    orgs = ctx.accepted.get("organizations", [])
    # bisect on a list of starts (a bisect with a key calls the key at every step, per title)
    org_starts = [c.start for c in orgs]
    out: list[Candidate] = []
    for m in _title_hits(low):
        ms, me = m.span()
        if in_chrome(ctx, ms, me):
            continue
        g = m.group()
        # title_of(g), without re-joining the usual single-spaced hit (the view is lower case)
        title, standalone = forms.get(g) or title_of(g) or (g, False)
        if _plural_before(a, low, ms):
            continue
        pos = _skip_spaces(a, me)
        org = _org_at(orgs, org_starts, pos, ms)
        end = me
        if org is not None:
            end = org[1]
            pos = _skip_spaces(a, end)
        # A name (and a run holding one) starts with a capital: most titles have none after them.
        capital = pos < n and "A" <= a[pos] <= "Z"
        name = _name_at(ctx, pos) if capital else None
        if name is not None and "\n" not in a[end : name.start()]:
            out.append(Candidate(ms, name.end(), 0, (
                "composites:officials.title_body_name", title, org, False, name.span())))
            continue
        if org is not None and capital:
            split = split_name_from_run(ctx, pos)
            if split is not None:
                ns, ne = split
                out.append(Candidate(ms, ne, 0, (
                    "composites:officials.title_body_name", title, (org[0], ns), True, split)))
                continue
        if org is not None or standalone:
            out.append(Candidate(ms, end, 0, ("composites:officials.role", title, org, False,
                                              None)))
        # apposition: "<name>, <title> [body]" with the name right before
        sep_end = ms
        before = a[max(0, sep_end - 60) : sep_end]
        sep = _NAME_BEFORE.search(before) if _name_may_end(before) else None
        if sep:
            ns = sep_end - len(before) + sep.start("name")
            ne = sep_end - len(before) + sep.end("name")
            # "Ông Phạm Quốc Huy, Bí thư": a capitalised honorific opening the sentence is not
            # part of the name.
            lead = _LEAD_HONORIFIC.match(a, ns, ne)
            if lead:
                ns = lead.end()
            if _is_surname(ctx, ns, ne) and (
                _HONORIFIC.search(a, max(0, ns - 10), ns)
                or a[ns - 1 : ns] in ("", "\n", " ")
            ):
                out.append(Candidate(ns, end, 0, ("composites:officials.apposition", title, org,
                                                  False, (ns, ne))))
    return out


def _build(ctx: Context, cand: Candidate) -> None:
    """The Official of a running-text candidate kept by ``select``."""
    rule, title, org, strip, name = cand.value
    org_text = None if org is None else ctx.value(*org)
    if strip:
        org_text = org_text.rstrip(" ,")
    cand.value = _new_official(ctx, cand.start, cand.end, rule, title, org_text,
                               None if name is None else ctx.value(*name), None)


# MARKER's first letters T, K, Q as one mark: on a copy so marked, _MARKER_QUICK finds every
# place where MARKER may match (TM -> #M, KT -> ##, TUQ -> #U#, K/T -> #/#, Q -> #, ...).
_MARK_TKQ = bytes(35 if c in b"TKQ" else c for c in range(256))  # 35: "#"
_MARKER_QUICK = re.compile(rb"#(?:M|#|L|U#|/M|/#|/L)?[ ]?\.")


def _markers(a: str) -> Iterator[re.Match[str]]:
    """``MARKER.finditer(a)``, found faster (0.9 -> 0.7 ms per corpus pass): stdlib re skips to
    the marks of the copy, MARKER confirms each hit (``engine.confirmed``)."""
    return confirmed(a, a.encode("ascii").translate(_MARK_TKQ), _MARKER_QUICK, MARKER)


def _signer_blocks(ctx: Context) -> list[Candidate]:
    """Signer blocks, with or without authority markers, also flattened onto one line."""
    a = ctx.ascii
    out: list[Candidate] = []
    starts = [(m.start(), m) for m in _markers(a)]
    title_pat, _ = _title_pattern()
    # Title lines in capitals with no marker ("BỘ TRƯỞNG" over a name).
    first = _CAPS_LINE_FIRST.match(a)
    for m in itertools.chain([first] if first else [], _CAPS_LINE_NEXT.finditer(a)):
        if title_pat.match(m.group("t").lower()):
            starts.append((m.start("t"), None))
    starts.sort(key=lambda x: x[0])
    taken_until = -1
    for start, marker in starts:
        if start < taken_until or in_chrome(ctx, start, start + 1):
            continue
        parsed = _parse_block(ctx, start, title_pat)
        if parsed is None:
            continue
        cand, end = parsed
        if marker is None and cand.value.authority is not None:
            continue
        taken_until = end
        out.append(cand)
    return out


def _parse_block(ctx: Context, start: int, title_pat: re.Pattern[str]):
    """Walk lines from ``start``: capitals (markers, bodies, titles), remarks, then a name."""
    a = ctx.ascii
    pos = start
    caps_parts: list[str] = []
    for _ in range(10):
        nl = a.find("\n", pos)
        line_end = len(a) if nl < 0 else nl
        line = a[pos:line_end]
        # _REMARK opens (after whitespace) with "(", "[", "ky ten" or "da ky", any case: a look
        # at the first character spares most lines the (?i) match
        if not line.strip() or (line.lstrip()[:1] in "([dDkK\u212a" and _REMARK.match(line)):
            pass
        elif _mixed_case_block_line(line, title_pat):
            # legacy files lose the capitals font: "KT. Chủ tịch", "Phó Chủ tịch" on their lines
            caps_parts.append(line.upper())
        else:
            # split the line at the first Title-case word: caps before, a name after
            split = _FIRST_NAME_WORD.search(line)
            caps = line if split is None else line[: split.start()]
            rest_start = pos + (len(line) if split is None else split.start())
            if caps.strip():
                if caps_ratio(caps) < 0.75:
                    return None
                # gazette PDFs glue debris to capitals: "PHÓ THỦ TƯỚNGky]"
                caps_parts.append(_DEBRIS.sub(" ", caps))
            if split is not None:
                nm = _NAME_LINE.fullmatch(a, rest_start, line_end)
                if nm is None or not caps_parts:
                    return None
                return _make_signer(ctx, start, nm.span("name"), caps_parts, title_pat)
            if _looks_like_caps_name(ctx, pos, line_end, caps_parts, title_pat):
                caps_parts.pop()
                s, e = pos + len(line) - len(line.lstrip()), pos + len(line.rstrip(" \t."))
                return _make_signer(ctx, start, (s, e), caps_parts, title_pat)
        if nl < 0:
            return None
        pos = nl + 1
    return None


def _mixed_case_block_line(line: str, title_pat: re.Pattern[str]) -> bool:
    """A signer-block line written in mixed case: a marker, a title, or a body after TM."""
    text = line.strip()
    if not text or caps_ratio(text) > 0.6:  # capitals (a flattened block keeps its name)
        return False
    low = text.lower()
    return bool(MARKER.match(text) or title_pat.fullmatch(low) or _MIXED_BODY.match(low))


# On lines of the ASCII view, where stdlib re's \b agrees with the regex module's.
_MIXED_BODY = re.compile(r"(?:uy ban|hoi dong|chinh phu|ban thuong vu|ban chap hanh)\b")


def _looks_like_caps_name(ctx: Context, s: int, e: int, caps_parts: list[str],
                          title_pat: re.Pattern[str]) -> bool:
    """A signer name written in capitals (``NGUYỄN VĂN A``) after a title line."""
    line = ctx.ascii[s:e].strip()
    if not caps_parts[:-1]:
        return False
    # the cheap word tests first: most capital lines are no name, and skip the two searches
    words = line.split()
    if not (2 <= len(words) <= 5 and words[0].capitalize() in tables.surnames()):
        return False
    return not (title_pat.search(line.lower()) or MARKER.search(line))


def _make_signer(ctx: Context, start: int, name_span: tuple[int, int], caps_parts: list[str],
                 title_pat: re.Pattern[str]):
    caps = " ".join(" ".join(caps_parts).split())
    authority, org_caps, title_caps = _read_caps(caps)
    org = _sentence_case(_nfc_of(ctx, start, org_caps)) if org_caps else None
    if title_caps is None:
        return None
    title = (_sentence_case(_nfc_of(ctx, start, title_caps)),)
    name_start, name_end = name_span
    name = ctx.value(name_start, name_end)
    cand = Candidate(start, name_end, 0, _new_official(
        ctx, start, name_end, "composites:officials.signer_block", title[0], org, name, authority))
    return cand, name_end


@text_cache(maxsize=1024)
def _read_caps(caps: str) -> tuple[str | None, str | None, str | None]:
    """(authority, the body's capitals after TM., the signer's title in capitals) of a signer
    block's capitals; no title: None. Pure, and cached: the same headers recur in document
    after document ("TM. UY BAN NHAN DAN KT. CHU TICH PHO CHU TICH")."""
    title_pat, _ = _title_pattern()
    markers = list(MARKER.finditer(caps))
    authority = None
    org_caps = None
    if markers:
        last = markers[-1].group("auth")
        authority = _AUTH_CANON.get(last, last + ".")
        tm = [mk for mk in markers if mk.group("auth") in ("TM", "T/M")]
        if tm:
            after = caps[tm[0].end() :]
            nxt = MARKER.search(after)
            first_title = title_pat.search(after.lower())
            cut = min(x.start() for x in (nxt, first_title) if x is not None) if (
                nxt or first_title) else len(after)
            org_caps = after[:cut].strip() or None
    titles = list(title_pat.finditer(caps.lower()))
    if not titles:
        return authority, org_caps, None
    # The signer's own title is the last one, with the body its line may carry
    # ("CHỦ TỊCH QUỐC HỘI", "VỤ TRƯỞNG VỤ PHÁP CHẾ").
    tail = caps[titles[-1].start() :]
    nxt = MARKER.search(tail)
    title_caps = tail[: nxt.start()] if nxt else tail
    return authority, org_caps, title_caps.strip() or None


# Signer titles and bodies repeat ("Chủ tịch", "Ủy ban nhân dân"): sentence_case is pure, and
# caching it on these short strings saves ~0.5 ms per corpus pass.
_sentence_case = text_cache(maxsize=4096)(sentence_case)


def _nfc_of(ctx: Context, start: int, ascii_caps: str) -> str:
    """The NFC spelling of an ASCII phrase (any case) found after ``start``."""
    m = _phrase_pattern(" ".join(ascii_caps.lower().split())).search(ctx.lower, start)
    return ctx.nfc[m.start() : m.end()] if m else ascii_caps


@text_cache(maxsize=1024)
def _phrase_pattern(words: str) -> re.Pattern[str]:
    return re.compile(f"{WHITESPACE}+".join(re.escape(w) for w in words.split()))


def find(ctx: Context) -> list[Candidate]:
    """Officials of every shape; overlaps resolved by the engine's policy (longest wins)."""
    kept = select(_signer_blocks(ctx) + _running_text(ctx))
    for cand in kept:
        if type(cand.value) is tuple:
            _build(ctx, cand)
    return kept
