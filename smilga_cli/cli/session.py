"""What a run reads: its documents (``--doc``, given once or more, a file or a folder of ``*.txt``;
``$SMILGA_DOC``, paths separated by the platform's path separator; else the bundled text) and
each one's people index, each loaded once, when a command first needs it. Commands and
completion share it.

A collection of several documents answers every command across them; a file of a collection that
cannot be read is reported on stderr and skipped, and the run fails (exit 2) only when none can.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal, TypeVar

from smilga_cli.errors import SmilgaError

if TYPE_CHECKING:  # the core is imported when a command first needs it
    import typer

    from smilga_cli.document.model import Document, Passage
    from smilga_cli.index.people import PeopleIndex
    from smilga_cli.index.search import Index
    from smilga_cli.index.store import Entry, Store

T = TypeVar("T")
DOC_ENV = "SMILGA_DOC"  # the environment's say in --doc
FOLDER_PEOPLE = "people.toml"  # a folder's people index, for each of its documents
CURATED = "curated"  # the blob of an index entry holding the document's people indexes, parsed


class Loaded:
    """One document of the run: its path (None: the bundled text), the name its results carry
    (``doc`` in JSON: the file's name) and the label that prefixes its references in a collection
    (``radek:source 2``); read, parsed and indexed on first use.

    With the index cache, the search index and the people found automatically come from the cache
    when it is current for the file and its people indexes (``sidecars``), without reading the
    document; otherwise they are built and stored for the next run.
    """

    def __init__(
        self,
        path: str | None,
        name: str,
        label: str,
        store: Callable[[], Store | None] | None = None,
        unstored: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.name = name
        self.label = label
        self._store = store  # the run's index cache, opened when first needed
        self._unstored = unstored  # told why an index could not be stored

    @cached_property
    def raw(self) -> bytes:
        """The file's bytes (LoaderError if it cannot be read)."""
        from smilga_cli.document import resources

        return resources.read_document(self.path)[1]

    @cached_property
    def document(self) -> Document:
        """The parsed document (LoaderError if it cannot be read or has not the shape of one). The
        file's bytes are kept only if something else asked for them (the index being built): a
        command that reads the document alone does not hold them too."""
        from smilga_cli.document import loader, resources
        from smilga_cli.document.text import shown_path

        name = shown_path(self.path) if self.path is not None else "the bundled document"
        if self.path is not None and "raw" not in self.__dict__:
            lines = resources.document_lines(self.path)  # decoded as read: the bytes are never all held
        else:  # the bytes read already, for the index, or the bundled text
            raw = self.__dict__.get("raw") or resources.read_document(self.path)[1]
            try:
                lines = loader.read_lines(raw)
            except loader.LoaderError as error:
                raise loader.LoaderError(f"{name}: {error}") from None
            del raw
        try:
            return loader.parse_lines(lines)
        except loader.LoaderError as error:
            raise loader.LoaderError(f"{name}: {error}") from None

    @property
    def sidecars(self) -> list[Path]:
        """The files beside the document whose change changes what is cached of it: its people indexes."""
        assert self.path is not None
        return [Path(self.path).with_suffix(".people.toml"), Path(self.path).parent / FOLDER_PEOPLE]

    @cached_property
    def store(self) -> Store | None:
        """The index cache, or None: for the bundled text (which needs none) and with --no-cache."""
        return None if self.path is None or self._store is None else self._store()

    def _entry(self, kind: str) -> Entry | None:
        """The cached entry of this kind, if it is there and current."""
        if self.store is None or self.path is None:
            return None
        return self.store.open(Path(self.path), self.sidecars, kind=kind)

    def _write(self, kind: str, blobs: dict[str, bytes], postings: Iterable[tuple[str, bytes]] = ()) -> str | None:
        """Store an entry of this kind; why not, if it could not be written (the run goes on)."""
        if self.store is None or self.path is None:
            return "no cache"
        reason = self.store.write(
            Path(self.path), self.sidecars, self.raw, blobs, postings, kind=kind, sidecar_state=self._sidecar_state
        )
        self.__dict__.pop("raw", None)  # stored: the bytes are not needed again
        if reason is not None and self._unstored is not None:
            self._unstored(reason)
        return reason

    @cached_property
    def usable(self) -> bool:
        """Readable: a current index in the cache says so without reading the document."""
        if self._cached_index is None:
            self.document  # noqa: B018 (raises the reason it cannot be read)
        return True

    @cached_property
    def _index_entry(self) -> Entry | None:
        return self._entry("index")

    @cached_property
    def _cached_index(self) -> Index | None:
        entry = self._index_entry
        if entry is None:
            return None
        from smilga_cli.index.search import Index
        from smilga_cli.index.store import StoreError

        assert self.path is not None
        try:
            return Index.load(entry.blob, entry.postings, _Spans(self.path).read)
        except (KeyError, ValueError, StoreError):  # an entry of another shape: built again
            return None

    @cached_property
    def index(self) -> Index:
        """The search index: from the cache when it is current, else built (and stored)."""
        if self._cached_index is not None:
            return self._cached_index
        return self.index_built()[0]

    def searched(self, run: Callable[[Index], T]) -> T:
        """``run`` on the search index. An index from the cache that fails on the way (a value of
        the right seal and the wrong shape: a cache folder is not to be trusted) is built again
        from the document, and ``run`` runs on that: a damaged cache is never the user's error."""
        index = self.index
        if index is not self._cached_index:
            return run(index)
        from smilga_cli.document.loader import LoaderError
        from smilga_cli.index.store import StoreError

        try:
            return run(index)
        except (StoreError, LoaderError):
            pass  # damaged, or spans beyond the file: build it again
        except SmilgaError:
            raise  # the query's own error
        except (ValueError, IndexError, KeyError, OverflowError, MemoryError):
            pass
        self.__dict__["index"] = index = self.index_built()[0]
        return run(index)

    def passages(
        self, run: Callable[[Callable[[], Iterator[Passage]]], T], indexed: Callable[[Index], T] | None = None
    ) -> T:
        """``run`` given the document's passages: a function that reads them, in order, each time it
        is called. With a current index in the cache they are read from the file through its passage
        table, one at a time: the document is neither parsed nor held whole (``person`` on 21 MB: 38
        MiB instead of 86). Else, or if the cached table fails on the way (a cache folder is not to
        be trusted), the parsed document's. ``indexed``, if given, is run instead on the cached
        index itself, to read only the passages its postings point to (the same fallback). A file
        written over in place while it was read (its size or time changed) is read again whole."""
        index = self._cached_index
        if index is None:
            return run(self.document.passages)
        from smilga_cli.document.loader import LoaderError
        from smilga_cli.index.store import StoreError

        table = index.table
        assert self.path is not None
        before = _status(self.path)
        try:
            answer = indexed(index) if indexed is not None else run(lambda: map(table.passage, range(len(table))))
            if _status(self.path) == before:
                return answer
            # changed while it was read (written over in place): read again whole, as it is now
        except (StoreError, LoaderError):
            pass  # damaged, or spans beyond the file
        except SmilgaError:
            raise
        except (ValueError, IndexError, KeyError, OverflowError, MemoryError):
            pass
        return run(self.document.passages)

    def index_built(self) -> tuple[Index, str | None]:
        """The search index built from the document and stored in the cache; why not stored, if not."""
        from smilga_cli.index.search import Index

        raw = self.raw  # read once, for the index and the document alike
        index = Index.build(self.document, raw)
        if self.store is None:
            return index, "no cache"
        blobs, postings = index.dump()
        try:
            curated = self._curated()
        except SmilgaError:  # a people index that cannot be read is said when a command needs it
            curated = None
        if curated is not None:  # the people indexes beside it, parsed, so that a warm run reads no TOML
            from smilga_cli.index import people

            blobs[CURATED] = people.to_json(curated)
        reason = self._write("index", blobs, postings)
        return index, reason

    def index_ahead(self) -> str | None:
        """Build and store the search index, and the people found when the document has no people
        index of its own; why not, if it could not be stored."""
        reason = None if self._cached_index is not None else self.index_built()[1]
        if reason is None:
            self.people  # noqa: B018 (stored when found automatically)
        return reason

    @cached_property
    def people(self) -> PeopleIndex:
        """The document's people index: its own ``NAME.people.toml`` and its folder's ``people.toml``
        (the first wins for a name both hold), else one found automatically (and cached)."""
        from smilga_cli.document import resources
        from smilga_cli.index import people

        if self.path is None:
            return people.index_from(resources.bundled_people(), resources.PEOPLE)  # no TOML to parse
        entry = self._index_entry
        if entry is not None:  # stored with the search index, as parsed when it was built
            try:
                return people.from_json(entry.blob(CURATED))
            except (KeyError, ValueError, SmilgaError):  # none stored, or of another shape: read again
                pass
        curated = self._curated()
        if curated is not None:
            return curated
        entry = self._entry("people")
        if entry is not None:
            try:
                return people.from_json(entry.blob("people"))
            except (KeyError, ValueError, SmilgaError):  # of another shape: found again
                pass
        from smilga_cli.index.discovery import discover

        automatic = discover(self.document)
        self._write("people", {"people": people.to_json(automatic)})
        return automatic

    @cached_property
    def _sidecar_state(self) -> list[tuple[str, os.stat_result] | None] | None:
        """The people indexes' hashes and stats, taken once, before they are first read: an entry
        records them, so one edited while the entry was built is found changed next time."""
        return None if self.store is None else self.store.sidecar_state(self.sidecars)

    def _curated(self) -> PeopleIndex | None:
        """The document's own and its folder's people indexes, joined; None when it has neither."""
        from smilga_cli.document import resources
        from smilga_cli.index import people

        assert self.path is not None
        self._sidecar_state  # noqa: B018 (taken before the files are read)
        curated = resources.people_index_text(self.path, lambda: self.raw)
        if curated is not None and curated[0] == resources.PEOPLE:  # a copy of the bundled text
            return people.index_from(resources.bundled_people(), resources.PEOPLE)
        folder = resources.folder_people_text(self.path, FOLDER_PEOPLE)
        found = [curated, folder] if curated is not None else [folder]
        indexes = [people.parse_index(text, origin) for origin, text in found if text is not None]
        return people.joined(indexes) if indexes else None


class _Spans:
    """A document file's bytes read by offsets, for an index loaded from the cache: a query reads
    only the passages that may match it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._file: BinaryIO | None = None

    def read(self, start: int, end: int) -> bytes:
        """The bytes from ``start`` to ``end``; LoaderError if the file cannot be read."""
        from smilga_cli.document.loader import LoaderError
        from smilga_cli.document.text import shown_path

        try:
            if self._file is None:
                self._file = open(self.path, "rb")
            self._file.seek(start)
            return self._file.read(end - start)
        except OSError as error:
            raise LoaderError(f"{shown_path(self.path)}: cannot be read: {error.strerror or error}") from None


def _status(path: str) -> tuple[int, ...] | None:
    """What tells a file has changed: its device, inode, size and modification time."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


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
    unique: dict[object, str] = {}  # one file however it is named (./a/x.txt, a link to it, a hard link)
    for path in paths:
        try:
            status = os.stat(path)
            key: object = (status.st_dev, status.st_ino)
        except (OSError, ValueError):
            key = path  # not there: it is reported when it is read
        unique.setdefault(key, path)
    return list(unique.values())


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

    def __init__(self, docs: Sequence[str] | str | None, cache: str | Literal[False] | None = None) -> None:
        given = [docs] if isinstance(docs, str) else list(docs or ())
        for path in given:
            if not path.strip():
                raise SmilgaError("--doc needs a file path")
        for path in [*given, *([cache] if isinstance(cache, str) else [])]:
            if "\x00" in path:  # no file system names one: os refuses it with a ValueError
                from smilga_cli.document.text import shown_path

                raise SmilgaError(f"'{shown_path(path)}' is no path: it holds a NUL character")
        self.given = given
        self.cache = cache  # --cache DIR; False: --no-cache; None: $SMILGA_CACHE or the user's cache folder
        self._named = 1  # the document files named, readable or not
        self._said_unstored = False

    @cached_property
    def store(self) -> Store | None:
        """The index cache of this run, or None with --no-cache."""
        if self.cache is False:
            return None
        from smilga_cli.index.store import Store, cache_folder

        return Store(cache_folder(self.cache))

    @classmethod
    def of(cls, ctx: typer.Context) -> Session:
        """The run's session, made by the app's options; for shell completion, whose run never calls
        them, made here from the options parsed so far and the environment."""
        root = ctx.find_root()
        if not isinstance(root.obj, Session):
            cache: str | Literal[False] | None = False if root.params.get("no_cache") else root.params.get("cache")
            root.obj = cls(root.params.get("doc") or from_environment(), cache)
        session: Session = root.obj
        return session

    def unstored_in_result(self) -> None:
        """Why an index could not be stored is part of the result (``smilga index``): not said on stderr too."""
        self._said_unstored = True

    def _unstored(self, reason: str) -> None:
        """Say once a run why the index cache could not be written: the run goes on without it."""
        if not self._said_unstored:
            self._said_unstored = True
            from smilga_cli.output.emit import warn

            warn(f"{reason} (--no-cache skips it)")

    @cached_property
    def documents(self) -> list[Loaded]:
        """Every readable document of the run, in the order given (a folder's by name)."""
        if not self.given:
            from smilga_cli.document.resources import DOCUMENT

            return [Loaded(None, DOCUMENT, Path(DOCUMENT).stem)]
        paths = _expanded(self.given)
        loaded = [
            Loaded(path, name, label, lambda: self.store, self._unstored)
            for path, (name, label) in zip(paths, _labels(paths), strict=True)
        ]
        self._named = len(loaded)
        if len(loaded) == 1:
            return loaded
        from smilga_cli.document.text import shown
        from smilga_cli.output.emit import warn

        readable, reasons = [], []
        for each in loaded:
            try:
                each.usable  # noqa: B018 (checked now, to report the unreadable before any result)
            except SmilgaError as error:
                reasons.append(error.message)
                continue
            readable.append(each)
        if not readable:  # one line, as every error: the first reason
            more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
            raise SmilgaError(f"none of the {len(loaded)} documents could be read: {shown(reasons[0], 40)}{more}")
        for reason in reasons:
            warn(f"{reason}; skipped")
        return readable

    @property
    def several(self) -> bool:
        """Whether the run reads a collection (counting the files that could not be read):
        references then carry their document's label."""
        return len(self.documents) > 1 or self._named > 1

    def parts(self) -> tuple[list[Loaded], bool]:
        """The documents, and whether they make a collection: what ``collection.parts`` takes."""
        return self.documents, self.several

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
        from smilga_cli.document.text import shown

        if reference is not None and ":" in reference:
            typed = reference.lstrip().casefold()
            prefixes = sorted(((p, each) for each in self.documents for p in (each.label, each.name)),
                              key=lambda found: -len(found[0]))  # fmt: skip
            for prefix, each in prefixes:  # the longest first: a label may hold a colon ("a:b")
                if typed.startswith(prefix.casefold() + ":"):
                    return each, reference.lstrip()[len(prefix) + 1 :].strip()
        labels = ", ".join(f"{each.label}:" for each in self.documents[:6])
        more = ", ..." if len(self.documents) > 6 else ""
        if not self.several:
            return self.first, reference  # "My Life: An Attempt" is a title, "4:3" a paragraph
        head = reference.split(":", 1)[0].strip() if reference is not None and ":" in reference else ""
        if head and not re.fullmatch(r"[0-9\s]*|(?:source|bio|caption|title)\b.*", head, re.IGNORECASE | re.ASCII):
            raise SmilgaError(f"{what}: no document '{shown(head, 30)}': the documents are {labels}{more}")
        example = f"{self.documents[0].label}:{shown(reference or '', 20)}"
        raise SmilgaError(f"{what}: say which document ({labels}{more}), for example {example}")


def from_environment() -> list[str] | None:
    """``$SMILGA_DOC`` as a list of paths (the platform's path separator between them), or None."""
    value = os.environ.get(DOC_ENV)
    if not value:
        return None
    return [path for path in value.split(os.pathsep) if path] or None
