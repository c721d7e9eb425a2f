"""Command line: ``vngov extract FILE...`` prints one JSON record per file."""

from __future__ import annotations

import argparse
import json
import sys

from vngov.api import extract
from vngov.model import SCHEMA


def _cmd_extract(args: argparse.Namespace) -> int:
    for path in args.paths:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
            record = {"id": path, "schema": SCHEMA, "result": extract(text).to_dict()}
        except (OSError, UnicodeDecodeError) as exc:
            record = {"id": path, "schema": SCHEMA,
                      "error": {"type": type(exc).__name__, "message": str(exc)}}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=args.indent) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vngov", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract fields from files, one JSON record per file")
    p.add_argument("paths", nargs="+")
    p.add_argument("--indent", type=int, default=None)
    p.set_defaults(func=_cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
