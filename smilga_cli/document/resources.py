"""Where the bundled document is and how a document file is read: the only module that knows paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from smilga_cli.document.loader import LoaderError
from smilga_cli.document.text import one_line

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


def bundled_document() -> Path | Traversable:
    """The bundled text."""
    return _bundled(DOCUMENT)


def people_index_text(path: str | os.PathLike[str] | None, document: bytes) -> tuple[str, str] | None:
    """Where the people index of a document is and its TOML text, or None if it has none.

    The bundled text has ``data/people.toml``; another document has the ``NAME.people.toml``
    beside it, or, being a copy of the bundled text, the bundled index.
    """
    if path is not None:
        beside = Path(path).with_suffix(".people.toml")
        if beside.is_file():
            try:
                return one_line(os.fspath(beside)), beside.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise LoaderError(f"{one_line(os.fspath(beside))}: cannot be read: {error}") from None
        if document != bundled_document().read_bytes():
            return None
    return PEOPLE, _bundled(PEOPLE).read_text(encoding="utf-8")


def read_document(path: str | os.PathLike[str] | None) -> tuple[str, bytes]:
    """The display name and bytes of a document file (the bundled one for None); LoaderError if unreadable."""
    target = bundled_document() if path is None else Path(path)
    name = "the bundled document" if path is None else one_line(os.fspath(path))
    try:
        return name, target.read_bytes()
    except FileNotFoundError:
        raise LoaderError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise LoaderError(f"{name}: is a directory, not a document file") from None
    except PermissionError:
        raise LoaderError(f"{name}: permission denied") from None
    except OSError as error:
        raise LoaderError(f"{name}: cannot be read: {one_line(error.strerror or str(error))}") from None
