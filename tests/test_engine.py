"""The rule engine's shared pieces: claims, the overlap policy, the text caches' registry."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil

from hypothesis import given
from hypothesis import strategies as st

import vngov
from vngov.rules.engine import Candidate, Context, select
from vngov.text.memo import clear_text_caches, text_caches
from vngov.text.normalize import normalize


def _ctx(n: int = 200) -> Context:
    return Context(normalize("x" * n))


spans = st.tuples(st.integers(0, 100), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(spans, max_size=25), spans)
def test_claimed_is_overlap_with_any_claim(claims, query):
    """Merged claims answer exactly "does the query overlap one of them" (nested, touching and
    empty claims included), also when claims arrive after questions."""
    ctx = _ctx()
    half = len(claims) // 2
    for s, e in claims[:half]:
        ctx.claim(s, e)
    ctx.claimed(0, 1)  # builds the merged index, which later claims must invalidate
    for s, e in claims[half:]:
        ctx.claim(s, e)
    s, e = query
    expected = any(cs < e and ce > s for cs, ce in claims)
    assert ctx.claimed(s, e) is expected


def test_claimed_table():
    ctx = _ctx()
    for s, e in [(10, 20), (12, 15), (20, 30), (50, 90), (55, 60)]:
        ctx.claim(s, e)
    cases = [((0, 10), False), ((0, 11), True), ((30, 50), False), ((29, 31), True),
             ((89, 95), True), ((90, 95), False), ((70, 71), True)]
    for (s, e), expected in cases:
        assert ctx.claimed(s, e) is expected, (s, e)


def test_select_longest_then_priority_then_position():
    cands = [Candidate(0, 5, 2, "a"), Candidate(3, 10, 5, "b"), Candidate(3, 10, 1, "c"),
             Candidate(10, 12, 9, "d"), Candidate(11, 12, 0, "e")]
    assert [c.value for c in select(cands)] == ["c", "d"]
    assert [c.value for c in select(cands, priority=lambda c: -c.priority)] == ["b", "d"]


# Caches of tables and compiled patterns (keyed on a table's own words, not on input text).
TABLE_KEYED = {
    "vngov.gazetteer.index", "vngov.gazetteer._marked",
    "vngov.rules.bodies._word_set", "vngov.rules.bodies._word_tuple",
    "vngov.rules.bodies._ascii_tuple", "vngov.rules.bodies._level", "vngov.rules.bodies._levels",
    "vngov.rules.pipeline._closure",
    "vngov.rules.references._first_words",
}


def _parameterised_caches() -> dict[str, object]:
    """Every functools cache of a function with parameters, by the first name it is found
    under (``_sentence_case = text_cache(...)(sentence_case)`` counts too)."""
    found: dict[str, object] = {}
    seen: set[int] = set()
    for info in pkgutil.walk_packages(vngov.__path__, "vngov."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            wrapped = getattr(obj, "__wrapped__", None)
            if (hasattr(obj, "cache_clear") and wrapped is not None and id(obj) not in seen
                    and not isinstance(obj, functools.partial)
                    and inspect.signature(wrapped).parameters):
                seen.add(id(obj))
                found[f"{module.__name__}.{name}"] = obj
    return found


def test_every_cache_of_text_is_registered():
    """A cache keyed on input text that the benchmarks cannot empty would let repeated passes
    over the same texts flatter MB/s: each one is in vngov.text.memo's registry or listed as a
    table cache above."""
    caches = _parameterised_caches()  # imports every module, so every cache is registered
    registered = {id(c) for c in text_caches()}
    stray = sorted(name for name, obj in caches.items()
                   if id(obj) not in registered and name not in TABLE_KEYED)
    assert stray == []
    assert all(name in caches for name in TABLE_KEYED)


def test_clear_text_caches_empties_them():
    vngov.extract("Ngày 13 tháng 01 năm 2021, UBND tỉnh Hậu Giang ban hành Kế hoạch số 04/KH-UBND.")
    assert any(c.cache_info().currsize for c in text_caches())
    clear_text_caches()
    assert all(c.cache_info().currsize == 0 for c in text_caches())


@given(st.text(alphabet="TKQMLU/. aAZ", max_size=40))
def test_confirmed_finds_what_finditer_finds(text: str) -> None:
    """The proxy scan (officials' signer markers on a copy with T, K, Q marked) gives exactly
    the matches of the real pattern's own finditer."""
    from vngov.rules import officials

    got = [m.span() for m in officials._markers(text)]
    assert got == [m.span() for m in officials.MARKER.finditer(text)]


def test_whitespace_is_the_regex_modules_space() -> None:
    """engine.WHITESPACE (for stdlib re patterns) is the regex module's \\s, code point by code
    point; WHITESPACE_CHARS the same set for str.strip."""
    import re

    import regex

    from vngov.rules.engine import WHITESPACE, WHITESPACE_CHARS

    ours, theirs = re.compile(WHITESPACE), regex.compile(r"\s")
    spaces = {chr(cp) for cp in range(0x110000) if theirs.match(chr(cp))}
    assert spaces == set(WHITESPACE_CHARS)
    assert all(ours.match(ch) for ch in spaces)
    assert not any(ours.match(chr(cp)) for cp in range(0x3100) if chr(cp) not in spaces)
