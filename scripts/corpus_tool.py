"""Turn corpus drafts into gold: find each mention's offsets in the notice's text.

A draft (corpus/drafts/<id>.json) has the gold file's shape, but a mention may leave out
``start``/``end`` and give ``text`` plus optionally ``occurrence`` (1-based, default 1: the
n-th occurrence of ``text`` in the notice) or ``after`` (a string that must occur before it;
the first occurrence of ``text`` after the first occurrence of ``after`` is taken).

    python scripts/corpus_tool.py fill corpus/drafts/*.json    # writes corpus/gold/<id>.json
    python scripts/corpus_tool.py check                        # validates every gold file
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT / "src"))
from vngov.model import FIELDS  # noqa: E402  (the script runs from a checkout)

LIST_FIELDS = FIELDS[:-1]  # every field but metadata


def notice_text(gold: dict) -> str:
    """The text gold offsets refer to: the decoded (and, for HTML, extracted) notice."""
    path = CORPUS / gold["file"]
    raw = path.read_bytes()
    enc = gold.get("encoding", "utf-8")
    if enc in ("utf-8", "utf-8-sig"):
        text = raw.decode("utf-8-sig")
    else:
        from vngov.text.encodings import decode  # legacy encodings: TCVN3, VNI, cp1258

        text = decode(raw, enc)
    if path.suffix.lower() in (".html", ".htm"):
        from vngov.text.html import html_to_text

        text = html_to_text(text)
    return text


def _locate(text: str, m: dict, where: str) -> None:
    if "start" in m and "end" in m:
        return
    needle = m["text"]
    pos = 0
    if "after" in m:
        anchor = text.find(m["after"])
        if anchor < 0:
            raise SystemExit(f"{where}: 'after' string not found: {m['after']!r}")
        pos = anchor + len(m["after"])
    occ = int(m.get("occurrence", 1))
    idx = -1
    for _ in range(occ):
        idx = text.find(needle, pos)
        if idx < 0:
            raise SystemExit(f"{where}: text not found (occurrence {occ}): {needle!r}")
        pos = idx + 1
    m["start"], m["end"] = idx, idx + len(needle)
    m.pop("occurrence", None)
    m.pop("after", None)


def fill(paths: list[str]) -> None:
    for p in paths:
        draft = json.loads(Path(p).read_text(encoding="utf-8"))
        text = notice_text(draft)
        res = draft["result"]
        for name in LIST_FIELDS:
            for i, m in enumerate(res.get(name, [])):
                _locate(text, m, f"{p}: {name}[{i}]")
                if name == "campaigns" and m.get("period"):
                    _locate(text, m["period"], f"{p}: {name}[{i}].period")
        signer = (res.get("metadata") or {}).get("signer")
        if signer:
            _locate(text, signer, f"{p}: metadata.signer")
        out = CORPUS / "gold" / f"{draft['id']}.json"
        out.write_text(json.dumps(draft, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", out.relative_to(ROOT))


def check() -> int:
    from vngov.evaluate.corpus import load_corpus, validate

    problems = validate(load_corpus(CORPUS))
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "fill":
        fill(sys.argv[2:])
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        raise SystemExit(check())
    else:
        raise SystemExit(__doc__)
