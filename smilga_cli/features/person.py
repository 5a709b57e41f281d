"""One person, for the ``person`` command: who they are, the forms the text uses, every mention in
context, where the mentions fall, who else is named with them; or, for a name that fits several
people, the candidates. Finding mentions and resolving names is ``people.py``'s job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import Document, Passage, Result
from smilga_cli.document.text import keys, shown, snippet
from smilga_cli.errors import NothingFound, SmilgaError
from smilga_cli.index.people import Mention, NoSuchPerson, PeopleIndex, Person, mention_finder, resolve

if TYPE_CHECKING:
    from smilga_cli.cli.session import Loaded
    from smilga_cli.features import collection
    from smilga_cli.index.search import Index

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


class _Strip:
    """Where the mentions fall, marked passage by passage as they are read: a mark (█ named, · not)
    per biography paragraph, caption, source heading and source paragraph."""

    def __init__(self) -> None:
        self.bio: list[str] = []
        self.captions: list[str] = []
        self.sources: list[tuple[int, str, list[str]]] = []  # number, the heading's mark, each paragraph's

    def mark(self, passage: Passage, named: bool) -> None:
        self.mark_at(passage.section, passage.ref, passage.source, named)

    def mark_at(self, section: str, ref: str, source: int | None, named: bool) -> None:
        """Mark the next passage, by its section, reference and source."""
        mark = "█" if named else "·"
        if section == "bio":
            self.bio.append(mark)
        elif section == "caption":
            self.captions.append(mark)
        elif source is not None:
            if ref == f"source {source}":
                self.sources.append((source, mark, []))
            elif self.sources and self.sources[-1][0] == source:
                self.sources[-1][2].append(mark)

    def __str__(self) -> str:
        parts = [f"bio {''.join(self.bio)}"]
        if self.captions:
            parts.append(f"caption {''.join(self.captions)}")
        parts += [f"{number}:{heading}|{''.join(marks)}" for number, heading, marks in self.sources]  # "4:·|··█·█··"
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
        return candidates(document.passages(), index, query, people)
    return report(document.passages(), index, people[0], context=context, every=every)


def report(
    passages: Iterable[Passage], index: PeopleIndex, person: Person, *, context: int = 8, every: bool = False
) -> PersonReport:
    """Everything the document (its passages, in order) says of ``person``: forms, mentions in order,
    and everyone named in the same passages, most often first, then in order of first appearance.
    The passages are read one at a time: only the person's mentions are held."""
    find = mention_finder(index)
    together: Counter[int] = Counter()  # person → the passages naming them and ``person`` both
    first: dict[int, tuple[int, int] | None] = {}  # person → where the text first names them
    shown: list[MentionSnippet] = []  # the person's mentions, as shown
    forms: Counter[str] = Counter()
    strip = _Strip()
    for passage in passages:
        named: set[int] = set()
        held = False
        for mention in find(passage):
            named.add(id(mention.person))
            first.setdefault(id(mention.person), (passage.line, mention.start))
            if mention.person is person:
                held = True
                shown.append(_shown(mention, context))
                forms[mention.form] += 1
        if held:
            together.update(named)
        strip.mark(passage, held)
    return _report(index, person, forms, shown, together, first, strip, every)


def _report(
    index: PeopleIndex,
    person: Person,
    forms: Counter[str],
    shown: list[MentionSnippet],
    together: Counter[int],
    first: dict[int, tuple[int, int] | None],
    strip: _Strip,
    every: bool,
) -> PersonReport:
    """The report of what was read: the people named with ``person`` most often first, then by where
    the text first names them."""
    company_kept = sorted(
        ((other, together[id(other)]) for other in index.people if other is not person),
        key=lambda item: (-item[1], first.get(id(item[0])) or (0, 0)),
    )
    return PersonReport(
        person=PersonCard(person.name, person.description, dict(forms.most_common())),
        mentions=tuple(shown),
        co_mentions=tuple(CoMention(other.name, count) for other, count in company_kept if count),
        strip=str(strip),
        index=index.kind,
        company_shown=None if every else COMPANY,
    )


def report_indexed(
    search: Index, index: PeopleIndex, person: Person, *, context: int = 8, every: bool = False
) -> PersonReport:
    """``report`` read through the document's search index: only the passages that may name
    ``person`` are read (those holding the first word of one of their forms), and for each person
    named with them, the passages up to the first that names them; the strip comes from the
    passage table. The same report as ``report`` over every passage (a test compares)."""
    table = search.table
    find = mention_finder(index)
    together: Counter[int] = Counter()
    shown: list[MentionSnippet] = []
    forms: Counter[str] = Counter()
    named: set[int] = set()  # the passages that name ``person``
    company: dict[int, Person] = {}
    for number in _may_name(search, person):
        mentions = list(find(table.passage(number)))
        if any(mention.person is person for mention in mentions):
            named.add(number)
            together.update({id(mention.person) for mention in mentions})
            company.update({id(mention.person): mention.person for mention in mentions})
            for mention in mentions:
                if mention.person is person:
                    shown.append(_shown(mention, context))
                    forms[mention.form] += 1
    first = {key: _first_named(search, find, other) for key, other in company.items() if other is not person}
    strip = _Strip()
    for number in range(len(table)):
        strip.mark_at(table.section(number), table.refs[number], table.source(number), number in named)
    return _report(index, person, forms, shown, together, first, strip, every)


def _may_name(search: Index, person: Person) -> Iterable[int]:
    """The passages that may name ``person``, in order: every mention of a form begins with the
    form's first word, which the search index lists the passages of."""
    first_words = [keys(form)[:1] for form in person.forms]
    if not all(first_words):  # a form with no word to look up: every passage
        return range(len(search.table))
    held: set[int] = set()
    for (word,) in first_words:
        held.update(search.postings(word))
    return sorted(held)


def _first_named(search: Index, find: Callable[[Passage], Iterator[Mention]], person: Person) -> tuple[int, int] | None:
    """Where the document first names ``person``: the line of the passage and the offset."""
    for number in _may_name(search, person):
        passage = search.table.passage(number)
        for mention in find(passage):
            if mention.person is person:
                return passage.line, mention.start
    return None


def candidates(passages: Iterable[Passage], index: PeopleIndex, query: str, people: Sequence[Person]) -> Candidates:
    """The people a name may mean, with their mention counts in the passages."""
    find = mention_finder(index)
    counts = Counter(id(mention.person) for passage in passages for mention in find(passage))
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
        people = part.loaded.people
        return part.loaded.passages(
            lambda passages: report(passages(), people, person, context=context, every=every),
            indexed=lambda search: report_indexed(search, people, person, context=context, every=every),
        )

    def counts(part: collection.Part) -> Counter[str]:
        find = mention_finder(part.loaded.people)
        return part.loaded.passages(lambda passages: Counter(m.person.name for p in passages() for m in find(p)))

    if len(documents) == 1 and found and len(found[0][1]) > 1:  # one document's candidates, as before
        only = documents[0]
        return only.passages(lambda passages: candidates(passages(), only.people, query, found[0][1]))
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
