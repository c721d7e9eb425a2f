"""Command line: ``vngov extract PATH...`` writes one record per document (JSON Lines or CSV).

Exit status: 0 when every input was processed (error records included), 1 with ``--strict``
when there were error records, 2 on usage errors, 3 when the output cannot be written, 130
when interrupted (rerun with ``--resume``).
"""

from __future__ import annotations

import argparse
import re
import sys

from vngov.model import FIELDS

EXIT_OK, EXIT_STRICT, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _size(text: str) -> int:
    """``20MB``, ``512k``, ``1048576`` -> bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 20MB)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2)]
    return int(float(m.group(1)) * factor)


def _fields(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown field(s) {', '.join(unknown)}; choose from {', '.join(FIELDS)}"
        )
    return names


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _cmd_extract(args: argparse.Namespace) -> int:
    from vngov.io.batch import BatchOptions, OutputError, ResumeError, run_batch

    fmt = args.format or ("csv" if args.output and args.output.lower().endswith(".csv")
                          else "jsonl")
    fields = None
    if args.fields:
        fields = [name for group in args.fields for name in group]
    options = BatchOptions(
        format=fmt,
        jobs=args.jobs,
        fields=fields,
        glob=args.glob,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        chunksize=args.chunksize,
        resume=args.resume,
        progress=False if args.quiet else None,
    )
    try:
        stats = run_batch(args.paths, args.output, options)
    except ResumeError as exc:
        print(f"vngov: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"vngov: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    if not args.quiet or stats.interrupted:
        print(stats.summary(), file=sys.stderr)
    if stats.interrupted:
        return EXIT_INTERRUPTED
    if args.strict and stats.errors:
        return EXIT_STRICT
    return EXIT_OK


def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract fields from files, folders and archives, one record per document",
        description="Files, folders (recursive), .zip, .tar[.gz|.bz2|.xz], .gz, JSON Lines "
        '({"id", "text"} per line), .txt and .html; "-" reads standard input. Encodings '
        "(UTF-8, UTF-16, Windows-1258, TCVN3, VNI) are detected.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--format", choices=("jsonl", "csv"),
                   help="jsonl (default) or csv: one row per mention (default from -o suffix)")
    p.add_argument("-j", "--jobs", type=_positive, default=None,
                   help="worker processes (default: all cores)")
    p.add_argument("--fields", type=_fields, action="append",
                   help=f"comma-separated fields to extract ({', '.join(FIELDS)})")
    p.add_argument("--glob", action="append", metavar="PATTERN",
                   help="only documents whose name matches (repeatable), e.g. '*.txt'")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run: keep the records in -o, skip those inputs")
    p.add_argument("--max-bytes", type=_size, default="20MB",
                   help="largest document after decompression (default 20MB)")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds allowed per document (default 30)")
    p.add_argument("--chunksize", type=_positive, default=16, help=argparse.SUPPRESS)
    p.add_argument("--strict", action="store_true", help="exit 1 if any error record")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    p.set_defaults(func=_cmd_extract)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vngov", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _add_extract(sub)
    from vngov.evaluate.bench_cli import add_parser as _add_bench
    _add_bench(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # `vngov extract ... | head`: the reader left; not an error worth a traceback.
        return EXIT_OUTPUT
    except KeyboardInterrupt:  # Ctrl-C before the run proper started
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
