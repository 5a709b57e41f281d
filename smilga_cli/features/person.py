"""One person, for the ``person`` command: who they are, the forms the text uses, every mention in
context, where the mentions fall, who else is named with them; or, for a name that fits several
people, the candidates. Finding mentions and resolving names is ``people.py``'s job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smilga_cli.document.model import Document
from smilga_cli.document.text import snippet
from smilga_cli.index.people import Found, PeopleIndex, Person, find_mentions


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention, as shown: reference, line of the mention itself, the form, and context."""

    ref: str
    line: int
    section: str
    form: str
    snippet: str
    highlight: tuple[int, int]


@dataclass(frozen=True, slots=True)
class PersonCard:
    """Who a person is, and the forms the text uses for them with how often each appears."""

    name: str
    description: str
    forms: dict[str, int]


@dataclass(frozen=True, slots=True)
class CoMention:
    """Another person named in the same passages, and in how many."""

    name: str
    passages: int


@dataclass(frozen=True, slots=True)
class PersonReport:
    """Everything about one person: card, where the mentions fall, every mention, company kept."""

    person: PersonCard
    mentions: tuple[Mention, ...]
    co_mentions: tuple[CoMention, ...]
    strip: str
    index: str  # "curated" or "automatic"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One of several people a name may mean, with the exact name to type."""

    name: str
    mentions: int
    description: str


@dataclass(frozen=True, slots=True)
class Candidates:
    """A name that fits several people."""

    query: str
    candidates: tuple[Candidate, ...]
    index: str
    suggestions: tuple[str, ...] = ()  # nearest names, when no one fits


def _strip(document: Document, refs: set[str]) -> str:
    """Where the mentions fall: a mark (█ named, · not) per biography paragraph, caption, source
    heading and source paragraph."""

    def marks(items: Iterable[str]) -> str:
        return "".join("█" if ref in refs else "·" for ref in items)

    parts = [f"bio {marks(p.ref for p in document.paragraphs)}"]
    if document.captions:
        parts.append(f"caption {marks(c.ref for c in document.captions)}")
    for source in document.sources:  # "4:·|··█·█··": the heading, then each paragraph
        parts.append(f"{source.number}:{marks([source.ref])}|{marks(p.ref for p in source.paragraphs)}")
    return "  ".join(parts)


def _mention(found: Found, context: int) -> Mention:
    text, highlight = snippet(found.passage.text, found.start, found.end, context)
    return Mention(
        ref=found.passage.ref,
        line=found.passage.line_at(found.start),
        section=found.passage.section,
        form=found.form,
        snippet=text,
        highlight=highlight,
    )


def report(
    document: Document, index: PeopleIndex, person: Person, *, context: int = 8, company: int = 8
) -> PersonReport:
    """Everything the document says of ``person``: forms, mentions in order, who else is named with them."""
    every = find_mentions(document, index)
    passages: dict[int, set[int]] = {}  # person → the passages (by first line) naming them
    for found in every:
        passages.setdefault(id(found.person), set()).add(found.passage.line)
    own = [found for found in every if found.person is person]
    where = passages.get(id(person), set())
    order = {id(p): i for i, p in enumerate(index.people)}
    company_kept = sorted(
        ((other, len(passages.get(id(other), set()) & where)) for other in index.people if other is not person),
        key=lambda item: (-item[1], order[id(item[0])]),
    )
    return PersonReport(
        person=PersonCard(person.name, person.description, dict(Counter(found.form for found in own).most_common())),
        mentions=tuple(_mention(found, context) for found in own),
        co_mentions=tuple(CoMention(other.name, count) for other, count in company_kept[:company] if count),
        strip=_strip(document, {found.passage.ref for found in own}),
        index=index.kind,
    )


def candidates(document: Document, index: PeopleIndex, query: str, people: Sequence[Person]) -> Candidates:
    """The people a name may mean, with their mention counts."""
    counts = Counter(id(found.person) for found in find_mentions(document, index))
    return Candidates(
        query=query,
        candidates=tuple(Candidate(p.name, counts[id(p)], p.description) for p in people),
        index=index.kind,
    )
