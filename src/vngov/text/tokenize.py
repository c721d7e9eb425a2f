"""Tokenizers that keep character offsets.

* :func:`tokenize` -- our own fast tokenizer: syllables, numbers, codes (``KH-UBND``,
  ``04/KH-UBND``, ``Sở KH&CN``'s ``KH&CN``), punctuation; every token knows its span in the
  string it was given (use a NormalizedText view, then ``to_original`` for the caller's offsets).
* :func:`word_tokenize` -- underthesea's word segmentation mapped back to offsets. underthesea
  costs 0.05-4 ms a call (about 160 KB/s), so it is only ever called on small windows where a word
  boundary decides something (where a person's name ends after a body's name), and cached.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from vngov.text.memo import text_cache

# Order matters: codes before syllables, so "04/KH-UBND" stays one token.
_TOKEN = regex.compile(
    r"""
    (?P<code>\d+(?:[./]\d+)*/\p{Lu}[\p{L}\d&]*(?:-[\p{L}\d&]+)*           # 04/KH-UBND
      | \d+-\p{Lu}\p{L}*/\p{Lu}[\p{L}\d&]*(?:-[\p{L}\d&]+)*)            # 26-NQ/TW
    | (?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})                          # 13/01/2021
    | (?P<number>\d+(?:[.,]\d+)*)                                        # 2021, 1.234,5
    | (?P<abbr>\p{Lu}[\p{Lu}\d&]*(?:-[\p{Lu}\d&]+)+)                     # KH-UBND, COVID-19
    | (?P<word>[\p{L}\p{M}]+(?:[''][\p{L}]+)?)                           # syllables, H'Mông
    | (?P<punct>[^\s\p{L}\p{N}])                                         # one punctuation mark
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # code | date | number | abbr | word | punct


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [
        Token(m.group(), m.start(), m.end(), m.lastgroup or "punct")
        for m in _TOKEN.finditer(text, start, end)
    ]


@text_cache(maxsize=8192)
def _segment(window: str) -> tuple[str, ...]:
    from underthesea import word_tokenize as ut_word_tokenize  # imported on first need: 0.7 s

    return tuple(ut_word_tokenize(window))


def word_tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """underthesea's words of ``text[start:end]``, each with its offsets in ``text``.

    underthesea may change spacing inside a word; each word is located by searching its
    syllables in order, so offsets always point at the caller's characters.
    """
    end = len(text) if end is None else end
    window = text[start:end]
    out: list[Token] = []
    pos = 0
    for word in _segment(window):
        parts = word.split()
        if not parts:
            continue
        first = window.find(parts[0], pos)
        if first < 0:
            continue
        last_end = first + len(parts[0])
        for part in parts[1:]:
            nxt = window.find(part, last_end)
            if nxt < 0:
                break
            last_end = nxt + len(part)
        out.append(Token(window[first:last_end], start + first, start + last_end, "word"))
        pos = last_end
    return out
