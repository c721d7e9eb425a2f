"""Score ``metadata.number`` and ``metadata.doc_type`` on real gazette texts.

The directory holds ``manifest.jsonl`` (one object per text: ``file``, ``number_from_slug``,
``doc_type_from_slug``) and the texts. The slug label drops dots and case, so numbers are
compared by :func:`number_key`: dots and whitespace removed, ``Đ``/``Ð`` mapped to ``D``,
upper case, leading zeros of the number dropped (``6616/2026/ND-CP`` matches
``66.16/2026/NĐ-CP``; the slug ``5/VBHN-BTC`` matches ``05/VBHN-BTC``). Document types are compared
after NFC and whitespace collapsing. A few gazette pages do not contain their own number; the
report counts how many expected numbers do not occur in their text at all.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vngov.evaluate.score import norm

_DROP = re.compile(r"[.\s]+")
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")


def number_key(number: str | None) -> str | None:
    """Comparison form of a document number against a slug label."""
    if not number:
        return None
    s = unicodedata.normalize("NFC", number)
    s = s.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    return _LEADING_ZEROS.sub("", _DROP.sub("", s).upper()) or None


def number_in_text(number: str, text: str) -> bool:
    """Whether ``number`` (a slug label) occurs in ``text`` under :func:`number_key`."""
    key = number_key(number)
    if not key:
        return False
    hay = number_key(text) or ""
    pattern = r"(?<![0-9A-Z])0*" + re.escape(key) + r"(?![0-9])"
    return re.search(pattern, hay) is not None


@dataclass(frozen=True)
class RealMiss:
    """One text where a metadata field disagrees with the manifest."""

    file: str
    field: str
    expected: str | None
    got: str | None
    in_text: bool | None = None  # numbers: whether the expected number occurs in the text


@dataclass
class RealdataReport:
    """Accuracy of ``metadata.number`` / ``metadata.doc_type`` and crashes over the texts."""

    documents: int = 0
    number_correct: int = 0
    doc_type_correct: int = 0
    number_in_text: int = 0  # texts whose own number occurs in them
    number_correct_in_text: int = 0
    crashes: list[tuple[str, str]] = field(default_factory=list)
    misses: list[RealMiss] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def number_accuracy(self) -> float | None:
        return self.number_correct / self.documents if self.documents else None

    @property
    def number_accuracy_in_text(self) -> float | None:
        n = self.number_in_text
        return self.number_correct_in_text / n if n else None

    @property
    def doc_type_accuracy(self) -> float | None:
        return self.doc_type_correct / self.documents if self.documents else None

    @property
    def mb_per_s(self) -> float | None:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else None

    def summary(self, misses: int = 0) -> str:
        """Human-readable figures (and the first ``misses`` misses per field)."""
        def pct(x: float | None) -> str:
            return "-" if x is None else f"{x:.3f}"

        lines = [
            f"real gazette texts: {self.documents}, crashes: {len(self.crashes)}",
            f"metadata.number   accuracy {pct(self.number_accuracy)} "
            f"({self.number_correct}/{self.documents}); on the {self.number_in_text} texts "
            f"that contain their own number: {pct(self.number_accuracy_in_text)}",
            f"metadata.doc_type accuracy {pct(self.doc_type_accuracy)} "
            f"({self.doc_type_correct}/{self.documents})",
            f"throughput {self.bytes / 1e6:.2f} MB in {self.seconds:.1f} s = "
            f"{pct(self.mb_per_s)} MB/s",
        ]
        lines += [f"crash {f}: {msg}" for f, msg in self.crashes]
        if misses:
            for fld in ("number", "doc_type"):
                ms = [m for m in self.misses if m.field == fld]
                lines.append(f"== metadata.{fld}: {len(ms)} miss(es)")
                for m in ms[:misses]:
                    extra = "" if m.in_text is None else \
                        ("" if m.in_text else "  [expected number not in text]")
                    lines.append(f"  {m.file}: expected {m.expected!r}, got {m.got!r}{extra}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "crashes": [{"file": f, "error": e} for f, e in self.crashes],
            "number_accuracy": self.number_accuracy,
            "number_accuracy_in_text": self.number_accuracy_in_text,
            "number_in_text": self.number_in_text,
            "doc_type_accuracy": self.doc_type_accuracy,
            "bytes": self.bytes,
            "seconds": self.seconds,
            "mb_per_s": self.mb_per_s,
            "misses": [m.__dict__ for m in self.misses],
        }


def load_manifest(directory: str | Path) -> list[dict[str, Any]]:
    """The rows of ``manifest.jsonl``."""
    path = Path(directory) / "manifest.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score_realdata(directory: str | Path, extractor: Callable[[str], Any] | None = None,
                   limit: int | None = None) -> RealdataReport:
    """Run ``extractor`` (default :func:`vngov.extract`) on each text of the manifest."""
    if extractor is None:
        from vngov.api import extract as extractor
    directory = Path(directory)
    rows = load_manifest(directory)[:limit]
    rep = RealdataReport()
    for row in rows:
        name = row["file"]
        text = (directory / name).read_text(encoding="utf-8-sig")
        rep.documents += 1
        rep.bytes += len(text.encode("utf-8"))
        t0 = time.perf_counter()
        try:
            out = extractor(text)
            md = (out.to_dict() if hasattr(out, "to_dict") else dict(out)).get("metadata") or {}
        except Exception as exc:
            rep.seconds += time.perf_counter() - t0
            rep.crashes.append((name, f"{type(exc).__name__}: {exc}"))
            md = {}
        else:
            rep.seconds += time.perf_counter() - t0
        want_num, got_num = row.get("number_from_slug"), md.get("number")
        present = bool(want_num) and number_in_text(want_num, text)
        rep.number_in_text += int(present)
        if want_num and number_key(want_num) == number_key(got_num):
            rep.number_correct += 1
            rep.number_correct_in_text += int(present)
        else:
            rep.misses.append(RealMiss(name, "number", want_num, got_num, present))
        want_type, got_type = row.get("doc_type_from_slug"), md.get("doc_type")
        if want_type and norm(want_type) == norm(got_type):
            rep.doc_type_correct += 1
        else:
            rep.misses.append(RealMiss(name, "doc_type", want_type, got_type))
    return rep
