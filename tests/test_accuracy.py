"""vngov's accuracy on the test split of corpus/, against the project's floors.

These are the targets of the issue "The fixture corpus and accuracy benchmarking": they fail
until the extractor reaches them. The table is printed in pytest's terminal summary (by the
vngov pytest plugin, whose ``vngov_scores`` fixture scores the corpus once per session).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from vngov.evaluate import Report, load_corpus

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SPLIT = "test"

# Floors on the test split: value-level F1 for mention rows, accuracy for metadata rows.
FLOORS: dict[str, float] = {
    "document_numbers": 0.98,
    "dates (day precision)": 0.98,
    "officials (names)": 0.95,
    "campaigns": 0.93,
    "metadata.number": 0.97,
    "metadata.issued_date": 0.97,
    "metadata.signer.name": 0.97,
}


@pytest.fixture(scope="module")
def report(vngov_scores: Callable[..., Report]) -> Report:
    if not load_corpus(CORPUS, split=SPLIT).documents:
        pytest.skip(f"corpus/gold has no {SPLIT}-split documents yet")
    return vngov_scores(CORPUS, split=SPLIT)


@pytest.mark.parametrize("row", list(FLOORS))
def test_floor(report: Report, row: str) -> None:
    failures = report.check({row: FLOORS[row]})
    errors = [e.describe() for e in report.errors_for(row, value_only=True)[:15]]
    assert not failures, "\n".join([*failures, *errors])


def test_no_crashes(report: Report) -> None:
    crashes = [e.describe() for e in report.errors if e.kind == "crash"]
    assert not crashes, "\n".join(crashes)
