"""What the index cache holds, for ``smilga cache info``, and what ``cache clear`` and ``index`` did."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import Result

if TYPE_CHECKING:
    from smilga_cli.index.store import Store


class CachedEntry(NamedTuple):
    """One document's index in the cache."""

    document: str | None  # the document's path; None when the entry cannot be read
    state: str  # current, changed, missing, outdated or damaged
    size: int  # bytes
    built: str | None  # when, ISO 8601 UTC
    file: str  # the index file
    kind: str = "index"  # "index" (search) or "people" (the people found automatically)


class _CacheReportFields(NamedTuple):
    """The fields of ``CacheReport``."""

    folder: str
    entries: tuple[CachedEntry, ...]
    size: int
    leftovers: int  # writes left by runs that were killed
    removed: int | None = None  # cache clear: the entries removed


class CacheReport(_CacheReportFields, Result):
    """The cache folder, its entries and their total size; for ``clear``, how many were removed."""

    __slots__ = ()
    shown_when_empty = True

    @property
    def empty(self) -> bool:
        """An empty cache is an answer, not a failure."""
        return False


def report(store: Store, removed: int | None = None) -> CacheReport:
    """The cache's state, as ``store.info()`` gives it."""
    import datetime

    summary = store.info()
    entries = tuple(
        CachedEntry(
            entry.document,
            entry.state,
            entry.size,
            datetime.datetime.fromtimestamp(entry.built, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if entry.built is not None
            else None,
            str(entry.file),
            entry.kind,
        )
        for entry in summary.entries
    )
    return CacheReport(str(summary.folder), entries, summary.size, summary.leftovers, removed)


class _IndexedFields(NamedTuple):
    """The fields of ``Indexed``."""

    documents: tuple[IndexedDocument, ...]
    folder: str


class Indexed(_IndexedFields, Result):
    """What ``smilga index`` built: each document and whether its index was written."""

    __slots__ = ()
    shown_when_empty = True


class IndexedDocument(NamedTuple):
    """One document given to ``smilga index``."""

    doc: str
    path: str
    written: bool
    reason: str | None  # why not, when not
