"""The document's own metadata; portal and gazette chrome."""

from __future__ import annotations

from vngov.model import DocumentMetadata
from vngov.rules.engine import Context


def mark_chrome(ctx: Context) -> None:
    """Record chrome spans in ``ctx.chrome`` (and claim them) before any field runs."""


def metadata(ctx: Context) -> DocumentMetadata:
    return DocumentMetadata()
