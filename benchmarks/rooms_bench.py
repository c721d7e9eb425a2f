"""Where ``vngov.extract`` spends its time: milliseconds per room of the cascade.

    python benchmarks/rooms_bench.py                 # corpus/ texts, best of 5 passes
    python benchmarks/rooms_bench.py --realdata ../shared/realdata/gazette

Each room's entry point is timed (CPU time of this process, so a busy machine blurs the figures
less) over every text; the pass with the lowest total is printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vngov
from vngov import api
from vngov.rules import pipeline
from vngov.text.memo import clear_text_caches

ROOT = Path(__file__).resolve().parent.parent
clock = time.process_time

# (module, attribute, label): the rooms in the order run_pipeline calls them
ROOMS = [
    (api, "normalize", "normalize"),
    (pipeline.layout, "mark_chrome", "chrome"),
    (pipeline, "run", "numbers"),
    (pipeline.dates, "find", "dates"),
    (pipeline.bodies, "find", "bodies"),
    (pipeline.officials, "find", "officials"),
    (pipeline.campaigns, "find", "campaigns"),
    (pipeline.dates, "resolve", "dates.resolve"),
    (pipeline.layout, "metadata", "metadata"),
    (pipeline.bodies, "resolve", "bodies.resolve"),
    (pipeline.references, "find", "references"),
]


def timed(fn: Callable[..., Any], label: str, acc: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[label] = acc.get(label, 0.0) + clock() - t0

    return wrapper


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--realdata", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if args.realdata:
        texts = [p.read_text(encoding="utf-8") for p in sorted(args.realdata.glob("*.txt"))]
    else:
        from vngov.evaluate import load_corpus

        texts = [d.text for d in load_corpus(args.corpus).documents]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    acc: dict[str, float] = {}
    for module, name, label in ROOMS:
        setattr(module, name, timed(getattr(module, name), label, acc))
    for t in texts:  # warm caches
        vngov.extract(t)
    best, best_acc = float("inf"), {}
    for _ in range(args.repeat):
        clear_text_caches()  # as in extract_bench.py: new-text work, not cache hits
        acc.clear()
        t0 = clock()
        for t in texts:
            vngov.extract(t)
        total = clock() - t0
        if total < best:
            best, best_acc = total, dict(acc)
    print(f"{len(texts)} texts, {size:.3f} MB: {best * 1000:.1f} ms, {size / best:.2f} MB/s")
    for label, secs in sorted(best_acc.items(), key=lambda kv: -kv[1]):
        print(f"  {label:16s} {secs * 1000:7.1f} ms  {100 * secs / best:5.1f}%")
    rest = best - sum(best_acc.values())
    print(f"  {'(outside rooms)':16s} {rest * 1000:7.1f} ms  {100 * rest / best:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
