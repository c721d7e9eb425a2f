"""Precision, recall and F1 per field, attribute and metadata accuracy, and error listings.

Everything here works on plain ``to_dict()``-shaped dicts (gold ``result`` and predictions),
so a prediction can come from :func:`vngov.extract`, a JSON Lines batch or another system.
The matching rules are documented in ``docs/accuracy.md``:

* a **mention row** (``document_numbers``, ``dates (day precision)``, ...) counts exact-span
  matches (same ``start``/``end``) and value-level matches (same value key, multiset, span
  ignored) within each document; ``score`` is the value-level F1;
* an **attribute row** (``dates.role``, ...) is the accuracy of one attribute over gold and
  predicted mentions of the field that share a span;
* a **metadata row** (``metadata.number``, ...) is the accuracy over documents where gold or
  prediction is non-null (both null is not counted), with precision/recall alongside.

String values are compared after Unicode NFC and whitespace collapsing; case is kept.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

Mention = dict[str, Any]

_WS = re.compile(r"\s+")


def norm(value: Any) -> Any:
    """Comparison form of a value: NFC, whitespace collapsed; lists become tuples."""
    if isinstance(value, str):
        return _WS.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, (list, tuple)):
        return tuple(norm(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, norm(v)) for k, v in value.items()))
    return value


# --------------------------------------------------------------------------------- counts


@dataclass
class Counts:
    """Gold items, predicted items and true positives; P/R/F1 are None without data."""

    gold: int = 0
    pred: int = 0
    tp: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / self.pred if self.pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        # 2PR/(P+R) == 2tp/(gold+pred); defined whenever there is anything to score.
        total = self.gold + self.pred
        return 2 * self.tp / total if total else None

    def add(self, gold: int, pred: int, tp: int) -> None:
        self.gold += gold
        self.pred += pred
        self.tp += tp

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "pred": self.pred, "tp": self.tp,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class RowScore:
    """One line of the table."""

    name: str
    kind: str  # "mention" | "attribute" | "metadata"
    system: str = "vngov"
    value: Counts = field(default_factory=Counts)
    span: Counts | None = None
    correct: int = 0  # attribute / metadata accuracy
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    @property
    def score(self) -> float | None:
        """What thresholds compare against: value F1 for mentions, else accuracy."""
        return self.value.f1 if self.kind == "mention" else self.accuracy

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "kind": self.kind, "system": self.system,
                             "score": self.score}
        if self.kind != "attribute":
            d["value"] = self.value.to_dict()
        if self.span is not None:
            d["span"] = self.span.to_dict()
        if self.kind != "mention":
            d.update(correct=self.correct, total=self.total, accuracy=self.accuracy)
        return d


ERROR_KINDS = ("crash", "missed", "spurious", "wrong_value", "wrong_span_value", "boundary",
               "elsewhere")


@dataclass(frozen=True)
class ErrorItem:
    """One thing to fix in one document.

    ``missed``: gold with no counterpart; ``spurious``: prediction with no counterpart;
    ``wrong_value``: same span, different value; ``wrong_span_value``: overlapping spans,
    different value; ``boundary``: same value, overlapping but different span; ``elsewhere``:
    same value predicted at a non-overlapping span (value level counts it correct);
    ``crash``: the extractor raised. Only the last two kinds are not value-level errors.
    """

    doc_id: str
    row: str
    kind: str
    gold: Any = None
    pred: Any = None

    def describe(self) -> str:
        def show(m: Any) -> str:
            if isinstance(m, dict) and "start" in m:
                vals = {k: v for k, v in m.items() if k not in ("text", "start", "end", "rule")}
                return f"{m.get('text')!r}@{m.get('start')}:{m.get('end')} {_compact(vals)}"
            return repr(m)

        parts = [f"{self.doc_id}: {self.row}: {self.kind}"]
        if self.kind == "crash":
            return f"{parts[0]}: {self.pred}"
        if self.gold is not None or self.kind in ("missed", "wrong_value"):
            parts.append(f"gold {show(self.gold)}")
        if self.pred is not None or self.kind in ("spurious", "wrong_value"):
            parts.append(f"pred {show(self.pred)}")
        return " | ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "row": self.row, "kind": self.kind,
                "gold": self.gold, "pred": self.pred}


def _compact(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Timing:
    """Throughput of one system over the scored documents."""

    system: str
    documents: int
    chars: int
    bytes: int  # UTF-8 size of the texts
    seconds: float

    @property
    def mb_per_s(self) -> float | None:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.system, "documents": self.documents, "chars": self.chars,
                "bytes": self.bytes, "seconds": self.seconds, "mb_per_s": self.mb_per_s}


# ----------------------------------------------------------------------------- row specs


@dataclass(frozen=True)
class MentionRow:
    """A mention row: which field, which gold/pred mentions take part, the value key."""

    name: str
    field: str
    key: Callable[[Mention], Hashable]
    keep: Callable[[Mention], bool] = lambda m: True


def _get(*names: str) -> Callable[[Mention], Hashable]:
    if len(names) == 1:
        return lambda m: norm(m.get(names[0]))
    return lambda m: tuple(norm(m.get(n)) for n in names)


MENTION_ROWS: tuple[MentionRow, ...] = (
    MentionRow("document_numbers", "document_numbers", _get("normalized")),
    MentionRow("dates", "dates", _get("value", "precision")),
    MentionRow("dates (day precision)", "dates", _get("value"),
               lambda m: m.get("precision") == "day"),
    MentionRow("periods", "periods", _get("start_value", "end_value")),
    MentionRow("officials", "officials", _get("title", "name")),
    MentionRow("officials (names)", "officials", _get("name"),
               lambda m: norm(m.get("name")) not in (None, "")),
    MentionRow("organizations", "organizations", _get("canonical")),
    MentionRow("organizations (names)", "organizations", _get("name")),
    MentionRow("locations", "locations", _get("name", "level")),
    MentionRow("locations (names)", "locations", _get("name")),
    MentionRow("campaigns", "campaigns", _get("name")),
    MentionRow("references", "references", _get("doc_type", "number", "date")),
)


def _period_key(m: Mention) -> Hashable:
    p = m.get("period")
    return None if not p else (norm(p.get("start_value")), norm(p.get("end_value")))


ATTRIBUTES: dict[str, tuple[tuple[str, Callable[[Mention], Hashable]], ...]] = {
    "document_numbers": tuple((a, _get(a)) for a in
                              ("number", "year", "type_code", "issuer_code", "doc_type",
                               "family")),
    "dates": (("role", _get("role")), ("inferred", _get("inferred"))),
    "officials": (("organization", _get("organization")), ("authority", _get("authority"))),
    "organizations": (("kind", _get("kind")),),
    "locations": (("code", _get("code")), ("valid", _get("valid"))),
    "campaigns": (("kind", _get("kind")), ("launched_by", _get("launched_by")),
                  ("period", _period_key)),
    "references": (("issuer", _get("issuer")), ("subject", _get("subject"))),
}


def _recipients(md: dict[str, Any]) -> Hashable:
    items = tuple(r for r in norm(md.get("recipients") or []) if r)
    return items or None


def _signer(attr: str) -> Callable[[dict[str, Any]], Hashable]:
    return lambda md: norm((md.get("signer") or {}).get(attr))


METADATA_ROWS: tuple[tuple[str, Callable[[dict[str, Any]], Hashable]], ...] = (
    *((f"metadata.{k}", _get(k)) for k in
      ("number", "doc_type", "issued_date", "issuer", "place", "subject", "title",
       "published_date", "source", "author")),
    ("metadata.signer.name", _signer("name")),
    ("metadata.signer.title", _signer("title")),
    ("metadata.recipients", _recipients),
)

ROW_NAMES: tuple[str, ...] = (
    *(r.name for r in MENTION_ROWS),
    *(f"{f}.{a}" for f, attrs in ATTRIBUTES.items() for a, _ in attrs),
    *(name for name, _ in METADATA_ROWS),
)


# ------------------------------------------------------------------------------- matching


def _span(m: Mention) -> tuple[Any, Any]:
    return (m.get("start"), m.get("end"))


def _overlap(a: Mention, b: Mention) -> bool:
    try:
        return max(a["start"], b["start"]) < min(a["end"], b["end"])
    except (KeyError, TypeError):
        return False


def _multiset_tp(a: Iterable[Hashable], b: Iterable[Hashable]) -> int:
    ca, cb = Counter(a), Counter(b)
    return sum(min(n, cb[k]) for k, n in ca.items())


def align(gold: list[Mention], pred: list[Mention], key: Callable[[Mention], Hashable],
          ) -> list[tuple[str, Mention | None, Mention | None]]:
    """Pair gold and predicted mentions of one document; returns ``(kind, gold, pred)``.

    Greedy, in this order: same span and value (``ok``), same value with overlapping span
    (``boundary``), same value elsewhere (``elsewhere``), same span (``wrong_value``),
    overlapping span (``wrong_span_value``); the rest are ``missed`` / ``spurious``. The
    first three stages pair exactly as many items as the value-level multiset match.
    """
    gk = [key(m) for m in gold]
    pk = [key(m) for m in pred]
    gfree = list(range(len(gold)))
    pfree = list(range(len(pred)))
    out: list[tuple[str, Mention | None, Mention | None]] = []
    stages: tuple[tuple[str, Callable[[int, int], bool]], ...] = (
        ("ok", lambda i, j: gk[i] == pk[j] and _span(gold[i]) == _span(pred[j])),
        ("boundary", lambda i, j: gk[i] == pk[j] and _overlap(gold[i], pred[j])),
        ("elsewhere", lambda i, j: gk[i] == pk[j]),
        ("wrong_value", lambda i, j: _span(gold[i]) == _span(pred[j])),
        ("wrong_span_value", lambda i, j: _overlap(gold[i], pred[j])),
    )
    for kind, ok in stages:
        for i in list(gfree):
            for j in pfree:
                if ok(i, j):
                    out.append((kind, gold[i], pred[j]))
                    gfree.remove(i)
                    pfree.remove(j)
                    break
    out += [("missed", gold[i], None) for i in gfree]
    out += [("spurious", None, pred[j]) for j in pfree]
    return out


def _span_pairs(gold: list[Mention], pred: list[Mention]) -> list[tuple[Mention, Mention]]:
    free = list(range(len(pred)))
    pairs = []
    for g in gold:
        for j in free:
            if _span(pred[j]) == _span(g):
                pairs.append((g, pred[j]))
                free.remove(j)
                break
    return pairs


def _mentions(result: dict[str, Any] | None, name: str) -> list[Mention]:
    items = (result or {}).get(name) or []
    return [m for m in items if isinstance(m, dict)]


# --------------------------------------------------------------------------------- report


@dataclass
class Report:
    """Scores of one run: table rows, per-document errors, timings, crashes."""

    rows: list[RowScore]
    errors: list[ErrorItem] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    documents: int = 0
    crashes: int = 0
    split: str = "all"
    notes: list[str] = field(default_factory=list)

    def row(self, name: str, system: str = "vngov") -> RowScore:
        for r in self.rows:
            if r.name == name and r.system == system:
                return r
        raise KeyError(f"no row {name!r} for {system!r}; rows: {', '.join(ROW_NAMES)}")

    def check(self, thresholds: dict[str, float]) -> list[str]:
        """One message per threshold the vngov rows fall below (or cannot be measured)."""
        failures = []
        for name, floor in thresholds.items():
            r = self.row(name)
            if r.score is None:
                failures.append(f"{name}: nothing to score (no gold and no predictions)")
            elif r.score < floor:
                failures.append(f"{name}: {r.score:.4f} < {floor}")
        return failures

    def errors_for(self, row: str | None = None, value_only: bool = False) -> list[ErrorItem]:
        out = [e for e in self.errors if row is None or e.row == row]
        if value_only:
            out = [e for e in out if e.kind not in ("boundary", "elsewhere")]
        return out

    def table(self) -> str:
        """The per-field table as fixed-width text."""
        return format_table(self)

    def format_errors(self, limit: int) -> str:
        """The first ``limit`` errors of every row (value-level errors first)."""
        lines = []
        crash = [e for e in self.errors if e.kind == "crash"]
        lines += [e.describe() for e in crash[:limit]]
        rank = {k: i for i, k in enumerate(ERROR_KINDS)}
        for name in ROW_NAMES:
            errs = sorted(self.errors_for(name), key=lambda e: rank[e.kind])
            if not errs:
                continue
            lines.append(f"== {name}: {len(errs)} error(s)"
                         + (f", first {limit}" if len(errs) > limit else ""))
            lines += ["  " + e.describe() for e in errs[:limit]]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "documents": self.documents,
            "crashes": self.crashes,
            "rows": [r.to_dict() for r in self.rows],
            "timings": [t.to_dict() for t in self.timings],
            "notes": list(self.notes),
            "errors": [e.to_dict() for e in self.errors],
        }


def score_documents(items: Iterable[tuple[str, dict[str, Any], dict[str, Any] | None]],
                    split: str = "all") -> Report:
    """Score ``(doc_id, gold_result, predicted_result)`` triples.

    A predicted result of ``None`` stands for a crash: it is scored as an empty result and
    listed as a ``crash`` error (give the message via :func:`crash_result`).
    """
    mention = {r.name: RowScore(r.name, "mention", span=Counts()) for r in MENTION_ROWS}
    attrs = {f"{f}.{a}": RowScore(f"{f}.{a}", "attribute")
             for f, lst in ATTRIBUTES.items() for a, _ in lst}
    meta = {name: RowScore(name, "metadata") for name, _ in METADATA_ROWS}
    errors: list[ErrorItem] = []
    n = crashes = 0
    for doc_id, gold, pred in items:
        n += 1
        if pred is None or "__crash__" in pred:
            crashes += 1
            msg = (pred or {}).get("__crash__", "extractor failed")
            errors.append(ErrorItem(doc_id, "*", "crash", pred=msg))
            pred = {}
        for spec in MENTION_ROWS:
            g = [m for m in _mentions(gold, spec.field) if spec.keep(m)]
            p = [m for m in _mentions(pred, spec.field) if spec.keep(m)]
            row = mention[spec.name]
            row.value.add(len(g), len(p), _multiset_tp(map(spec.key, g), map(spec.key, p)))
            assert row.span is not None
            row.span.add(len(g), len(p), _multiset_tp(map(_span, g), map(_span, p)))
            for kind, gm, pm in align(g, p, spec.key):
                if kind != "ok":
                    errors.append(ErrorItem(doc_id, spec.name, kind, gm, pm))
        for fname, lst in ATTRIBUTES.items():
            pairs = _span_pairs(_mentions(gold, fname), _mentions(pred, fname))
            for attr, key in lst:
                row = attrs[f"{fname}.{attr}"]
                for gm, pm in pairs:
                    row.total += 1
                    if key(gm) == key(pm):
                        row.correct += 1
                    else:
                        errors.append(ErrorItem(doc_id, row.name, "wrong_value",
                                                {**gm, "_value": key(gm)},
                                                {**pm, "_value": key(pm)}))
        gmd = (gold or {}).get("metadata") or {}
        pmd = (pred or {}).get("metadata") or {}
        for name, key in METADATA_ROWS:
            gv, pv = key(gmd), key(pmd)
            gv = None if gv == "" else gv
            pv = None if pv == "" else pv
            row = meta[name]
            ok = gv is not None and gv == pv
            row.value.add(int(gv is not None), int(pv is not None), int(ok))
            if gv is None and pv is None:
                continue
            row.total += 1
            row.correct += int(ok)
            if not ok:
                kind = "missed" if pv is None else "spurious" if gv is None else "wrong_value"
                errors.append(ErrorItem(doc_id, name, kind, gv, pv))
    rows = [*mention.values(), *attrs.values(), *meta.values()]
    return Report(rows=rows, errors=errors, documents=n, crashes=crashes, split=split)


def crash_result(exc: BaseException) -> dict[str, Any]:
    """The predicted-result placeholder for a document the extractor crashed on."""
    return {"__crash__": f"{type(exc).__name__}: {exc}"}


# ---------------------------------------------------------------------------------- table


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_table(report: Report) -> str:
    """Fixed-width table: mention rows (baselines under their row), attributes, metadata."""
    head = (f"{'field':<28} {'system':<26} {'gold':>6} {'pred':>6} {'span F1':>7} "
            f"{'P':>6} {'R':>6} {'F1':>6} {'acc':>6}")
    lines = [f"vngov accuracy: {report.documents} document(s), split {report.split}, "
             f"{report.crashes} crash(es)", head, "-" * len(head)]
    by_name: dict[str, list[RowScore]] = {}
    for r in report.rows:
        by_name.setdefault(r.name, []).append(r)
    order = [n for n in ROW_NAMES if n in by_name] + [n for n in by_name if n not in ROW_NAMES]
    prev_kind = None
    for name in order:
        for r in sorted(by_name[name], key=lambda r: r.system != "vngov"):
            if prev_kind is not None and r.kind != prev_kind:
                lines.append("")
            prev_kind = r.kind
            label = name if r.system == "vngov" else ""
            if r.kind == "attribute":
                lines.append(f"{label:<28} {r.system:<26} {r.total:>6} {'':>6} {'':>7} "
                             f"{'':>6} {'':>6} {'':>6} {_f(r.accuracy):>6}")
                continue
            span = _f(r.span.f1) if r.span is not None else "-"
            acc = _f(r.accuracy) if r.kind == "metadata" else ""
            v = r.value
            lines.append(f"{label:<28} {r.system:<26} {v.gold:>6} {v.pred:>6} {span:>7} "
                         f"{_f(v.precision):>6} {_f(v.recall):>6} {_f(v.f1):>6} {acc:>6}")
    if report.timings:
        lines.append("")
        lines.append(f"{'throughput':<28} {'system':<26} {'docs':>6} {'MB':>8} {'s':>8} "
                     f"{'MB/s':>8}")
        for t in report.timings:
            mbs = "-" if t.mb_per_s is None else f"{t.mb_per_s:.3f}"
            lines.append(f"{'':<28} {t.system:<26} {t.documents:>6} {t.bytes / 1e6:>8.3f} "
                         f"{t.seconds:>8.2f} {mbs:>8}")
    for note in report.notes:
        lines.append(f"note: {note}")
    return "\n".join(line.rstrip() for line in lines)
