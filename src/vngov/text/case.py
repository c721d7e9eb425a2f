"""Sentence case for names written in capitals (headers, signer blocks).

``ỦY BAN NHÂN DÂN TỈNH HẬU GIANG`` → ``Ủy ban nhân dân tỉnh Hậu Giang``: the known part takes its
official casing from the tables (bodies, titles); an administrative unit word is lower case and
the proper name after it is title-cased, the way Nghị định 30/2020/NĐ-CP's templates write
them (Phụ lục I, "Ủy ban nhân dân tỉnh ...").
"""

from __future__ import annotations

from functools import cache

import regex

from vngov import tables
from vngov.text.normalize import to_ascii

UNIT_WORDS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
_WORD = regex.compile(r"\S+")


@cache
def _known_forms() -> list[tuple[str, str]]:
    """(ascii lower key, official casing), longest first."""
    forms: dict[str, str] = {}
    for body in tables.bodies():
        forms.setdefault(to_ascii(body.canonical).lower(), body.canonical)
    for title in tables.titles():
        for variant in title.variants:
            forms.setdefault(to_ascii(variant).lower(), variant)
    return sorted(forms.items(), key=lambda kv: -len(kv[0]))


def _title_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def sentence_case(text: str) -> str:
    """Official casing of a name written in capitals (whitespace collapsed)."""
    words = _WORD.findall(text)
    if not words:
        return ""
    flat = " ".join(words)
    key = to_ascii(flat).lower()
    head = ""
    rest = flat
    for form_key, form in _known_forms():
        if key.startswith(form_key) and (len(key) == len(form_key) or key[len(form_key)] == " "):
            head, rest = form, flat[len(form_key) :].strip()
            break
    out = [head] if head else []
    tail = rest.split()
    i = 0
    after_unit = False
    while i < len(tail):
        two = " ".join(tail[i : i + 2]).lower()
        if two in UNIT_WORDS:
            out.append(two)
            i += 2
            after_unit = True
            continue
        if tail[i].lower() in UNIT_WORDS:
            out.append(tail[i].lower())
            i += 1
            after_unit = True
            continue
        if tail[i] in _abbreviations():
            out.append(tail[i])
        elif after_unit or (not out and i == 0):
            out.append(_title_word(tail[i]))
        else:
            out.append(tail[i].lower())
        i += 1
    result = " ".join(out)
    return result[:1].upper() + result[1:]


@cache
def _abbreviations() -> frozenset[str]:
    """Abbreviations keep their capitals (``UBND TỈNH`` → ``UBND tỉnh``)."""
    return frozenset(b.abbr for b in tables.bodies() if b.abbr)
