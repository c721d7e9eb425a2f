"""Tokenizers keep offsets; the same table runs for every tokenizer."""

import pytest

from vngov.text.tokenize import tokenize, word_tokenize

TEXTS = [
    "Kế hoạch số 04/KH-UBND ngày 13/01/2021",
    "Chủ tịch UBND tỉnh Đồng Văn Thanh phát động",
    "Sở KH&CN tỉnh Hậu Giang, dịch COVID-19.",
    "  khoảng   trắng\tlạ  ",
]


@pytest.mark.parametrize("tok", [tokenize, word_tokenize], ids=["vngov", "underthesea"])
@pytest.mark.parametrize("text", TEXTS)
def test_offsets(tok, text: str) -> None:
    tokens = tok(text)
    assert tokens
    for t in tokens:
        assert text[t.start : t.end] == t.text
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("số 04/KH-UBND", [("số", "word"), ("04/KH-UBND", "code")]),
        ("ngày 13/01/2021", [("ngày", "word"), ("13/01/2021", "date")]),
        ("KH-UBND và COVID-19", [("KH-UBND", "abbr"), ("và", "word"), ("COVID-19", "abbr")]),
        ("1.234,5 tỷ", [("1.234,5", "number"), ("tỷ", "word")]),
        ("(Đã ký)", [("(", "punct"), ("Đã", "word"), ("ký", "word"), (")", "punct")]),
    ],
)
def test_token_kinds(text: str, expected: list) -> None:
    assert [(t.text, t.kind) for t in tokenize(text)] == expected


def test_underthesea_window_offsets() -> None:
    text = "xxx Chủ tịch UBND tỉnh Đồng Văn Thanh yyy"
    words = word_tokenize(text, 4, 37)
    assert any(w.text == "Đồng Văn Thanh" for w in words)
    assert all(4 <= w.start and w.end <= 37 for w in words)
