"""The scorer on tiny hand-made gold/prediction pairs, plus its CLI and pytest surfaces."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from vngov.cli import main
from vngov.evaluate import ROW_NAMES, Counts, evaluate, load_corpus, score_documents
from vngov.evaluate.corpus import LIST_FIELDS, METADATA_KEYS
from vngov.evaluate.score import crash_result, norm

pytest_plugins = ["pytester"]


def result(**fields: Any) -> dict[str, Any]:
    """A to_dict()-shaped result: empty fields unless given; ``metadata`` merged in."""
    md: dict[str, Any] = {k: None for k in METADATA_KEYS}
    md["recipients"] = []
    md.update(fields.pop("metadata", {}))
    out: dict[str, Any] = {name: [] for name in LIST_FIELDS}
    out.update(fields)
    out["metadata"] = md
    return out


def num(start: int, text: str, normalized: str | None = None, **kw: Any) -> dict[str, Any]:
    return {"text": text, "start": start, "end": start + len(text),
            "normalized": normalized or text, **kw}


def date(start: int, text: str, value: str, precision: str = "day", **kw: Any) -> dict[str, Any]:
    return {"text": text, "start": start, "end": start + len(text), "value": value,
            "precision": precision, "role": None, "inferred": False, **kw}


def official(start: int, text: str, title: str | None, name: str | None) -> dict[str, Any]:
    return {"text": text, "start": start, "end": start + len(text), "title": title,
            "organization": None, "name": name, "authority": None}


def score(gold: dict[str, Any], pred: dict[str, Any] | None):
    return score_documents([("d1", gold, pred)])


def kinds(report, row: str) -> list[str]:
    return sorted(e.kind for e in report.errors_for(row))


# ------------------------------------------------------------------------------- counts


def test_counts_definitions() -> None:
    c = Counts(gold=4, pred=2, tp=1)
    assert c.precision == 0.5
    assert c.recall == 0.25
    assert c.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    empty = Counts()
    assert empty.precision is None and empty.recall is None and empty.f1 is None
    assert Counts(gold=3, pred=0, tp=0).f1 == 0.0


# ------------------------------------------------------------------------ mention rows


def test_exact_match_counts_for_span_and_value() -> None:
    g = result(document_numbers=[num(10, "04/KH-UBND")])
    rep = score(g, g)
    row = rep.row("document_numbers")
    assert (row.value.gold, row.value.pred, row.value.tp) == (1, 1, 1)
    assert row.span is not None and row.span.tp == 1
    assert row.score == 1.0
    assert rep.errors_for("document_numbers") == []


def test_value_match_with_other_span_is_a_boundary_error() -> None:
    g = result(document_numbers=[num(10, "15/2020/ND-CP", "15/2020/NĐ-CP")])
    p = result(document_numbers=[num(9, " 15/2020/ND-CP", "15/2020/NĐ-CP")])
    rep = score(g, p)
    row = rep.row("document_numbers")
    assert row.value.tp == 1 and row.value.f1 == 1.0
    assert row.span is not None and row.span.tp == 0 and row.span.f1 == 0.0
    assert kinds(rep, "document_numbers") == ["boundary"]
    assert rep.errors_for("document_numbers", value_only=True) == []


def test_value_found_elsewhere() -> None:
    g = result(document_numbers=[num(10, "04/KH-UBND")])
    p = result(document_numbers=[num(200, "04/KH-UBND")])
    rep = score(g, p)
    assert rep.row("document_numbers").value.tp == 1
    assert kinds(rep, "document_numbers") == ["elsewhere"]


def test_wrong_value_on_the_same_span() -> None:
    g = result(document_numbers=[num(10, "15/2020/ND-CP", "15/2020/NĐ-CP")])
    p = result(document_numbers=[num(10, "15/2020/ND-CP", "15/2020/ND-CP")])
    rep = score(g, p)
    row = rep.row("document_numbers")
    assert row.value.tp == 0 and row.value.f1 == 0.0
    assert row.span is not None and row.span.tp == 1
    (err,) = rep.errors_for("document_numbers")
    assert err.kind == "wrong_value"
    assert err.gold["normalized"] == "15/2020/NĐ-CP"
    assert err.pred["normalized"] == "15/2020/ND-CP"


def test_overlapping_span_with_wrong_value() -> None:
    g = result(dates=[date(0, "ngày 13 tháng 01 năm 2021", "2021-01-13")])
    p = result(dates=[date(5, "13 tháng 01", "2021-01", "month")])
    rep = score(g, p)
    assert kinds(rep, "dates") == ["wrong_span_value"]
    assert rep.row("dates").value.f1 == 0.0


def test_missed_and_spurious() -> None:
    g = result(document_numbers=[num(10, "04/KH-UBND"), num(50, "26-NQ/TW")])
    p = result(document_numbers=[num(10, "04/KH-UBND"), num(90, "123/UBND-VX")])
    rep = score(g, p)
    row = rep.row("document_numbers")
    assert (row.value.gold, row.value.pred, row.value.tp) == (2, 2, 1)
    assert row.value.precision == 0.5 and row.value.recall == 0.5
    errs = {e.kind: e for e in rep.errors_for("document_numbers")}
    assert set(errs) == {"missed", "spurious"}
    assert errs["missed"].gold["normalized"] == "26-NQ/TW" and errs["missed"].pred is None
    assert errs["spurious"].pred["normalized"] == "123/UBND-VX"


def test_value_match_is_a_multiset() -> None:
    g = result(dates=[date(0, "13/01/2021", "2021-01-13"), date(40, "13/01/2021", "2021-01-13")])
    p = result(dates=[date(0, "13/01/2021", "2021-01-13")])
    row = score(g, p).row("dates")
    assert (row.value.gold, row.value.pred, row.value.tp) == (2, 1, 1)
    assert row.value.recall == 0.5


def test_day_precision_row_keeps_only_day_dates() -> None:
    g = result(dates=[date(0, "13/01/2021", "2021-01-13"),
                      date(20, "tháng 01/2021", "2021-01", "month")])
    p = result(dates=[date(0, "13/01/2021", "2021-01-13")])
    rep = score(g, p)
    day = rep.row("dates (day precision)")
    assert (day.value.gold, day.value.pred, day.value.tp) == (1, 1, 1)
    assert rep.row("dates").value.recall == 0.5
    # the key of ``dates`` includes the precision
    p2 = result(dates=[date(0, "13/01/2021", "2021-01-13"),
                       date(20, "tháng 01/2021", "2021-01", "day")])
    assert score(g, p2).row("dates").value.tp == 1


def test_officials_rows() -> None:
    g = result(officials=[official(0, "Chủ tịch UBND tỉnh Đồng Văn Thanh", "Chủ tịch",
                                   "Đồng Văn Thanh"),
                          official(60, "Thủ tướng Chính phủ", "Thủ tướng", None)])
    p = result(officials=[official(0, "Chủ tịch UBND tỉnh Đồng Văn Thanh", "Phó Chủ tịch",
                                   "Đồng Văn Thanh")])
    rep = score(g, p)
    full = rep.row("officials")
    assert (full.value.gold, full.value.tp) == (2, 0)
    names = rep.row("officials (names)")
    # the role-only official has no name and takes no part in the names row
    assert (names.value.gold, names.value.pred, names.value.tp) == (1, 1, 1)


def test_strings_compare_after_nfc_and_whitespace() -> None:
    assert norm("Đồng  Văn\nThanh ") == "Đồng Văn Thanh"
    nfd = unicodedata.normalize("NFD", "Hậu Giang")
    g = result(locations=[{"text": nfd, "start": 0, "end": len(nfd), "name": nfd,
                           "level": "province", "code": "93", "valid": True}])
    p = result(locations=[{"text": nfd, "start": 0, "end": len(nfd), "name": "Hậu Giang",
                           "level": "province", "code": "93", "valid": True}])
    assert score(g, p).row("locations").value.tp == 1


# ---------------------------------------------------------------------- attribute rows


def test_attribute_accuracy_on_span_matched_mentions() -> None:
    g = result(dates=[date(0, "ngày 13 tháng 01 năm 2021", "2021-01-13", role="issued"),
                      date(40, "ngày 15/3/2021", "2021-03-15", role="effective")])
    p = result(dates=[date(0, "ngày 13 tháng 01 năm 2021", "2021-01-13", role=None),
                      date(40, "ngày 15/3/2021", "2021-03-15", role="effective"),
                      date(90, "ngày 1/4/2021", "2021-04-01")])
    rep = score(g, p)
    role = rep.row("dates.role")
    assert (role.correct, role.total) == (1, 2)
    assert role.score == 0.5
    (err,) = rep.errors_for("dates.role")
    assert err.kind == "wrong_value" and err.gold["_value"] == "issued"


# ----------------------------------------------------------------------- metadata rows


def test_metadata_accuracy_ignores_documents_where_both_are_null() -> None:
    items = [
        ("a", result(metadata={"number": "04/KH-UBND"}), result(metadata={"number": "04/KH-UBND"})),
        ("b", result(metadata={"number": "05/KH-UBND"}), result(metadata={"number": "5/KH-UBND"})),
        ("c", result(metadata={"number": "06/KH-UBND"}), result()),
        ("d", result(), result(metadata={"number": "07/KH-UBND"})),
        ("e", result(), result()),
    ]
    rep = score_documents(items)
    row = rep.row("metadata.number")
    assert (row.correct, row.total) == (1, 4)
    assert row.score == 0.25
    assert (row.value.gold, row.value.pred, row.value.tp) == (3, 3, 1)
    got = {e.doc_id: e.kind for e in rep.errors_for("metadata.number")}
    assert got == {"b": "wrong_value", "c": "missed", "d": "spurious"}


def test_metadata_signer_name_and_recipients() -> None:
    signer = {"text": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A", "start": 0, "end": 37,
              "title": "Phó Chủ tịch", "organization": None, "name": "Nguyễn Văn A",
              "authority": "KT."}
    g = result(metadata={"signer": signer, "recipients": ["Như trên", "Lưu: VT"]})
    p = result(metadata={"signer": {**signer, "name": "Nguyễn  Văn A"},
                         "recipients": ["Như trên", "Lưu:  VT"]})
    rep = score(g, p)
    assert rep.row("metadata.signer.name").score == 1.0
    assert rep.row("metadata.recipients").score == 1.0
    p2 = result(metadata={"signer": {**signer, "name": "Nguyễn Văn B"}, "recipients": []})
    rep2 = score(g, p2)
    assert rep2.row("metadata.signer.name").score == 0.0
    assert [e.kind for e in rep2.errors_for("metadata.recipients")] == ["missed"]


# ------------------------------------------------------------------ crashes and report


def test_crash_scores_as_empty_and_is_listed() -> None:
    g = result(document_numbers=[num(10, "04/KH-UBND")])
    rep = score(g, crash_result(RuntimeError("boom")))
    assert rep.crashes == 1
    assert rep.row("document_numbers").value.recall == 0.0
    (crash,) = [e for e in rep.errors if e.kind == "crash"]
    assert "RuntimeError: boom" in crash.describe()


def test_check_thresholds() -> None:
    g = result(document_numbers=[num(10, "04/KH-UBND"), num(50, "26-NQ/TW")])
    p = result(document_numbers=[num(10, "04/KH-UBND")])
    rep = score(g, p)
    f1 = rep.row("document_numbers").score
    assert f1 is not None and 0 < f1 < 1
    assert rep.check({"document_numbers": f1}) == []
    (msg,) = rep.check({"document_numbers": 0.99})
    assert msg.startswith("document_numbers:")
    (msg,) = rep.check({"campaigns": 0.5})
    assert "nothing to score" in msg
    with pytest.raises(KeyError):
        rep.row("no such row")


def test_table_and_json() -> None:
    g = result(document_numbers=[num(10, "04/KH-UBND")], metadata={"number": "04/KH-UBND"})
    rep = score(g, result())
    table = rep.table()
    for name in ROW_NAMES:
        assert name in table
    json.dumps(rep.to_dict(), ensure_ascii=False)
    assert "missed" in rep.format_errors(5)


# ------------------------------------------------------------- evaluate, bench, plugin

TEXT = "Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 của UBND tỉnh.\n"


def write_corpus(root: Path, normalized: str = "04/KH-UBND", split: str = "test") -> Path:
    """A one-notice corpus; ``normalized`` lets a test make the gold deliberately wrong."""
    (root / "texts").mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "texts" / "t-0001.txt").write_text(TEXT, encoding="utf-8")
    s = TEXT.index("04/KH-UBND")
    d = TEXT.index("ngày 13")
    res = result(
        document_numbers=[{**num(s, "04/KH-UBND", normalized), "number": "04", "year": None,
                           "type_code": "KH", "issuer_code": "UBND", "doc_type": "Kế hoạch",
                           "family": "administrative"}],
        dates=[date(d, "ngày 13 tháng 01 năm 2021", "2021-01-13")],
    )
    gold = {"id": "t-0001", "file": "texts/t-0001.txt", "encoding": "utf-8", "genre": "test",
            "split": split, "provenance": "written for this test", "notes": "", "result": res}
    (root / "gold" / "t-0001.json").write_text(json.dumps(gold, ensure_ascii=False),
                                              encoding="utf-8")
    return root


def test_evaluate_with_a_custom_extractor(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    gold = load_corpus(corpus).documents[0].result

    rep = evaluate(corpus, split="test", extractor=lambda text: gold)
    assert rep.documents == 1 and rep.crashes == 0
    assert rep.row("document_numbers").score == 1.0
    assert evaluate(corpus, split="dev", extractor=lambda text: gold).documents == 0

    def boom(text: str) -> dict[str, Any]:
        raise ValueError("bad input")

    rep = evaluate(corpus, extractor=boom)
    assert rep.crashes == 1 and rep.row("document_numbers").value.tp == 0


def test_bench_cli_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_corpus(tmp_path / "c")
    out = tmp_path / "bench.json"
    assert main(["bench", str(corpus), "--split", "test", "--json", str(out),
                 "--errors", "3"]) == 0
    printed = capsys.readouterr().out
    assert "document_numbers" in printed and "dates (day precision)" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["corpus"]["documents"] == 1
    assert {r["name"] for r in data["corpus"]["rows"]} >= {"document_numbers", "metadata.number"}
    assert main(["bench", str(tmp_path / "missing")]) == 2


def test_pytest_plugin_thresholds(pytester: pytest.Pytester, tmp_path: Path) -> None:
    # gold says 99/XX-YY where the text says 04/KH-UBND: no extractor can score above 0
    corpus = write_corpus(tmp_path / "c", normalized="99/XX-YY")
    res = pytester.runpytest("-p", "no:cacheprovider", "--vngov-corpus", str(corpus),
                             "--vngov-split", "test",
                             "--vngov-min-f1", "document_numbers=0.5",
                             "--vngov-min-f1", "dates (day precision)=0.0")
    res.assert_outcomes(passed=3, failed=1)
    out = res.stdout.str()
    assert "vngov::min[document_numbers]" in out
    assert "vngov accuracy" in out and "officials (names)" in out


def test_pytest_plugin_rejects_unknown_fields(pytester: pytest.Pytester, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    res = pytester.runpytest("--vngov-corpus", str(corpus), "--vngov-min-f1", "nonsense=0.5")
    assert res.ret == pytest.ExitCode.USAGE_ERROR
    assert "unknown field" in res.stderr.str()
