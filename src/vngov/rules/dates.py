"""Dates and periods.

Patterns read the ASCII view with case folded (``ngay 13 thang 01 nam 2021`` is the same phrase
with or without diacritics). A date's span starts at its cue word when one stands right before it
(``ngày 13 tháng 01 năm 2021``, ``Ngày 15-01-2021``, ``tháng 3/2021``, ``năm 2021``).

Nothing is ever taken from the clock: a day and month without a year (``Sáng 15/11``) is
completed from ``reference_date`` or the document's own date and marked ``inferred``; with no
anchor it is left out. Invalid calendar dates (``31/02/2021``) are not dates.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

import regex

from vngov.model import DateMention, Period
from vngov.rules.engine import Candidate, Context, select

# Hot patterns scan the lower-cased ASCII view without (?i) and start with a literal word or a
# digit, so the engine skips most positions at once. Measured on realdata/gazette (5 MB): a
# leading optional cue group made a pattern ~15x slower; a pattern led by a literal word
# ("tháng ...") scans at ~1 GB/s, a digit-led one at ~80 MB/s. So the long form is found from its
# "tháng" and its day looked up right before.
# Cue words ("ngày", "hôm") are then looked up right before the match.
_B = r"(?<![\w/.\-])"  # left boundary of a number
_E = r"(?![\w]|[/.\-]\d)"  # right boundary of a number
_Y = r"(?P<y>(?:19|20)\d\d)"
_SP = r"[ \t]*"

# "13 tháng 01 năm 2021", "13 tháng 01, năm 2021": found from "tháng", the day right before
LONG = regex.compile(
    rf"(?<={_B}(?P<d>\d{{1,2}})\s{{1,8}})thang\s+(?P<m>\d{{1,2}})\s*,?\s+nam\s+{_Y}{_E}"
)
# "13/01/2021", "13-01-2021", "13.01.2021", "5/3/2021": one pattern
#     {_B}(?P<d>\d{1,2}){_SP}(?P<sep>[/.\-]){_SP}(?P<m>\d{1,2}){_SP}(?P=sep){_SP}{_Y}{_E}
# written as one per separator, each led by its second separator with the day and month in a
# lookbehind: a literal lead is found fast, a digit lead is tried at every position (2.6 -> 1.5 ms
# a corpus pass). ``_merge_matches`` merges them back into that pattern's ``finditer``.
NUMERIC_BY_SEP = [
    regex.compile(
        rf"(?<={_B}(?P<d>\d{{1,2}}){_SP}(?P<sep>{sep}){_SP}(?P<m>\d{{1,2}}){_SP}){sep}{_SP}{_Y}{_E}"
    )
    for sep in ("/", r"\.", "-")
]
_DIGITS = regex.compile(r"\d+")
_CUE_BEFORE = re.compile(r"(?:\bngay|\bhom)\s*:?\s*$")
_RE_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # re's \s on the ASCII view
_SPACE_COLON = _RE_SPACE + ":"
# "ngày 13 và 14 tháng 01 năm 2021", "ngày 13, 14 và 15/01/2021": a list of days sharing a month
DAY_LIST = regex.compile(
    rf"\bngay\s+(?P<days>\d{{1,2}}(?:\s*(?:,|va)\s*\d{{1,2}})+)\s*"
    rf"(?:thang\s+(?P<m>\d{{1,2}})\s*,?\s+nam\s+{_Y}|/\s*(?P<m>\d{{1,2}})\s*/\s*{_Y}){_E}"
)
# day and month alone: "ngày 15/3", "Sáng 15/11", "ngày 15 tháng 3" (year from elsewhere)
# One pattern
#     (?<=\b(?P<cue>ngay|hom|sang|chieu|toi|trua|dem|tu|den|va)\s{1,3})(?P<d>\d{1,2})
#     (?:[ \t]*(?P<sep>[/.\-])[ \t]*(?P<m>\d{1,2})|\s+thang\s+(?P<m2>\d{1,2}))(?!...)
# written, like NUMERIC, as one pattern per separator and one for "tháng", each led by that
# literal with cue and day in a lookbehind (2.8 -> 2.3 ms a corpus pass). Unused groups are empty.
_DM_CUE_DAY = r"\b(?P<cue>ngay|hom|sang|chieu|toi|trua|dem|tu|den|va)\s{1,3}(?P<d>\d{1,2})"
_DM_END = r"(?![\w]|[ \t]*[/.\-][ \t]*\d|\s*,?\s*nam\s+\d)"
DAY_MONTH_PARTS = [
    *(
        regex.compile(
            rf"(?<={_DM_CUE_DAY}[ \t]*)(?P<sep>{sep})[ \t]*(?P<m>\d{{1,2}})(?P<m2>){_DM_END}"
        )
        for sep in ("/", r"\.", "-")
    ),
    regex.compile(rf"(?<={_DM_CUE_DAY}\s+)(?P<sep>)(?P<m>)thang\s+(?P<m2>\d{{1,2}}){_DM_END}"),
]
# The strings whose .lower() is "năm" (no other character lowers to n, ă or m): a set lookup
# instead of lower-casing a slice of the NFC view for every "nam" (~700 a pass).
_NAM = frozenset(n + a + m for n in "Nn" for a in "Ăă" for m in "Mm")
_DAY_CUES = ("ngay", "hom")  # part of the span; time-of-day words and từ/đến are not
# "tháng 01/2021", "tháng 3 năm 2021", "tháng 3-2021"
MONTH = regex.compile(rf"\bthang\s+(?P<m>\d{{1,2}})(?:\s*[/.\-]\s*|\s*,?\s+nam\s+){_Y}{_E}")
# "năm 2021"
YEAR = regex.compile(rf"\bnam\s+{_Y}{_E}")

# Periods
_YR1 = r"(?P<y1>(?:19|20)\d\d)"
_YR2 = r"(?P<y2>(?:19|20)\d\d)"
_DASH = r"\s*-\s*"
YEAR_RANGE = regex.compile(rf"{_B}{_YR1}{_DASH}{_YR2}{_E}")
# A dot or dash with a digit on each side (spaces between allowed): the only places where the
# "." and "-" parts of NUMERIC and DAY_MONTH, and YEAR_RANGE (digit-led, so tried at every
# position), can match -- a numeric date's second separator, a day-month's separator, a year
# range's dash. Dots and dashes are frequent; those between digits are few (~150 and ~230 in
# the corpus), so one scan for them and ``match`` at each is cheaper than a scan a pattern.
_DIGIT_DOT = regex.compile(r"(?<=\d[ \t]*)\.(?=[ \t]*\d)")
_DIGIT_DASH = regex.compile(r"(?<=\d\s*)-(?=\s*\d)")
_REGEX_SPACE = " \t\n\r\x0b\x0c"  # regex's \s on the ASCII view
_RANGE_CUE = re.compile(
    r"\b(?P<cue>giai doan|nam hoc|nhiem ky|nien khoa|nien do|thoi ky|khoa|nam|cac nam)\s+$"
)
# "từ ngày 01 đến ngày 18/11/2021": the first day borrows month and year from the second
DAY_ONLY_FROM = regex.compile(r"\btu\s+(?P<day>ngay\s+(?P<d>\d{1,2}))\s+(?:den|toi)\s+(?:het\s+)?")
FROM_TO_YEAR = regex.compile(
    rf"\btu\s+(?:nam\s+)?{_YR1}\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?{_YR2}{_E}"
)
QUARTER = regex.compile(
    rf"\bquy\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*[/.\-]\s*|\s*,?\s+nam\s+){_Y}{_E}"
)
# "6 tháng đầu năm 2021": found from "tháng đầu/cuối năm", the count in a lookbehind
HALF = regex.compile(
    rf"(?<=\b(?P<n>3|6|9|sau|ba|chin)\s{{1,3}})thang\s+(?P<part>dau|cuoi)\s+nam(?:\s+{_Y})?{_E}"
)

# Group numbers the hot loops of _find_dates read (m.group(3, 2, 1) for LONG's y, m, d ...).
_GROUPS = [
    (LONG, {"d": 1, "m": 2, "y": 3}),
    *((p, {"d": 1, "sep": 2, "m": 3, "y": 4}) for p in NUMERIC_BY_SEP),
    *((p, {"cue": 1, "d": 2, "sep": 3, "m": 4, "m2": 5}) for p in DAY_MONTH_PARTS),
    (MONTH, {"m": 1, "y": 2}),
    (YEAR, {"y": 1}),
]
for _pattern, _groups in _GROUPS:
    if _pattern.groupindex != _groups:
        raise AssertionError(f"group numbers of {_pattern.pattern!r} changed")

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_HALF_N = {"3": 3, "6": 6, "9": 9, "sau": 6, "ba": 3, "chin": 9}


@dataclass
class DateDraft:
    """A date before document-level resolution (role, inferred year)."""

    start: int
    end: int
    rule: str
    precision: str
    y: int | None
    m: int | None = None
    d: int | None = None
    role: str | None = None
    inferred: bool = False
    needs_year: bool = False
    shares: list[DateDraft] = field(default_factory=list)

    def iso(self) -> str:
        # %-formatting: 0.3 µs against 0.5 µs for the f-string, on every date
        if self.precision == "day":
            return "%04d-%02d-%02d" % (self.y, self.m, self.d)  # noqa: UP031
        if self.precision == "month":
            return "%04d-%02d" % (self.y, self.m)  # noqa: UP031
        return "%04d" % self.y  # noqa: UP031


def valid_date(y: int | None, m: int | None, d: int | None) -> bool:
    # Days 1-28 of months 1-12 exist in every year: answered without building a date (the
    # try/except below costs ~0.5 µs, and nearly every candidate is such a day).
    if m is not None and d is not None and 0 < d < 29 and 0 < m < 13:
        return True
    if y is None:
        y = 2000  # a leap year: "29/02" alone stays possible until the year is known
    try:  # a missing month or day is any; 0 is none ("1\n0-8-2025" gave day 0: a crash)
        dt.date(y, 1 if m is None else m, 1 if d is None else d)
    except ValueError:
        return False
    return True


def _cue_start(a: str, start: int) -> int:
    """Start of the date at ``start`` with its cue word ("ngày", "hôm") when one stands right
    before: ``_CUE_BEFORE.search(a, max(0, start - 8), start)`` written out in string methods
    (that search cost ~1 µs a date, on ~700 dates a pass): the cue, at most one colon among
    the spaces after it, a word boundary before it (looked up in ``a``, as ``re`` does), all
    within the 8 characters before the date."""
    lo = max(0, start - 8)
    t = a[lo:start].rstrip(_RE_SPACE)
    if t.endswith(":"):
        t = t[:-1].rstrip(_RE_SPACE)
    for cue in _DAY_CUES:
        if t.endswith(cue):
            s = lo + len(t) - len(cue)
            if s >= lo and (s == 0 or not (a[s - 1].isalnum() or a[s - 1] == "_")):
                return s
            return start
    return start


def _merge_matches(found: list[regex.Match[str]], day: int) -> list[regex.Match[str]]:
    """``finditer`` of the one pattern split in several by literal lead (NUMERIC, DAY_MONTH),
    from all the parts' matches: sorted by the start of the day (group ``day``), one that starts
    inside the previous match skipped as ``finditer`` would. Exact because every match of the
    original starts at a day that one part finds from its separator or "tháng" (the day and
    month are whole digit runs, so there is one day per separator), and each part finds every
    one of its matches: "/" and "tháng" parts by ``finditer`` (their own match, separator to
    end, holds no other separator or "tháng" lead to hide), "." and "-" parts by ``match`` at
    every dot or dash between digits (_DIGIT_DOT, _DIGIT_DASH)."""
    found.sort(key=lambda m: m.start(day))
    out = []
    last = 0
    for m in found:
        if m.start(day) >= last:
            out.append(m)
            last = m.end()
    return out


def _year_ranges(a: str, dashes: list[int]) -> list[regex.Match[str]]:
    """``YEAR_RANGE.finditer(a)``, from the dashes between digits: a match's first year ends
    right before the whitespace before its dash, so each dash gives the one start to try with
    ``match`` (which sees the text before it, for the left boundary). Starts grow with the
    dashes; one inside the previous match is skipped as ``finditer`` skips it."""
    out = []
    last = 0
    for q in dashes:
        j = q
        while j > 0 and a[j - 1] in _REGEX_SPACE:
            j -= 1
        if j - 4 < last:
            continue
        m = YEAR_RANGE.match(a, j - 4)
        if m:
            out.append(m)
            last = m.end()
    return out


def _matches_at(positions: list[int], a: str, pattern: regex.Pattern[str]) -> list:
    """``pattern.match(a, q)`` at each position that gives one."""
    match = pattern.match
    return [m for m in map(match, itertools.repeat(a), positions) if m]


def _find_dates(ctx: Context, dots: list[int], dashes: list[int]) -> list[Candidate]:
    a = ctx.lower
    claimed = ctx.claimed
    out: list[Candidate] = []

    invalid: list[tuple[int, int]] = []

    # A candidate's value is the tuple of DateDraft's fields; only the ones ``select`` keeps are
    # made DateDrafts (about 40% of candidates lose, mostly years inside full dates).
    def add(start: int, end: int, draft: tuple, priority: int) -> None:
        if claimed(start, end) or (invalid and any(s <= start and end <= e for s, e in invalid)):
            return
        out.append(Candidate(start, end, priority, draft))

    longs, months, dm_thang = (list(p.finditer(a)) for p in (LONG, MONTH, DAY_MONTH_PARTS[-1]))
    # Groups are read by number in these loops (by name costs ~0.2 µs a call in ``regex``);
    # the numbers are checked against the names at import (see _GROUPS).
    # A full date that is no calendar date ("ngày 32 tháng 1 năm 2021") blocks its parts too:
    # "tháng 1 năm 2021" inside it is not a month mention.
    slash, dot, dash = NUMERIC_BY_SEP
    numerics = _merge_matches(
        [*slash.finditer(a), *_matches_at(dots, a, dot), *_matches_at(dashes, a, dash)], 1
    )
    for matches, rule, priority in ((longs, "dates.long", 10), (numerics, "dates.numeric", 20)):
        for m in matches:
            y, mo, d = m.group(3, 2, 1) if priority == 10 else m.group(4, 3, 1)
            y, mo, d = int(y), int(mo), int(d)
            s = _cue_start(a, m.start(1))
            e = m.end()
            if valid_date(y, mo, d):
                add(s, e, (rule, "day", y, mo, d, False), priority)
            else:
                invalid.append((s, e))
    for m in DAY_LIST.finditer(a):
        y, mo = int(m["y"]), int(m["m"])
        days = list(_DIGITS.finditer(m["days"]))
        spans = []
        for i, dm in enumerate(days):
            d = int(dm.group())
            if not valid_date(y, mo, d):
                break
            s = m.start() if i == 0 else m.start("days") + dm.start()
            e = m.start("days") + dm.end() if i < len(days) - 1 else m.end()
            spans.append((s, e, d))
        else:
            for s, e, d in spans:
                add(s, e, ("dates.day_list", "day", y, mo, d, False), 5)
    slash, dot, dash, _ = DAY_MONTH_PARTS
    dm_sep = [*slash.finditer(a), *_matches_at(dots, a, dot), *_matches_at(dashes, a, dash)]
    for m in _merge_matches(dm_sep + dm_thang, 2):
        cue, d, sep, mo, mo2 = m.groups()
        mo, d = int(mo or mo2), int(d)
        day_cue = cue in _DAY_CUES
        if sep == "." and not day_cue:
            continue  # "sáng 15.11" is too often a decimal
        if valid_date(None, mo, d):
            s = m.start(1) if day_cue else m.start(2)
            add(s, m.end(), ("dates.day_month", "day", None, mo, d, True), 40)
    full: dict[int, tuple] | None = None
    for m in DAY_ONLY_FROM.finditer(a):
        if full is None:
            full = {c.start: c.value for c in select(list(out))}
        second = full.get(m.end())
        # second: (rule, precision, y, m, d, needs_year)
        if second is None or second[1] != "day" or second[5]:
            continue
        d = int(m["d"])
        if d < second[4] and valid_date(second[2], second[3], d):
            s, e = m.start("day"), m.end("day")
            add(s, e, ("dates.day_of_range", "day", second[2], second[3], d, False), 15)
    for m in months:
        mo, y = m.groups()
        y, mo = int(y), int(mo)
        if 1 <= mo <= 12:
            add(m.start(), m.end(), ("dates.month", "month", y, mo, None, False), 30)
    # In a text that has diacritics, the ASCII-folded "nam" must be the real word:
    # ``Việt Nam 2021`` is not ``năm 2021``.
    nfc = ctx.nfc if ctx.has_diacritics else None
    for m in YEAR.finditer(a):
        s, e = m.span()
        if nfc is None or nfc[s : s + 3] in _NAM:
            add(s, e, ("dates.year", "year", int(m.group(1)), None, None, False), 50)
    kept = select(out)
    for c in kept:
        rule, precision, y, mo, d, needs_year = c.value
        c.value = DateDraft(c.start, c.end, rule, precision, y, mo, d, needs_year=needs_year)
    return kept


def _period(ctx: Context, start: int, end: int, rule: str, a: str, b: str) -> Candidate:
    s, e = ctx.nt.to_original(start, end)  # ctx.span_kwargs without its dict
    return Candidate(start, end, 0, Period(text=ctx.nt.original[s:e], start=s, end=e,
                                           rule="composites:" + rule, start_value=a, end_value=b))


def _find_periods(ctx: Context, dates: list[Candidate], dashes: list[int]) -> list[Candidate]:
    a = ctx.lower
    out: list[Candidate] = []
    for m in _year_ranges(a, dashes):
        y1, y2 = int(m["y1"]), int(m["y2"])
        cue_m = _RANGE_CUE.search(a, max(0, m.start() - 14), m.start())
        cue = cue_m["cue"] if cue_m else ""
        if not (y1 < y2 <= y1 + 50):
            continue
        if cue == "nam hoc" and y2 != y1 + 1:
            continue
        s = cue_m.start() if cue_m else m.start("y1")
        if ctx.claimed(s, m.end()):
            continue
        out.append(_period(ctx, s, m.end(), "periods.year_range", str(y1), str(y2)))
    for m in FROM_TO_YEAR.finditer(a):
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y1 < y2 <= y1 + 50:
            out.append(_period(ctx, m.start(), m.end(), "periods.from_to_year", str(y1), str(y2)))
    for m in QUARTER.finditer(a):
        q = m["q"].upper()
        qn = _ROMAN.get(q) or int(q)
        y = int(m["y"])
        out.append(_period(ctx, m.start(), m.end(), "periods.quarter",
                           f"{y:04d}-{3 * qn - 2:02d}", f"{y:04d}-{3 * qn:02d}"))
    for m in HALF.finditer(a):
        n = _HALF_N[m["n"]]
        if not m["y"]:
            continue
        y = int(m["y"])
        first, last = (1, n) if m["part"] == "dau" else (13 - n, 12)
        out.append(_period(ctx, m.start("n"), m.end(), "periods.part_of_year",
                           f"{y:04d}-{first:02d}", f"{y:04d}-{last:02d}"))
    out.extend(_from_to_dates(ctx, dates))
    return select(out)


# The words between two dates, the whole gap: ``fullmatch`` on the gap in place (no slice: gaps
# run to kilobytes); same as ^...$ on the slice, as a final newline is whitespace for \s+.
_BETWEEN = regex.compile(r"(?i)\s+(?:den|toi)\s+(?:het\s+)?")
_FROM = regex.compile(r"(?i)\b(?:tu|ke tu|bat dau tu)\s+$")


def _from_to_dates(ctx: Context, dates: list[Candidate]) -> list[Candidate]:
    """``từ ngày 15/3 đến ngày 30/4/2021``: two dates joined by đến make a period; a partial first
    date takes the missing year (and month) from the second -- stated in the phrase, so not
    inferred."""
    out: list[Candidate] = []
    a = ctx.ascii
    for c1, c2 in itertools.pairwise(dates):
        if not _BETWEEN.fullmatch(a, c1.end, c2.start):
            continue
        f = _FROM.search(a, max(0, c1.start - 12), c1.start)
        if not f:
            continue
        d1: DateDraft = c1.value
        d2: DateDraft = c2.value
        if d2.needs_year:
            continue
        if d1.needs_year:
            d1.y = d2.y
            if d1.m is not None and d2.m is not None and d1.m > d2.m:
                d1.y = d2.y - 1  # "từ ngày 15/12 đến ngày 15/01/2022"
            if not valid_date(d1.y, d1.m, d1.d):
                continue
            d1.needs_year = False
            d1.rule += "+range_year"
        start = f.start()
        out.append(_period(ctx, start, c2.end, "periods.from_to", d1.iso(), d2.iso()))
    return out


def find(ctx: Context) -> tuple[list[Candidate], list[Candidate]]:
    """Stage 1-2: date atoms, then periods built over them."""
    a = ctx.lower
    dots = [m.start() for m in _DIGIT_DOT.finditer(a)]
    dashes = [m.start() for m in _DIGIT_DASH.finditer(a)]
    dates = _find_dates(ctx, dots, dashes)
    periods = _find_periods(ctx, dates, dashes)
    # A year that only anchors a period phrase ("quý II năm 2021") is not a date of its own.
    inside = [(p.start, p.end) for p in periods if p.value.rule != "composites:periods.from_to"]
    dates = [
        c for c in dates
        if not (c.value.precision == "year" and any(s <= c.start and c.end <= e for s, e in inside))
    ]
    return dates, periods


# Roles from the words before a date (Nghị định 30/2020/NĐ-CP, Điều 11: effect from the date
# signed unless stated; deadlines are "trước ngày" / "chậm nhất ngày").
_ROLE_BEFORE = [
    ("effective", regex.compile(r"(?i)(?:co hieu luc|hieu luc thi hanh|hieu luc)\s+(?:thi hanh\s+)?"
                                r"(?:ke\s+)?(?:tu|bat dau tu)\s+$")),
    ("deadline", regex.compile(r"(?i)(?:truoc|cham nhat(?: la)?|han chot(?: la)?|han cuoi(?: la)?|"
                               r"khong muon hon|thoi han(?: nop)?(?: la)?)\s*:?\s*$")),
    ("published", regex.compile(r"(?i)(?:ngay dang|dang ngay|cap nhat(?: luc| ngay)?|"
                                r"ngay xuat ban|thoi gian dang)\s*:?\s*$")),
]
# Which role patterns can match, by the last two letters of the text once trailing spaces and
# colons are stripped: every pattern ends in a keyword and then only spaces or a colon, so its
# keyword's last letters end that stripped text. A 40-character search costs ~1.2 µs a pattern;
# most dates end in none of these and need no search at all. No keyword of one role ends
# another's, so at most one role matches and the order of the list is the order above.
_ROLE_PATTERNS = dict(_ROLE_BEFORE)
_ROLE_BY_LAST_LETTERS: dict[str, list[tuple[str, regex.Pattern[str]]]] = {}
for _role, _words in (
    ("effective", ("tu",)),
    ("deadline", ("truoc", "nhat", "la", "chot", "cuoi", "hon", "han", "nop")),
    ("published", ("dang", "ngay", "nhat", "luc", "ban")),
):
    for _word in _words:
        _roles = _ROLE_BY_LAST_LETTERS.setdefault(_word[-2:], [])
        if (_role, _ROLE_PATTERNS[_role]) not in _roles:
            _roles.append((_role, _ROLE_PATTERNS[_role]))


# "Hậu Giang, ngày 13 tháng 01 năm 2021": a place, a comma, the date, ending its line; in a
# two-column header the number stands left of it ("Số: 112/TB-UBND      Thới Bình, ngày ...").
_DATE_LINE_PLACE = regex.compile(
    r"(?:(?<=\n)|(?<![\s\S])|(?<=[ \t]{2})|(?<=\t))"
    r"[ \t]*(?P<place>[A-Z][^\n,;:.\t]{1,40}?)[ \t]*,[ \t]*$"
)
# A portal's date line may name the weekday or a cue: "Thứ Ba, 16/09/2025 14:20", "Cập nhật: ..."
_PUBLISHED_PREFIX = regex.compile(
    r"(?i)(?:(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)\s*,?|ngay dang|dang ngay|cap nhat|"
    r"ngay cap nhat|thoi gian)?\s*[-:,|]?\s*$"
)


def resolve(ctx: Context) -> None:
    """Stage 3: roles, the document's own date, inferred years; builds the final mentions."""
    a = ctx.ascii
    drafts: list[DateDraft] = [c.value for c in ctx.accepted.get("dates", [])]
    issued: DateDraft | None = None
    published: DateDraft | None = None
    for d in drafts:
        if d.precision == "day" and not d.needs_year and (issued is None or published is None):
            line_start = a.rfind("\n", 0, d.start) + 1
            line_end = a.find("\n", d.end)
            line_end = len(a) if line_end < 0 else line_end
            after = a[d.end : line_end].strip()
            if issued is None and not after:
                place = _DATE_LINE_PLACE.search(a, line_start, d.start)
                if place:
                    d.role = "issued"
                    issued = d
                    ctx.accepted["issued_place"] = place.span("place")
                    continue
            # A portal item's date line: alone on its line, under a headline, near the top.
            if (published is None and len(after) <= 12 and line_start > 0
                    and _PUBLISHED_PREFIX.match(a, line_start, d.start)
                    and a[:line_start].strip() and a.count("\n", 0, d.start) < 40):
                d.role = "published"
                published = d
                continue
        before = a[max(0, d.start - 40) : d.start]
        for role, pat in _ROLE_BY_LAST_LETTERS.get(before.rstrip(_SPACE_COLON)[-2:].lower(), ()):
            if pat.search(before):
                d.role = role
                if role == "published" and published is None and not d.needs_year:
                    published = d
                break
    anchor = ctx.reference_date
    if anchor is None:
        for d in (issued, published):
            if d is not None:
                anchor = dt.date(d.y, d.m, d.d)  # type: ignore[arg-type]
                break
    final: list[Candidate] = []
    nt = ctx.nt
    original = nt.original
    for c in ctx.accepted.get("dates", []):
        d = c.value
        if d.needs_year:
            if anchor is None:
                continue
            d.y = _nearest_year(anchor, d.m, d.d)
            if d.y is None:
                continue
            d.inferred = True
        s, e = nt.to_original(d.start, d.end)  # ctx.span_kwargs without its dict
        c.value = DateMention(text=original[s:e], start=s, end=e, rule="atoms:" + d.rule,
                              value=d.iso(), precision=d.precision, role=d.role,
                              inferred=d.inferred)
        final.append(c)
    ctx.accepted["dates"] = final
    ctx.accepted["document_date"] = issued or published  # used by metadata


def _nearest_year(anchor: dt.date, m: int | None, d: int | None) -> int | None:
    """The year that puts day/month closest to the anchor (a notice of 5 January that says
    "Sáng 28/12" speaks of last December)."""
    best: tuple[int, int] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        if not valid_date(y, m, d):
            continue
        gap = abs((dt.date(y, m or 1, d or 1) - anchor).days)
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else None
