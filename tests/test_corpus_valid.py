"""The gold corpus is well-formed: offsets match text, values are well-formed, ids unique.

The first test checks the project's own ``corpus/``; the others check that ``validate``
catches each kind of problem on small corpora written here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from vngov.evaluate import load_corpus, validate
from vngov.evaluate.corpus import LIST_FIELDS, METADATA_KEYS, iso_bounds

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_project_corpus_is_valid() -> None:
    if not any((CORPUS / "gold").glob("*.json")):
        pytest.skip("corpus/gold/ has no gold files yet")
    corpus = load_corpus(CORPUS)
    problems = validate(corpus)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
    assert len(corpus) == len(list((CORPUS / "gold").glob("*.json")))


def test_project_split_file_agrees_with_gold() -> None:
    tsv = CORPUS / "split.tsv"
    if not tsv.is_file():
        pytest.skip("corpus/split.tsv not written yet (python scripts/corpus_stats.py)")
    corpus = load_corpus(CORPUS)
    listed = {line.split("\t")[0] for line in tsv.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    missing = sorted({d.id for d in corpus} - listed)
    assert not missing, f"gold documents missing from split.tsv: {missing}"


# ----------------------------------------------------------------- validator unit tests

TEXT = "ỦY BAN NHÂN DÂN\nSố: 04/KH-UBND\nHậu Giang, ngày 13 tháng 01 năm 2021\n"


def _result() -> dict[str, Any]:
    md: dict[str, Any] = {k: None for k in METADATA_KEYS}
    md["recipients"] = []
    res: dict[str, Any] = {name: [] for name in LIST_FIELDS}
    s = TEXT.index("04/")
    d = TEXT.index("ngày")
    res["document_numbers"] = [{
        "text": "04/KH-UBND", "start": s, "end": s + 10, "normalized": "04/KH-UBND",
        "number": "04", "year": None, "type_code": "KH", "issuer_code": "UBND",
        "doc_type": "Kế hoạch", "family": "administrative"}]
    res["dates"] = [{"text": "ngày 13 tháng 01 năm 2021", "start": d, "end": d + 25,
                     "value": "2021-01-13", "precision": "day", "role": "issued",
                     "inferred": False}]
    res["metadata"] = md
    return res


def _write(root: Path, ident: str = "x-0001", mutate: Any = None,
           text: str = TEXT, **top: Any) -> None:
    (root / "texts").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(exist_ok=True)
    (root / "texts" / f"{ident}.txt").write_text(text, encoding="utf-8")
    gold: dict[str, Any] = {"id": ident, "file": f"texts/{ident}.txt", "encoding": "utf-8",
                            "genre": "formal", "split": "dev", "provenance": "test",
                            "notes": "", "result": _result()}
    gold.update(top)
    if mutate:
        gold = copy.deepcopy(gold)
        mutate(gold["result"])
    (root / "gold" / f"{ident}.json").write_text(json.dumps(gold, ensure_ascii=False),
                                                encoding="utf-8")


def _problems(root: Path) -> list[str]:
    return validate(load_corpus(root))


def test_clean_corpus_has_no_problems(tmp_path: Path) -> None:
    _write(tmp_path)
    assert _problems(tmp_path) == []


def _shift(res: dict[str, Any]) -> None:
    res["document_numbers"][0]["start"] += 1


def _bad_date(res: dict[str, Any]) -> None:
    res["dates"][0]["value"] = "2021-02-31"


def _wrong_precision(res: dict[str, Any]) -> None:
    res["dates"][0]["precision"] = "month"


def _overlap(res: dict[str, Any]) -> None:
    m = dict(res["dates"][0])
    m.update(text="13 tháng 01", start=m["start"] + 5, end=m["start"] + 16, value="2021-01",
             precision="month")
    res["dates"].append(m)


def _missing_key(res: dict[str, Any]) -> None:
    del res["document_numbers"][0]["family"]


def _bad_enum(res: dict[str, Any]) -> None:
    res["dates"][0]["role"] = "signed"


def _no_metadata_key(res: dict[str, Any]) -> None:
    del res["metadata"]["signer"]


def _bad_period(res: dict[str, Any]) -> None:
    d = res["dates"][0]
    res["periods"] = [{"text": d["text"], "start": d["start"], "end": d["end"],
                       "start_value": "2025", "end_value": "2021"}]


@pytest.mark.parametrize(("mutate", "expected"), [
    (_shift, "04/KH-UBND"),
    (_bad_date, "not an ISO date"),
    (_wrong_precision, "does not have precision"),
    (_overlap, "overlap"),
    (_missing_key, "missing key"),
    (_bad_enum, "'signed' is not one of"),
    (_no_metadata_key, "metadata missing key"),
    (_bad_period, "starts after it ends"),
])
def test_validate_catches(tmp_path: Path, mutate: Any, expected: str) -> None:
    _write(tmp_path, mutate=mutate)
    problems = _problems(tmp_path)
    assert problems and any(expected in p for p in problems), problems


def test_duplicate_ids_and_bad_split(tmp_path: Path) -> None:
    _write(tmp_path, "x-0001")
    _write(tmp_path, "x-0002", id="x-0001", split="train")
    problems = _problems(tmp_path)
    assert any("already used" in p for p in problems)
    assert any("not dev or test" in p for p in problems)
    assert any("does not match the file name" in p for p in problems)


def test_unreadable_and_incomplete_gold(tmp_path: Path) -> None:
    _write(tmp_path)
    (tmp_path / "gold" / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "gold" / "nofile.json").write_text(
        json.dumps({"id": "nofile", "file": "texts/absent.txt", "result": {}}),
        encoding="utf-8")
    problems = _problems(tmp_path)
    assert any("broken.json: unreadable" in p for p in problems)
    assert any("nofile.json: cannot read" in p for p in problems)


def test_split_tsv_must_agree(tmp_path: Path) -> None:
    _write(tmp_path)
    (tmp_path / "split.tsv").write_text("x-0001\ttest\n", encoding="utf-8")
    assert any("split.tsv" in p for p in _problems(tmp_path))


def test_iso_bounds() -> None:
    assert iso_bounds("2021") == ("2021-01-01", "2021-12-31")
    assert iso_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert iso_bounds("2021-01-13") == ("2021-01-13", "2021-01-13")
    for bad in ("2021-13", "2021-02-29", "21-01-01", "2021/01/13", None, 2021):
        assert iso_bounds(bad) is None


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "cp1258", "utf-16"])
def test_legacy_encoded_notice_loads(tmp_path: Path, encoding: str) -> None:
    enc = pytest.importorskip("vngov.text.encodings")
    _write(tmp_path, encoding=encoding)
    # TCVN3 has no capital toned vowels: "fold" writes them in lower case, same length
    raw = enc.encode(TEXT, encoding, errors="fold")
    (tmp_path / "texts" / "x-0001.txt").write_bytes(raw)
    corpus = load_corpus(tmp_path)
    assert [d.text for d in corpus] == [enc.decode(raw, encoding)]
    assert validate(corpus) == []
