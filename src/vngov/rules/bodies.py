"""Organisations and places (gazetteer lookups). Filled by the officials/bodies issue."""

from __future__ import annotations

from vngov.rules.engine import Candidate, Context


def find(ctx: Context) -> tuple[list[Candidate], list[Candidate]]:
    """(organisations, locations) candidates; values are Organization / Location."""
    return [], []


def resolve(ctx: Context) -> None:
    """Document-level: location validity against the document's date."""
