"""Corpus statistics: genres, splits, mentions per field; writes corpus/split.tsv.

    python scripts/corpus_stats.py                 # print the tables, write corpus/split.tsv
    python scripts/corpus_stats.py --no-write      # print only
    python scripts/corpus_stats.py --markdown      # tables as Markdown (for corpus/README.md)

``split.tsv`` is generated from the gold files' ``split`` values (id <TAB> dev|test, sorted
by id), so the gold files stay the single source of the split.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vngov.evaluate.corpus import LIST_FIELDS, SPLITS, Corpus, load_corpus  # noqa: E402


def _table(header: list[str], rows: list[list[object]], markdown: bool) -> str:
    cells = [[str(c) for c in r] for r in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    if markdown:
        lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
                 for r in cells]
        lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def stats(corpus: Corpus, markdown: bool = False) -> str:
    """The genre × split table and the mentions-per-field table."""
    splits = [*SPLITS, "other"]

    def split_of(d: object) -> str:
        s = getattr(d, "split", None)
        return s if s in SPLITS else "other"

    genres = sorted({d.genre or "?" for d in corpus})
    counts = Counter((d.genre or "?", split_of(d)) for d in corpus)
    used = [s for s in splits if any(split_of(d) == s for d in corpus)] or list(SPLITS)
    g_rows: list[list[object]] = [[g, *(counts[g, s] for s in used),
                                   sum(counts[g, s] for s in splits)] for g in genres]
    g_rows.append(["total", *(sum(counts[g, s] for g in genres) for s in used), len(corpus)])

    f_rows: list[list[object]] = []
    for name in LIST_FIELDS:
        per = Counter(split_of(d) for d in corpus for _ in d.result.get(name) or [])
        f_rows.append([name, *(per[s] for s in used), sum(per.values())])
    for key in ("number", "issued_date", "signer", "published_date"):
        per = Counter(split_of(d) for d in corpus if (d.result.get("metadata") or {}).get(key))
        f_rows.append([f"metadata.{key} (docs)", *(per[s] for s in used), sum(per.values())])
    enc = Counter(f"{d.encoding}{'/html' if d.path.suffix.lower() in ('.html', '.htm') else ''}"
                  for d in corpus)
    parts = [
        _table(["genre", *used, "all"], g_rows, markdown),
        "",
        _table(["mentions", *used, "all"], f_rows, markdown),
        "",
        "encodings: " + ", ".join(f"{k} {v}" for k, v in sorted(enc.items())),
    ]
    return "\n".join(parts)


def write_split(corpus: Corpus, path: Path) -> int:
    """Write ``id<TAB>split`` for every gold document with a dev/test split."""
    rows = sorted((d.id, d.split) for d in corpus if d.split in SPLITS)
    path.write_text("".join(f"{i}\t{s}\n" for i, s in rows), encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--no-write", action="store_true", help="do not write split.tsv")
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = ap.parse_args(argv)
    root = Path(args.corpus)
    corpus = load_corpus(root)
    for p in corpus.problems:
        print(f"problem: {p}", file=sys.stderr)
    print(stats(corpus, markdown=args.markdown))
    if not args.no_write:
        n = write_split(corpus, root / "split.tsv")
        print(f"\nwrote {root / 'split.tsv'} ({n} documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
