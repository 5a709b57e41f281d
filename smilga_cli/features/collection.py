"""Results across a collection: each document's result, its items named by their document (``doc``,
the file's name) and, when there are several documents, their references prefixed with the
document's label (``radek:source 2``) so that each can be opened next; then joined into one result
of the same kind.

How each command joins:
- search: the hits of each document in turn (``--limit`` counts per document, as ``grep -m``);
  the totals summed.
- person: the people a name means in each document, one person across documents when their full
  names agree (case and accents aside); different names, even with one surname, stay apart.
- people: one row per full name, mentions summed, first named where the first document names them.
- sources, quotes: each document's in turn. timeline: one chronology, documents in order on a day.
- info: each document's overview, and the totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from smilga_cli.document.model import BioSelection, Source
from smilga_cli.document.text import keys

if TYPE_CHECKING:
    from smilga_cli.cli.session import Loaded
    from smilga_cli.features.citation import Citation, SourceRecords
    from smilga_cli.features.person import Candidates, PersonReport
    from smilga_cli.features.roster import PeopleList
    from smilga_cli.features.timeline import Timeline
    from smilga_cli.index.people import PeopleIndex, Person
    from smilga_cli.index.search import SearchResult

T = TypeVar("T")


class Part(NamedTuple):
    """One document of the collection, and whether references need its label."""

    loaded: Loaded
    several: bool

    def ref(self, ref: str) -> str:
        """A reference as the user types it next: with the label in a collection."""
        return f"{self.loaded.label}:{ref}" if self.several else ref

    def people(self) -> PeopleIndex:
        """The document's people index, read when first asked for."""
        return self.loaded.people

    def tag(self, item: T) -> T:
        """A named-tuple item (hit, mention, event, quotation, place) named by its document."""
        tagged: T = item._replace(doc=self.loaded.name, ref=self.ref(item.ref))  # type: ignore[attr-defined]
        return tagged

    def cited(self, citation: Citation) -> Citation:
        """A citation named by its document, its reference one the user can type next."""
        return citation._replace(doc=self.loaded.name, ref=self.ref(citation.ref))

    def source(self, source: Source) -> Source:
        """A source named by its document, its paragraphs' references and the places that quote it too."""
        return source._replace(doc=self.loaded.name, ref=self.ref(source.ref),
                       paragraphs=tuple(p._replace(ref=self.ref(p.ref)) for p in source.paragraphs),
                       quoted_in=tuple(self.tag(place) for place in source.quoted_in))  # fmt: skip


def parts(documents: Sequence[Loaded], several: bool) -> list[Part]:
    """Each document as a part of the run; ``several``: a collection (labelled references)."""
    return [Part(loaded, several) for loaded in documents]


def kind(kinds: Iterable[str]) -> str:
    """The people index's kind across documents: "curated", "automatic", or "mixed"."""
    found = set(kinds)
    return found.pop() if len(found) == 1 else "mixed"


def name_key(name: str) -> tuple[str, ...]:
    """A person's full name as the collection compares it: folded words."""
    return tuple(keys(name))


# ---- search -------------------------------------------------------------------------------------


def search(results: Sequence[tuple[Part, SearchResult]]) -> SearchResult:
    """The hits of every document, in turn; counts summed; suggestions of the first that has any."""
    first = results[0][1]
    if len(results) == 1:
        part, result = results[0]
        return result._replace(hits=tuple(part.tag(hit) for hit in result.hits))
    suggestions = next((r.suggestions for _, r in results if r.suggestions), ())
    found = [(part, r) for part, r in results if r.total]
    return first._replace(
        total=sum(r.total for _, r in results),
        passages=sum(r.passages for _, r in results),
        hits=tuple(part.tag(hit) for part, r in found for hit in r.hits),
        suggestions=suggestions if not found else (),
        fuzzy=sum(r.fuzzy for _, r in results),
        matches=sum(r.matches for _, r in results),
    )


# ---- people -------------------------------------------------------------------------------------


def people(lists: Sequence[tuple[Part, PeopleList]], sort: str) -> PeopleList:
    """One row per full name: mentions summed, first named where the first document names them,
    the documents that name them; in the order of the first document's sort, then the next's."""
    rows: dict[tuple[str, ...], Any] = {}
    curated: set[tuple[str, ...]] = set()  # the names whose description is a curated index's
    for part, listed in lists:
        for row in listed.people:
            key = name_key(row.name)
            first = part.tag(row.first) if row.first is not None else None
            named = (part.loaded.name,) if row.mentions else ()
            if key not in rows:
                rows[key] = row._replace(first=first, docs=named)
            else:
                kept = rows[key]
                better = not kept.description or (key not in curated and listed.index == "curated")
                rows[key] = kept._replace(
                    mentions=kept.mentions + row.mentions,
                    first=kept.first or first,
                    description=row.description if better and row.description else kept.description,
                    docs=kept.docs + named,
                )
            if listed.index == "curated" and rows[key].description == row.description:
                curated.add(key)
    ordered = list(rows.values())  # by first appearance: the first document's order, then the next's
    if len(lists) > 1 and sort != "first":
        from smilga_cli.index.people import surname_key

        ordered.sort(key=lambda row: (-row.mentions if sort == "mentions" else 0, surname_key(row.name)))
    return lists[0][1]._replace(people=tuple(ordered), index=kind(p.index for _, p in lists))


class _Found(NamedTuple):
    part: Part
    person: Person


def person(
    found: Sequence[tuple[Part, list[Person]]],
    query: str,
    kinds: str,
    *,
    report: Callable[[Part, Person], PersonReport],
    count: Callable[[Part], Counter[str]],
    suggestions: Sequence[str],
    every: Sequence[Part] = (),
) -> PersonReport | Candidates:
    """One person across documents when every document's answer has one full name (or when one
    of the names is exactly the name asked for: "Trotsky" is the person the index calls so);
    else the candidates, each counted across every document (``every``) that names them."""
    from smilga_cli.features.person import Candidate, Candidates, CoMention, PersonCard

    by_name: dict[tuple[str, ...], list[_Found]] = {}
    for part, people_found in found:
        for each in people_found:
            by_name.setdefault(name_key(each.name), []).append(_Found(part, each))
    if not by_name:
        return Candidates(query, (), kinds, tuple(suggestions))
    if len(by_name) > 1 and name_key(query) in by_name:
        by_name = {name_key(query): by_name[name_key(query)]}
    if len(by_name) > 1:
        counted: Counter[tuple[str, ...]] = Counter()
        for part in every or list(dict.fromkeys(h.part for holders in by_name.values() for h in holders)):
            for name, mentions in count(part).items():
                counted[name_key(name)] += mentions
        candidates = []
        for key, holders in by_name.items():
            mentions = counted[key]
            description = next((h.person.description for h in holders if h.person.description), "")
            candidates.append(Candidate(holders[0].person.name, mentions, description))
        return Candidates(query, tuple(candidates), kinds)
    holders = next(iter(by_name.values()))
    reports = [(h.part, report(h.part, h.person)) for h in holders]
    if len(reports) == 1 and not reports[0][0].several:
        part, only = reports[0]
        return only._replace(mentions=tuple(part.tag(m) for m in only.mentions))
    forms: Counter[str] = Counter()
    company: Counter[str] = Counter()
    for _, shown in reports:
        forms.update(shown.person.forms)
        company.update({c.name: c.passages for c in shown.co_mentions})
    first = reports[0][1]
    described = sorted(reports, key=lambda report: report[1].index != "curated")  # a curated description first
    description = next((r.person.description for _, r in described if r.person.description), "")
    return first._replace(
        person=PersonCard(first.person.name, description, dict(forms.most_common())),
        mentions=tuple(part.tag(m) for part, r in reports for m in r.mentions),
        co_mentions=tuple(CoMention(name, n) for name, n in company.most_common()),
        strip="  ".join(f"{part.loaded.label}: {r.strip}" for part, r in reports),
        index=kind(part.loaded.people.kind for part, _ in reports),
    )


# ---- reading, quotes, timeline ------------------------------------------------------------------


def sources(found: Sequence[tuple[Part, Sequence[Source]]]) -> tuple[Source, ...]:
    """Every document's sources, in turn."""
    return tuple(part.source(source) for part, listed in found for source in listed)


def bio(part: Part, selection: BioSelection) -> BioSelection:
    """Biography paragraphs and captions with references the user can open next."""
    if not part.several:
        return selection._replace(doc=part.loaded.name)
    return selection._replace(paragraphs=tuple(p._replace(ref=part.ref(p.ref)) for p in selection.paragraphs),
                   captions=tuple(c._replace(ref=part.ref(c.ref)) for c in selection.captions),
                   doc=part.loaded.name)  # fmt: skip


def timeline(found: Sequence[tuple[Part, Timeline]]) -> Timeline:
    """One chronology: the events of every document by date (documents in order on one date)."""
    first = found[0][1]
    events = sorted((part.tag(e) for part, t in found for e in t.events), key=lambda e: e.date)
    undated = sorted((part.tag(e) for part, t in found for e in t.undated), key=lambda e: e.date)
    return first._replace(events=tuple(events), undated=tuple(undated))


def tagged(found: Sequence[tuple[Part, Sequence[T]]]) -> tuple[T, ...]:
    """Every document's items, in turn, each named by its document."""
    return tuple(part.tag(item) for part, items in found for item in items)


def records(found: Sequence[tuple[Part, SourceRecords]]) -> SourceRecords:
    """Every document's source records, in turn; a citation key two documents share takes the
    document's label (``serge1945-3-radek``)."""
    from smilga_cli.features.citation import SourceRecords

    if len(found) == 1:
        return found[0][1]
    every = [(part, record) for part, records in found for record in records.records]
    counts = Counter(record["id"] for _, record in every)
    return SourceRecords(tuple(
        {**record, "id": f"{record['id']}-{part.loaded.label}"} if counts[record["id"]] > 1 else record
        for part, record in every
    ))  # fmt: skip


# ---- overview: features/overview.py (Overviews), imported by ``info`` alone ----------------------
