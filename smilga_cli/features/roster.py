"""Everyone the people index names, for the ``people`` command: how often and where first each is
named, with their description; sorted by surname, by mentions or by first appearance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from smilga_cli.document.model import Document, Place, Result
from smilga_cli.errors import NothingFound
from smilga_cli.index.people import Mention, PeopleIndex, find_mentions, surname_key


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One line of the people list."""

    name: str
    mentions: int
    first: Place | None  # where the person is first named
    description: str


@dataclass(frozen=True, slots=True)
class PeopleList(Result):
    """Every person of the index with their mention count and first reference."""

    people: tuple[PersonRow, ...]
    index: str

    @property
    def empty(self) -> bool:
        """A document that names no one."""
        return not self.people

    def nothing_found(self) -> NothingFound:
        """Why the list is empty."""
        return NothingFound("no people found in this document")


def people_list(document: Document, index: PeopleIndex, sort: str = "name") -> PeopleList:
    """Every person of the index: mentions, first reference, description; sorted by surname,
    by mentions (most first) or by first appearance."""
    every = find_mentions(document, index)
    counts = Counter(id(mention.person) for mention in every)
    firsts: dict[int, Mention] = {}
    for mention in every:
        firsts.setdefault(id(mention.person), mention)
    rows = []
    for person in index.people:
        first = firsts.get(id(person))
        where = Place(first.passage.ref, first.passage.line_at(first.start)) if first else None
        rows.append(PersonRow(person.name, counts[id(person)], where, person.description))
    if sort == "mentions":
        rows.sort(key=lambda row: (-row.mentions, surname_key(row.name)))
    elif sort == "first":
        rows.sort(key=lambda row: (row.first is None, row.first.line if row.first else 0, surname_key(row.name)))
    else:
        rows.sort(key=lambda row: surname_key(row.name))
    return PeopleList(tuple(rows), index.kind)
