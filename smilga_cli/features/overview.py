"""The overview of a document: its title, counts, the span of years it narrates, its most named people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import Document, Result
from smilga_cli.document.text import WORD
from smilga_cli.features.timeline import find_dates
from smilga_cli.index.people import PeopleIndex, mentions_in

if TYPE_CHECKING:
    from smilga_cli.features.collection import Part


class Named(NamedTuple):
    """A person and how often the text names them."""

    name: str
    mentions: int


class YearSpan(NamedTuple):
    """The first and last years of the events the text narrates."""

    first: int
    last: int


class _OverviewFields(NamedTuple):
    """The fields of ``Overview``."""

    title: str
    lines: int
    words: int
    paragraphs: int
    captions: int
    sources: int
    source_paragraphs: int
    people: int
    index: str  # type: ignore[assignment]  # (hides tuple.index) "curated" or "automatic"
    years: YearSpan | None
    most_mentioned: tuple[Named, ...]
    doc: str = ""  # the document's file name


class Overview(_OverviewFields, Result):
    """What a document holds, at a glance."""

    __slots__ = ()


def overview(document: Document, index: PeopleIndex, top: int = 5) -> Overview:
    """Counts of every kind of element, the years narrated, and the ``top`` most named people."""
    years = [d.year for d in find_dates(document.passages()) if d.year]
    counts = Counter(mention.person.name for mention in mentions_in(document, index))
    return Overview(
        title=document.title.text,
        lines=document.line_count,
        words=sum(len(WORD.findall(p.text)) for p in document.passages()),
        paragraphs=len(document.paragraphs),
        captions=len(document.captions),
        sources=len(document.sources),
        source_paragraphs=sum(len(s.paragraphs) for s in document.sources),
        people=len(index.people),
        index=index.kind,
        years=YearSpan(min(years), max(years)) if years else None,
        most_mentioned=tuple(Named(name, n) for name, n in counts.most_common(top)),
    )


# ---- a collection: each document's overview and the totals ---------------------------------------


class Totals(NamedTuple):
    """The overview's counts, summed over the collection."""

    documents: int
    lines: int
    words: int
    paragraphs: int
    captions: int
    sources: int
    source_paragraphs: int
    people: int  # different full names across the documents


class _OverviewsFields(NamedTuple):
    """The fields of ``Overviews``."""

    documents: tuple[Overview, ...]
    totals: Totals


class Overviews(_OverviewsFields, Result):
    """The overview of each document of a collection, and the totals."""

    __slots__ = ()


def overviews(found: Sequence[tuple[Part, Overview]], people: int) -> Overview | Overviews:
    """The one document's overview, or each document's and the totals."""
    each = tuple(o._replace(doc=part.loaded.name) for part, o in found)
    if len(each) == 1:
        return each[0]
    summed = {name: sum(getattr(o, name) for o in each) for name in Totals._fields[1:-1]}
    return Overviews(each, Totals(documents=len(each), people=people, **summed))
