"""Where the bundled document is and how a document file is read: the only module that knows paths."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from smilga_cli.document.loader import LoaderError, stream_lines, utf8
from smilga_cli.document.text import one_line, shown, shown_path

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DOCUMENT = "smilga.txt"
PEOPLE = "people.toml"


def _bundled(name: str) -> Path | Traversable:
    """A bundled data file: inside the installed wheel, else ``data/`` of the checkout.

    For a package on the file system, ``importlib.resources.files`` is the package's folder, so
    the file is looked up there directly: importing importlib.resources costs every run some 3 ms
    of start-up. It is the way in only for a package that is not on the file system (a zip).
    """
    package = Path(__file__).parent.parent  # smilga_cli/, above document/
    for candidate in (
        package / "data" / name,  # a wheel: hatchling force-include
        package.resolve().parent / "data" / name,  # a checkout or editable install
    ):
        if candidate.is_file():
            return candidate
    from importlib.resources import files

    return files("smilga_cli") / "data" / name


def bundled_people() -> dict[str, object]:
    """The bundled people index: ``bundled_people.py``, a copy of ``data/people.toml`` as Python data
    (which a test keeps equal); it loads with its bytecode, where the TOML takes some 7 ms to parse."""
    from smilga_cli.document.bundled_people import PEOPLE

    return PEOPLE


def lexicon(name: str) -> frozenset[str]:
    """A bundled word list (``data/places.txt``, ``data/common-words.txt``): one entry a line."""
    return frozenset(_bundled(name).read_text(encoding="utf-8").split("\n")) - {""}


def bundled_document() -> Path | Traversable:
    """The bundled text."""
    return _bundled(DOCUMENT)


def people_index_text(path: str | os.PathLike[str] | None, document: Callable[[], bytes]) -> tuple[str, str] | None:
    """Where the people index of a document is and its TOML text, or None if it has none.

    The bundled text has ``data/people.toml``; another document has the ``NAME.people.toml``
    beside it, or, being a copy of the bundled text, the bundled index (the document's bytes,
    ``document()``, are compared only when its size is the bundled text's).
    """
    if path is not None:
        beside = Path(path).with_suffix(".people.toml")
        try:
            exists = beside.is_file()
        except OSError:  # a name too long for the file system: no sidecar can be there
            exists = False
        if exists:
            name = shown_path(os.fspath(beside))
            return name, utf8(_read(beside, name), name)
        bundled = bundled_document().read_bytes()
        try:
            same_size = os.stat(path).st_size == len(bundled)
        except (OSError, ValueError):
            same_size = True  # let the reading tell
        if not same_size or document() != bundled:
            return None
    return PEOPLE, _bundled(PEOPLE).read_text(encoding="utf-8")


def folder_people_text(path: str | os.PathLike[str], name: str) -> tuple[str, str | None]:
    """Where the people index of a document's folder would be (``people.toml`` beside it) and its
    TOML text, or None for the text when there is none."""
    beside = Path(path).parent / name
    try:
        exists = beside.is_file()
    except OSError:
        exists = False
    shown_name = shown_path(os.fspath(beside))
    return shown_name, utf8(_read(beside, shown_name), shown_name) if exists else None


_CHUNK = 1 << 20  # bytes read at a time when a document is decoded as it is read
MAX_SIZE_ENV = "SMILGA_MAX_SIZE"
DEFAULT_MAX_SIZE = "512M"
_SIZE = re.compile(r"([0-9]{1,15})\s*([KMG]?)i?B?", re.IGNORECASE | re.ASCII)


def max_size() -> int:
    """The largest file smilga reads, in bytes: ``$SMILGA_MAX_SIZE`` (``800M``, ``2G``, bytes), else 512 MiB."""
    written = os.environ.get(MAX_SIZE_ENV, "").strip() or DEFAULT_MAX_SIZE
    size = _SIZE.fullmatch(written)
    if size is None:
        raise LoaderError(f"${MAX_SIZE_ENV} must be a size such as 800M or 2G, not '{shown(written)}'")
    power: int = " KMG".index(size.group(2).upper() or " ")
    return int(size.group(1)) << (10 * power)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB" if size >= 2**20 else f"{size:,} bytes"


def _opened(path: str | os.PathLike[str], name: str) -> tuple[BinaryIO, int]:
    """A regular file of at most ``max_size()`` bytes, open, and how many bytes to read of it at
    most (one beyond the limit: a file that grows while it is read is still bounded); LoaderError
    for anything else.

    The file is opened without blocking (a FIFO with no writer would hang a plain open), then
    checked on the open descriptor: a directory, a FIFO, a device (``/dev/zero``) or a socket is
    refused before a byte is read, and so is a file above the size limit.
    """
    limit = max_size()
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise LoaderError(f"{name}: no such file") from None
    except PermissionError:
        raise LoaderError(f"{name}: permission denied") from None
    except OSError as error:
        raise LoaderError(f"{name}: cannot be read: {one_line(error.strerror or str(error))}") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise LoaderError(f"{name}: is a directory, not a document file")
        raise LoaderError(f"{name}: is not a regular file (a FIFO, device or socket): give a document file")
    opened = os.fdopen(descriptor, "rb")
    if status.st_size > limit:
        opened.close()
        raise LoaderError(
            f"{name}: {_megabytes(status.st_size)}, above the limit of {_megabytes(limit)} (${MAX_SIZE_ENV} raises it)"
        )
    return opened, min(status.st_size, limit) + 1


class _Unreadable(LoaderError):
    """The file itself cannot be read, or grew beyond the limit: its message names it."""


def _chunks(opened: BinaryIO, most: int, name: str) -> Generator[bytes, None, None]:
    """The bytes of an open file a chunk at a time, ``most`` at most (the limit and one more: one
    beyond the limit is an error, as is a read that fails)."""
    limit, total = max_size(), 0
    with opened:
        while total < most:
            try:
                chunk = opened.read(min(_CHUNK, most - total))
            except OSError as error:
                raise _Unreadable(f"{name}: cannot be read: {one_line(error.strerror or str(error))}") from None
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                raise _Unreadable(f"{name}: above the limit of {_megabytes(limit)} (${MAX_SIZE_ENV} raises it)")
            yield chunk


def _read(path: str | os.PathLike[str], name: str) -> bytes:
    """The bytes of a regular file of at most ``max_size()`` bytes; LoaderError for anything else."""
    opened, most = _opened(path, name)
    with opened:
        try:
            raw = opened.read(most)
        except OSError as error:
            raise LoaderError(f"{name}: cannot be read: {one_line(error.strerror or str(error))}") from None
    if len(raw) > max_size():
        raise LoaderError(f"{name}: above the limit of {_megabytes(max_size())} (${MAX_SIZE_ENV} raises it)")
    return raw


def document_lines(path: str | os.PathLike[str]) -> list[str]:
    """The lines of a document file (``loader.read_lines``), read a chunk at a time and decoded as
    they come, so that the file's bytes are never held whole beside its lines; LoaderError, its
    message beginning with the file's name, if it cannot be read or is not text."""
    name = shown_path(os.fspath(path))
    opened, most = _opened(path, name)
    chunks = _chunks(opened, most, name)
    try:
        return stream_lines(chunks)
    except _Unreadable:
        raise
    except LoaderError as error:
        raise LoaderError(f"{name}: {error}") from None
    finally:
        chunks.close()
        opened.close()


def read_document(path: str | os.PathLike[str] | None) -> tuple[str, bytes]:
    """The display name and bytes of a document file (the bundled one for None); LoaderError if it is
    not a readable regular file within the size limit."""
    if path is None:
        return "the bundled document", bundled_document().read_bytes()
    name = shown_path(os.fspath(path))
    return name, _read(path, name)
