"""Caches keyed on fragments of the input text, in one registry.

Rules read the same short strings again and again (``UBND tỉnh``, a province's name, a
window around a person's name), so their pure functions of such strings are memoised. They are
registered here so that they can be emptied together: a long-running service can drop them,
and ``benchmarks/extract_bench.py`` empties them before every timed pass, so that a pass over
texts already seen measures the work a batch of new texts costs, not cache hits.
Caches of the tables themselves (loaded once per process) are plain ``functools.cache``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_REGISTRY: list[Any] = []


def text_cache(maxsize: int = 1 << 16) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered for :func:`clear_text_caches`."""

    def wrap(fn: F) -> F:
        cached = lru_cache(maxsize=maxsize)(fn)
        _REGISTRY.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def clear_text_caches() -> None:
    """Empty every cache of text fragments (tables stay loaded)."""
    for cached in _REGISTRY:
        cached.cache_clear()


def text_caches() -> list[Any]:
    """The registered caches (for tests and ``cache_info()``)."""
    return list(_REGISTRY)
