"""Inputs of a batch run as a stream of documents.

:func:`iter_documents` turns paths (files, folders, archives, JSON Lines, ``-`` for standard
input) into :class:`Item` objects, one per document, in a deterministic order, without ever
holding the list of documents: folders are walked in sorted order, archives are read member by
member, JSON Lines line by line. Nothing is extracted to disk; member names are only ids.

Every input yields exactly one item. An input that cannot be read yields an item whose
``error`` is set (``("corrupt archive", ...)``); reading a member may also fail later, in
:meth:`Item.load`, with :class:`InputError`. Sizes are bounded: nothing bigger than
``max_bytes`` (after decompression) is ever read into memory, which is what defuses zip and
gzip bombs.
"""

from __future__ import annotations

import bz2
import fnmatch
import gzip
import io
import json
import lzma
import os
import stat
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

__all__ = ["DEFAULT_MAX_BYTES", "InputError", "Item", "iter_documents", "kind_of"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 1 << 20
_MAX_NESTING = 3  # archive inside archive inside archive: enough for real data, bounds bombs

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
_COMPRESSED = {".gz": gzip.GzipFile, ".bz2": bz2.BZ2File, ".xz": lzma.LZMAFile}
_DECOMPRESS_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


class InputError(Exception):
    """A document that cannot be read: ``kind`` becomes the error record's ``type``."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass
class Item:
    """One document of the input stream.

    ``format`` is ``"text"`` or ``"html"``. ``load()`` returns the payload: ``bytes`` to be
    decoded, or ``str`` for JSON Lines texts. It must be called before the stream advances
    (tar archives are read sequentially) and may raise :class:`InputError`. Items with
    ``error`` set have no payload.
    """

    id: str
    format: str = "text"
    load: Callable[[], bytes | str] | None = None
    error: tuple[str, str] | None = None
    source: dict[str, Any] = field(default_factory=dict)


def kind_of(name: str) -> str:
    """How a name is read: zip, tar, compressed, jsonl, html or text."""
    low = name.lower()
    if low.endswith(".zip"):
        return "zip"
    if low.endswith(_TAR_SUFFIXES):
        return "tar"
    if low.endswith(tuple(_COMPRESSED)):
        return "compressed"
    if low.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if low.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"


def _failed(id_: str, kind: str, message: str, **source: Any) -> Item:
    return Item(id=id_, error=(kind, message), source=source)


def _read_bounded(fh: IO[bytes], max_bytes: int, what: str = "document") -> bytes:
    """Read at most ``max_bytes`` from ``fh`` in chunks; more raises ``file too large``."""
    buf = bytearray()
    while True:
        chunk = fh.read(min(_CHUNK, max_bytes + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > max_bytes:
            raise InputError(
                "file too large", f"{what} is larger than the limit of {max_bytes} bytes"
            )


class _Walker:
    """Expands paths into items; holds the options every reader needs."""

    def __init__(self, glob: Iterable[str] | None, max_bytes: int) -> None:
        self.globs = list(glob or [])
        self.max_bytes = max_bytes

    def wanted(self, name: str) -> bool:
        """Whether a document found inside a folder or archive passes ``--glob``."""
        if not self.globs:
            return True
        names = [name, name.rstrip("/").rsplit("/", 1)[-1]]
        for n in names[:2]:
            stem, dot, suffix = n.rpartition(".")
            if dot and "." + suffix.lower() in _COMPRESSED:
                names.append(stem)  # "a.txt.gz" passes --glob "*.txt"
        return any(fnmatch.fnmatch(n, g) for n in names for g in self.globs)

    def skipped_by_glob(self, name: str, depth: int = 0) -> bool:
        """Archives are always opened; documents and JSON Lines files must pass ``--glob``."""
        opened = kind_of(name) in ("zip", "tar") or (
            kind_of(name) == "compressed" and kind_of(name.rpartition(".")[0]) in ("zip", "tar")
        )
        return not (opened and depth < _MAX_NESTING) and not self.wanted(name)

    # ---------------------------------------------------------------- top level

    def paths(self, paths: Iterable[str]) -> Iterator[Item]:
        for path in paths:
            if path == "-":
                yield from self.stdin()
            elif os.path.isdir(path):
                yield from self.folder(path)
            elif os.path.exists(path):
                yield from self.file(path, path)
            else:
                yield _failed(path, "not found", "no such file or directory")

    def stdin(self) -> Iterator[Item]:
        stream = sys.stdin.buffer
        head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
        if head.lstrip()[:1] == b"{":
            yield from self.jsonl(stream, "-")
            return
        try:
            data = _read_bounded(stream, self.max_bytes, "standard input")
        except InputError as exc:
            yield _failed("-", exc.kind, str(exc))
            return
        yield Item(id="-", load=lambda: data, source={"container": "stdin"})

    def folder(self, root: str) -> Iterator[Item]:
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            # A symlinked folder is not descended (loops, escaping the tree): say so.
            for d in list(dirnames):
                full = os.path.join(dirpath, d)
                if os.path.islink(full):
                    dirnames.remove(d)
                    yield _failed(full, "skipped", "symbolic link to a folder is not followed")
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                try:
                    mode = os.lstat(full).st_mode
                except OSError as exc:
                    yield _failed(full, "unreadable", exc.strerror or str(exc))
                    continue
                if self.skipped_by_glob(full):
                    continue
                if stat.S_ISLNK(mode):
                    yield _failed(full, "skipped", "symbolic link is not followed")
                elif not stat.S_ISREG(mode):
                    yield _failed(full, "skipped", "not a regular file (device, fifo, socket)")
                else:
                    yield from self.file(full, full)

    def file(self, path: str, id_: str) -> Iterator[Item]:
        kind = kind_of(path)
        try:
            if kind == "zip":
                yield from self.zip(path, id_, 0)
            elif kind == "tar":
                yield from self.tar(path, None, id_, 0)
            elif kind == "compressed":
                with open(path, "rb") as raw:
                    yield from self.compressed(raw, path, id_, 0)
            elif kind == "jsonl":
                with open(path, "rb") as fh:
                    yield from self.jsonl(fh, id_)
            else:
                size = os.path.getsize(path)
                source = {"bytes": size}
                if size > self.max_bytes:
                    yield _failed(id_, "file too large",
                                  f"{size} bytes; the limit is {self.max_bytes}", **source)
                    return
                yield Item(id=id_, format=kind, load=lambda: _read_file(path), source=source)
        except OSError as exc:
            yield _failed(id_, "unreadable", exc.strerror or str(exc))

    # ---------------------------------------------------------------- containers

    def member(self, name: str, id_: str, opener: Callable[[], IO[bytes]],
               depth: int, container: str) -> Iterator[Item]:
        """A member of an archive: a document, or a nested archive read from memory."""
        kind = kind_of(name)
        if kind in ("zip", "tar", "compressed", "jsonl") and depth < _MAX_NESTING:
            try:
                with opener() as fh:
                    blob = _read_bounded(fh, self.max_bytes, "archive member")
            except InputError as exc:
                yield _failed(id_, exc.kind, str(exc), container=container)
                return
            except (*_DECOMPRESS_ERRORS, zipfile.BadZipFile) as exc:
                yield _failed(id_, "corrupt archive member", str(exc), container=container)
                return
            if kind == "zip":
                yield from self.zip(io.BytesIO(blob), id_, depth + 1)
            elif kind == "tar":
                yield from self.tar(None, io.BytesIO(blob), id_, depth + 1)
            elif kind == "compressed":
                yield from self.compressed(io.BytesIO(blob), name, id_, depth + 1)
            else:
                yield from self.jsonl(io.BytesIO(blob), id_)
            return

        def load() -> bytes:
            try:
                with opener() as fh:
                    return _read_bounded(fh, self.max_bytes, "archive member")
            except (*_DECOMPRESS_ERRORS, zipfile.BadZipFile, tarfile.TarError) as exc:
                raise InputError("corrupt archive member", str(exc) or type(exc).__name__) from exc

        fmt = "html" if kind == "html" else "text"
        yield Item(id=id_, format=fmt, load=load, source={"container": container})

    def zip(self, file: str | IO[bytes], id_: str, depth: int) -> Iterator[Item]:
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            yield _failed(id_, "corrupt archive", f"not a readable zip archive: {exc}")
            return
        with archive:
            for info in archive.infolist():
                if info.is_dir() or self.skipped_by_glob(info.filename, depth):
                    continue
                mid = f"{id_}::{info.filename}"
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    yield _failed(mid, "skipped", "symbolic link member", container="zip")
                elif stat.S_IFMT(mode) and not stat.S_ISREG(mode):
                    yield _failed(mid, "skipped", "device or special member", container="zip")
                elif info.flag_bits & 0x1:
                    yield _failed(mid, "skipped", "encrypted member", container="zip")
                elif info.file_size > self.max_bytes:
                    # The declared size; a lying header is caught while reading.
                    yield _failed(mid, "file too large",
                                  f"{info.file_size} bytes; the limit is {self.max_bytes}",
                                  container="zip")
                else:
                    yield from self.member(info.filename, mid,
                                           lambda info=info: archive.open(info), depth, "zip")

    def tar(self, path: str | None, fileobj: IO[bytes] | None, id_: str,
            depth: int) -> Iterator[Item]:
        try:
            # Stream mode: members are read in order, never all listed or seeked back to.
            archive = tarfile.open(name=path, fileobj=fileobj, mode="r|*")
        except (tarfile.TarError, *_DECOMPRESS_ERRORS) as exc:
            yield _failed(id_, "corrupt archive", f"not a readable tar archive: {exc}")
            return
        count = 0
        with archive:
            while True:
                try:
                    info = archive.next()
                except (tarfile.TarError, *_DECOMPRESS_ERRORS) as exc:
                    yield _failed(id_, "corrupt archive",
                                  f"archive unreadable after {count} members: {exc}")
                    return
                if info is None:
                    return
                # TarFile remembers every member it has seen; forget them to stay O(1).
                archive.members = []
                count += 1
                if info.isdir() or self.skipped_by_glob(info.name, depth):
                    continue
                mid = f"{id_}::{info.name}"
                if info.issym() or info.islnk():
                    yield _failed(mid, "skipped", "link member", container="tar")
                    continue
                if not info.isreg():
                    yield _failed(mid, "skipped", "device or special member", container="tar")
                    continue
                if info.size > self.max_bytes:
                    yield _failed(mid, "file too large",
                                  f"{info.size} bytes; the limit is {self.max_bytes}",
                                  container="tar")
                    continue

                def opener(info: tarfile.TarInfo = info) -> IO[bytes]:
                    fh = archive.extractfile(info)
                    if fh is None:
                        raise InputError("corrupt archive member", "no data")
                    return fh

                yield from self.member(info.name, mid, opener, depth, "tar")

    def compressed(self, raw: IO[bytes], name: str, id_: str, depth: int) -> Iterator[Item]:
        """A single compressed file (``.gz``, ``.bz2``, ``.xz``): one document, or JSON Lines."""
        suffix = "." + name.rsplit(".", 1)[-1].lower()
        inner = name[: -len(suffix)]
        opener = _COMPRESSED[suffix]
        kind = kind_of(inner)
        if kind == "jsonl":
            yield from self.jsonl(opener(fileobj=raw), id_)
            return
        if kind in ("zip", "tar", "compressed"):
            yield from self.member(inner, id_, lambda: opener(fileobj=raw), depth, suffix[1:])
            return
        try:
            data = _read_bounded(opener(fileobj=raw), self.max_bytes, "decompressed file")
        except InputError as exc:
            yield _failed(id_, exc.kind, str(exc), container=suffix[1:])
            return
        except _DECOMPRESS_ERRORS as exc:
            yield _failed(id_, "corrupt archive", f"cannot decompress: {exc}")
            return
        yield Item(id=id_, format="html" if kind == "html" else "text", load=lambda: data,
                   source={"container": suffix[1:]})

    def jsonl(self, fh: IO[bytes], id_: str) -> Iterator[Item]:
        """JSON Lines: one ``{"id": ..., "text": ...}`` object per line."""
        lineno = 0
        try:
            for lineno, line in _bounded_lines(fh, self.max_bytes):
                lid = f"{id_}::line{lineno}"
                source: dict[str, Any] = {"container": "jsonl", "line": lineno}
                if line is None:
                    yield _failed(lid, "file too large",
                                  f"line longer than the limit of {self.max_bytes} bytes",
                                  **source)
                    continue
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield _failed(lid, "invalid json", str(exc), **source)
                    continue
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    yield _failed(lid, "invalid json", 'expected {"id": ..., "text": "..."}',
                                  **source)
                    continue
                if obj.get("id") is not None:
                    lid = f"{id_}::{obj['id']}"
                fmt = "html" if str(obj.get("format", "")).lower() == "html" else "text"
                text = obj["text"]
                yield Item(id=lid, format=fmt, load=lambda text=text: text, source=source)
        except _DECOMPRESS_ERRORS as exc:
            yield _failed(id_, "corrupt archive", f"unreadable after line {lineno}: {exc}")


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError("unreadable", exc.strerror or str(exc)) from exc


def _bounded_lines(fh: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Lines of ``fh`` numbered from 1; a line over ``max_bytes`` comes back as ``None``."""
    lineno = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            # Skip the rest of the overlong line without holding it.
            while True:
                rest = fh.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def iter_documents(paths: Iterable[str], glob: Iterable[str] | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Items for ``paths`` in input order (folders sorted, archives in stored order).

    ``glob`` patterns (``*.txt``) filter documents found in folders and archives by name;
    archives are always opened. ``max_bytes`` bounds every document after decompression.
    """
    return _Walker(glob, max_bytes).paths(paths)
