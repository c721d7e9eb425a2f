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
from vngov.rules.engine import WHITESPACE as _WS
from vngov.rules.engine import Candidate, Context, select

# Hot patterns scan the lower-cased ASCII view without (?i) and start with a literal word or a
# digit, so the engine skips most positions at once. Measured on realdata/gazette (5 MB): a
# leading optional cue group made a pattern ~15x slower; a pattern led by a literal word
# ("tháng ...") scans at ~1 GB/s, a digit-led one at ~80 MB/s. So the long form is found from its
# "tháng" and its day looked up right before.
# Cue words ("ngày", "hôm") are then looked up right before the match.
#
# Each scan of a text costs about as much as the next (~3 µs for an average corpus text, ~0.5 ms
# a corpus pass), whatever it finds; so the shapes that start at the same literal ("tháng", "/",
# ".", "-", "từ") are tested in ONE scan of that literal, each shape a lookbehind-lookahead pair
# tried at the literal (8 scans a text instead of 15). The shapes, one pattern each, are written
# out in the comments above each scan. A shape's own ``finditer`` finds it at every such literal
# where it matches: no match of one holds a second of its literal (so none hides another), which
# is what makes the shared scan give the same matches.
_B = r"(?<![\w/.\-])"  # left boundary of a number
_E = r"(?![\w]|[/.\-]\d)"  # right boundary of a number
_YEAR = r"(?:19|20)\d\d"
_SP = r"[ \t]*"

# "tháng", with four shapes tested at it (optional groups: several may match at one "tháng"):
#   LONG, "13 tháng 01 năm 2021", "13 tháng 01, năm 2021" (the day right before):
#       (?<={_B}(?P<d>\d{1,2})\s{1,8})thang\s+(?P<m>\d{1,2})\s*,?\s+nam\s+{_Y}{_E}
#   MONTH, "tháng 01/2021", "tháng 3 năm 2021", "tháng 3-2021":
#       \bthang\s+(?P<m>\d{1,2})(?:\s*[/.\-]\s*|\s*,?\s+nam\s+){_Y}{_E}
#   DAY_MONTH by "tháng", "ngày 15 tháng 3" (see DAY_MONTH below):
#       (?<={_DM_CUE_DAY}\s+)thang\s+(?P<m>\d{1,2}){_DM_END}
#   HALF, "6 tháng đầu năm 2021" (a period; one without its year is no period):
#       (?<=\b(?P<n>3|6|9|sau|ba|chin)\s{1,3})thang\s+(?P<part>dau|cuoi)\s+nam\s+{_Y}{_E}
# A shape's match ends at its last group (the boundaries after it are lookaheads).
_DM_CUE_DAY = r"\b(?P<dm_cue>ngay|hom|sang|chieu|toi|trua|dem|tu|den|va)\s{1,3}(?P<dm_d>\d{1,2})"
_DM_END = r"(?![\w]|[ \t]*[/.\-][ \t]*\d|\s*,?\s*nam\s+\d)"
THANG = regex.compile(
    r"thang(?=\s)"
    rf"(?:(?<={_B}(?P<long_d>\d{{1,2}})\s{{1,8}}thang)"
    rf"(?=\s+(?P<long_m>\d{{1,2}})\s*,?\s+nam\s+(?P<long_y>{_YEAR}){_E}))?"
    r"(?:(?<=\bthang)"
    rf"(?=\s+(?P<month_m>\d{{1,2}})(?:\s*[/.\-]\s*|\s*,?\s+nam\s+)(?P<month_y>{_YEAR}){_E}))?"
    rf"(?:(?<={_DM_CUE_DAY}\s+thang)(?=\s+(?P<dm_m>\d{{1,2}}){_DM_END}))?"
    r"(?:(?<=\b(?P<half_n>3|6|9|sau|ba|chin)\s{1,3}thang)"
    rf"(?=\s+(?P<half_part>dau|cuoi)\s+nam\s+(?P<half_y>{_YEAR}){_E}))?"
)


def _at_separator(sep: str) -> regex.Pattern[str]:
    r"""The scan of one separator ("/", "." or "-"), with the shapes tested at it. They exclude
    each other (the digits before the separator are a day or month, 1-2 digits, for NUMERIC
    and DAY_MONTH and a year for YEAR_RANGE; those after it a year for NUMERIC and a month
    for DAY_MONTH), so one alternation finds every shape's match.

    NUMERIC, "13/01/2021", "13-01-2021", "13.01.2021", "5/3/2021", at its second separator:
        {_B}(?P<d>\d{1,2}){_SP}(?P<sep>[/.\-]){_SP}(?P<m>\d{1,2}){_SP}(?P=sep){_SP}{_Y}{_E}
    DAY_MONTH, "ngày 15/3", "Sáng 15/11" (year from elsewhere), at its separator:
        (?<={_DM_CUE_DAY}[ \t]*)(?P<sep>[/.\-])[ \t]*(?P<m>\d{1,2}){_DM_END}
    YEAR_RANGE, "2021-2025", at its dash:
        {_B}(?P<y1>{_YEAR})\s*-\s*(?P<y2>{_YEAR}){_E}
    """
    s = regex.escape(sep)
    year_range = (
        rf"|(?<={_B}(?P<yr_1>{_YEAR})\s*-)(?=\s*(?P<yr_2>{_YEAR}){_E})" if sep == "-" else ""
    )
    # First a digit on each side (spaces between): every shape needs it, and most separators
    # fail it at once (dot scan 1.0 -> 0.6 ms a corpus pass). YEAR_RANGE allows any whitespace.
    space = r"\s*" if sep == "-" else _SP
    return regex.compile(
        rf"{s}(?<=\d{space}{s})(?={space}\d)"
        rf"(?:(?<={_B}(?P<num_d>\d{{1,2}}){_SP}{s}{_SP}(?P<num_m>\d{{1,2}}){_SP}{s})"
        rf"(?={_SP}(?P<num_y>{_YEAR}){_E})"
        rf"|(?<={_DM_CUE_DAY}[ \t]*{s})(?=[ \t]*(?P<dm_m>\d{{1,2}}){_DM_END}){year_range})"
    )


SLASH, DOT, DASH = (_at_separator(sep) for sep in "/.-")
_DIGITS = regex.compile(r"\d+")
_CUE_BEFORE = re.compile(r"(?:\bngay|\bhom)\s*:?\s*$")
_RE_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # re's \s on the ASCII view
_SPACE_COLON = _RE_SPACE + ":"
# "ngày 13 và 14 tháng 01 năm 2021", "ngày 13, 14 và 15/01/2021": a list of days sharing a month
#     \bngay\s+(?P<days>\d{1,2}(?:\s*(?:,|va)\s*\d{1,2})+)\s*
#     (?:thang\s+(?P<m>\d{1,2})\s*,?\s+nam\s+{_Y}|/\s*(?P<m>\d{1,2})\s*/\s*{_Y}){_E}
# in ``re`` from the literal "ngay", \b tested in Python, as YEAR (no match holds a second
# "ngay"); ``re`` allows no repeated group name: the "/" branch's are m2, y2.
DAY_LIST = re.compile(
    rf"ngay{_WS}+(?P<days>\d{{1,2}}(?:{_WS}*(?:,|va){_WS}*\d{{1,2}})+){_WS}*"
    rf"(?:thang{_WS}+(?P<m>\d{{1,2}}){_WS}*,?{_WS}+nam{_WS}+(?P<y>{_YEAR})"
    rf"|/{_WS}*(?P<m2>\d{{1,2}}){_WS}*/{_WS}*(?P<y2>{_YEAR})){_E}"
)
# The strings whose .lower() is "năm" (no other character lowers to n, ă or m): a set lookup
# instead of lower-casing a slice of the NFC view for every "nam" (~700 a pass).
_NAM = frozenset(n + a + m for n in "Nn" for a in "Ăă" for m in "Mm")
_DAY_CUES = ("ngay", "hom")  # part of the span; time-of-day words and từ/đến are not
# "năm 2021"
#     \bnam\s+(?P<y>{_YEAR}){_E}
# scanned with stdlib ``re`` from its literal "nam" (a leading \b stops ``re`` from searching for
# the literal first: 7 ms a pass against 0.5), the \b then tested in Python (_after_word): a
# "nam" inside a word matched and dropped hides no match, as none holds a second "nam".
YEAR = re.compile(rf"nam{_WS}+(?P<y>{_YEAR}){_E}")

# Periods
_RANGE_CUE = re.compile(
    r"\b(?P<cue>giai doan|nam hoc|nhiem ky|nien khoa|nien do|thoi ky|khoa|nam|cac nam)\s+$"
)
# "từ", with two shapes that exclude each other ("ngày" or a year after it):
#   DAY_ONLY_FROM, "từ ngày 01 đến ngày 18/11/2021": the first day borrows month and year from
#   the second:
#       \btu\s+(?P<day>ngay\s+(?P<d>\d{1,2}))\s+(?:den|toi)\s+(?:het\s+)?
#   FROM_TO_YEAR, "từ năm 2020 đến năm 2025":
#       \btu\s+(?:nam\s+)?(?P<y1>{_YEAR})\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?(?P<y2>{_YEAR}){_E}
# (``re`` from the literal "tu", \b tested in Python, as YEAR)
TU = re.compile(
    rf"tu{_WS}+(?:(?P<from_day>ngay{_WS}+(?P<from_d>\d{{1,2}})){_WS}+(?:den|toi){_WS}+"
    rf"(?:het{_WS}+)?|(?:nam{_WS}+)?(?P<fty_1>{_YEAR}){_WS}+(?:den|toi){_WS}+(?:het{_WS}+)?"
    rf"(?:nam{_WS}+)?(?P<fty_2>{_YEAR}){_E})"
)
#     \bquy\s+(?P<q>iv|iii|ii|i|[1-4])(?:\s*[/.\-]\s*|\s*,?\s+nam\s+)(?P<y>{_YEAR}){_E}
# (``re`` from the literal "quy", \b tested in Python, as YEAR)
QUARTER = re.compile(
    rf"quy{_WS}+(?P<q>iv|iii|ii|i|[1-4])(?:{_WS}*[/.\-]{_WS}*|{_WS}*,?{_WS}+nam{_WS}+)"
    rf"(?P<y>{_YEAR}){_E}"
)


def _after_word(a: str, start: int) -> bool:
    """Is there a word character right before ``start`` (no \b there)? ``a`` is ASCII."""
    return start > 0 and (a[start - 1].isalnum() or a[start - 1] == "_")

# Group numbers the hot loops read (by name costs ~0.2 µs a call in ``regex``), checked here.
_GROUPS = [
    (THANG, ("long_d", "long_m", "long_y", "month_m", "month_y", "dm_cue", "dm_d", "dm_m",
             "half_n", "half_part", "half_y")),
    (SLASH, ("num_d", "num_m", "num_y", "dm_cue", "dm_d", "dm_m")),
    (DOT, ("num_d", "num_m", "num_y", "dm_cue", "dm_d", "dm_m")),
    (DASH, ("num_d", "num_m", "num_y", "dm_cue", "dm_d", "dm_m", "yr_1", "yr_2")),
    (TU, ("from_day", "from_d", "fty_1", "fty_2")),
    (YEAR, ("y",)),
]
for _pattern, _names in _GROUPS:
    if _pattern.groupindex != {name: i for i, name in enumerate(_names, 1)}:
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


def _first_per_day(found: list[tuple]) -> list[tuple]:
    """``finditer`` of one shape (NUMERIC, DAY_MONTH) from its matches at each of its separators
    (and "tháng"), as tuples (start of the day, end, ...): sorted by the day, one that starts
    inside the previous kept match skipped as ``finditer`` would. Exact because every match of
    the shape starts at a day followed by exactly one separator or "tháng" (day and month are
    whole digit runs), and the scans find every match at each."""
    found.sort(key=_day_start)
    out = []
    last = 0
    for hit in found:
        if hit[0] >= last:
            out.append(hit)
            last = hit[1]
    return out


def _day_start(hit: tuple) -> int:
    return hit[0]


@dataclass(slots=True)
class _Hits:
    """What the scans found in a text: tuples of view offsets and values, in text order."""

    longs: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # day, end, y, m, d
    numerics: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # the same
    # day, end, cue start, cue, separator ("" for "tháng"), m, d
    day_months: list[tuple[int, int, int, str, str, int, int]] = field(default_factory=list)
    months: list[tuple[int, int, int, int]] = field(default_factory=list)  # start, end, y, m
    halves: list[tuple[int, int, str, str, int]] = field(default_factory=list)  # ..., n, part, y
    year_ranges: list[tuple[int, int, int, int]] = field(default_factory=list)  # ..., y1, y2
    from_days: list[tuple[int, int, int, int]] = field(default_factory=list)  # "ngày d", end, d
    from_to_years: list[tuple[int, int, int, int]] = field(default_factory=list)  # ..., y1, y2


def _scan(a: str) -> _Hits:
    """The shared scans (THANG, SLASH, DOT, DASH, TU) of the lower-cased ASCII view."""
    h = _Hits()
    for m in THANG.finditer(a):
        long_d, long_m, long_y, month_m, month_y, cue, dm_d, dm_m, half_n, part, half_y = (
            m.groups()
        )
        if long_y is not None:
            h.longs.append((m.start(1), m.end(3), int(long_y), int(long_m), int(long_d)))
        if month_y is not None:
            h.months.append((m.start(), m.end(5), int(month_y), int(month_m)))
        if dm_m is not None:
            h.day_months.append((m.start(7), m.end(8), m.start(6), cue, "", int(dm_m), int(dm_d)))
        if half_y is not None:
            h.halves.append((m.start(9), m.end(11), half_n, part, int(half_y)))
    last_range = 0
    for pattern, sep in ((SLASH, "/"), (DOT, "."), (DASH, "-")):
        for m in pattern.finditer(a):
            num_d, num_m, num_y, cue, dm_d, dm_m, *years = m.groups()
            if num_y is not None:
                h.numerics.append((m.start(1), m.end(3), int(num_y), int(num_m), int(num_d)))
            elif dm_m is not None:
                h.day_months.append(
                    (m.start(5), m.end(6), m.start(4), cue, sep, int(dm_m), int(dm_d))
                )
            elif m.start(7) >= last_range:  # YEAR_RANGE's finditer skips one inside the last
                last_range = m.end(8)
                h.year_ranges.append((m.start(7), last_range, int(years[0]), int(years[1])))
    h.numerics = _first_per_day(h.numerics)
    h.day_months = _first_per_day(h.day_months)
    for m in TU.finditer(a):
        if _after_word(a, m.start()):
            continue
        _, from_d, fty_1, fty_2 = m.groups()
        if from_d is not None:
            h.from_days.append((m.start(1), m.end(1), m.end(), int(from_d)))
        else:
            h.from_to_years.append((m.start(), m.end(), int(fty_1), int(fty_2)))
    return h


def _find_dates(ctx: Context, h: _Hits) -> list[Candidate]:
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

    # A full date that is no calendar date ("ngày 32 tháng 1 năm 2021") blocks its parts too:
    # "tháng 1 năm 2021" inside it is not a month mention.
    for hits, rule, priority in ((h.longs, "dates.long", 10), (h.numerics, "dates.numeric", 20)):
        for day, e, y, mo, d in hits:
            s = _cue_start(a, day)
            if valid_date(y, mo, d):
                add(s, e, (rule, "day", y, mo, d, False), priority)
            else:
                invalid.append((s, e))
    for m in DAY_LIST.finditer(a):
        if _after_word(a, m.start()):
            continue
        y, mo = int(m["y"] or m["y2"]), int(m["m"] or m["m2"])
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
    for day, e, cue_start, cue, sep, mo, d in h.day_months:
        day_cue = cue in _DAY_CUES
        if sep == "." and not day_cue:
            continue  # "sáng 15.11" is too often a decimal
        if valid_date(None, mo, d):
            add(cue_start if day_cue else day, e, ("dates.day_month", "day", None, mo, d, True), 40)
    full: dict[int, tuple] | None = None
    for s, e, end, d in h.from_days:
        if full is None:
            full = {c.start: c.value for c in select(list(out))}
        second = full.get(end)
        # second: (rule, precision, y, m, d, needs_year)
        if second is None or second[1] != "day" or second[5]:
            continue
        if d < second[4] and valid_date(second[2], second[3], d):
            add(s, e, ("dates.day_of_range", "day", second[2], second[3], d, False), 15)
    for s, e, y, mo in h.months:
        if 1 <= mo <= 12:
            add(s, e, ("dates.month", "month", y, mo, None, False), 30)
    # In a text that has diacritics, the ASCII-folded "nam" must be the real word:
    # ``Việt Nam 2021`` is not ``năm 2021``.
    nfc = ctx.nfc if ctx.has_diacritics else None
    for m in YEAR.finditer(a):
        s, e = m.span()
        if _after_word(a, s):
            continue
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


def _find_periods(ctx: Context, dates: list[Candidate], h: _Hits) -> list[Candidate]:
    a = ctx.lower
    out: list[Candidate] = []
    for start, end, y1, y2 in h.year_ranges:
        cue_m = _RANGE_CUE.search(a, max(0, start - 14), start)
        cue = cue_m["cue"] if cue_m else ""
        if not (y1 < y2 <= y1 + 50):
            continue
        if cue == "nam hoc" and y2 != y1 + 1:
            continue
        s = cue_m.start() if cue_m else start
        if ctx.claimed(s, end):
            continue
        out.append(_period(ctx, s, end, "periods.year_range", str(y1), str(y2)))
    for start, end, y1, y2 in h.from_to_years:
        if y1 < y2 <= y1 + 50:
            out.append(_period(ctx, start, end, "periods.from_to_year", str(y1), str(y2)))
    for m in QUARTER.finditer(a):
        if _after_word(a, m.start()):
            continue
        q = m["q"].upper()
        qn = _ROMAN.get(q) or int(q)
        y = int(m["y"])
        out.append(_period(ctx, m.start(), m.end(), "periods.quarter",
                           f"{y:04d}-{3 * qn - 2:02d}", f"{y:04d}-{3 * qn:02d}"))
    for start, end, n_word, part, y in h.halves:
        n = _HALF_N[n_word]
        first, last = (1, n) if part == "dau" else (13 - n, 12)
        out.append(_period(ctx, start, end, "periods.part_of_year",
                           f"{y:04d}-{first:02d}", f"{y:04d}-{last:02d}"))
    out.extend(_from_to_dates(ctx, dates))
    return select(out)


# The words between two dates, the whole gap: ``fullmatch`` on the gap in place (no slice: gaps
# run to kilobytes); same as ^...$ on the slice, as a final newline is whitespace for \s+.
# These and the role, date-line and published-line patterns below are small searches in place
# (~2,000 a pass) on the ASCII view: stdlib ``re`` (\s spelled _WS), which costs ~0.2 µs a call
# against ~0.5 µs for ``regex`` (that releases and retakes the GIL on every call).
_BETWEEN = re.compile(rf"(?i){_WS}+(?:den|toi){_WS}+(?:het{_WS}+)?")
_FROM = re.compile(rf"(?i)\b(?:tu|ke tu|bat dau tu){_WS}+$")


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
    hits = _scan(ctx.lower)
    dates = _find_dates(ctx, hits)
    periods = _find_periods(ctx, dates, hits)
    # A year that only anchors a period phrase ("quý II năm 2021") is not a date of its own.
    inside = [(p.start, p.end) for p in periods if p.value.rule != "composites:periods.from_to"]
    if inside:  # most texts have no period: no pass over their dates
        dates = [
            c for c in dates
            if not (c.value.precision == "year"
                    and any(s <= c.start and c.end <= e for s, e in inside))
        ]
    return dates, periods


# Roles from the words before a date (Nghị định 30/2020/NĐ-CP, Điều 11: effect from the date
# signed unless stated; deadlines are "trước ngày" / "chậm nhất ngày").
# A date's role from the words right before it: (role, what may precede the cue, the cues,
# what may follow them up to the date). Every cue is written out (no optional parts), so the
# index below is derived from them.
_ROLE_CUES = (
    ("effective",
     rf"(?:co hieu luc|hieu luc thi hanh|hieu luc){_WS}+(?:thi hanh{_WS}+)?(?:ke{_WS}+)?",
     ("tu", "bat dau tu"), rf"{_WS}+$"),
    ("deadline", "",
     ("truoc", "cham nhat", "cham nhat la", "han chot", "han chot la", "han cuoi",
      "han cuoi la", "khong muon hon", "thoi han", "thoi han nop", "thoi han la",
      "thoi han nop la"), rf"{_WS}*:?{_WS}*$"),
    ("published", "",
     ("ngay dang", "dang ngay", "cap nhat", "cap nhat luc", "cap nhat ngay", "ngay xuat ban",
      "thoi gian dang"), rf"{_WS}*:?{_WS}*$"),
)
# Which role patterns can match, by the last two letters of the text once trailing spaces and
# colons are stripped: that text ends in one of the role's cues. A 40-character search costs
# ~1.2 µs a pattern; most dates end in no cue and need no search at all. No cue of one role
# ends another's, so at most one role matches.
_ROLE_BY_LAST_LETTERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _role, _head, _cues, _tail in _ROLE_CUES:
    _pattern = re.compile(rf"(?i){_head}(?:{'|'.join(_cues)}){_tail}")
    for _cue in _cues:
        _roles = _ROLE_BY_LAST_LETTERS.setdefault(_cue[-2:], [])
        if (_role, _pattern) not in _roles:
            _roles.append((_role, _pattern))


_CUE_WORD = re.compile(r"(?i)(?:ngay|hom)\b")


def _role_before(a: str, start: int) -> str | None:
    """The role the words before a date give it. A date's span opens with its cue word
    ("ngày 15/03/2021"), and some role cues end in that word ("đăng ngày", "cập nhật ngày"):
    so the text up to the cue word is asked first, then the text up to its end."""
    befores = [a[max(0, start - 40) : start]]
    cue = _CUE_WORD.match(a, start)
    if cue:
        befores.append(a[max(0, start - 40) : cue.end()])
    for before in befores:
        for role, pat in _ROLE_BY_LAST_LETTERS.get(before.rstrip(_SPACE_COLON)[-2:].lower(), ()):
            if pat.search(before):
                return role
    return None


# "Hậu Giang, ngày 13 tháng 01 năm 2021": a place, a comma, the date, ending its line; in a
# two-column header the number stands left of it ("Số: 112/TB-UBND      Thới Bình, ngày ...").
_DATE_LINE_PLACE = re.compile(
    r"(?:(?<=\n)|(?<![\s\S])|(?<=[ \t]{2})|(?<=\t))"
    r"[ \t]*(?P<place>[A-Z][^\n,;:.\t]{1,40}?)[ \t]*,[ \t]*$"
)
# A portal's date line may name the weekday or a cue: "Thứ Ba, 16/09/2025 14:20", "Cập nhật: ..."
_PUBLISHED_PREFIX = re.compile(
    rf"(?i)(?:(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat){_WS}*,?|ngay dang|dang ngay|cap nhat|"
    rf"ngay cap nhat|thoi gian)?{_WS}*[-:,|]?{_WS}*$"
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
        role = _role_before(a, d.start)
        if role is not None:
            d.role = role
            if role == "published" and published is None and not d.needs_year:
                published = d
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
