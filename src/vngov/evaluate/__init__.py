"""Accuracy of vngov on a gold corpus: load, validate, score, compare with baselines.

>>> from vngov.evaluate import evaluate
>>> report = evaluate("corpus", split="test")          # doctest: +SKIP
>>> print(report.table())                              # doctest: +SKIP
>>> report.row("document_numbers").value.f1            # doctest: +SKIP

See ``docs/accuracy.md`` for the matching rules.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from vngov.evaluate.corpus import Corpus, GoldDocument, load_corpus, validate
from vngov.evaluate.score import (
    ROW_NAMES,
    Counts,
    ErrorItem,
    Report,
    RowScore,
    Timing,
    crash_result,
    format_table,
    score_documents,
)

Extractor = Callable[[str], Any]

__all__ = [
    "ROW_NAMES",
    "Corpus",
    "Counts",
    "ErrorItem",
    "GoldDocument",
    "Report",
    "RowScore",
    "Timing",
    "evaluate",
    "format_table",
    "load_corpus",
    "predict",
    "score_documents",
    "validate",
]


def _as_corpus(corpus: Corpus | str | Path | Iterable[str | Path]) -> Corpus:
    if isinstance(corpus, Corpus):
        return corpus
    if isinstance(corpus, (str, Path)):
        return load_corpus(corpus)
    return Corpus.merge(load_corpus(c) for c in corpus)


def _to_result(out: Any) -> dict[str, Any]:
    return out.to_dict() if hasattr(out, "to_dict") else dict(out)


def predict(docs: Iterable[GoldDocument], extractor: Extractor | None = None,
            ) -> tuple[list[dict[str, Any]], float]:
    """Run ``extractor`` (default :func:`vngov.extract`) on each document's text.

    Returns the predicted result dicts (a :func:`crash_result` placeholder where it raised)
    and the seconds spent inside the extractor.
    """
    if extractor is None:
        from vngov.api import extract as extractor
    try:
        extractor("")  # warm-up: lazy tables and compiled patterns are not timed
    except Exception:
        pass  # a crash on real documents is reported below
    preds: list[dict[str, Any]] = []
    seconds = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        try:
            preds.append(_to_result(extractor(doc.text)))
        except Exception as exc:  # a crash is a result to report, not a reason to stop
            preds.append(crash_result(exc))
        seconds += time.perf_counter() - t0
    return preds, seconds


def evaluate(
    corpus: Corpus | str | Path | Iterable[str | Path],
    split: str | None = "all",
    *,
    extractor: Extractor | None = None,
    baselines: bool = False,
) -> Report:
    """Score ``extractor`` (default :func:`vngov.extract`) on a corpus's split.

    ``corpus`` is a :class:`Corpus`, a corpus directory or several directories (pooled).
    ``split`` is ``"dev"``, ``"test"`` or ``"all"``. With ``baselines=True`` the underthesea
    NER and dateparser baselines are scored on the same documents (slow). Documents that
    could not be loaded are not scored; the report's notes say how many.
    """
    c = _as_corpus(corpus).select(split)
    docs = list(c.documents)
    preds, seconds = predict(docs, extractor)
    report = score_documents(((d.id, d.result, p) for d, p in zip(docs, preds, strict=True)),
                             split=split or "all")
    system = "vngov" if extractor is None else getattr(extractor, "__name__", "extractor")
    report.timings.append(Timing(system, len(docs), sum(len(d.text) for d in docs),
                                 sum(len(d.text.encode("utf-8")) for d in docs), seconds))
    if c.problems:
        report.notes.append(f"{len(c.problems)} corpus problem(s) while loading; documents "
                            "that could not be loaded were not scored")
    if baselines:
        from vngov.evaluate.baselines import run_baselines

        rows, timings, notes = run_baselines(docs)
        report.rows += rows
        report.timings += timings
        report.notes += notes
    return report
