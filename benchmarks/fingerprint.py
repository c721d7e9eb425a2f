"""Fingerprint of ``vngov.extract`` output, to prove a speed change changed nothing.

    python benchmarks/fingerprint.py out.json                      # write hashes
    python benchmarks/fingerprint.py new.json --against old.json   # and compare

One SHA-1 per text of the JSON of every field (corpus/ texts, plus ``--realdata`` folders'
``*.txt``). Exit status 1 when any text's output differs from the baseline's; the first
differing ids are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import vngov
from vngov.evaluate import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def fingerprints(corpus: Path, realdata: list[Path]) -> dict[str, str]:
    texts = {"corpus:" + d.id: d.text for d in load_corpus(corpus).documents}
    for folder in realdata:
        for p in sorted(folder.glob("*.txt")):
            texts[f"{folder.name}:{p.name}"] = p.read_text(encoding="utf-8")
    out = {}
    for key, text in texts.items():
        blob = json.dumps(vngov.extract(text).to_dict(), ensure_ascii=False, sort_keys=True)
        out[key] = hashlib.sha1(blob.encode("utf-8")).hexdigest()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--against", type=Path, help="a baseline written by this script")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--realdata", type=Path, nargs="*", default=[],
                    help="folders of .txt files (e.g. ../shared/realdata/gazette)")
    args = ap.parse_args(argv)
    new = fingerprints(args.corpus, args.realdata)
    args.out.write_text(json.dumps(new, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(new)} texts fingerprinted -> {args.out}")
    if args.against is None:
        return 0
    old = json.loads(args.against.read_text(encoding="utf-8"))
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    listing = ": " + ", ".join(changed[:10]) if changed else ""
    print(f"{len(changed)} of {len(old)} differ{listing}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
