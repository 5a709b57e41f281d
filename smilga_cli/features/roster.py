"""Everyone the people index names, for the ``people`` command: how often and where first each is
named, with their description; sorted by surname, by mentions or by first appearance."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from smilga_cli.document.model import Document, Place, Result
from smilga_cli.errors import NothingFound
from smilga_cli.index.people import Mention, PeopleIndex, mentions_in, surname_key


class PersonRow(NamedTuple):
    """One line of the people list."""

    name: str
    mentions: int
    first: Place | None  # where the person is first named
    description: str
    docs: tuple[str, ...] = ()  # the documents that name them


class _PeopleListFields(NamedTuple):
    """The fields of ``PeopleList``."""

    people: tuple[PersonRow, ...]
    index: str  # type: ignore[assignment]  # (hides tuple.index)
    within: str | None = None  # the reference the list is limited to ("bio 8"), if any


class PeopleList(_PeopleListFields, Result):
    """Every person of the index (or named in one part of the text) with mention count and first reference."""

    __slots__ = ()

    @property
    def empty(self) -> bool:
        """No one named (in that part of the text)."""
        return not self.people

    def nothing_found(self) -> NothingFound:
        """Why the list is empty."""
        return NothingFound(f"no one is named in {self.within}" if self.within else "no people found in this document")


def people_list(
    document: Document, index: PeopleIndex, sort: str = "name", within: tuple[str, set[int]] | None = None
) -> PeopleList:
    """Every person of the index: mentions, first reference, description; sorted by surname, by
    mentions (most first) or by first appearance (in document order, within a passage too). With
    ``within`` (a reference and the lines of its passages), only those named there, counted there."""
    counts: Counter[int] = Counter()
    firsts: dict[int, Mention] = {}
    for mention in mentions_in(document, index):  # counted as they come: none held
        if within is None or mention.passage.line in within[1]:
            counts[id(mention.person)] += 1
            firsts.setdefault(id(mention.person), mention)
    rows: list[tuple[tuple[int, int], PersonRow]] = []
    for person in index.people:
        first = firsts.get(id(person))
        if within is not None and first is None:
            continue
        where = Place(first.passage.ref, first.passage.line_at(first.start)) if first else None
        at = (first.passage.line, first.start) if first else (0, 0)
        rows.append((at, PersonRow(person.name, counts[id(person)], where, person.description)))
    if sort == "mentions":
        rows.sort(key=lambda row: (-row[1].mentions, surname_key(row[1].name)))
    elif sort == "first":
        rows.sort(key=lambda row: (row[1].first is None, row[0], surname_key(row[1].name)))
    else:
        rows.sort(key=lambda row: surname_key(row[1].name))
    return PeopleList(tuple(row for _, row in rows), index.kind, within[0] if within else None)
