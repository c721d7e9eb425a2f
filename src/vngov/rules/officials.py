"""Officials: titles, person names, signer blocks."""

from __future__ import annotations

from vngov.rules.engine import Candidate, Context


def find(ctx: Context) -> list[Candidate]:
    return []
