"""Baselines scored in the same run as vngov, on the same documents, at value level.

* underthesea's NER (``underthesea.ner``, run line by line): ``PER`` entities against gold
  officials' names, ``LOC`` against location names, ``ORG`` against organisation names as
  written;
* ``dateparser.search_dates(text, languages=["vi"])`` against day-precision dates (values
  ``YYYY-MM-DD``), with a fixed ``RELATIVE_BASE`` so that runs do not depend on the clock and
  ``REQUIRE_PARTS`` day/month/year so that only fully stated dates are proposed.

A baseline whose package is missing is skipped with a note saying how to install it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any

from vngov.evaluate.corpus import GoldDocument
from vngov.evaluate.score import MENTION_ROWS, RowScore, Timing, _multiset_tp, norm

DATEPARSER_SETTINGS: dict[str, Any] = {
    "RELATIVE_BASE": datetime(2000, 1, 1),
    "REQUIRE_PARTS": ["day", "month", "year"],
}
NER_ROWS = (("PER", "officials (names)"), ("LOC", "locations (names)"),
            ("ORG", "organizations (names)"))


def _gold_keys(doc: GoldDocument, row_name: str) -> list[Hashable]:
    spec = next(r for r in MENTION_ROWS if r.name == row_name)
    return [spec.key(m) for m in doc.result.get(spec.field) or []
            if isinstance(m, dict) and spec.keep(m)]


def _value_row(name: str, system: str, docs: Sequence[GoldDocument],
               preds: Sequence[list[Hashable]]) -> RowScore:
    row = RowScore(name, "mention", system=system)
    for doc, p in zip(docs, preds, strict=True):
        g = _gold_keys(doc, name)
        row.value.add(len(g), len(p), _multiset_tp(g, p))
    return row


def ner_entities(text: str, ner: Callable[[str], list[Any]]) -> dict[str, list[str]]:
    """``{"PER": [...], "LOC": [...], "ORG": [...]}`` from BIO-tagged tokens, line by line."""
    found: dict[str, list[str]] = {"PER": [], "LOC": [], "ORG": []}
    for line in text.splitlines():
        if not line.strip():
            continue
        cur_type: str | None = None
        cur: list[str] = []
        for tok in [*ner(line), ("", "", "", "O")]:
            word, tag = tok[0], tok[-1]
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if cur_type and (tag.startswith("B-") or kind != cur_type):
                if cur_type in found:
                    found[cur_type].append(" ".join(cur))
                cur_type, cur = None, []
            if kind:
                if cur_type is None:
                    cur_type = kind
                cur.append(word)
    return found


def run_underthesea(docs: Sequence[GoldDocument]) -> tuple[list[RowScore], Timing | None, str]:
    """underthesea NER rows and timing; an explanatory note when it is not installed."""
    try:
        from underthesea import ner
    except ImportError:
        return [], None, ("underthesea not installed: NER baselines skipped "
                          "(pip install underthesea)")
    ner("Ủy ban nhân dân tỉnh Hậu Giang")  # load the model outside the timed loop
    per_doc: list[dict[str, list[str]]] = []
    t0 = time.perf_counter()
    for doc in docs:
        per_doc.append(ner_entities(doc.text, ner))
    seconds = time.perf_counter() - t0
    rows = [
        _value_row(row, f"underthesea NER ({tag})", docs,
                   [[norm(s) for s in ents[tag]] for ents in per_doc])
        for tag, row in NER_ROWS
    ]
    return rows, _timing("underthesea NER", docs, seconds), ""


def run_dateparser(docs: Sequence[GoldDocument]) -> tuple[list[RowScore], Timing | None, str]:
    """dateparser.search_dates row and timing; an explanatory note when not installed."""
    try:
        from dateparser.search import search_dates
    except ImportError:
        return [], None, ("dateparser not installed: date baseline skipped "
                          "(pip install 'vngov[dev]')")
    search_dates("ngày 13 tháng 01 năm 2021", languages=["vi"], settings=DATEPARSER_SETTINGS)
    preds: list[list[Hashable]] = []
    t0 = time.perf_counter()
    for doc in docs:
        found = search_dates(doc.text, languages=["vi"], settings=DATEPARSER_SETTINGS) or []
        preds.append([dt.date().isoformat() for _, dt in found])
    seconds = time.perf_counter() - t0
    row = _value_row("dates (day precision)", "dateparser.search_dates", docs, preds)
    return [row], _timing("dateparser.search_dates", docs, seconds), ""


def _timing(system: str, docs: Sequence[GoldDocument], seconds: float) -> Timing:
    return Timing(system, len(docs), sum(len(d.text) for d in docs),
                  sum(len(d.text.encode("utf-8")) for d in docs), seconds)


def run_baselines(docs: Sequence[GoldDocument]) -> tuple[list[RowScore], list[Timing], list[str]]:
    """Every available baseline: rows, timings and notes about skipped ones."""
    rows: list[RowScore] = []
    timings: list[Timing] = []
    notes: list[str] = []
    for run in (run_underthesea, run_dateparser):
        r, t, note = run(docs)
        rows += r
        if t is not None:
            timings.append(t)
        if note:
            notes.append(note)
    return rows, timings, notes
