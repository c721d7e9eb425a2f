"""The cascade's order: which rule module runs when, and what it hands on."""

from __future__ import annotations

from typing import Any

from vngov.rules import dates, numbers
from vngov.rules.engine import Context, run, select


def run_pipeline(ctx: Context, wanted: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # Stage 1, atoms. Document numbers first: they claim their spans so "15/2020" inside
    # "15/2020/NĐ-CP" is never read as a month.
    nums = select(run(ctx, numbers.RULES))
    for c in nums:
        ctx.claim(c.start, c.end)
    ctx.accepted["document_numbers"] = nums
    date_cands, period_cands = dates.find(ctx)
    ctx.accepted["dates"] = date_cands
    ctx.accepted["periods"] = period_cands
    # Stage 3, document: roles and inferred years need the whole document.
    dates.resolve(ctx)
    out["document_numbers"] = [c.value for c in ctx.accepted["document_numbers"]]
    out["dates"] = [c.value for c in ctx.accepted["dates"]]
    out["periods"] = [c.value for c in ctx.accepted["periods"]]
    return {k: v for k, v in out.items() if k in wanted or k == "metadata"}

