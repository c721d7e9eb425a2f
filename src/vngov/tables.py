"""Loaders for the data tables in ``vngov/data`` (each file names its source in its header).

One place for each piece of knowledge: rules import tables from here, never re-type them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from vngov.text.normalize import to_ascii


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a TSV data file, comments (#) and blank lines skipped."""
    text = resources.files("vngov.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def read_list(name: str) -> list[str]:
    return [r[0].strip() for r in read_tsv(name)]


@dataclass(frozen=True)
class DocType:
    code: str
    name: str
    families: frozenset[str]


@cache
def doc_types() -> dict[str, DocType]:
    """Type code (official case) -> DocType."""
    out = {}
    for code, name, fams in read_tsv("doc_types.tsv"):
        out[code] = DocType(code, name, frozenset(fams.split(",")))
    return out


@cache
def doc_type_lookup() -> dict[str, str]:
    """Any spelling key (exact, upper, ASCII-upper) -> official code.

    ASCII text loses Đ: ``ND`` → ``NĐ``, ``QD`` → ``QĐ``. Where two codes fold to one ASCII key
    (``ĐA`` Đề án / ``DA`` Dự án, ``HĐ`` / ``HD``) the code without Đ keeps the key, because a
    writer who typed ASCII typed that code's letters exactly; the Đ code is then unreachable
    from ASCII text, a stated loss.
    """
    table: dict[str, str] = {}
    codes = doc_types()
    for code in codes:
        table[code] = code
    for code in codes:
        table.setdefault(code.upper(), code)
    for code in codes:
        table.setdefault(to_ascii(code).upper(), code)
    return table


@dataclass(frozen=True)
class Body:
    abbr: str | None
    canonical: str
    kind: str
    code: str | None
    valid_until: str | None


@cache
def bodies() -> list[Body]:
    out = []
    for row in read_tsv("bodies.tsv"):
        row = [*row, "", "", ""][:5]
        abbr, canonical, kind, code, until = (c.strip() for c in row)
        out.append(
            Body(None if abbr == "-" else abbr, canonical, kind, code or None, until or None)
        )
    return out


@cache
def issuer_lookup() -> dict[str, str]:
    """Issuer code spelling key -> official code (``HDND`` → ``HĐND``, ``TTG`` → ``TTg``)."""
    table: dict[str, str] = {}
    for b in bodies():
        if b.code:
            table.setdefault(b.code, b.code)
    for b in bodies():
        if b.code:
            table.setdefault(b.code.upper(), b.code)
            table.setdefault(to_ascii(b.code).upper(), b.code)
    return table


@cache
def doc_type_words() -> list[tuple[str, str]]:
    """(words, name) pairs, longest first."""
    rows = [(r[0], r[1]) for r in read_tsv("doc_type_words.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


@dataclass(frozen=True)
class Title:
    """A title of office and every spelling variant built from it (Phó, Quyền, Thường trực)."""

    base: str
    variants: tuple[str, ...]
    standalone: bool


@cache
def titles() -> list[Title]:
    """Titles from titles.tsv with their variants (rules for variants stated in the file)."""
    out = []
    for row in read_tsv("titles.tsv"):
        base, pho, standalone = (c.strip() for c in row[:3])
        forms = [base]
        if pho == "yes":
            forms.append("Phó " + base)
        if base in ("Chủ tịch", "Bí thư", "Trưởng ban", "Ủy viên"):
            forms += [f + " Thường trực" for f in forms]
        forms += ["Quyền " + f for f in forms]
        out.append(Title(base, tuple(forms), standalone == "yes"))
    return out


@cache
def surnames() -> frozenset[str]:
    """Surnames, with their ASCII forms too (for text typed without diacritics)."""
    names = read_list("surnames.txt")
    return frozenset(names) | frozenset(to_ascii(n) for n in names)


# --- Organisations and places (rules/bodies.py, gazetteer.py) ---------------------------------


@dataclass(frozen=True)
class BodyEntry:
    """A row of bodies.tsv with the columns that say how the body is written in text."""

    canonical: str
    kind: str
    valid_until: str | None
    scope: str
    forms: tuple[str, ...]  # the canonical name first
    successor: str | None
    aliases: frozenset[str] = frozenset()  # forms marked "~": other names, not spellings


@cache
def body_entries() -> list[BodyEntry]:
    """bodies.tsv rows, every column (``bodies()`` keeps the five that issuer codes need)."""
    out = []
    for row in read_tsv("bodies.tsv"):
        row = [*row, "", "", "", "", "", "", "", ""][:8]
        _abbr, canonical, kind, _code, until, scope, forms, successor = (c.strip() for c in row)
        extra = [f.strip() for f in forms.split("|") if f.strip()]
        aliases = frozenset(f[1:] for f in extra if f.startswith("~"))
        extra = [f.lstrip("~") for f in extra]
        out.append(
            BodyEntry(
                canonical,
                kind,
                until or None,
                scope or "national",
                (canonical, *extra),
                successor or None,
                aliases,
            )
        )
    return out


@cache
def body_words() -> dict[str, list[tuple[str, str]]]:
    """kind -> [(words, expansion)] from body_words.tsv."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in read_tsv("body_words.tsv"):
        words, kind, expansion = [*row, "", ""][:3]
        out.setdefault(kind.strip(), []).append((words.strip(), expansion.strip()))
    return out


@cache
def name_guard() -> dict[str, frozenset[str]]:
    """kind -> words from name_guard.tsv (middle names, honorifics, unit_required names)."""
    out: dict[str, set[str]] = {}
    for word, kind in read_tsv("name_guard.tsv"):
        out.setdefault(kind.strip(), set()).add(word.strip())
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True)
class PlaceUnitWord:
    written: str
    canonical: str
    levels: tuple[str, ...]


@cache
def place_unit_words() -> list[PlaceUnitWord]:
    """Unit words (tỉnh, thành phố, TP., huyện, ...), longest first."""
    rows = [
        PlaceUnitWord(w.strip(), c.strip(), tuple(lv.strip().split(",")))
        for w, c, lv in read_tsv("place_units.tsv")
    ]
    return sorted(rows, key=lambda r: -len(r.written))


@cache
def provinces() -> list[tuple[str, str, str, str, str, str]]:
    """(name, unit_word, code, valid_from, valid_until, successor) per era (provinces.tsv)."""
    return [tuple(([*r, "", "", "", "", ""])[:6]) for r in read_tsv("provinces.tsv")]  # type: ignore[misc]


@cache
def districts() -> list[tuple[str, str, str, str]]:
    """(name, unit_word, province, valid_until) (districts.tsv)."""
    return [tuple(([*r, "", ""])[:4]) for r in read_tsv("districts.tsv")]  # type: ignore[misc]


@cache
def communes() -> list[tuple[str, str, str, str, str, str]]:
    """(name, unit_word, province, district, valid_from, valid_until) (communes.tsv)."""
    return [tuple(([*r, "", "", ""])[:6]) for r in read_tsv("communes.tsv")]  # type: ignore[misc]


@cache
def places_extra() -> list[tuple[str, str, str, str, str]]:
    """(written, name, level, code, valid_until): the country and aliases (places_extra.tsv)."""
    return [tuple(([*r, "", "", ""])[:5]) for r in read_tsv("places_extra.tsv")]  # type: ignore[misc]
