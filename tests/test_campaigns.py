"""Named campaigns: kind word + quoted name, lists, launched_by, period, near-misses."""

from __future__ import annotations

import unicodedata

import pytest

import vngov


def campaigns(text: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """(span text, name, kind, launched_by, period text) of every campaign, offsets checked."""
    out = []
    for c in vngov.extract(text, fields=["campaigns"]).campaigns:
        assert text[c.start : c.end] == c.text
        out.append((c.text, c.name, c.kind, c.launched_by, c.period.text if c.period else None))
    return out


SINGLE = [
    (
        "Hưởng ứng phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” trong toàn tỉnh.",
        [("phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”",
          "Cả nước chung sức xây dựng nông thôn mới", "phong trào thi đua", None, None)],
    ),
    (
        'Đẩy mạnh cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam" ở các xã.',
        [('cuộc vận động "Người Việt Nam ưu tiên dùng hàng Việt Nam"',
          "Người Việt Nam ưu tiên dùng hàng Việt Nam", "cuộc vận động", None, None)],
    ),
    (
        "Tiếp tục phong trào «Toàn dân đoàn kết xây dựng đời sống văn hóa» ở khu dân cư.",
        [("phong trào «Toàn dân đoàn kết xây dựng đời sống văn hóa»",
          "Toàn dân đoàn kết xây dựng đời sống văn hóa", "phong trào", None, None)],
    ),
    (
        # the name carries a dash and a comma: it ends at the closing quote, not at either
        "Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau, chung tay” năm nay.",
        [("Phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau, chung tay”",
          "Vì người nghèo - Không để ai bị bỏ lại phía sau, chung tay", "phong trào thi đua",
          None, None)],
    ),
    (
        "Sở Tư pháp tổ chức cuộc thi “Tìm hiểu pháp luật về phòng, chống ma túy” cho học sinh.",
        [("cuộc thi “Tìm hiểu pháp luật về phòng, chống ma túy”",
          "Tìm hiểu pháp luật về phòng, chống ma túy", "cuộc thi", None, None)],
    ),
    (
        "Ra quân chiến dịch “Làm cho thế giới sạch hơn” tại các khu phố.",
        [("chiến dịch “Làm cho thế giới sạch hơn”", "Làm cho thế giới sạch hơn", "chiến dịch",
          None, None)],
    ),
]

LAUNCHED_AND_PERIOD = [
    (
        # the seed's shape: a launcher before a colon governs every campaign of the list after it;
        # the period belongs to the campaign it follows only
        "triển khai các phong trào thi đua do Thủ tướng Chính phủ phát động: phong trào thi đua "
        "“Đồng lòng xây dựng quê hương”, phong trào thi đua “Doanh nghiệp vươn ra thế giới”, "
        "phong trào thi đua “Chung tay vì người nghèo - không để ai bị bỏ lại phía sau”, phong "
        "trào thi đua “Công sở văn minh, thân thiện” giai đoạn 2019 - 2025; phấn đấu hoàn thành.",
        [
            ("phong trào thi đua “Đồng lòng xây dựng quê hương”", "Đồng lòng xây dựng quê hương",
             "phong trào thi đua", "Thủ tướng Chính phủ", None),
            ("phong trào thi đua “Doanh nghiệp vươn ra thế giới”", "Doanh nghiệp vươn ra thế giới",
             "phong trào thi đua", "Thủ tướng Chính phủ", None),
            ("phong trào thi đua “Chung tay vì người nghèo - không để ai bị bỏ lại phía sau”",
             "Chung tay vì người nghèo - không để ai bị bỏ lại phía sau", "phong trào thi đua",
             "Thủ tướng Chính phủ", None),
            ("phong trào thi đua “Công sở văn minh, thân thiện”", "Công sở văn minh, thân thiện",
             "phong trào thi đua", "Thủ tướng Chính phủ", "giai đoạn 2019 - 2025"),
        ],
    ),
    (
        # launcher right after the campaign (and after its period)
        "Hưởng ứng cuộc vận động “Học tập và làm theo gương Bác”, giai đoạn 2021 - 2025 do Ban "
        "Thường vụ Tỉnh ủy phát động.",
        [("cuộc vận động “Học tập và làm theo gương Bác”", "Học tập và làm theo gương Bác",
          "cuộc vận động", "Ban Thường vụ Tỉnh ủy", "giai đoạn 2021 - 2025")],
    ),
    (
        "phong trào “Xanh - Sạch - Đẹp” được Tỉnh đoàn khởi xướng từ năm 2019.",
        [("phong trào “Xanh - Sạch - Đẹp”", "Xanh - Sạch - Đẹp", "phong trào", "Tỉnh đoàn",
          None)],
    ),
    (
        # "do đó" (so) is no launcher: the word must be "do", not "đó"
        "Tham gia phong trào “Tết vì người nghèo”, do đó phát động rộng rãi.",
        [("phong trào “Tết vì người nghèo”", "Tết vì người nghèo", "phong trào", None, None)],
    ),
]

LISTS = [
    (
        # one kind word before several names: each member is its quoted name only, list's kind
        "Tích cực tham gia các phong trào “Ngày thứ Bảy tình nguyện”, “Tuổi trẻ sáng tạo” và "
        "“Hiến máu cứu người” do Tỉnh đoàn phát động.",
        [
            ("“Ngày thứ Bảy tình nguyện”", "Ngày thứ Bảy tình nguyện", "phong trào", "Tỉnh đoàn",
             None),
            ("“Tuổi trẻ sáng tạo”", "Tuổi trẻ sáng tạo", "phong trào", "Tỉnh đoàn", None),
            ("“Hiến máu cứu người”", "Hiến máu cứu người", "phong trào", "Tỉnh đoàn", None),
        ],
    ),
    (
        'các cuộc vận động "Đền ơn đáp nghĩa"; "Vì biển đảo quê hương"',
        [
            ('"Đền ơn đáp nghĩa"', "Đền ơn đáp nghĩa", "cuộc vận động", None, None),
            ('"Vì biển đảo quê hương"', "Vì biển đảo quê hương", "cuộc vận động", None, None),
        ],
    ),
]

ASCII = [
    (
        'Trien khai phong trao thi dua "Ca nuoc chung suc xay dung nong thon moi" giai doan '
        "2021 - 2025 do Thu tuong Chinh phu phat dong.",
        [('phong trao thi dua "Ca nuoc chung suc xay dung nong thon moi"',
          "Ca nuoc chung suc xay dung nong thon moi", "phong trào thi đua",
          "Thu tuong Chinh phu", "giai doan 2021 - 2025")],
    ),
]

NEGATIVES = [
    # quoted phrases with no kind word before them
    "nhằm thực hiện “mục tiêu kép”: vừa chống dịch vừa phát triển kinh tế",
    "tuân thủ thông điệp “5K” của Bộ Y tế",
    "thích ứng an toàn trong trạng thái “bình thường mới”",
    # a generic movement with no name; an unquoted name (policy: not a campaign)
    "Phát động phong trào thi đua yêu nước năm 2021 trên địa bàn tỉnh.",
    "đẩy mạnh phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
    # a slogan after "khẩu hiệu" is no campaign, even after a kind word
    "phát động phong trào thi đua với khẩu hiệu “Đoàn kết, sáng tạo, hiệu quả”",
    # a closing quote right after a kind word does not open a name
    "“Đẩy mạnh phong trào” và “bình thường mới” là hai việc khác nhau",
    # "chương trình" is a document type, not a campaign kind
    "thực hiện chương trình “Mỗi xã một sản phẩm”",
    # a name never runs over a line end
    "phong trào thi đua “Dở dang\nsang dòng”",
]


@pytest.mark.parametrize(("text", "expected"), SINGLE + LAUNCHED_AND_PERIOD + LISTS + ASCII)
def test_campaigns(text: str, expected: list[tuple]) -> None:
    assert campaigns(text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_campaigns(text: str) -> None:
    assert campaigns(text) == []


def test_nfd_offsets_map_back() -> None:
    text = unicodedata.normalize(
        "NFD", "Hưởng ứng cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” giai đoạn "
        "2019 - 2025 do Ủy ban Trung ương MTTQ Việt Nam phát động.")
    (c,) = vngov.extract(text, fields=["campaigns"]).campaigns
    assert text[c.start : c.end] == c.text
    assert c.text.startswith(unicodedata.normalize("NFD", "cuộc vận động"))
    assert c.name == "Người Việt Nam ưu tiên dùng hàng Việt Nam"  # values are NFC
    assert c.kind == "cuộc vận động"
    assert c.launched_by == "Ủy ban Trung ương MTTQ Việt Nam"
    assert c.period is not None and (c.period.start_value, c.period.end_value) == ("2019", "2025")


def test_to_dict_is_json_ready() -> None:
    import json

    r = vngov.extract("phong trào thi đua “A B” giai đoạn 2021 - 2025", fields=["campaigns"])
    d = json.loads(json.dumps(r.to_dict()))
    assert d["campaigns"][0]["period"]["start_value"] == "2021"
