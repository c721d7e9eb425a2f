"""Known failures, kept as strict xfail (ftfy-style cases: label, comment, input, expected).

A case that starts passing fails the suite (strict), so the list stays honest: move the case to
the tests of its room when its rule is fixed.
"""

import json
from pathlib import Path

import pytest

import vngov

CASES = json.loads((Path(__file__).parent / "cases" / "known_failures.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, id=c["label"], marks=pytest.mark.xfail(strict=True, reason=c["comment"]))
     for c in CASES],
)
def test_known_failure(case: dict) -> None:
    mentions = getattr(vngov.extract(case["input"]), case["field"])
    assert case["expected"] in [getattr(m, case["key"]) for m in mentions]
