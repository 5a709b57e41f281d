"""What a run reads: the document (``--doc``, ``$SMILGA_DOC`` or the bundled text) and its people
index, each loaded once, when a command first needs it. Commands and completion share it."""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

from smilga_cli.errors import SmilgaError

if TYPE_CHECKING:  # the core is imported when a command first needs it
    import typer

    from smilga_cli.document.model import Document
    from smilga_cli.index.people import PeopleIndex

DOC_ENV = "SMILGA_DOC"  # the environment's say in --doc


class Session:
    """The document of this run and its people index, read and parsed on first use.

    Reading a file that cannot be read or parsed raises the loader's own error (exit 2).
    """

    def __init__(self, doc: str | None) -> None:
        if doc is not None and not doc.strip():
            raise SmilgaError("--doc needs a file path")
        self.doc = doc

    @classmethod
    def of(cls, ctx: typer.Context) -> Session:
        """The run's session, made by the app's options; for shell completion, whose run never calls
        them, made here from the options parsed so far and the environment."""
        root = ctx.find_root()
        if not isinstance(root.obj, Session):
            root.obj = cls(root.params.get("doc") or os.environ.get(DOC_ENV) or None)
        session: Session = root.obj
        return session

    @cached_property
    def _loaded(self) -> tuple[Document, bytes]:
        from smilga_cli.document import loader, resources

        name, raw = resources.read_document(self.doc)
        try:
            return loader.parse(loader.decode(raw)), raw
        except loader.LoaderError as error:
            raise loader.LoaderError(f"{name}: {error}") from None

    @property
    def document(self) -> Document:
        """The parsed document."""
        return self._loaded[0]

    @cached_property
    def people(self) -> PeopleIndex:
        """The document's people index: the curated one beside it if there is one, else found automatically."""
        from smilga_cli.document import resources
        from smilga_cli.index import people

        if self.doc is None:
            return people.index_from(resources.bundled_people(), resources.PEOPLE)  # no TOML to parse
        curated = resources.people_index_text(self.doc, self._loaded[1])
        if curated is not None and curated[0] == resources.PEOPLE:  # a copy of the bundled text
            return people.index_from(resources.bundled_people(), resources.PEOPLE)
        if curated is None:
            from smilga_cli.index.discovery import discover

            return discover(self.document)
        return people.parse_index(curated[1], curated[0])
