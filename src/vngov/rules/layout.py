"""The document's own metadata, and the chrome around it.

A formal document (Nghị định 30/2020/NĐ-CP, Điều 8 and Phụ lục I) lays out: issuing body top
left, national title top right, ``Số: ...``, the date line ``<place>, ngày ...``, the type name
in capitals, the trích yếu (subject), the body, ``Nơi nhận:`` and the signer block. A portal news
item has a breadcrumb, a headline, a date line, the body, an author line and counters.
Chrome (gazette page headers, signature stamps, counters, the national title) is marked first so
no field takes anything from it (patterns in ``data/chrome.tsv``).
"""

from __future__ import annotations

import bisect
import re
from functools import cache

import regex

from vngov import tables
from vngov.model import DocumentMetadata, Official
from vngov.rules.engine import (
    WHITESPACE,
    WHITESPACE_CHARS,
    ChromeIndex,
    Context,
    iter_lines,
    iter_lines_back,
    trie_pattern,
)
from vngov.rules.officials import MARKER, title_pattern
from vngov.text.case import caps_ratio, sentence_case
from vngov.text.normalize import to_ascii


@cache
def _chrome_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    kinds: dict[str, list[str]] = {"line": [], "phrase": [], "end": []}
    for kind, pattern in tables.read_tsv("chrome.tsv"):
        kinds[kind].append(pattern)
    line_re = re.compile(r"(?m)^[ \t]*(?:" + "|".join(kinds["line"]) + r")[ \t]*$")
    phrase_re = re.compile(r"(?:" + "|".join(kinds["phrase"]) + ")")
    end_re = re.compile(r"(?m)^[ \t]*(?:" + "|".join(kinds["end"]) + r")$")
    return line_re, phrase_re, end_re


@cache
def _chrome_scans() -> tuple[re.Pattern[str], list[re.Pattern[str]], re.Pattern[str]]:
    """Faster spellings of the scans of :func:`_chrome_patterns`, same matches:

    * the line and end patterns led by a literal ``\n`` instead of ``(?m)^`` (a ``^``-led
      pattern is tried at every position; a literal lead is searched for): ``\n`` at q is a
      line start at q + 1, the first line is tried on its own;
    * each phrase on its own (a literal prefix each, 3 scans 0.6 ms a corpus pass where the
      alternation's scan took 1.5 ms), merged by :func:`_phrase_spans`.
    """
    kinds: dict[str, list[str]] = {"line": [], "phrase": [], "end": []}
    for kind, pattern in tables.read_tsv("chrome.tsv"):
        kinds[kind].append(pattern)
    line_next = re.compile(r"(?m)\n[ \t]*(?:" + "|".join(kinds["line"]) + r")[ \t]*$")
    phrases = [re.compile(p) for p in kinds["phrase"]]
    end_next = re.compile(r"(?m)\n[ \t]*(?:" + "|".join(kinds["end"]) + r")$")
    return line_next, phrases, end_next


def _line_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``line_re.finditer(text)``.

    After the first line, a line start is the position after a ``\n``: the ``\n``-led scan
    from one character before the previous match's end finds the same matches, each one
    character earlier."""
    line_re, _, _ = _chrome_patterns()
    line_next, _, _ = _chrome_scans()
    spans: list[tuple[int, int]] = []
    pos = 0
    first = line_re.match(text)  # the first line, which no "\n" leads
    if first:
        spans.append(first.span())
        pos = first.end() - 1
    spans.extend((m.start() + 1, m.end()) for m in line_next.finditer(text, pos))
    return spans


def _phrase_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``phrase_re.finditer(text)``, from one scan per phrase.

    When the phrases' own matches are non-empty and do not overlap each other, they are exactly
    the alternation's matches (the alternation's leftmost match at each step is one of them,
    and none is skipped, as none lies inside another); otherwise the alternation decides."""
    _, phrases, _ = _chrome_scans()
    spans = sorted(m.span() for p in phrases for m in p.finditer(text))
    last = -1
    for s, e in spans:
        if s < last or s == e:
            _, phrase_re, _ = _chrome_patterns()
            return [m.span() for m in phrase_re.finditer(text)]
        last = e
    return spans


def mark_chrome(ctx: Context) -> None:
    """Record chrome spans (view offsets) and claim them for every field."""
    for s, e in _line_spans(ctx.lower) + _phrase_spans(ctx.ascii):
        ctx.chrome.append((s, e))
        ctx.claim(s, e)
    ctx.chrome.sort()


def _end_line(low: str, pos: int) -> int | None:
    """Where ``end_re.search(low, pos)`` starts (a line that closes a portal article): the
    ``\n``-led scan from ``pos - 1`` finds the line starts at or after ``pos``."""
    if pos == 0:
        m = _chrome_patterns()[2].match(low)
        if m:
            return 0
        pos = 1
    m = _chrome_scans()[2].search(low, pos - 1)
    return m.start() + 1 if m else None


# "Số: 04/KH-UBND" opens its line, or follows the issuer in capitals on a flattened header
# ("UBND TỈNH HẬU GIANG Số: 04/KH-UBND"), or a law's type ("Luật số: 51/2024/QH15").
_SO_BEFORE = regex.compile(
    r"[^a-z\n]*?(?:(?:\b(?:Luat|Bo luat|Nghi quyet|Phap lenh|LUAT|BO LUAT|NGHI QUYET)\s+)so|So|SO)"
    r"\s*:?\s*$"
)
_HEADER_ZONE = 3000  # the header of a formal document sits in its first lines
# _SEPARATOR and _SUBJECT_STOP read lines of the ASCII view: stdlib re (cheaper per call), with
# regex's \s spelt out.
_SEPARATOR = re.compile("[_\\-=*." + WHITESPACE[1:-1] + "]*$")
# The body opens with a capitalised formula; a lower-case line continues the trích yếu
# ("Sửa đổi ... Quy chế quản lý, điều hành\nthực hiện các chương trình ...").
_SUBJECT_STOP = re.compile(
    WHITESPACE + r"*(?:Can cu|CAN CU|Xet |Theo de nghi|Thuc hien|Dieu \d|Chuong [IVX\d]|"
    r"Phan [IVX\d]|Kinh gui|I\.|1\.|\(|-)"
)
_VV = regex.compile(r"(?i)^\s*(?:v/v|ve viec)\b")
# A header of two bodies names the parent first and the issuer under it ("UBND TỈNH ĐỒNG THÁP /
# SỞ NÔNG NGHIỆP VÀ / PHÁT TRIỂN NÔNG THÔN", "ĐẢNG BỘ TỈNH BẮC NINH / TỈNH ỦY"): the issuer starts
# at the last line that opens with one of these words.
_SUB_BODY = regex.compile(
    r"(?i)^(?:so|ban|phong|van phong|cuc|vu|trung tam|chi cuc|tong cuc|vien|hoi dong|truong|"
    r"bo chi huy|cong an|thanh tra|hoi|tinh uy|huyen uy|thanh uy|quan uy|thi uy|dang uy|"
    r"chi bo|dang doan|ban can su)\b"
)
_NOI_NHAN = re.compile(r"(?m)^[ \t]*noi nhan[ \t]*:?")  # on the lower-case view
_ITEM = regex.compile(r"^\s*[-+\u2022*\u2013]\s*")
_INLINE_ITEMS = regex.compile(r"(?:^|(?<=[;.,]))\s*[-+\u2022\u2013]\s+")


@cache
def _body_start() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A header line in mixed case (legacy files lost the capitals font) still opens with a
    body's name (any case) or abbreviation (in capitals: "TU" is no "Tư"), from bodies.tsv."""
    names = {to_ascii(f).lower() for e in tables.body_entries() for f in e.forms if " " in f}
    abbrs = {to_ascii(b.abbr) for b in tables.bodies() if b.abbr}
    return (regex.compile(rf"(?:{trie_pattern(names)})(?![a-z])"),
            regex.compile(rf"(?:{trie_pattern(abbrs)})(?![A-Za-z])"))


def _opens_with_body(text: str) -> bool:
    names, abbrs = _body_start()
    return bool(names.match(text.lower()) or abbrs.match(text))


def _opens_with_authority(text: str) -> bool:
    """The enacting authority line that opens a decision's body ("Uỷ ban nhân dân tỉnh Long An",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH") in a file that lost its capitals: a title or the people's
    committee."""
    low = text.lower()
    return bool(title_pattern().match(low) or low.startswith("uy ban nhan dan"))


def _type_line(line_ascii: str) -> tuple[str, int] | None:
    """``QUYẾT ĐỊNH`` → (``Quyết định``, where the rest of the line starts) when the line opens
    with a type name in capitals: alone, or followed by the subject on a flattened header
    (``QUYẾT ĐỊNH Về việc công bố ...``)."""
    # gazette PDFs glue a footnote mark to the type line: "THÔNG TƯ1"; the mark is only
    # looked for when the line ends in a digit (most lines do not: the sub was 1/3 of this)
    if line_ascii.rstrip(WHITESPACE_CHARS)[-1:].isdigit():
        line_ascii_marked = _FOOTNOTE_MARK.sub("", line_ascii)
    else:
        line_ascii_marked = line_ascii
    whole = " ".join(line_ascii_marked.split()).lower()
    if whole in _type_names():
        # legacy TCVN3 files lose the capitals font: "Quyết định" alone on its line
        return _type_names()[whole], len(line_ascii)
    m = _TYPE_HEAD.match(line_ascii)
    if not m:
        return None
    rest = line_ascii[m.end() :]
    if rest.strip() and not _SUBJECT_AFTER_TYPE.match(rest):
        return None
    key = " ".join(m.group("t").split()).lower()
    name = _type_names().get(key)
    return (name, m.end()) if name else None


@cache
def _type_names() -> dict[str, str]:
    return {to_ascii(w).lower(): name for w, name in tables.doc_type_words()}


# Type lines are lines of the ASCII view: stdlib re (cheaper per call than regex), \s spelt as
# regex's (re's \s also takes \x1c-\x1f).
_FOOTNOTE_MARK = re.compile(rf"(?<=[A-Z])\d{{1,2}}{WHITESPACE}*$")
_SUBJECT_AFTER_TYPE = regex.compile(r"\s+[A-Z][a-z]")
_SO_TAIL = regex.compile(r"(?i)\bso\s*:?\s*$")
_TYPE_HEAD = re.compile(rf"[ \t]*(?P<t>[A-Z]+(?:[ ]+[A-Z]+){{0,3}})(?={WHITESPACE}|$)")


def _lines(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    return list(iter_lines(ctx.ascii, start, end))


def _last_lines(ctx: Context, start: int, end: int, n: int) -> list[tuple[int, int]]:
    """The last ``n`` lines of [start, end) that are neither blank nor chrome, in text order."""
    out: list[tuple[int, int]] = []
    for s, e in iter_lines_back(ctx.ascii, start, end):
        if ctx.ascii[s:e].strip() and not _in_chrome_line(ctx, s, e):
            out.append((s, e))
            if len(out) == n:
                break
    return out[::-1]


def _strip_chrome(ctx: Context, s: int, e: int) -> str:
    """The ASCII text of a line with chrome phrases blanked out."""
    a = ctx.ascii
    pieces: list[str] = []
    pos = s
    for cs, ce in ctx.chrome:  # sorted by start
        if cs >= e:
            break
        if ce <= pos:
            continue
        cs = max(cs, pos)
        ce = min(ce, e)
        pieces.append(a[pos:cs])
        pieces.append(" " * (ce - cs))
        pos = ce
    if not pieces:  # most lines: no chrome on them
        return a[s:e]
    pieces.append(a[pos:e])
    return "".join(pieces)


def _header_number(ctx: Context):
    """The document's own number: the ``Số:`` line of the header.

    A consolidated text (văn bản hợp nhất) reprints the original's header and carries its own
    number in the certification block at the end ("XÁC THỰC VĂN BẢN HỢP NHẤT / Số: 462/VBHN-
    BLĐTBXH", seen in realdata/gazette), so a VBHN number on a ``Số:`` line wins wherever it is.
    """
    so_lines = []
    for c in ctx.accepted.get("document_numbers", []):
        line_start = ctx.ascii.rfind("\n", 0, c.start) + 1
        if _SO_BEFORE.match(ctx.ascii, line_start, c.start):
            so_lines.append(c)
    for c in so_lines:
        if c.value.type_code == "VBHN":
            return c
    for c in so_lines:
        if c.start <= _HEADER_ZONE:
            return c
    return so_lines[0] if so_lines else None


def _issuer(ctx: Context, stop: int) -> str | None:
    """The issuing body: the last block of header lines above ``stop`` (the number line), in
    canonical form -- the organisation room's canonical name when it read those lines as one
    body, else the lines in sentence case."""
    Line = tuple[int, int, str]  # view span, NFC text without chrome
    blocks: list[list[Line]] = [[]]
    line_start = ctx.ascii.rfind("\n", 0, stop) + 1
    same_line = _strip_chrome(ctx, line_start, stop)
    same_line = _SO_TAIL.sub("", same_line).strip()
    for s, e in _lines(ctx, 0, line_start):
        text = _strip_chrome(ctx, s, e).strip()
        if _SEPARATOR.match(text):
            if blocks[-1]:
                blocks.append([])
            continue
        caps = caps_ratio(text) > 0.9
        if (caps or _opens_with_body(text)) and len(text) < 90:
            if _type_line(text):
                continue
            nfc = _nfc_line(ctx, s, e)
            if not blocks[-1] or blocks[-1][-1][2] != nfc:
                blocks[-1].append((s, e, nfc))
        elif blocks[-1]:
            blocks.append([])
    if same_line and same_line.isupper():
        blocks.append([(line_start, stop, _nfc_of(ctx, line_start, stop, same_line))])
    block = next((b for b in reversed(blocks) if b), None)
    if not block:
        return None
    # Gazette pages print the issuer twice, once whole and once wrapped over two lines.
    if len(block) >= 2 and to_ascii(block[0][2]).replace(" ", "") == to_ascii(
        "".join(t for _, _, t in block[1:])
    ).replace(" ", ""):
        block = [block[0]]
    for i in range(len(block) - 1, 0, -1):
        if _SUB_BODY.match(to_ascii(block[i][2])):
            block = block[i:]
            break
    return _canonical_body(ctx, block[0][0], block[-1][1]) or sentence_case(
        " ".join(t for _, _, t in block))


def _canonical_body(ctx: Context, start: int, end: int) -> str | None:
    """The canonical name of the organisation mention that covers the header lines."""
    text = ctx.ascii[start:end]
    first = start + len(text) - len(text.lstrip())
    for c in ctx.accepted.get("organizations", []):
        if c.start > first:
            break
        covered = ctx.ascii[c.end : end].strip(" \t\n,")
        if c.start == first and not covered and c.value.canonical:
            return c.value.canonical
    return None


def _nfc_line(ctx: Context, s: int, e: int) -> str:
    """The NFC text of a view line without its chrome phrases."""
    ascii_clean = _strip_chrome(ctx, s, e)
    nfc = ctx.nfc[s:e]
    # An NFC space is an ASCII space, so equal counts of spaces mean the same positions: nothing
    # to blank (most lines; the per-character join took 2/3 of this function).
    if ascii_clean.count(" ") != nfc.count(" "):
        pairs = zip(ascii_clean, nfc, strict=True)
        nfc = "".join(" " if a == " " and o != " " else o for a, o in pairs)
    return " ".join(nfc.split())


def _nfc_of(ctx: Context, s: int, e: int, ascii_text: str) -> str:
    idx = ctx.ascii.find(ascii_text, s, e)
    return ctx.nfc[idx : idx + len(ascii_text)] if idx >= 0 else ascii_text


def _type_and_subject(ctx: Context, after: int) -> tuple[str | None, str | None]:
    """The type line after the header, then the trích yếu lines under it."""
    zone = iter_lines(ctx.ascii, after, min(len(ctx.ascii), after + 1500))
    for s, e in zone:
        found = _type_line(_strip_chrome(ctx, s, e))
        if not found:
            continue
        name, rest = found
        parts: list[str] = []
        if ctx.ascii[s + rest : e].strip():
            parts.append(ctx.value(s + rest, e))
        for s2, e2 in zone:  # the lines under the type line
            text = ctx.ascii[s2:e2].strip()
            if not text:
                if parts:
                    break
                continue
            if _SEPARATOR.match(text) or _SUBJECT_STOP.match(text):
                break
            if parts and text.isupper():  # a line of the ASCII view: its letters are its cased
                break  # characters -- "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" opening the body
            if parts and text[:1].isupper() and _opens_with_authority(text):
                break  # the same line in a legacy file that lost its capitals font
            parts.append(ctx.value(s2, e2))
        return name, (" ".join(parts) or None)
    return None, None


def _vv_subject(ctx: Context, start: int) -> str | None:
    """A công văn's trích yếu: ``V/v ...`` under the number, possibly over two lines."""
    zone = _lines(ctx, start, min(len(ctx.ascii), start + 800))
    for i, (s, e) in enumerate(zone):
        text = ctx.ascii[s:e]
        m = _VV.search(text)
        if not m:
            continue
        parts = [ctx.value(s + m.start(), e)]
        for s2, e2 in zone[i + 1 : i + 3]:
            nxt = ctx.ascii[s2:e2].strip()
            if not nxt or not nxt[0].islower():
                break
            parts.append(ctx.value(s2, e2))
        return " ".join(parts)
    return None


def _last_noi_nhan(low: str) -> re.Match[str] | None:
    """The last match of ``_NOI_NHAN`` (a line opening with "Nơi nhận"), found from the end
    (a forward scan of the whole text for the last one cost ~0.5 ms a corpus pass)."""
    hi = len(low)
    while (i := low.rfind("noi nhan", 0, hi)) >= 0:
        m = _NOI_NHAN.match(low, low.rfind("\n", 0, i) + 1)
        if m:  # this line opens with it; no later line does
            return m
        hi = i + len("noi nhan") - 1
    return None


def _recipients(ctx: Context) -> list[str]:
    m = _last_noi_nhan(ctx.lower)  # the recipients of the last document on the page
    if m is None:
        return []
    items: list[str] = []
    nl = ctx.ascii.find("\n", m.end())
    first_end = len(ctx.ascii) if nl < 0 else nl
    first = ctx.value(m.end(), first_end)
    if first.strip():
        # "Nơi nhận: - Như Điều 3; - Cục ...; - Lưu: VT." flattened onto one line
        items.extend(p for p in _INLINE_ITEMS.split(first) if p.strip())
    for s, e in iter_lines(ctx.ascii, first_end + 1, min(len(ctx.ascii), m.end() + 3000)):
        raw = ctx.value(s, e)
        text = raw.strip()
        if not text:
            if items:
                break
            continue
        item = _ITEM.match(raw)
        if item:  # the item without its mark (what sub(count=1) of the ^-anchored mark gave)
            items.append(raw[item.end():])
        elif MARKER.match(ctx.ascii[s:e].lstrip()):
            break
        elif items and text[0].islower():
            items[-1] += " " + text
        else:
            break
    out = []
    for it in items:
        it = " ".join(it.split()).rstrip(";.,").strip()
        if it:
            out.append(it)
    return out


def _signer(ctx: Context) -> Official | None:
    blocks = [c for c in ctx.accepted.get("officials", [])
              if c.value.rule.endswith("signer_block")]
    return blocks[-1].value if blocks else None


def _portal(ctx: Context, published) -> tuple[str | None, str | None, str | None]:
    """(title, source, author) of a portal news item dated by ``published``.

    The headline is the line right above the date line; the source is the line above the
    headline (the breadcrumb: ``Trang chủ > Tin tức > ...`` or a section name); the author is the
    last short line of the article, which ends at the first related-links or footer line.
    """
    a = ctx.ascii
    above = _last_lines(ctx, 0, a.rfind("\n", 0, published.start) + 1, 2)
    title = source = author = None
    if above:
        s, e = above[-1]
        title = ctx.value(s, e)
        if len(above) >= 2:
            s0, e0 = above[-2]
            source = ctx.value(s0, e0)
    stop = _end_line(ctx.lower, published.end)
    body = _last_lines(ctx, published.end, len(a) if stop is None else stop, 2)
    if len(body) >= 2:
        s, e = body[-1]
        text = ctx.value(s, e)
        if (len(text) <= 60 and len(text.split()) <= 8 and not text.endswith((".", ":", ";"))
                and not text.startswith(("-", "+")) and not _CAPTION.match(text)):
            author = text
    return title, source, author


_CAPTION = regex.compile(r"(?i)^(?:ảnh|nguồn|video)\s*:")


def _in_chrome_line(ctx: Context, s: int, e: int) -> bool:
    """Does a chrome span start at or before the line and reach into it (or to its end), and
    is the line blank without its chrome?

    Whether some span with start <= s has end > s or >= e is read off the largest end among
    them (engine's ChromeIndex, a bisect) instead of a walk over the spans from the first: a
    portal page ends in counters, and its last lines are the ones looked at."""
    if not ctx.chrome:
        return False
    index = ctx._chrome_index  # as engine.in_chrome keeps it
    if index is None or index.size != len(ctx.chrome):
        index = ctx._chrome_index = ChromeIndex(ctx.chrome)
    k = bisect.bisect_right(index.starts, s)  # the spans starting at or before s
    if k == 0:
        return False
    top = index.max_end[k - 1]
    if top > s or top >= e:
        return _strip_chrome(ctx, s, e).strip() == ""
    return False


def metadata(ctx: Context) -> DocumentMetadata:
    """Header, date line, type, subject, signer, recipients; or a portal item's byline."""
    number = _header_number(ctx)
    dates = ctx.accepted.get("dates", [])
    issued = next((c for c in dates if c.value.role == "issued"), None)
    published = next((c for c in dates if c.value.role == "published"), None)
    fields: dict[str, object] = {}
    if number is not None or issued is not None:
        anchor = number if number is not None else issued
        fields["issuer"] = _issuer(ctx, anchor.start)
        if number is not None:
            fields["number"] = number.value.normalized
        if issued is not None:
            fields["issued_date"] = issued.value.value
            place = ctx.accepted.get("issued_place")
            fields["place"] = ctx.value(*place) if place else None
        after = max(c.end for c in (number, issued) if c is not None)
        if number is not None and number.start > _HEADER_ZONE:
            after = 0  # a VBHN certification block at the end: the type line is at the top
        doc_type, subject = _type_and_subject(ctx, after)
        if number is not None and number.value.type_code == "VBHN":
            doc_type = number.value.doc_type
        if doc_type is None and number is not None:
            doc_type = number.value.doc_type
            subject = _vv_subject(ctx, ctx.ascii.rfind("\n", 0, number.start) + 1)
        fields["doc_type"] = doc_type
        fields["subject"] = subject
        fields["title"] = subject
        fields["signer"] = _signer(ctx)
        fields["recipients"] = _recipients(ctx)
    if published is not None:
        fields["published_date"] = published.value.value
        title, source, author = _portal(ctx, published)
        fields.setdefault("title", title)
        if fields.get("title") is None:
            fields["title"] = title
        fields["source"] = source
        fields["author"] = author
    return DocumentMetadata(**fields)  # type: ignore[arg-type]
