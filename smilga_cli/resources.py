"""Where the bundled document is and how a document file is read: the only module that knows paths."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from smilga_cli.loader import LoaderError
from smilga_cli.text import one_line

DOCUMENT = "smilga.txt"
DOC_ENV = "SMILGA_DOC"


def bundled_document() -> Path:
    """The bundled text: inside the installed wheel, else ``data/`` of the checkout."""
    packaged = files("smilga_cli") / "data" / DOCUMENT  # a wheel: hatchling force-include
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / DOCUMENT  # a checkout or editable install


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
