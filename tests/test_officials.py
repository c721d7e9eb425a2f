"""Officials: every shape, near-misses, and one row per reviewed title and surname."""

import pytest

import vngov
from vngov import tables


def officials(text: str) -> list[tuple]:
    out = []
    for o in vngov.extract(text, fields=["officials"]).officials:
        assert text[o.start : o.end] == o.text
        out.append((o.text, o.title, o.organization, o.name, o.authority))
    return out


CASES = [
    (
        "được Chủ tịch UBND tỉnh Đồng Văn Thanh phát động",
        [("Chủ tịch UBND tỉnh Đồng Văn Thanh", "Chủ tịch", "UBND tỉnh", "Đồng Văn Thanh", None)],
    ),
    (
        "Chủ tịch UBND tỉnh Đồng Nai Nguyễn Văn An chủ trì",
        [
            (
                "Chủ tịch UBND tỉnh Đồng Nai Nguyễn Văn An",
                "Chủ tịch",
                "UBND tỉnh Đồng Nai",
                "Nguyễn Văn An",
                None,
            )
        ],
    ),
    (
        "dự có đồng chí Trần Thị Bình, Phó Bí thư Thường trực Tỉnh ủy.",
        [
            (
                "Trần Thị Bình, Phó Bí thư Thường trực Tỉnh ủy",
                "Phó Bí thư Thường trực",
                "Tỉnh ủy",
                "Trần Thị Bình",
                None,
            )
        ],
    ),
    (
        "ông Lê Văn Cường - Giám đốc Sở Nội vụ cho biết",
        [("Lê Văn Cường - Giám đốc Sở Nội vụ", "Giám đốc", "Sở Nội vụ", "Lê Văn Cường", None)],
    ),
    (
        "Ông Phạm Quốc Huy, Bí thư Tỉnh ủy phát biểu",
        [("Phạm Quốc Huy, Bí thư Tỉnh ủy", "Bí thư", "Tỉnh ủy", "Phạm Quốc Huy", None)],
    ),
    (
        "các phong trào do Thủ tướng Chính phủ phát động",
        [("Thủ tướng Chính phủ", "Thủ tướng", "Chính phủ", None, None)],
    ),
    (
        "Phó Chủ tịch UBND Nguyễn Thành Công",
        [
            (
                "Phó Chủ tịch UBND Nguyễn Thành Công",
                "Phó Chủ tịch",
                "UBND",
                "Nguyễn Thành Công",
                None,
            )
        ],
    ),
    (
        "Chủ tịch HĐND Lò Minh Hùng",
        [("Chủ tịch HĐND Lò Minh Hùng", "Chủ tịch", "HĐND", "Lò Minh Hùng", None)],
    ),
    (
        "Thủ tướng Phạm Minh Chính",
        [("Thủ tướng Phạm Minh Chính", "Thủ tướng", None, "Phạm Minh Chính", None)],
    ),
    (
        "Chu tich UBND tinh Dong Van Thanh phat dong",
        [("Chu tich UBND tinh Dong Van Thanh", "Chủ tịch", "UBND tinh", "Dong Van Thanh", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_running_text(text: str, expected: list) -> None:
    assert officials(text) == expected


SIGNERS = [
    (
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n\nNguyễn Văn An",
        ("Chủ tịch", "Ủy ban nhân dân", "Nguyễn Văn An", "TM."),
    ),
    (
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nTrần Văn Hai",
        ("Phó Chủ tịch", "Ủy ban nhân dân", "Trần Văn Hai", "KT."),
    ),
    (
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp",
        ("Phó Chủ tịch", "Ủy ban nhân dân", "Nguyễn Hữu Tháp", "KT."),
    ),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Đức Chi", ("Thứ trưởng", None, "Nguyễn Đức Chi", "KT.")),
    (
        "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\n\nTrần Thanh Mẫn",
        ("Chủ tịch", "Ủy ban Thường vụ Quốc hội", "Trần Thanh Mẫn", "TM."),
    ),
    ("TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG\n\nLê Thị Hoa", ("Chánh Văn phòng", None, "Lê Thị Hoa", "TL.")),
    (
        "TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\n\nĐặng Văn Tâm",
        ("Giám đốc Sở Nội vụ", None, "Đặng Văn Tâm", "TUQ."),
    ),
    ("Q. GIÁM ĐỐC\n\nVõ Minh Tuấn", ("Giám đốc", None, "Võ Minh Tuấn", "Q.")),
    (
        "TM. CHÍNH PHỦ  \nKT. THỦ TƯỚNG \n    PHÓ THỦ TƯỚNGky] \n \nNguyễn Văn Thắng ",
        ("Phó Thủ tướng", "Chính phủ", "Nguyễn Văn Thắng", "KT."),
    ),
    ("BỘ TRƯỞNG\n\n\nTrần Hồng Hà", ("Bộ trưởng", None, "Trần Hồng Hà", None)),
    (
        "CHỦ TỊCH QUỐC HỘI\n\nNguyễn Sinh Hùng",
        ("Chủ tịch Quốc hội", None, "Nguyễn Sinh Hùng", None),
    ),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nY Ngọc Niê", ("Phó Chủ tịch", None, "Y Ngọc Niê", "KT.")),
    (
        "TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG\nRơ Châm H’Yơn",
        ("Chánh Văn phòng", None, "Rơ Châm H’Yơn", "TL."),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SIGNERS)
def test_signer_blocks(text: str, expected: tuple) -> None:
    got = [
        o
        for o in vngov.extract(text, fields=["officials"]).officials
        if o.rule.endswith("signer_block")
    ]
    assert len(got) == 1, got
    o = got[0]
    assert text[o.start : o.end] == o.text
    assert (o.title, o.organization, o.name, o.authority) == expected


NEAR_MISSES = [
    "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ",  # signature stamp
    "các Phó Chủ tịch UBND tỉnh và lãnh đạo các sở",  # plural: nobody in particular
    "ông Nguyễn Văn An phát biểu tại hội nghị",  # a person with no title
    "Chủ tịch phát biểu",  # a bare title with no body and no name
    "những Giám đốc Sở Nội vụ các tỉnh",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses(text: str) -> None:
    assert officials(text) == []


def _variants() -> list[str]:
    return [v for t in tables.titles() for v in t.variants]


@pytest.mark.parametrize("title", _variants())
def test_every_title(title: str) -> None:
    """Each reviewed title (and its built variants) names a person in running text."""
    text = f"Hôm qua, {title} Nguyễn Văn An đã ký văn bản."
    got = officials(text)
    assert (f"{title} Nguyễn Văn An", title, None, "Nguyễn Văn An", None) in got


@pytest.mark.parametrize("surname", sorted(tables.read_list("surnames.txt")))
def test_every_surname(surname: str) -> None:
    """Each reviewed surname opens a person's name after a title."""
    got = officials(f"Phó Chủ tịch UBND tỉnh {surname} Văn Minh dự họp.")
    assert got and got[0][3] == f"{surname} Văn Minh", got


@pytest.mark.parametrize(
    ("run", "name"),
    [
        ("Châu Thành Nguyễn Văn An dự họp", "Nguyễn Văn An"),
        # Giang and Lê are both surnames: the segmenter keeps "Hà Giang" one word
        ("Hà Giang Lê Văn Tám dự họp", "Lê Văn Tám"),
        ("Tân Phú Trung Lê Văn Tám", "Lê Văn Tám"),
        ("Tân Phú Trung Đông", None),  # no surname-led tail of 2-4 syllables: no name
    ],
)
def test_name_at_the_end_of_a_capitalised_run(run: str, name: str | None) -> None:
    from vngov.rules.engine import Context
    from vngov.rules.officials import split_name_from_run
    from vngov.text.normalize import normalize

    span = split_name_from_run(Context(normalize(run)), 0)
    assert (run[span[0] : span[1]] if span else None) == name


def test_unknown_place_then_name() -> None:
    got = officials("Chủ tịch UBND xã Tân Phú Trung Lê Văn Tám dự họp")
    assert got == [
        (
            "Chủ tịch UBND xã Tân Phú Trung Lê Văn Tám",
            "Chủ tịch",
            "UBND xã Tân Phú Trung",
            "Lê Văn Tám",
            None,
        )
    ]
