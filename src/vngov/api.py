"""``extract``: run the cascade over one text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from vngov.model import FIELDS, DocumentMetadata, Extraction
from vngov.rules import pipeline
from vngov.rules.engine import Context
from vngov.text.normalize import normalize


def extract(
    text: str,
    fields: Iterable[str] | None = None,
    reference_date: date | None = None,
) -> Extraction:
    """Extract every field of schema "vngov/1" from ``text``.

    ``fields`` limits the work (names as in :data:`vngov.model.FIELDS`); fields not asked for
    come back empty. ``reference_date`` anchors partial dates (``Sáng 15/11``); without it the
    document's own date is used, never the clock.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes str, not {type(text).__name__}")
    wanted = set(FIELDS) if fields is None else set(fields)
    unknown = wanted - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    ctx = Context(normalize(text), reference_date=reference_date)
    found = pipeline.run_pipeline(ctx, wanted)
    return Extraction(
        text=text,
        **{name: found.get(name, []) for name in FIELDS[:-1] if name in wanted},
        metadata=found.get("metadata") or DocumentMetadata(),
    )
