"""pytest plugin (entry point ``pytest11``): score vngov on a gold corpus.

    pytest --vngov-corpus DIR [--vngov-split test] --vngov-min-f1 officials=0.9 ...

With ``--vngov-corpus`` the session gets one test item per threshold
(``vngov::min[officials]``), one that the corpus validates and one that the extractor never
crashes; the per-field table is printed in the terminal summary. ``FIELD`` is any row name of
the table (``document_numbers``, ``dates (day precision)``, ``officials (names)``,
``metadata.number``, ...): the value-level F1 for mention rows, the accuracy otherwise.

The ``vngov_scores`` fixture scores a corpus for a test (cached per session):
``vngov_scores("corpus", split="test").row("campaigns").value.f1``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from vngov.evaluate.score import Report

_CACHE = pytest.StashKey[dict[tuple[tuple[str, ...], str], "Report"]]()
_THRESHOLDS = pytest.StashKey[dict[str, float]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("vngov", "vngov accuracy on a gold corpus")
    group.addoption("--vngov-corpus", action="append", default=[], metavar="DIR",
                    help="corpus directory (gold/ + texts/) to score vngov on; repeatable, "
                         "several directories are pooled")
    group.addoption("--vngov-split", default="all", choices=("dev", "test", "all"),
                    help="which split of the corpus to score (default: all)")
    group.addoption("--vngov-min-f1", action="append", default=[], metavar="FIELD=X",
                    help="fail unless FIELD's score is at least X (value-level F1 for "
                         "mention rows, accuracy for metadata and attribute rows); "
                         "repeatable")


def parse_thresholds(specs: list[str]) -> dict[str, float]:
    """``["officials=0.9", ...]`` → ``{"officials": 0.9}``; rejects unknown rows."""
    from vngov.evaluate.score import ROW_NAMES

    out: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.rpartition("=")
        name = name.strip()
        try:
            floor = float(value)
        except ValueError:
            floor = -1.0
        if not sep or not 0.0 <= floor <= 1.0:
            raise pytest.UsageError(f"--vngov-min-f1 expects FIELD=X with 0 <= X <= 1, "
                                    f"got {spec!r}")
        if name not in ROW_NAMES:
            raise pytest.UsageError(f"--vngov-min-f1: unknown field {name!r}; known: "
                                    f"{', '.join(ROW_NAMES)}")
        out[name] = floor
    return out


def _scores(config: pytest.Config, dirs: list[str], split: str) -> Report:
    from vngov.evaluate import evaluate

    cache = config.stash.setdefault(_CACHE, {})
    key = (tuple(str(Path(d).resolve()) for d in dirs), split)
    if key not in cache:
        cache[key] = evaluate([Path(d) for d in dirs], split=split)
    return cache[key]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "vngov: accuracy checks added by --vngov-corpus")
    if config.getoption("--vngov-corpus"):
        config.stash[_THRESHOLDS] = parse_thresholds(config.getoption("--vngov-min-f1"))
    elif config.getoption("--vngov-min-f1"):
        raise pytest.UsageError("--vngov-min-f1 needs --vngov-corpus DIR")


class VngovItem(pytest.Item):
    """One accuracy check on the ``--vngov-corpus`` corpus."""

    def __init__(self, *, check: Callable[[], str | None], **kw: Any) -> None:
        super().__init__(**kw)
        self._check = check
        self.add_marker("vngov")

    def runtest(self) -> None:
        message = self._check()
        if message:
            raise VngovFailure(message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, VngovFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"vngov: {self.name}"


class VngovFailure(Exception):
    """An accuracy check below its floor."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    dirs: list[str] = config.getoption("--vngov-corpus")
    if not dirs:
        return
    split: str = config.getoption("--vngov-split")
    thresholds = config.stash[_THRESHOLDS]

    def valid() -> str | None:
        from vngov.evaluate import load_corpus, validate

        problems = [p for d in dirs for p in validate(load_corpus(d))]
        if not problems:
            return None
        return f"{len(problems)} corpus problem(s):\n" + "\n".join(problems[:50])

    def no_crash() -> str | None:
        rep = _scores(config, dirs, split)
        crashes = [e.describe() for e in rep.errors if e.kind == "crash"]
        return f"{len(crashes)} crash(es):\n" + "\n".join(crashes[:50]) if crashes else None

    def floor(name: str, x: float) -> Callable[[], str | None]:
        def check() -> str | None:
            rep = _scores(config, dirs, split)
            if rep.documents == 0:
                return f"no documents in split {split!r} of {', '.join(dirs)}"
            failures = rep.check({name: x})
            if not failures:
                return None
            errs = rep.errors_for(name, value_only=True)[:10]
            return "\n".join([f"vngov accuracy below floor: {failures[0]}",
                              *(e.describe() for e in errs)])
        return check

    new = [VngovItem.from_parent(session, name="vngov::corpus-valid", check=valid),
           VngovItem.from_parent(session, name="vngov::no-crashes", check=no_crash)]
    new += [VngovItem.from_parent(session, name=f"vngov::min[{name}]", check=floor(name, x))
            for name, x in thresholds.items()]
    items.extend(new)


@pytest.fixture(scope="session")
def vngov_scores(pytestconfig: pytest.Config) -> Callable[..., Report]:
    """``vngov_scores(corpus_dir, split="all")`` → a :class:`~vngov.evaluate.Report`."""

    def score(corpus: str | Path | list[str | Path], split: str = "all") -> Report:
        dirs = [str(c) for c in corpus] if isinstance(corpus, list) else [str(corpus)]
        return _scores(pytestconfig, dirs, split)

    return score


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    dirs = config.getoption("--vngov-corpus")
    cache = config.stash.get(_CACHE, {})
    if dirs:
        key = (tuple(str(Path(d).resolve()) for d in dirs), config.getoption("--vngov-split"))
        if key not in cache:
            try:
                _scores(config, dirs, key[1])
            except Exception as exc:  # never break the summary
                terminalreporter.write_line(f"vngov: could not score {dirs}: {exc}")
    for (paths, split), report in config.stash.get(_CACHE, {}).items():
        terminalreporter.write_sep("=", f"vngov accuracy: {', '.join(paths)} [{split}]")
        terminalreporter.write_line(report.table())
