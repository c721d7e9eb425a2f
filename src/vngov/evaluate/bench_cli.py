"""``vngov bench [CORPUS] [--split test]``: the accuracy table on a gold corpus."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _default_corpus() -> Path | None:
    here = Path("corpus")
    return here if (here / "gold").is_dir() else None


def _cmd_bench(args: argparse.Namespace) -> int:
    from vngov.evaluate import evaluate, load_corpus, validate

    out: dict[str, Any] = {}
    corpus_dir = Path(args.corpus) if args.corpus else _default_corpus()
    if corpus_dir is None and not args.realdata:
        sys.stderr.write("vngov bench: no CORPUS given and no corpus/gold/ here\n")
        return 2
    if corpus_dir is not None:
        if not (corpus_dir / "gold").is_dir():
            sys.stderr.write(f"vngov bench: {corpus_dir} has no gold/ directory\n")
            return 2
        corpus = load_corpus(corpus_dir)
        problems = validate(corpus)
        for line in problems[:20]:
            sys.stderr.write(f"corpus problem: {line}\n")
        if len(problems) > 20:
            sys.stderr.write(f"... {len(problems) - 20} more corpus problem(s)\n")
        report = evaluate(corpus, split=args.split, baselines=args.baselines)
        print(f"corpus: {corpus_dir}")
        print(report.table())
        if args.errors:
            print()
            print(report.format_errors(args.errors))
        out["corpus"] = {"path": str(corpus_dir), "problems": problems, **report.to_dict()}
    if args.realdata:
        from vngov.evaluate.realdata import score_realdata

        real = score_realdata(args.realdata)
        print()
        print(real.summary(misses=args.errors))
        out["realdata"] = {"path": str(args.realdata), **real.to_dict()}
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


def add_parser(sub: Any) -> None:
    """Register the ``bench`` subcommand on an argparse subparsers object."""
    p = sub.add_parser(
        "bench", help="score vngov on a gold corpus (per-field precision, recall, F1)",
        description="Score vngov on a gold corpus in the corpus/README.md format and print "
                    "the per-field table (value-level P/R/F1, exact-span F1, accuracy).")
    p.add_argument("corpus", nargs="?", default=None,
                   help="corpus directory with gold/ and texts/ (default: ./corpus)")
    p.add_argument("--split", choices=("dev", "test", "all"), default="all",
                   help="which documents to score (default: all)")
    p.add_argument("--json", metavar="PATH", help="also write the full report as JSON")
    p.add_argument("--errors", metavar="N", type=int, default=0,
                   help="print the first N errors of every row")
    p.add_argument("--baselines", action="store_true",
                   help="also score underthesea NER and dateparser on the same documents "
                        "(slow)")
    p.add_argument("--realdata", metavar="DIR",
                   help="also score metadata.number/doc_type on real texts with a "
                        "manifest.jsonl (e.g. ../shared/realdata/gazette)")
    p.set_defaults(func=_cmd_bench)
