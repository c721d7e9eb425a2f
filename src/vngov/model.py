"""Result model of schema "vngov/1" (see docs/contract.md).

Every mention is a frozen dataclass carrying ``text``, ``start``, ``end`` (indices into the
caller's ORIGINAL string) and ``rule`` (the cascade stage and rule that made it). ``to_dict()``
gives the JSON-ready shape that the batch records, the corpus gold and the scorer share.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any

SCHEMA = "vngov/1"

FIELDS: tuple[str, ...] = (
    "document_numbers",
    "dates",
    "periods",
    "officials",
    "organizations",
    "locations",
    "campaigns",
    "references",
    "metadata",
)


def _plain(value: Any) -> Any:
    if isinstance(value, (Mention, DocumentMetadata)):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Mention:
    """A span of the original input: ``input[start:end] == text``."""

    text: str
    start: int
    end: int
    rule: str

    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class DocumentNumber(Mention):
    """``04/KH-UBND``, ``15/2020/NĐ-CP``, ``26-NQ/TW`` decomposed."""

    normalized: str = ""
    number: str = ""
    year: int | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    doc_type: str | None = None
    family: str = "administrative"  # administrative | normative | party


@dataclass(frozen=True)
class DateMention(Mention):
    value: str = ""  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    precision: str = "day"  # day | month | year
    role: str | None = None  # issued | published | effective | deadline
    inferred: bool = False


@dataclass(frozen=True)
class Period(Mention):
    start_value: str = ""
    end_value: str = ""


@dataclass(frozen=True)
class Official(Mention):
    title: str | None = None
    organization: str | None = None
    name: str | None = None
    authority: str | None = None  # TM. | KT. | TL. | TUQ. | Q.


@dataclass(frozen=True)
class Organization(Mention):
    name: str = ""
    canonical: str = ""
    kind: str | None = None


@dataclass(frozen=True)
class Location(Mention):
    name: str = ""
    level: str | None = None  # province | district | commune | country
    code: str | None = None
    valid: bool | None = None


@dataclass(frozen=True)
class Campaign(Mention):
    name: str = ""
    kind: str | None = None
    launched_by: str | None = None
    period: Period | None = None


@dataclass(frozen=True)
class Reference(Mention):
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None


DATACLASS_INIT: dict[type, Any] = {}


def _store_at_once(cls: type[Mention]) -> None:
    """Give a frozen mention class an ``__init__`` that stores its fields straight into the
    instance's ``__dict__``.

    The ``__init__`` that ``dataclass(frozen=True)`` writes goes through ``object.__setattr__``
    once per field (1.3 µs for an Organization against 0.5 µs here), and the cascade builds
    about 7,000 mentions per 340 KB of notices. Same signature, same defaults, same frozen
    object (``__setattr__`` still refuses): tests/test_model.py compares both for every class.
    """
    params, stores, defaults = [], [], {}
    for f in fields(cls):
        if f.default is not MISSING:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:  # not used by mentions: keep dataclass's own
            return
        else:
            params.append(f.name)
        stores.append(f"    d[{f.name!r}] = {f.name}")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n" + "\n".join(
        stores)
    namespace: dict[str, Any] = {}
    exec(source, defaults, namespace)  # source made of this class's field names only
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = cls.__init__.__annotations__
    DATACLASS_INIT[cls] = cls.__init__  # kept for the test that compares the two
    cls.__init__ = init  # type: ignore[method-assign]


for _cls in (DocumentNumber, DateMention, Period, Official, Organization, Location, Campaign,
             Reference):
    _store_at_once(_cls)


@dataclass(frozen=True)
class DocumentMetadata:
    """The document's own header / byline; every field None when absent."""

    title: str | None = None
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: str | None = None
    subject: str | None = None
    signer: Official | None = None
    recipients: list[str] = field(default_factory=list)
    published_date: str | None = None
    source: str | None = None
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Extraction:
    """What :func:`vngov.extract` returns."""

    text: str
    document_numbers: list[DocumentNumber] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)

    def mentions(self) -> list[Mention]:
        """Every mention of every list field, in field order."""
        out: list[Mention] = []
        for name in FIELDS[:-1]:
            out.extend(getattr(self, name))
        return out

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"schema": SCHEMA}
        for name in FIELDS:
            d[name] = _plain(getattr(self, name))
        return d


MENTION_TYPES: dict[str, type[Mention]] = {
    "document_numbers": DocumentNumber,
    "dates": DateMention,
    "periods": Period,
    "officials": Official,
    "organizations": Organization,
    "locations": Location,
    "campaigns": Campaign,
    "references": Reference,
}
