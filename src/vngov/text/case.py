"""Sentence case for names written in capitals (headers, signer blocks).

``ỦY BAN NHÂN DÂN TỈNH HẬU GIANG`` → ``Ủy ban nhân dân tỉnh Hậu Giang``: the known part takes its
official casing from the tables (bodies, titles); an administrative unit word is lower case and
the proper name after it is title-cased, the way Nghị định 30/2020/NĐ-CP's templates write
them (Phụ lục I, "Ủy ban nhân dân tỉnh ...").
"""

from __future__ import annotations

from functools import cache

from vngov import tables
from vngov.text.normalize import to_ascii


@cache
def _unit_words() -> frozenset[str]:
    """Unit words written out (tỉnh, thành phố, ...), from data/place_units.tsv."""
    return frozenset(w.canonical for w in tables.place_unit_words())


@cache
def _known_forms() -> dict[str, str]:
    """ASCII lower-case key -> official casing, for every body and title in the tables."""
    forms: dict[str, str] = {}
    for body in tables.bodies():
        forms.setdefault(to_ascii(body.canonical).lower(), body.canonical)
    for title in tables.titles():
        for variant in title.variants:
            forms.setdefault(to_ascii(variant).lower(), variant)
    return forms


def _title_word(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def sentence_case(text: str) -> str:
    """Official casing of a name written in capitals (whitespace collapsed).

    Known names take their casing from the tables, wherever they start (``BỘ NỘI VỤ - BỘ TÀI
    CHÍNH``); a unit word is lower case; words after a unit word or after a known body are
    proper names (``HUYỆN ỦY GIỒNG TRÔM`` → ``Huyện ủy Giồng Trôm``); other words are lower case.
    """
    words = text.split()
    if not words:
        return ""
    keys = [to_ascii(w).lower() for w in words]
    forms = _known_forms()
    out: list[str] = []
    proper = False
    i = 0
    while i < len(words):
        found = None
        for n in range(min(len(words) - i, _LONGEST), 0, -1):
            form = forms.get(" ".join(keys[i : i + n]))
            if form is not None:
                found = (form, n)
                break
        two = " ".join(w.lower() for w in words[i : i + 2])
        # a known name of two words or more beats a unit word ("HUYỆN ỦY" is Huyện ủy)
        unit = two in _unit_words() or words[i].lower() in _unit_words()
        if found is not None and (not unit or found[1] >= 2):
            out.append(found[0])
            i += found[1]
            # a place name follows a body (2-3 syllables); a longer tail is descriptive
            proper = len(words) - i <= 3
        elif two in _unit_words():
            out.append(two)
            i += 2
            proper = True
        elif words[i].lower() in _unit_words():
            out.append(words[i].lower())
            i += 1
            proper = True
        elif words[i] in _abbreviations() or not words[i].isalpha():
            out.append(words[i])
            proper = words[i] in _abbreviations()
            i += 1
        else:
            out.append(_title_word(words[i]) if proper else words[i].lower())
            i += 1
    result = " ".join(out)
    return result[:1].upper() + result[1:]


_LONGEST = 12


@cache
def _abbreviations() -> frozenset[str]:
    """Abbreviations keep their capitals (``UBND TỈNH`` → ``UBND tỉnh``)."""
    return frozenset(b.abbr for b in tables.bodies() if b.abbr)


# ASCII bytes that are not letters / not capitals, deleted by bytes.translate to count the rest.
_NOT_ALPHA = bytes(c for c in range(128) if not chr(c).isalpha()) + bytes(range(128, 256))
_NOT_UPPER = bytes(c for c in range(128) if not chr(c).isupper()) + bytes(range(128, 256))


def caps_ratio(text: str) -> float:
    """Share of capitals among the letters of ``text`` (0.0 without letters): how headers and
    signer blocks in capitals are told from running text.

    ASCII text (lines of the ASCII view, nearly every call) is counted by ``bytes.translate``,
    3x faster than a generator per character; same counts."""
    if text.isascii():
        b = text.encode("ascii")
        letters = len(b.translate(None, _NOT_ALPHA))
        return len(b.translate(None, _NOT_UPPER)) / letters if letters else 0.0
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0
