"""Real gazette texts (../shared/realdata/gazette): metadata.number / doc_type and crashes.

Skips when ``../shared`` is absent (a user's clone has none). The figures are printed
(``pytest -s``) and in ``vngov bench --realdata``. Floors sit a little under the measured
figures (number 0.961, 1.000 on texts that contain their own number; doc_type 0.961): the misses
are stub pages that carry no number, and one consolidated text whose own number is not in its
extracted text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vngov.evaluate.realdata import load_manifest, number_in_text, number_key, score_realdata

GAZETTE = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata" / "gazette"


def test_number_key_matches_slug_labels() -> None:
    assert number_key("66.16/2026/NĐ-CP") == number_key("6616/2026/ND-CP")
    assert number_key("844/QĐ-TTg") == number_key("844/QD-TTG")
    assert number_key("15/2020/NĐ-CP") != number_key("15/2021/NĐ-CP")
    assert number_key("5/VBHN-BTC") == number_key("05/VBHN-BTC")  # slugs drop leading zeros
    assert number_key(None) is None


def test_number_in_text() -> None:
    assert number_in_text("5/VBHN-BTC", "Số: 05/VBHN-BTC\n")
    assert number_in_text("6616/2026/ND-CP", "Số: 66.16/2026/NĐ-CP")
    assert not number_in_text("5/VBHN-BTC", "Số: 105/VBHN-BTC")
    assert not number_in_text("5/VBHN-BTC", "Số: 15/VBHN-BTC")


def test_gazette_metadata() -> None:
    if not (GAZETTE / "manifest.jsonl").is_file():
        pytest.skip(f"real gazette texts not present at {GAZETTE}")
    report = score_realdata(GAZETTE)
    print()
    print(report.summary(misses=10))
    assert report.documents == len(load_manifest(GAZETTE))
    assert not report.crashes, report.crashes
    assert report.number_accuracy_in_text >= 0.99
    assert report.number_accuracy >= 0.95
    assert report.doc_type_accuracy >= 0.95
