"""Dates and periods: table-driven, with near-misses; the clock is never an anchor."""

import datetime as dt

import pytest

import vngov


def dates(text: str, **kw) -> list[tuple[str, str, str, str | None, bool]]:
    out = []
    for d in vngov.extract(text, fields=["dates"], **kw).dates:
        assert text[d.start : d.end] == d.text
        out.append((d.text, d.value, d.precision, d.role, d.inferred))
    return out


DATES = [
    ("Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021.",
     [("ngày 13 tháng 01 năm 2021", "2021-01-13", "day", None, False)]),
    ("hạn cuối 13/01/2021", [("13/01/2021", "2021-01-13", "day", "deadline", False)]),
    ("vào 13/01/2021", [("13/01/2021", "2021-01-13", "day", None, False)]),
    ("vào 13-01-2021 và 14.01.2021", [("13-01-2021", "2021-01-13", "day", None, False),
                                     ("14.01.2021", "2021-01-14", "day", None, False)]),
    ("họp ngày 5/3/2021", [("ngày 5/3/2021", "2021-03-05", "day", None, False)]),
    ("Hậu Giang, ngày 13 tháng 01 năm 2021",
     [("ngày 13 tháng 01 năm 2021", "2021-01-13", "day", "issued", False)]),
    ("Tin tức\n\nTiêu đề bài\n\nNgày 15-01-2021\n\nNội dung bài viết dài.",
     [("Ngày 15-01-2021", "2021-01-15", "day", "published", False)]),
    ("Quyết định có hiệu lực từ ngày 01/3/2021.",
     [("ngày 01/3/2021", "2021-03-01", "day", "effective", False)]),
    ("Quyết định này có hiệu lực thi hành kể từ ngày 15 tháng 02 năm 2022.",
     [("ngày 15 tháng 02 năm 2022", "2022-02-15", "day", "effective", False)]),
    ("Báo cáo gửi về Sở trước ngày 20/02/2021.",
     [("ngày 20/02/2021", "2021-02-20", "day", "deadline", False)]),
    ("chậm nhất ngày 30/6/2023", [("ngày 30/6/2023", "2023-06-30", "day", "deadline", False)]),
    ("tổ chức ngày 13 và 14 tháng 01 năm 2021",
     [("ngày 13", "2021-01-13", "day", None, False),
      ("14 tháng 01 năm 2021", "2021-01-14", "day", None, False)]),
    ("từ ngày 15/3 đến ngày 30/4/2021",
     [("ngày 15/3", "2021-03-15", "day", None, False),
      ("ngày 30/4/2021", "2021-04-30", "day", None, False)]),
    ("trong tháng 01/2021 và tháng 3 năm 2021",
     [("tháng 01/2021", "2021-01", "month", None, False),
      ("tháng 3 năm 2021", "2021-03", "month", None, False)]),
    ("nhiệm vụ năm 2021", [("năm 2021", "2021", "year", None, False)]),
    ("Ke hoach so 04/KH-UBND ngay 13 thang 01 nam 2021",
     [("ngay 13 thang 01 nam 2021", "2021-01-13", "day", None, False)]),
    ("ngày 29/02/2024", [("ngày 29/02/2024", "2024-02-29", "day", None, False)]),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates(text: str, expected: list) -> None:
    assert dates(text) == expected


DATE_NEAR_MISSES = [
    "ngày 31/02/2021",  # no such day
    "ngày 29/02/2023",
    "ngày 32 tháng 1 năm 2021",
    "Nghị định 15/2020/NĐ-CP",
    "Việt Nam 2021",  # "Nam" is not "năm"
    "trong 2021 và 2022",  # bare years are not dates
    "tỷ lệ 15/11",  # no cue: a ratio
    "CÔNG BÁO/Số 281/Ngày 21-05-2026",  # gazette page header: chrome
    "Thời gian ký: 13.03.2023 09:29:10 +07:00",  # signature stamp: chrome
    "ngày 0-8-2025",  # day 0 (a broken line "Ngày 1\n0-8-2025" made one, then crashed)
    "ngày 00/00/2025",
    "ngày 15 tháng 0 năm 2021",
]


@pytest.mark.parametrize("text", DATE_NEAR_MISSES)
def test_date_near_misses(text: str) -> None:
    assert dates(text) == []


def test_partial_date_takes_the_documents_year() -> None:
    text = "Hậu Giang, ngày 20 tháng 11 năm 2021\n\nSáng 15/11, đoàn công tác đã làm việc."
    assert dates(text)[1] == ("15/11", "2021-11-15", "day", None, True)


def test_partial_date_nearest_year() -> None:
    text = "Tin\n\nNgày 05-01-2022\n\nChiều 28/12, hội nghị tổng kết đã diễn ra."
    assert dates(text)[1] == ("28/12", "2021-12-28", "day", None, True)


def test_reference_date_anchors_partial_dates() -> None:
    got = dates("Sáng 15/11, hội nghị khai mạc.", reference_date=dt.date(2019, 11, 20))
    assert got == [("15/11", "2019-11-15", "day", None, True)]


def test_no_anchor_no_partial_date() -> None:
    # Without a document date or reference_date, the year is unknown: the mention is left out,
    # never completed from the clock.
    assert dates("Sáng 15/11, hội nghị khai mạc.") == []


def periods(text: str) -> list[tuple[str, str, str]]:
    out = []
    for p in vngov.extract(text, fields=["periods"]).periods:
        assert text[p.start : p.end] == p.text
        out.append((p.text, p.start_value, p.end_value))
    return out


PERIODS = [
    ("giai đoạn 2021 - 2025", [("giai đoạn 2021 - 2025", "2021", "2025")]),
    ("giai đoạn 2021-2025", [("giai đoạn 2021-2025", "2021", "2025")]),
    ("phong trào giai đoạn 2019 – 2025.", [("giai đoạn 2019 – 2025", "2019", "2025")]),
    ("kế hoạch 5 năm (2021 - 2025)", [("2021 - 2025", "2021", "2025")]),
    ("trong 2019 - 2025", [("2019 - 2025", "2019", "2025")]),
    ("từ ngày 15/3 đến ngày 30/4/2021", [("từ ngày 15/3 đến ngày 30/4/2021", "2021-03-15",
                                          "2021-04-30")]),
    ("từ năm 2021 đến năm 2025", [("từ năm 2021 đến năm 2025", "2021", "2025")]),
    ("quý I/2021", [("quý I/2021", "2021-01", "2021-03")]),
    ("quý II năm 2021", [("quý II năm 2021", "2021-04", "2021-06")]),
    ("quý 4/2022", [("quý 4/2022", "2022-10", "2022-12")]),
    ("6 tháng đầu năm 2021", [("6 tháng đầu năm 2021", "2021-01", "2021-06")]),
    ("6 tháng cuối năm 2021", [("6 tháng cuối năm 2021", "2021-07", "2021-12")]),
    ("9 tháng đầu năm 2023", [("9 tháng đầu năm 2023", "2023-01", "2023-09")]),
    ("năm học 2021 - 2022", [("năm học 2021 - 2022", "2021", "2022")]),
    ("nhiệm kỳ 2020 - 2025", [("nhiệm kỳ 2020 - 2025", "2020", "2025")]),
    ("giai doan 2021 - 2025", [("giai doan 2021 - 2025", "2021", "2025")]),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS)
def test_periods(text: str, expected: list) -> None:
    assert periods(text) == expected


@pytest.mark.parametrize("text", ["năm 2025 - 2021", "từ 10 - 15 người", "năm học 2021 - 2023",
                                  "quý V/2021", "điện thoại 2021-2025-123"])
def test_period_near_misses(text: str) -> None:
    assert periods(text) == []


def test_year_anchoring_a_period_is_not_a_date() -> None:
    text = "quý II năm 2021 và 6 tháng đầu năm 2022"
    assert dates(text) == []
    assert len(periods(text)) == 2


def test_day_zero_on_a_date_line_does_not_crash() -> None:
    """Found by mutating gazette texts: a date line broken inside its day left "0-8-2025", a
    day 0 that passed as valid and then failed to become the document's date."""
    text = "UBND TỈNH X\nSố: 12/QĐ-UBND\nHà Nội, Ngày 1\n0-8-2025\nQUYẾT ĐỊNH"
    assert "2025-08-00" not in [d.value for d in vngov.extract(text).dates]


def _role_cases() -> list[tuple[str, str]]:
    from vngov.rules.dates import _ROLE_CUES

    prefix = {"effective": "co hieu luc ke "}
    return [(f"Van ban nay {prefix.get(role, '')}{cue} 15/03/2021.", role)
            for role, _, cues, _ in _ROLE_CUES for cue in cues]


@pytest.mark.parametrize(("text", "role"), _role_cases())
def test_every_role_cue_gives_its_role(text: str, role: str) -> None:
    """Each cue written out in dates._ROLE_CUES reaches its pattern through the last-letters
    index (typed without diacritics, as ASCII notices are)."""
    assert [d.role for d in vngov.extract(text).dates] == [role]


@pytest.mark.parametrize(("text", "role"), [
    ("Bài viết đăng ngày 15/03/2021.", "published"),  # the cue ends in the date's own "ngày"
    ("Tin cập nhật ngày 15/03/2021.", "published"),
    ("Quyết định có hiệu lực kể từ ngày 15/03/2021.", "effective"),
    ("Hội nghị diễn ra ngày 15/03/2021.", None),  # near miss: "ngày" alone gives no role
])
def test_role_cue_ending_in_the_dates_cue_word(text: str, role: str | None) -> None:
    assert [d.role for d in vngov.extract(text).dates] == [role]
