"""What a run reads: its documents (``--doc``, given once or more, a file or a folder of ``*.txt``;
``$SMILGA_DOC``, paths separated by the platform's path separator; else the bundled text) and
each one's people index, each loaded once, when a command first needs it. Commands and
completion share it.

A collection of several documents answers every command across them; a file of a collection that
cannot be read is reported on stderr and skipped, and the run fails (exit 2) only when none can.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from smilga_cli.errors import SmilgaError

if TYPE_CHECKING:  # the core is imported when a command first needs it
    import typer

    from smilga_cli.document.model import Document
    from smilga_cli.index.people import PeopleIndex

DOC_ENV = "SMILGA_DOC"  # the environment's say in --doc
FOLDER_PEOPLE = "people.toml"  # a folder's people index, for each of its documents


class Loaded:
    """One document of the run: its path (None: the bundled text), the name its results carry
    (``doc`` in JSON: the file's name) and the label that prefixes its references in a collection
    (``radek:source 2``); parsed and indexed on first use."""

    def __init__(self, path: str | None, name: str, label: str) -> None:
        self.path = path
        self.name = name
        self.label = label

    @cached_property
    def _loaded(self) -> tuple[Document, bytes]:
        from smilga_cli.document import loader, resources

        shown_name, raw = resources.read_document(self.path)
        try:
            return loader.parse(loader.decode(raw)), raw
        except loader.LoaderError as error:
            raise loader.LoaderError(f"{shown_name}: {error}") from None

    @property
    def raw(self) -> bytes:
        """The file's bytes."""
        return self._loaded[1]

    @property
    def document(self) -> Document:
        """The parsed document."""
        return self._loaded[0]

    @cached_property
    def people(self) -> PeopleIndex:
        """The document's people index: its own ``NAME.people.toml`` and its folder's ``people.toml``
        (the first wins for a name both hold), else one found automatically."""
        from smilga_cli.document import resources
        from smilga_cli.index import people

        if self.path is None:
            return people.index_from(resources.bundled_people(), resources.PEOPLE)  # no TOML to parse
        curated = resources.people_index_text(self.path, self.raw)
        if curated is not None and curated[0] == resources.PEOPLE:  # a copy of the bundled text
            return people.index_from(resources.bundled_people(), resources.PEOPLE)
        folder = resources.folder_people_text(self.path, FOLDER_PEOPLE)
        found = [curated, folder] if curated is not None else [folder]
        indexes = [people.parse_index(text, origin) for origin, text in found if text is not None]
        if not indexes:
            from smilga_cli.index.discovery import discover

            return discover(self.document)
        return people.joined(indexes)


def _expanded(given: Sequence[str]) -> list[str]:
    """The document files named: a folder stands for its ``*.txt`` files, sorted by name."""
    paths: list[str] = []
    for path in given:
        try:
            folder = os.path.isdir(path)
        except (OSError, ValueError):
            folder = False
        if not folder:
            paths.append(path)
            continue
        try:
            names = sorted(entry.name for entry in os.scandir(path) if entry.name.endswith(".txt"))
        except OSError as error:
            from smilga_cli.document.text import one_line, shown_path

            raise SmilgaError(f"{shown_path(path)}: cannot list the folder: {one_line(error.strerror or '')}") from None
        if not names:
            from smilga_cli.document.text import shown_path

            raise SmilgaError(f"{shown_path(path)}: the folder holds no .txt document")
        paths += [os.path.join(path, name) for name in names]
    return list(dict.fromkeys(paths))


def _labels(paths: Sequence[str]) -> list[tuple[str, str]]:
    """Each file's name and reference label: its stem ("radek"), or, when two files share a stem,
    its name, or when they share that too, its path as given."""
    names = [os.path.basename(path) or path for path in paths]
    stems = [Path(name).stem or name for name in names]
    labelled = []
    for path, name, stem in zip(paths, names, stems, strict=True):
        if stems.count(stem) == 1:
            labelled.append((name, stem))
        elif names.count(name) == 1:
            labelled.append((name, name))
        else:
            labelled.append((path, path))
    return labelled


class Session:
    """The documents of this run and their people indexes, read and parsed on first use.

    One document given (or the bundled text): any error reading it is the run's (exit 2). Several:
    each that cannot be read is reported and skipped.
    """

    def __init__(self, docs: Sequence[str] | str | None) -> None:
        given = [docs] if isinstance(docs, str) else list(docs or ())
        for path in given:
            if not path.strip():
                raise SmilgaError("--doc needs a file path")
        self.given = given

    @classmethod
    def of(cls, ctx: typer.Context) -> Session:
        """The run's session, made by the app's options; for shell completion, whose run never calls
        them, made here from the options parsed so far and the environment."""
        root = ctx.find_root()
        if not isinstance(root.obj, Session):
            root.obj = cls(root.params.get("doc") or from_environment())
        session: Session = root.obj
        return session

    @cached_property
    def documents(self) -> list[Loaded]:
        """Every readable document of the run, in the order given (a folder's by name)."""
        if not self.given:
            from smilga_cli.document.resources import DOCUMENT

            return [Loaded(None, DOCUMENT, Path(DOCUMENT).stem)]
        paths = _expanded(self.given)
        loaded = [Loaded(path, name, label) for path, (name, label) in zip(paths, _labels(paths), strict=True)]
        if len(loaded) == 1:
            return loaded
        from smilga_cli.output.emit import warn

        readable = []
        for each in loaded:
            try:
                each.document  # noqa: B018 (read now, to report the unreadable before any result)
            except SmilgaError as error:
                warn(f"{error.message}; skipped")
                continue
            readable.append(each)
        if not readable:
            raise SmilgaError(f"none of the {len(loaded)} documents could be read")
        return readable

    @property
    def several(self) -> bool:
        """Whether the run reads a collection: references then carry their document's label."""
        return len(self.documents) > 1

    @property
    def first(self) -> Loaded:
        """The run's one document (the first, in a collection)."""
        return self.documents[0]

    @property
    def document(self) -> Document:
        """The parsed document (the first, in a collection)."""
        return self.first.document

    @property
    def people(self) -> PeopleIndex:
        """The people index of the document (the first, in a collection)."""
        return self.first.people

    def pick(self, reference: str | None, what: str) -> tuple[Loaded, str | None]:
        """The document a reference names by its label (``radek:2``, ``radek:bio 3``), and the
        reference without it; in a collection a reference without a label is refused, naming the
        labels."""
        if reference is not None and ":" in reference:
            label, rest = reference.split(":", 1)
            for each in self.documents:
                if label.strip().casefold() in (each.label.casefold(), each.name.casefold()):
                    return each, rest.strip()
        if not self.several:
            return self.first, reference
        labels = ", ".join(f"{each.label}:" for each in self.documents[:6])
        more = ", ..." if len(self.documents) > 6 else ""
        from smilga_cli.document.text import shown

        example = f"{self.documents[0].label}:{shown(reference or '', 20)}"
        raise SmilgaError(f"{what}: say which document ({labels}{more}), for example {example}")


def from_environment() -> list[str] | None:
    """``$SMILGA_DOC`` as a list of paths (the platform's path separator between them), or None."""
    value = os.environ.get(DOC_ENV)
    if not value:
        return None
    return [path for path in value.split(os.pathsep) if path] or None
