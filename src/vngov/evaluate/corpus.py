"""Load a gold corpus (``gold/*.json`` + ``texts/``) and check it against the guidelines.

A corpus directory holds ``gold/<id>.json`` files in schema "vngov/1" (see ``corpus/README.md``)
and the notices they point to (``file``, relative to the corpus directory). Loading decodes each
notice the way the gold offsets were made: UTF-8 directly, legacy encodings through
:func:`vngov.text.encodings.decode`, and ``.html`` notices through
:func:`vngov.text.html.html_to_text`. Loading never raises on a bad document: it records a
problem and leaves the document out, and :func:`validate` reports every problem.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vngov.model import FIELDS

LIST_FIELDS: tuple[str, ...] = FIELDS[:-1]  # every field but metadata
SPLITS = ("dev", "test")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni", "cp1258")
REQUIRED_KEYS = ("id", "file", "genre", "split", "provenance", "result")
METADATA_KEYS = (
    "title",
    "doc_type",
    "number",
    "issuer",
    "place",
    "issued_date",
    "subject",
    "signer",
    "recipients",
    "published_date",
    "source",
    "author",
)
# Keys every mention of a field must carry (besides text/start/end).
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "document_numbers": ("normalized", "number", "year", "type_code", "issuer_code",
                         "doc_type", "family"),
    "dates": ("value", "precision", "role", "inferred"),
    "periods": ("start_value", "end_value"),
    "officials": ("title", "organization", "name", "authority"),
    "organizations": ("name", "canonical", "kind"),
    "locations": ("name", "level", "code", "valid"),
    "campaigns": ("name", "kind", "launched_by", "period"),
    "references": ("doc_type", "number", "date", "issuer", "subject"),
}
FAMILIES = ("administrative", "normative", "party")
PRECISIONS = ("day", "month", "year")
DATE_ROLES = ("issued", "published", "effective", "deadline")
AUTHORITIES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
LEVELS = ("province", "district", "commune", "country")
ORG_KINDS = (
    "people's committee", "people's council", "government", "national assembly", "ministry",
    "department", "party", "front", "mass organization", "court", "procuracy", "agency",
    "steering committee", "state",
)
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class GoldDocument:
    """One annotated notice: its decoded text and its gold ``result`` dict."""

    id: str
    path: Path  # the notice file
    gold_path: Path
    text: str
    result: dict[str, Any]
    split: str | None = None
    genre: str | None = None
    encoding: str = "utf-8"
    record: dict[str, Any] = field(default_factory=dict, repr=False)  # the whole gold file


@dataclass
class Corpus:
    """The documents of one or more corpus directories, plus what went wrong loading them."""

    roots: list[Path]
    documents: list[GoldDocument]
    problems: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[GoldDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def select(self, split: str | None) -> Corpus:
        """The documents of one split (``dev``/``test``); ``None`` or ``"all"`` keeps all."""
        if split in (None, "all"):
            return self
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}; expected dev, test or all")
        docs = [d for d in self.documents if d.split == split]
        return Corpus(list(self.roots), docs, list(self.problems))

    @staticmethod
    def merge(corpora: Iterable[Corpus]) -> Corpus:
        """Pool several corpora into one."""
        roots: list[Path] = []
        docs: list[GoldDocument] = []
        problems: list[str] = []
        for c in corpora:
            roots += c.roots
            docs += c.documents
            problems += c.problems
        return Corpus(roots, docs, problems)


def decode_notice(raw: bytes, encoding: str, suffix: str) -> str:
    """The text gold offsets refer to: decoded bytes, and for HTML the extracted text."""
    if encoding in ("utf-8", "utf-8-sig"):
        text = raw.decode("utf-8-sig")
    else:
        from vngov.text.encodings import decode  # written separately; imported lazily

        text = decode(raw, encoding)
    if suffix.lower() in (".html", ".htm"):
        from vngov.text.html import html_to_text

        text = html_to_text(text)
    return text


def load_corpus(root: str | Path, split: str | None = None) -> Corpus:
    """Load every ``gold/*.json`` of the corpus directory ``root`` (optionally one split)."""
    root = Path(root)
    gold_dir = root / "gold"
    problems: list[str] = []
    docs: list[GoldDocument] = []
    if not gold_dir.is_dir():
        problems.append(f"{root}: no gold/ directory")
        return Corpus([root], docs, problems)
    for gp in sorted(gold_dir.glob("*.json")):
        where = f"{gp.relative_to(root)}"
        try:
            rec = json.loads(gp.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{where}: unreadable gold file: {exc}")
            continue
        if not isinstance(rec, dict):
            problems.append(f"{where}: gold file is not a JSON object")
            continue
        missing = [k for k in ("id", "file", "result") if k not in rec]
        if missing:
            problems.append(f"{where}: missing key(s) {', '.join(missing)}")
            continue
        enc = rec.get("encoding") or "utf-8"
        path = root / str(rec["file"])
        try:
            text = decode_notice(path.read_bytes(), enc, path.suffix)
        except Exception as exc:  # decoding is other code's job; report, do not crash
            problems.append(f"{where}: cannot read {rec['file']} ({enc}): "
                            f"{type(exc).__name__}: {exc}")
            continue
        result = rec["result"] if isinstance(rec["result"], dict) else {}
        docs.append(GoldDocument(
            id=str(rec["id"]), path=path, gold_path=gp, text=text, result=result,
            split=rec.get("split"), genre=rec.get("genre"), encoding=enc, record=rec,
        ))
    corpus = Corpus([root], docs, problems)
    return corpus.select(split)


# ----------------------------------------------------------------------------- validation


def iso_bounds(value: Any) -> tuple[str, str] | None:
    """First and last day (``YYYY-MM-DD``) of an ISO date value, or None if malformed."""
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(2) is None:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    mo = int(m.group(2))
    if not 1 <= mo <= 12:
        return None
    last = calendar.monthrange(y, mo)[1]
    if m.group(3) is None:
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
    d = int(m.group(3))
    if not 1 <= d <= last:
        return None
    return (value, value)


def _precision_of(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "?")


def _check_span(text: str, m: Any, where: str, out: list[str]) -> tuple[int, int] | None:
    if not isinstance(m, dict):
        out.append(f"{where}: not an object")
        return None
    s, e, t = m.get("start"), m.get("end"), m.get("text")
    if not isinstance(s, int) or not isinstance(e, int) or isinstance(s, bool) \
            or isinstance(e, bool):
        out.append(f"{where}: start/end missing or not integers")
        return None
    if not isinstance(t, str):
        out.append(f"{where}: text missing")
        return None
    if not 0 <= s < e <= len(text):
        out.append(f"{where}: offsets {s}:{e} outside the text (length {len(text)})")
        return None
    if text[s:e] != t:
        out.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, not {t!r}")
        return None
    return (s, e)


def _check_iso(value: Any, where: str, out: list[str], nullable: bool = True) -> None:
    if value is None and nullable:
        return
    if iso_bounds(value) is None:
        out.append(f"{where}: not an ISO date value: {value!r}")


def _check_enum(value: Any, allowed: tuple[str, ...], where: str, out: list[str]) -> None:
    if value is not None and value not in allowed:
        out.append(f"{where}: {value!r} is not one of {', '.join(allowed)}")


def _check_str(value: Any, where: str, out: list[str], nullable: bool = True) -> None:
    if value is None and nullable:
        return
    if not isinstance(value, str) or not value.strip():
        out.append(f"{where}: expected a non-empty string, got {value!r}")


def _check_period(text: str, m: dict[str, Any], where: str, out: list[str]) -> None:
    _check_iso(m.get("start_value"), f"{where}.start_value", out, nullable=False)
    _check_iso(m.get("end_value"), f"{where}.end_value", out, nullable=False)
    a, b = iso_bounds(m.get("start_value")), iso_bounds(m.get("end_value"))
    if a and b and a[0] > b[1]:
        out.append(f"{where}: period starts after it ends "
                   f"({m['start_value']} > {m['end_value']})")


def _check_official(m: dict[str, Any], where: str, out: list[str]) -> None:
    for k in ("title", "organization", "name"):
        _check_str(m.get(k), f"{where}.{k}", out)
    _check_enum(m.get("authority"), AUTHORITIES, f"{where}.authority", out)
    if m.get("title") is None and m.get("name") is None:
        out.append(f"{where}: an official needs a title or a name")


def _check_values(text: str, name: str, m: dict[str, Any], where: str, out: list[str]) -> None:
    missing = [k for k in FIELD_KEYS[name] if k not in m]
    if missing:
        out.append(f"{where}: missing key(s) {', '.join(missing)}")
    if name == "document_numbers":
        n = m.get("normalized")
        _check_str(n, f"{where}.normalized", out, nullable=False)
        if isinstance(n, str) and (re.search(r"\s", n) or "\u00d0" in n):
            out.append(f"{where}.normalized: {n!r} keeps spaces or Ð")
        _check_str(m.get("number"), f"{where}.number", out, nullable=False)
        y = m.get("year")
        if y is not None and (not isinstance(y, int) or isinstance(y, bool)
                              or not 1900 <= y <= 2100):
            out.append(f"{where}.year: {y!r} is not a plausible year")
        _check_enum(m.get("family"), FAMILIES, f"{where}.family", out)
        if m.get("family") is None:
            out.append(f"{where}.family: missing")
    elif name == "dates":
        v, p = m.get("value"), m.get("precision")
        _check_iso(v, f"{where}.value", out, nullable=False)
        _check_enum(p, PRECISIONS, f"{where}.precision", out)
        if isinstance(v, str) and p in PRECISIONS and _precision_of(v) != p:
            out.append(f"{where}: value {v!r} does not have precision {p!r}")
        _check_enum(m.get("role"), DATE_ROLES, f"{where}.role", out)
        if not isinstance(m.get("inferred"), bool):
            out.append(f"{where}.inferred: expected true/false, got {m.get('inferred')!r}")
    elif name == "periods":
        _check_period(text, m, where, out)
    elif name == "officials":
        _check_official(m, where, out)
    elif name == "organizations":
        _check_str(m.get("name"), f"{where}.name", out, nullable=False)
        _check_str(m.get("canonical"), f"{where}.canonical", out, nullable=False)
        _check_enum(m.get("kind"), ORG_KINDS, f"{where}.kind", out)
    elif name == "locations":
        _check_str(m.get("name"), f"{where}.name", out, nullable=False)
        _check_enum(m.get("level"), LEVELS, f"{where}.level", out)
        if m.get("valid") is not None and not isinstance(m.get("valid"), bool):
            out.append(f"{where}.valid: expected true/false/null")
    elif name == "campaigns":
        nm = m.get("name")
        _check_str(nm, f"{where}.name", out, nullable=False)
        if isinstance(nm, str) and any(q in nm[:1] + nm[-1:] for q in "\"“”'"):
            out.append(f"{where}.name: keeps its quotes: {nm!r}")
        _check_str(m.get("kind"), f"{where}.kind", out, nullable=False)
        per = m.get("period")
        if per is not None:
            if _check_span(text, per, f"{where}.period", out):
                _check_period(text, per, f"{where}.period", out)
    elif name == "references":
        _check_str(m.get("doc_type"), f"{where}.doc_type", out)
        _check_str(m.get("number"), f"{where}.number", out)
        _check_iso(m.get("date"), f"{where}.date", out)


def _validate_doc(doc: GoldDocument, out: list[str]) -> None:
    rec, text = doc.record, doc.text
    where0 = doc.gold_path.name
    missing = [k for k in REQUIRED_KEYS if k not in rec]
    if missing:
        out.append(f"{where0}: missing key(s) {', '.join(missing)}")
    if doc.gold_path.stem != doc.id:
        out.append(f"{where0}: id {doc.id!r} does not match the file name")
    if doc.path.stem != doc.id:
        out.append(f"{where0}: file {rec.get('file')!r} is not named after the id")
    if rec.get("split") not in SPLITS:
        out.append(f"{where0}: split {rec.get('split')!r} is not dev or test")
    if doc.encoding not in ENCODINGS:
        out.append(f"{where0}: unknown encoding {doc.encoding!r}")
    res = rec.get("result")
    if not isinstance(res, dict):
        out.append(f"{where0}: result is not an object")
        return
    if "schema" in res and res["schema"] != "vngov/1":
        out.append(f"{where0}: result.schema is {res['schema']!r}, not 'vngov/1'")
    for name in LIST_FIELDS:
        items = res.get(name)
        if items is None:
            out.append(f"{where0}: result.{name} missing")
            continue
        if not isinstance(items, list):
            out.append(f"{where0}: result.{name} is not a list")
            continue
        spans: list[tuple[int, int, int]] = []
        for i, m in enumerate(items):
            where = f"{where0}: {name}[{i}]"
            sp = _check_span(text, m, where, out)
            if sp is None:
                continue
            spans.append((sp[0], sp[1], i))
            _check_values(text, name, m, where, out)
        spans.sort()
        last: tuple[int, int, int] | None = None  # the span reaching furthest so far
        for s2, e2, i2 in spans:
            if last is not None and s2 < last[1]:
                s1, e1, i1 = last
                out.append(f"{where0}: {name}[{i1}] {text[s1:e1]!r} and {name}[{i2}] "
                           f"{text[s2:e2]!r} overlap")
            if last is None or e2 > last[1]:
                last = (s2, e2, i2)
    md = res.get("metadata")
    if not isinstance(md, dict):
        out.append(f"{where0}: result.metadata missing or not an object")
        return
    missing = [k for k in METADATA_KEYS if k not in md]
    if missing:
        out.append(f"{where0}: metadata missing key(s) {', '.join(missing)}")
    for k in ("issued_date", "published_date"):
        _check_iso(md.get(k), f"{where0}: metadata.{k}", out)
    for k in ("title", "doc_type", "number", "issuer", "place", "subject", "source", "author"):
        _check_str(md.get(k), f"{where0}: metadata.{k}", out)
    rc = md.get("recipients", [])
    if not isinstance(rc, list) or not all(isinstance(r, str) and r.strip() for r in rc):
        out.append(f"{where0}: metadata.recipients must be a list of non-empty strings")
    signer = md.get("signer")
    if signer is not None:
        where = f"{where0}: metadata.signer"
        if isinstance(signer, dict):
            if "start" in signer or "end" in signer:
                _check_span(text, signer, where, out)
            _check_official(signer, where, out)
        else:
            out.append(f"{where}: not an object")


def _read_split_tsv(path: Path, out: list[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[1].strip() not in SPLITS:
            out.append(f"{path.name}:{n}: expected 'id<TAB>dev|test', got {line!r}")
            continue
        table[parts[0].strip()] = parts[1].strip()
    return table


def validate(corpus: Corpus) -> list[str]:
    """Every problem of the corpus, one line each; ``[]`` when it is clean.

    Checks: gold files readable and their notices decodable, required keys present, ids
    unique and matching file names, split ``dev``/``test`` (and agreeing with ``split.tsv``
    when present), every span's offsets matching its text (nested campaign periods and the
    signer too), no overlap within a field, ISO values well-formed and agreeing with their
    precision, enumerated values from the guidelines' lists.
    """
    out = list(corpus.problems)
    seen: dict[str, Path] = {}
    for doc in corpus.documents:
        if doc.id in seen:
            out.append(f"{doc.gold_path.name}: id {doc.id!r} already used by {seen[doc.id]}")
        else:
            seen[doc.id] = doc.gold_path
        _validate_doc(doc, out)
    for root in corpus.roots:
        tsv = root / "split.tsv"
        if not tsv.is_file():
            continue
        table = _read_split_tsv(tsv, out)
        for doc in corpus.documents:
            if doc.gold_path.parent.parent != root:
                continue
            if doc.id in table and table[doc.id] != doc.split:
                out.append(f"split.tsv: {doc.id} is {table[doc.id]} there but "
                           f"{doc.split} in its gold file")
    return out
