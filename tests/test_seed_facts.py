"""The facts of the notice this project started from, in a notice written in our own words."""

import vngov

NOTICE = """Trang chủ - Tin hoạt động - Sở Khoa học và Công nghệ

Hậu Giang phát động thi đua yêu nước năm 2021

Ngày 15-01-2021

Với mục tiêu hoàn thành các chỉ tiêu kinh tế - xã hội giai đoạn 2021 - 2025, Chủ tịch UBND tỉnh
Đồng Văn Thanh đã ký ban hành Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 về tổ chức phong
trào thi đua trong toàn tỉnh. Kế hoạch nhấn mạnh việc tiếp tục hưởng ứng các phong trào do Thủ
tướng Chính phủ phát động giai đoạn 2019 - 2025.

PV (Tổng hợp)

Đang online: 5
Hôm nay: 120
"""


def test_seed_facts() -> None:
    r = vngov.extract(NOTICE)
    assert [n.normalized for n in r.document_numbers] == ["04/KH-UBND"]
    by_value = {d.value: d for d in r.dates}
    assert by_value["2021-01-13"].precision == "day"
    assert by_value["2021-01-15"].role == "published"
    assert r.metadata.published_date == "2021-01-15"
    spans = {(p.start_value, p.end_value) for p in r.periods}
    assert {("2021", "2025"), ("2019", "2025")} <= spans
    for m in r.mentions():
        assert NOTICE[m.start : m.end] == m.text
