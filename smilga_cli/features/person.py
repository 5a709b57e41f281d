"""One person, for the ``person`` command: who they are, the forms the text uses, every mention in
context, where the mentions fall, who else is named with them; or, for a name that fits several
people, the candidates. Finding mentions and resolving names is ``people.py``'s job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import Document, Result
from smilga_cli.document.text import shown, snippet
from smilga_cli.errors import NothingFound, SmilgaError
from smilga_cli.index.people import Mention, NoSuchPerson, PeopleIndex, Person, mentions_in, resolve

if TYPE_CHECKING:
    from smilga_cli.cli.session import Loaded
    from smilga_cli.features import collection

COMPANY = 10  # people named with a person that text output shows; JSON holds them all


class MentionSnippet(NamedTuple):
    """One mention, as shown: reference, line of the mention itself, the form, and context."""

    ref: str
    line: int
    section: str
    form: str
    snippet: str
    highlight: tuple[int, int]
    doc: str = ""  # the document's file name


class PersonCard(NamedTuple):
    """Who a person is, and the forms the text uses for them with how often each appears."""

    name: str
    description: str
    forms: dict[str, int]


class CoMention(NamedTuple):
    """Another person named in the same passages, and in how many."""

    name: str
    passages: int


class _PersonReportFields(NamedTuple):
    """The fields of ``PersonReport``."""

    person: PersonCard
    mentions: tuple[MentionSnippet, ...]
    co_mentions: tuple[CoMention, ...]  # everyone named in the same passages, most often first
    strip: str
    index: str  # type: ignore[assignment]  # (hides tuple.index) "curated" or "automatic"; "mixed" across documents whose indexes differ
    company_shown: int | None = COMPANY  # co-mentions the text shows; None: all


class PersonReport(_PersonReportFields, Result):
    """Everything about one person: card, where the mentions fall, every mention, company kept."""

    __slots__ = ()
    json_hidden = frozenset({"company_shown"})


class Candidate(NamedTuple):
    """One of several people a name may mean, with the exact name to type."""

    name: str
    mentions: int
    description: str


class _CandidatesFields(NamedTuple):
    """The fields of ``Candidates``."""

    query: str
    candidates: tuple[Candidate, ...]
    index: str  # type: ignore[assignment]  # (hides tuple.index)
    suggestions: tuple[str, ...] = ()  # nearest names, when no one fits


class Candidates(_CandidatesFields, Result):
    """A name that fits several people, or none (then with the nearest names as suggestions)."""

    __slots__ = ()

    @property
    def empty(self) -> bool:
        """No one fits the name."""
        return not self.candidates

    def nothing_found(self) -> NothingFound:
        """No person matches, with the nearest names."""
        return NoSuchPerson(self.query, self.suggestions)


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


def _shown(mention: Mention, context: int) -> MentionSnippet:
    text, highlight = snippet(mention.passage.text, mention.start, mention.end, context)
    return MentionSnippet(
        ref=mention.passage.ref,
        line=mention.passage.line_at(mention.start),
        section=mention.passage.section,
        form=mention.form,
        snippet=text,
        highlight=highlight,
    )


def lookup(
    document: Document, index: PeopleIndex, query: str, *, context: int = 8, every: bool = False
) -> PersonReport | Candidates:
    """What ``person QUERY`` shows: the report of the one person the name means, the candidates if
    it fits several, or no candidates and the nearest names if it fits no one."""
    try:
        people = resolve(index, query)
    except NoSuchPerson as missing:
        return Candidates(query, (), index.kind, missing.suggestions)
    if len(people) > 1:
        return candidates(document, index, query, people)
    return report(document, index, people[0], context=context, every=every)


def report(
    document: Document, index: PeopleIndex, person: Person, *, context: int = 8, every: bool = False
) -> PersonReport:
    """Everything the document says of ``person``: forms, mentions in order, and everyone named in
    the same passages, most often first, then in order of first appearance."""
    passages: dict[int, set[int]] = {}  # person → the passages (by first line) naming them
    first: dict[int, tuple[int, int]] = {}  # person → where the text first names them
    own: list[Mention] = []  # the person's mentions: the only ones held
    for mention in mentions_in(document, index):
        passages.setdefault(id(mention.person), set()).add(mention.passage.line)
        first.setdefault(id(mention.person), (mention.passage.line, mention.start))
        if mention.person is person:
            own.append(mention)
    where = passages.get(id(person), set())
    company_kept = sorted(
        ((other, len(passages.get(id(other), set()) & where)) for other in index.people if other is not person),
        key=lambda item: (-item[1], first.get(id(item[0]), (0, 0))),
    )
    return PersonReport(
        person=PersonCard(person.name, person.description, dict(Counter(m.form for m in own).most_common())),
        mentions=tuple(_shown(mention, context) for mention in own),
        co_mentions=tuple(CoMention(other.name, count) for other, count in company_kept if count),
        strip=_strip(document, {mention.passage.ref for mention in own}),
        index=index.kind,
        company_shown=None if every else COMPANY,
    )


def candidates(document: Document, index: PeopleIndex, query: str, people: Sequence[Person]) -> Candidates:
    """The people a name may mean, with their mention counts."""
    counts = Counter(id(mention.person) for mention in mentions_in(document, index))
    return Candidates(
        query=query,
        candidates=tuple(Candidate(p.name, counts[id(p)], p.description) for p in people),
        index=index.kind,
    )


def lookup_across(
    documents: Sequence[Loaded], several: bool, query: str, *, context: int = 8, every: bool = False
) -> PersonReport | Candidates:
    """``lookup`` over a collection: one person across the documents whose answers agree on the full
    name, else the candidates (see ``collection.person``). One document: ``lookup`` itself."""
    from smilga_cli.features import collection

    found: list[tuple[collection.Part, list[Person]]] = []
    suggestions: list[str] = []
    every_part = collection.parts(documents, several)
    for part in every_part:
        try:
            found.append((part, resolve(part.loaded.people, query)))
        except NoSuchPerson as missing:
            suggestions += [s for s in missing.suggestions if s not in suggestions]

    def report_of(part: collection.Part, person: Person) -> PersonReport:
        return report(part.loaded.document, part.loaded.people, person, context=context, every=every)

    def counts(part: collection.Part) -> Counter[str]:
        return Counter(m.person.name for m in mentions_in(part.loaded.document, part.loaded.people))

    if len(documents) == 1 and found and len(found[0][1]) > 1:  # one document's candidates, as before
        return candidates(documents[0].document, documents[0].people, query, found[0][1])
    kinds = collection.kind(part.people.kind for part in documents)
    return collection.person(
        found, query, kinds, report=report_of, count=counts, suggestions=suggestions[:5], every=every_part
    )


def resolve_across(parts: Sequence[collection.Part], name: str) -> list[tuple[collection.Part, Person]]:
    """The one person ``name`` means in each document that has them, for ``--person``: a SmilgaError
    (exit 2) if it means no one anywhere, or people of different full names."""
    from smilga_cli.features import collection

    found: list[tuple[collection.Part, Person]] = []
    missing: NoSuchPerson | None = None
    for part in parts:
        try:
            found += [(part, person) for person in resolve(part.loaded.people, name)]
        except NoSuchPerson as error:
            missing = missing or error
    names = list(dict.fromkeys(person.name for _, person in found))
    if len(names) > 1 and collection.name_key(name) in {collection.name_key(n) for n in names}:
        found = [
            (part, person) for part, person in found if collection.name_key(person.name) == collection.name_key(name)
        ]
        names = [found[0][1].name]
    if len({collection.name_key(n) for n in names}) > 1:
        raise SmilgaError(f"'{shown(name)}' may mean {' or '.join(names[:4])}: give the full name")
    if not found:
        assert missing is not None
        raise SmilgaError(missing.args[0], missing.suggestions)
    return found
