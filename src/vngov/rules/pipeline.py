"""The cascade's order: which rule module runs when, and what it hands on.

Every room is visited once, in order; later rooms read what earlier ones accepted from
``ctx.accepted``. Fields a caller did not ask for are still computed when a later field needs
them (officials need organisations), but only the asked-for ones are returned.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from vngov.model import FIELDS, DocumentMetadata
from vngov.rules import bodies, campaigns, dates, layout, numbers, officials, references
from vngov.rules.engine import Context, run, select

LIST_FIELDS = FIELDS[:-1]  # every field but metadata

# What each field's room reads from earlier rooms; a caller asking for some fields gets only the
# rooms those fields need (``fields=["dates"]`` never runs the organisation room).
NEEDS: dict[str, set[str]] = {
    "document_numbers": set(),
    "dates": {"document_numbers"},
    "periods": {"dates"},
    "organizations": {"document_numbers", "dates"},
    "locations": {"organizations", "metadata"},
    "officials": {"organizations"},
    "campaigns": {"periods", "officials"},
    "metadata": {"document_numbers", "dates", "organizations", "officials"},
    "references": {"document_numbers", "dates", "metadata"},
}


@cache
def _closure(wanted: frozenset[str]) -> frozenset[str]:
    todo, done = list(wanted), set()
    while todo:
        name = todo.pop()
        if name not in done:
            done.add(name)
            todo.extend(NEEDS.get(name, ()))
    return frozenset(done)


def run_pipeline(ctx: Context, wanted: set[str]) -> dict[str, Any]:
    acc = ctx.accepted
    need = _closure(frozenset(wanted))
    for name in LIST_FIELDS:
        acc[name] = []
    acc["metadata"] = DocumentMetadata()
    # Stage 0: chrome (page headers, signature stamps, portal counters) is claimed first.
    layout.mark_chrome(ctx)
    # Stage 1, atoms. Document numbers claim their spans so "15/2020" inside "15/2020/NĐ-CP"
    # is never read as a month.
    acc["document_numbers"] = select(run(ctx, numbers.RULES))
    for c in acc["document_numbers"]:
        ctx.claim(c.start, c.end)
    if need & {"dates", "periods"}:
        acc["dates"], acc["periods"] = dates.find(ctx)
    if need & {"organizations", "locations"}:
        acc["organizations"], acc["locations"] = bodies.find(ctx)
    # Stage 2, composites.
    if "officials" in need:
        acc["officials"] = officials.find(ctx)
    if "campaigns" in need:
        acc["campaigns"] = campaigns.find(ctx)
    # Stage 3, document-level resolution.
    if need & {"dates", "periods"}:
        dates.resolve(ctx)
    if "metadata" in need:
        acc["metadata"] = layout.metadata(ctx)
    if "locations" in need:
        bodies.resolve(ctx)
    if "references" in need:
        acc["references"] = references.find(ctx)
    out: dict[str, Any] = {name: [c.value for c in acc[name]] for name in LIST_FIELDS
                           if name in wanted}
    if "metadata" in wanted:
        out["metadata"] = acc["metadata"]
    return out
