"""References: number + type + date + issuer linked into one cited document."""

from __future__ import annotations

from vngov.rules.engine import Candidate, Context


def find(ctx: Context) -> list[Candidate]:
    return []
