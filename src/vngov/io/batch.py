"""Parallel batch extraction: one record per input document, in input order, exactly once.

The main process reads the inputs (:mod:`vngov.io.readers`) and writes the output; worker
processes decode, strip markup, run :func:`vngov.extract` and serialise the record, so the main
process only moves bytes. Design points:

* **Bounded memory** -- at most ``window`` documents (and about ``max_inflight_bytes`` of
  payload) are between the reader and the output at any time; results that arrive early wait
  in a dict keyed by their input index until the records before them are written.
* **Order** -- records are written strictly in input order, whatever the worker timing.
* **Time budget** -- each worker is watched; a document that runs over ``timeout`` seconds gets
  a ``timeout`` error record, its worker is killed and replaced, and the documents queued
  behind it are handed out again. A worker that dies (segfault, OOM kill) is handled alike.
* **Crash safety** -- each record is written with one ``write`` of whole lines, so an
  interrupted run leaves at most a partial last line; :func:`scan_output` finds the last
  complete record, ``resume`` truncates there and skips as many inputs as records exist,
  checking that their ids match.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection, wait
from typing import IO, Any

from vngov.io.readers import DEFAULT_MAX_BYTES, InputError, Item, iter_documents
from vngov.model import FIELDS, SCHEMA

__all__ = [
    "CSV_HEADER",
    "BatchOptions",
    "BatchStats",
    "OutputError",
    "ResumeError",
    "process_document",
    "run_batch",
    "scan_output",
]

CSV_HEADER = ("id", "field", "text", "start", "end", "rule", "value")
_MENTION_KEYS = ("text", "start", "end", "rule")
_WARMUP = "Kế hoạch số 04/KH-UBND ngày 13 tháng 01 năm 2021 của UBND tỉnh Hậu Giang."


class OutputError(Exception):
    """The output cannot be written (the run stops, exit status non-zero)."""


class ResumeError(Exception):
    """``--resume`` against an output that does not belong to these inputs."""


@dataclass
class BatchOptions:
    """Knobs of :func:`run_batch` (the CLI flags)."""

    format: str = "jsonl"  # jsonl | csv
    jobs: int | None = None  # worker processes; None = all cores
    fields: Sequence[str] | None = None
    glob: Sequence[str] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 30.0  # seconds per document
    chunksize: int = 16  # documents per dispatch: amortises IPC
    resume: bool = False
    progress: bool | None = None  # None: a bar when stderr is a terminal
    max_inflight_bytes: int = 64 * 1024 * 1024


@dataclass
class BatchStats:
    """What a run did; ``summary()`` is the line printed on stderr."""

    documents: int = 0  # records written by this run
    errors: int = 0  # of which error records
    resumed: int = 0  # records found in the output and kept
    bytes: int = 0  # input bytes of the documents processed
    elapsed: float = 0.0
    error_types: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False

    def summary(self) -> str:
        rate = self.documents / self.elapsed if self.elapsed else 0.0
        mbs = self.bytes / 1e6 / self.elapsed if self.elapsed else 0.0
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(self.error_types.items()))
        parts = [
            f"vngov: {self.documents} documents",
            f"{self.errors} errors" + (f" ({kinds})" if kinds else ""),
        ]
        if self.resumed:
            parts.append(f"{self.resumed} already in the output")
        parts.append(f"{self.elapsed:.1f} s, {rate:.0f} doc/s, {mbs:.2f} MB/s")
        text = "; ".join(parts)
        return text + (" -- interrupted: rerun with --resume" if self.interrupted else "")


# --------------------------------------------------------------------------- records


def _record(id_: str, source: dict[str, Any], *, result: dict[str, Any] | None = None,
            error: tuple[str, str] | None = None) -> dict[str, Any]:
    # "id" first: resume reads it back from the start of each line.
    rec: dict[str, Any] = {"id": id_, "schema": SCHEMA, "source": source}
    if error is not None:
        rec["error"] = {"type": error[0], "message": error[1]}
    else:
        rec["result"] = result
    return rec


def _csv_rows(rec: dict[str, Any]) -> str:
    """One CSV row per mention (plus metadata, or one row for an error or an empty result)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    rid = rec["id"]
    if "error" in rec:
        out.writerow([rid, "error", rec["error"]["message"], "", "", rec["error"]["type"], ""])
        return buf.getvalue()
    result = rec["result"]
    n = 0
    for name in FIELDS[:-1]:
        for m in result.get(name) or []:
            value = {k: v for k, v in m.items() if k not in _MENTION_KEYS}
            out.writerow([rid, name, m["text"], m["start"], m["end"], m["rule"],
                          json.dumps(value, ensure_ascii=False, separators=(",", ":"))])
            n += 1
    meta = {k: v for k, v in (result.get("metadata") or {}).items() if v not in (None, [], "")}
    if meta:
        out.writerow([rid, "metadata", "", "", "", "",
                      json.dumps(meta, ensure_ascii=False, separators=(",", ":"))])
        n += 1
    if n == 0:
        out.writerow([rid, "", "", "", "", "", ""])  # the document is there, with nothing found
    return buf.getvalue()


def _serialise(rec: dict[str, Any], fmt: str) -> str:
    if fmt == "csv":
        return _csv_rows(rec)
    return json.dumps(rec, ensure_ascii=False) + "\n"


def process_document(id_: str, fmt: str, payload: bytes | str, source: dict[str, Any],
                     fields: Sequence[str] | None = None) -> dict[str, Any]:
    """Decode, strip markup and extract one document into its record (never raises)."""
    from vngov.api import extract
    from vngov.text.encodings import DecodeFailure, decode_bytes
    from vngov.text.html import html_to_text

    source = dict(source)
    source["format"] = fmt
    if isinstance(payload, bytes):
        source["bytes"] = len(payload)
        try:
            decoded = decode_bytes(payload)
        except DecodeFailure as exc:
            return _record(id_, source, error=(exc.kind, str(exc)))
        source["encoding"] = decoded.encoding
        if decoded.replaced:
            source["replaced_bytes"] = decoded.replaced
        text = decoded.text
    else:
        source.setdefault("encoding", "utf-8")  # JSON Lines: the JSON text itself
        text = payload
    if fmt == "html":
        try:
            text = html_to_text(text)
        except Exception as exc:  # html.parser is lenient; anything left is a bad input
            return _record(id_, source, error=("undecodable text", f"markup: {exc}"))
        # Mention offsets point into the extracted text, not into the markup.
        source["offsets"] = "extracted-text"
    else:
        source["offsets"] = "text"
    try:
        result = extract(text, fields=fields).to_dict()
    except Exception as exc:  # one bad document must never stop the run
        return _record(id_, source, error=("extraction error", f"{type(exc).__name__}: {exc}"))
    return _record(id_, source, result=result)


# --------------------------------------------------------------------------- workers

# A task travels to a worker as (index, id, format, payload, source).
_Task = tuple[int, str, str, "bytes | str", dict[str, Any]]


def _worker_main(conn: Connection, fields: Sequence[str] | None, fmt: str,
                 inherited: Sequence[Connection] = ()) -> None:
    """Worker loop: receive chunks of tasks, send back ``(index, line, is_error)`` per task."""
    # A forked worker holds copies of its siblings' pipe ends; close them, or a sibling
    # would never see end-of-file when the parent dies (kill -9) and would live on.
    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, if inherited
    process_document("warm-up", "text", _WARMUP, {}, fields)
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for idx, id_, doc_fmt, payload, source in chunk:
            rec = process_document(id_, doc_fmt, payload, source, fields)
            try:
                conn.send((idx, _serialise(rec, fmt), rec.get("error", {}).get("type")))
            except OSError:  # the parent is gone (killed): nobody to work for
                return


# The parent's ends of the live workers' pipes (see _worker_main).
_PARENT_ENDS: set[Connection] = set()


class _Worker:
    """One worker process and the tasks it has been handed, oldest first."""

    def __init__(self, ctx: Any, fields: Sequence[str] | None, fmt: str) -> None:
        parent, child = ctx.Pipe(duplex=True)
        inherited = [*_PARENT_ENDS, parent] if ctx.get_start_method() == "fork" else []
        self.proc = ctx.Process(target=_worker_main, args=(child, fields, fmt, inherited),
                                daemon=True)
        self.proc.start()
        child.close()
        self.conn: Connection = parent
        _PARENT_ENDS.add(parent)
        self.tasks: deque[_Task] = deque()
        self.started = time.monotonic()  # when the oldest task began (approximately)

    def send(self, chunk: list[_Task]) -> None:
        if not self.tasks:
            self.started = time.monotonic()
        self.tasks.extend(chunk)
        self.conn.send(chunk)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self._close()

    def _close(self) -> None:
        _PARENT_ENDS.discard(self.conn)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(2)
        self._close()


def _context() -> Any:
    # fork: workers inherit the imported, warmed-up modules, so starting (and replacing) a
    # worker costs milliseconds instead of re-importing underthesea.
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


# --------------------------------------------------------------------------- output & resume


class _Output:
    """Whole records, one write each; ``sync`` flushes to disk."""

    def __init__(self, path: str | None, fmt: str, offset: int) -> None:
        self.path = path
        try:
            if path is None:
                self.fh: IO[bytes] = sys.stdout.buffer
            else:
                self.fh = open(path, "r+b" if offset or os.path.exists(path) else "wb",
                               buffering=0)
                self.fh.truncate(offset)
                self.fh.seek(offset)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if fmt == "csv" and offset == 0:
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(CSV_HEADER)
            self.write(buf.getvalue())

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        try:
            if self.path is None:
                self.fh.write(data)
                self.fh.flush()
                return
            view = memoryview(data)
            while view:  # unbuffered: loop over short writes, no Python-side buffer
                n = self.fh.write(view)
                view = view[n or 0:]
        except OSError as exc:  # disk full, broken pipe...
            raise OutputError(f"cannot write output: {exc.strerror or exc}") from exc

    def close(self) -> None:
        if self.path is None:
            try:
                self.fh.flush()
            except OSError:
                pass
            return
        try:
            os.fsync(self.fh.fileno())
        except OSError:
            pass
        self.fh.close()


_ID_PREFIX = b'{"id": '
_DECODER = json.JSONDecoder()


def _jsonl_id(line: bytes, full: bool = False) -> str | None:
    """The id of a JSONL record line (we write ``"id"`` first), or None if it is not one.

    ``full`` parses the whole line: used for the last line, the only one a crash can damage.
    """
    try:
        if full:
            rec = json.loads(line)
            return rec["id"] if isinstance(rec, dict) and isinstance(rec.get("id"), str) else None
        if not line.startswith(_ID_PREFIX):
            return None
        value, _ = _DECODER.raw_decode(line.decode("utf-8"), len(_ID_PREFIX))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None


def _csv_logical_rows(fh: IO[bytes]) -> Iterator[tuple[int, int, list[str]]]:
    """``(start offset, end offset, cells)`` of each complete CSV row (quoted newlines kept)."""
    offset = 0
    pending = b""
    start = 0
    for line in fh:
        if not pending:
            start = offset
        pending += line
        offset += len(line)
        # A row is complete when its quotes balance and it ends with a newline.
        if pending.count(b'"') % 2 == 0 and pending.endswith(b"\n"):
            try:
                cells = next(csv.reader([pending.decode("utf-8")]))
            except (UnicodeDecodeError, csv.Error, StopIteration):
                return
            yield start, offset, cells
            pending = b""


def _scan(path: str, fmt: str) -> tuple[int, int, Iterator[str]]:
    """(records to keep, byte offset where they end, lazy iterator of their ids)."""
    count, end = 0, 0
    with open(path, "rb") as fh:
        if fmt == "jsonl":
            offset = 0
            last = b""
            for line in fh:
                if not line.endswith(b"\n") or _jsonl_id(line) is None:
                    if offset == 0 and line.endswith(b"\n"):
                        raise ResumeError(f"{path} is not a vngov JSON Lines output")
                    break  # a half-written last line: cut here
                offset += len(line)
                count, end, last = count + 1, offset, line
            if count and _jsonl_id(last, full=True) is None:
                count, end = count - 1, end - len(last)
        else:
            # A document's rows are written in one go but may be cut; its rows are only
            # known complete when the next document starts, so the last one is redone.
            last_id: str | None = None
            header_end = 0
            block_start = 0
            rows = _csv_logical_rows(fh)
            first = next(rows, None)
            if first is not None and tuple(first[2]) != CSV_HEADER:
                raise ResumeError(f"{path} is not a vngov CSV output")
            if first is not None:
                header_end = block_start = first[1]
                for start, _stop, cells in rows:
                    if not cells or cells[0] != last_id:
                        if last_id is not None:
                            count += 1
                        last_id, block_start = (cells[0] if cells else ""), start
                end = block_start if last_id is not None else header_end
    return count, end, _ids(path, fmt, count)


def _ids(path: str, fmt: str, count: int) -> Iterator[str]:
    if count == 0:
        return
    with open(path, "rb") as fh:
        if fmt == "jsonl":
            for line in islice(fh, count):
                yield _jsonl_id(line) or ""
            return
        rows = _csv_logical_rows(fh)
        next(rows, None)  # header
        last: str | None = None
        seen = 0
        for _, _, cells in rows:
            if cells[0] != last:
                if seen == count:
                    return
                last = cells[0]
                seen += 1
                yield last


def scan_output(path: str, fmt: str = "jsonl") -> tuple[int, int]:
    """``(complete records, byte offset where they end)`` of an existing output file."""
    count, end, _ = _scan(path, fmt)
    return count, end


# --------------------------------------------------------------------------- the run


def _error_line(item: Item, kind: str, message: str, fmt: str) -> str:
    return _serialise(_record(item.id, dict(item.source), error=(kind, message)), fmt)


def run_batch(paths: Iterable[str], output: str | None = None,
              options: BatchOptions | None = None) -> BatchStats:
    """Extract every document under ``paths`` into ``output`` (a path, or None for stdout).

    Raises :class:`OutputError` when the output cannot be written and :class:`ResumeError`
    when ``options.resume`` meets an output made from other inputs. Ctrl-C (or SIGTERM) stops
    cleanly after the records already written: ``stats.interrupted`` is then set.
    """
    opts = options or BatchOptions()
    fmt = opts.format
    jobs = max(1, opts.jobs or _cpu_count())
    stats = BatchStats()
    t0 = time.monotonic()

    skip, offset, expected_ids = 0, 0, iter(())
    if opts.resume:
        if output is None:
            raise ResumeError("--resume needs an output file (-o)")
        if os.path.exists(output):
            skip, offset, expected_ids = _scan(output, fmt)
    stats.resumed = skip

    items = iter_documents(paths, glob=opts.glob, max_bytes=opts.max_bytes)
    # Skip what the output already holds, checking it is the same inputs in the same order.
    # Skipped items are never loaded: archives are only walked, not decompressed.
    for n in range(skip):
        item, want = next(items, None), next(expected_ids, None)
        if item is None:
            raise ResumeError(f"the output holds {skip} records but the inputs only {n}")
        if item.id != want:
            raise ResumeError(
                f"output record {n + 1} is {want!r} but input {n + 1} is {item.id!r}: "
                "not the same inputs (in the same order) as the interrupted run"
            )
    out = _Output(output, fmt, offset)

    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: workers are forked
    show = sys.stderr.isatty() if opts.progress is None else opts.progress
    bar = tqdm(total=None, unit="doc", disable=not show, file=sys.stderr, mininterval=0.5)

    ctx = _context()
    if ctx.get_start_method() == "fork":
        process_document("warm-up", "text", _WARMUP, {}, opts.fields)  # inherited by workers
    workers = [_Worker(ctx, opts.fields, fmt) for _ in range(jobs)]
    # SIGTERM stops like Ctrl-C (signal handlers can only be set from the main thread).
    in_main = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main else None
    finished = False
    try:
        _loop(items, workers, out, opts, stats, bar, ctx)
        finished = True
    except KeyboardInterrupt:
        stats.interrupted = True
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, old_term)
        for w in workers:
            w.stop() if finished else w.kill()
        bar.close()
        out.close()
        stats.elapsed = time.monotonic() - t0
    return stats


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the cores this process may use
    return os.cpu_count() or 1


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _loop(items: Iterator[Item], workers: list[_Worker], out: _Output, opts: BatchOptions,
          stats: BatchStats, bar: Any, ctx: Any) -> None:
    fmt, jobs, chunksize = opts.format, len(workers), max(1, opts.chunksize)
    window = max(64, jobs * chunksize * 4)
    ready: deque[_Task] = deque()
    done: dict[int, tuple[str, str | None, int]] = {}
    sizes: dict[int, int] = {}  # payload bytes of every index not yet written
    next_idx = next_write = 0
    inflight_bytes = 0
    exhausted = False

    def finish(idx: int, line: str, error: str | None) -> None:
        done[idx] = (line, error, sizes.get(idx, 0))

    while True:
        # 1. Read ahead, within the window.
        while not exhausted and next_idx - next_write < window and (
            inflight_bytes < opts.max_inflight_bytes or next_idx == next_write
        ):
            item = next(items, None)
            if item is None:
                exhausted = True
                break
            idx, next_idx = next_idx, next_idx + 1
            sizes[idx] = 0
            if item.error is not None:
                finish(idx, _error_line(item, *item.error, fmt), item.error[0])
                continue
            try:
                assert item.load is not None
                payload = item.load()  # now: a tar stream moves on after this item
            except InputError as exc:
                finish(idx, _error_line(item, exc.kind, str(exc), fmt), exc.kind)
                continue
            size = len(payload) if isinstance(payload, bytes) else len(payload.encode())
            sizes[idx] = size
            inflight_bytes += size
            ready.append((idx, item.id, item.format, payload, item.source))

        # 2. Hand out chunks: up to two per worker, so none idles while we write.
        for w in workers:
            while ready and len(w.tasks) < 2 * chunksize:
                n = min(chunksize, max(1, -(-len(ready) // jobs)))
                w.send([ready.popleft() for _ in range(min(n, len(ready)))])

        # 3. Write every record that is next in input order.
        while next_write in done:
            line, error, size = done.pop(next_write)
            out.write(line)
            sizes.pop(next_write, None)
            inflight_bytes -= size
            stats.documents += 1
            stats.bytes += size
            if error:
                stats.errors += 1
                stats.error_types[error] = stats.error_types.get(error, 0) + 1
            next_write += 1
            bar.update(1)
        if exhausted and next_write == next_idx:
            return

        # 4. Wait for results, no longer than the nearest deadline.
        busy = [w for w in workers if w.tasks]
        if not busy:
            continue
        now = time.monotonic()
        nearest = min(w.started + opts.timeout for w in busy)
        ready_conns = wait([w.conn for w in busy], timeout=max(0.0, min(1.0, nearest - now)))
        for i, w in enumerate(workers):
            if w.conn not in ready_conns:
                continue
            try:
                while w.conn.poll():
                    idx, line, error = w.conn.recv()
                    w.tasks.popleft()
                    w.started = time.monotonic()
                    finish(idx, line, error)
            except (EOFError, OSError):
                workers[i] = _replace(w, "worker crashed", "the worker process died", ready,
                                      finish, opts, ctx)

        # 5. Documents over their time budget: kill the worker, record, carry on.
        now = time.monotonic()
        for i, w in enumerate(workers):
            if w.tasks and now - w.started > opts.timeout:
                workers[i] = _replace(
                    w, "timeout", f"extraction took longer than {opts.timeout:g} s", ready,
                    finish, opts, ctx,
                )


def _replace(w: _Worker, kind: str, message: str, ready: deque[_Task], finish: Any,
             opts: BatchOptions, ctx: Any) -> _Worker:
    """Kill ``w``, give its current document an error record, requeue the rest."""
    w.kill()
    if w.tasks:
        idx, id_, doc_fmt, payload, source = w.tasks.popleft()
        src = dict(source, format=doc_fmt)
        if isinstance(payload, bytes):
            src["bytes"] = len(payload)
        finish(idx, _serialise(_record(id_, src, error=(kind, message)), opts.format), kind)
        ready.extendleft(reversed(w.tasks))  # keep input order at the head of the queue
    return _Worker(ctx, opts.fields, opts.format)
