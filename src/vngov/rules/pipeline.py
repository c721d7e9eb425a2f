"""The cascade's order: which rule module runs when, and what it hands on.

Every room is visited once, in order; later rooms read what earlier ones accepted from
``ctx.accepted``. Fields a caller did not ask for are still computed when a later field needs
them (officials need organisations), but only the asked-for ones are returned.
"""

from __future__ import annotations

from typing import Any

from vngov.rules import bodies, campaigns, dates, layout, numbers, officials, references
from vngov.rules.engine import Context, run, select

LIST_FIELDS = ("document_numbers", "dates", "periods", "officials", "organizations",
               "locations", "campaigns", "references")


def run_pipeline(ctx: Context, wanted: set[str]) -> dict[str, Any]:
    acc = ctx.accepted
    # Stage 0: chrome (page headers, signature stamps, portal counters) is claimed first.
    layout.mark_chrome(ctx)
    # Stage 1, atoms. Document numbers claim their spans so "15/2020" inside "15/2020/NĐ-CP"
    # is never read as a month.
    acc["document_numbers"] = select(run(ctx, numbers.RULES))
    for c in acc["document_numbers"]:
        ctx.claim(c.start, c.end)
    acc["dates"], acc["periods"] = dates.find(ctx)
    acc["organizations"], acc["locations"] = bodies.find(ctx)
    # Stage 2, composites.
    acc["officials"] = officials.find(ctx)
    acc["campaigns"] = campaigns.find(ctx)
    # Stage 3, document-level resolution.
    dates.resolve(ctx)
    acc["metadata"] = layout.metadata(ctx)
    bodies.resolve(ctx)
    acc["references"] = references.find(ctx)
    out: dict[str, Any] = {name: [c.value for c in acc[name]] for name in LIST_FIELDS
                           if name in wanted}
    if "metadata" in wanted:
        out["metadata"] = acc["metadata"]
    return out
