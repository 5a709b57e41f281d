"""The timeline: the text's dated events in chronological order, each with its reference and line.

A date is a day and month ("26th July", "November 7"), a month and year ("March, 1919"), a
season of a year ("the summer of 1919") or a year ("in 1933"), with or without the year after a
day and month. A day and month without a year take the year last written before them in the
biography (or in the same source); one with no such year is listed apart as undated. A year in
parentheses after a title ("Stalin (1949)") is a work's publication, not an event of the life,
and is left out; so are the source headings, whose dates are the sources' own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smilga_cli.document.model import HIDDEN, Document, Passage, Result
from smilga_cli.document.text import sentence_span
from smilga_cli.errors import NothingFound

if TYPE_CHECKING:
    from smilga_cli.index.people import PeopleIndex, Person

MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?P<{name}>1[5-9]\d\d|20\d\d)"
_DATE = re.compile(
    "|".join(
        [
            rf"\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH.format(name='m1')}(?:,?\s+{_YEAR.format(name='y1')})?\b",
            rf"\b{_MONTH.format(name='m2')}\s+(?P<d2>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?(?:,\s*{_YEAR.format(name='y2')})?\b",
            rf"\b{_MONTH.format(name='m3')},?\s+(?:of\s+)?{_YEAR.format(name='y3')}\b",
            rf"\b(?P<season>spring|summer|autumn|fall|winter)\s+of\s+{_YEAR.format(name='y4')}\b",
            rf"(?<![\d(])\b{_YEAR.format(name='y5')}\b(?!\s*\))",
        ]
    ),
    re.IGNORECASE | re.ASCII,  # month names are ASCII: "Auguſt" (long s) is not August
)
_PUBLICATION = re.compile(r"\(\s*(?:1[5-9]\d\d|20\d\d)\s*\)", re.ASCII)
GIST_WIDTH = 110


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event: the date as far as the text gives it (1917-07-26, 1919-03, 1919), its gist."""

    date: str
    text: str
    ref: str
    line: int


@dataclass(frozen=True, slots=True)
class Timeline(Result):
    """The events in chronological order, and the day-and-month dates whose year the text never gives."""

    events: tuple[Event, ...]
    undated: tuple[Event, ...] = ()
    person: str | None = field(default=None, metadata=HIDDEN)  # whose events, if one person's

    @property
    def empty(self) -> bool:
        """No date at all."""
        return not (self.events or self.undated)

    def nothing_found(self) -> NothingFound:
        """No dated events, in the document or for the person."""
        return NothingFound("no dated events" + (f" name {self.person}" if self.person else " in this document"))


@dataclass(frozen=True, slots=True)
class Dated:
    """A date found in a passage, with where its sentence runs."""

    passage: Passage
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    sentence: tuple[int, int]

    @property
    def key(self) -> tuple[int, int, int, int]:
        """Chronological order; equal dates in document order."""
        return (self.year or 0, self.month or 0, self.day or 0, self.passage.line)

    @property
    def date(self) -> str:
        """ISO 8601 to the precision the text gives: 1917-07-26, 1919-03, 1919 (--07-26 without a year)."""
        year = f"{self.year:04d}" if self.year else "-"
        return "-".join([year, *(f"{v:02d}" for v in (self.month, self.day) if v)])


def gist(text: str, span: tuple[int, int], width: int = GIST_WIDTH) -> str:
    """A sentence on one line, cut to ``width`` characters at a word."""
    sentence = " ".join(text[span[0] : span[1]].split())
    if len(sentence) <= width:
        return sentence
    return sentence[:width].rsplit(" ", 1)[0] + "…"


def _dated_passages(document: Document) -> Iterable[Passage]:
    """Passages that narrate: biography paragraphs, captions, source paragraphs (not headings)."""
    heading_lines = {s.line for s in document.sources}
    if document.sources_heading is not None:
        heading_lines.add(document.sources_heading.line)
    for passage in document.passages():
        if passage.section != "title" and passage.line not in heading_lines:
            yield passage


def find_dates(document: Document) -> list[Dated]:
    """Every date of the narrative, in document order, years filled in from context."""
    dates: list[Dated] = []
    context: dict[int | None, int | None] = {}  # the last year written: per source, None for the biography
    for passage in _dated_passages(document):
        text = passage.text
        published = [m.span() for m in _PUBLICATION.finditer(text)]
        for match in _DATE.finditer(text):
            if any(a <= match.start() < b for a, b in published):
                continue
            groups = match.groupdict()
            year_text = next((groups[k] for k in ("y1", "y2", "y3", "y4", "y5") if groups[k]), None)
            month_text = next((groups[k] for k in ("m1", "m2", "m3") if groups[k]), None)
            day_text = groups["d1"] or groups["d2"]
            day = int(day_text) if day_text else None
            if day is not None and not 1 <= day <= 31:
                continue
            year = int(year_text) if year_text else context.get(passage.source)
            if year_text:
                context[passage.source] = int(year_text)
            month = MONTHS.index(month_text.lower()) + 1 if month_text else None
            dates.append(
                Dated(passage, match.start(), match.end(), year, month, day,
                      sentence_span(text, match.start(), match.end()))
            )  # fmt: skip
    return dates


def timeline(document: Document, person: Person | None = None, index: PeopleIndex | None = None) -> Timeline:
    """The dated events, earliest first; with ``person`` (of ``index``), those whose sentence names them."""
    kept = None
    if person is not None and index is not None:
        from smilga_cli.index.people import find_mentions

        kept = {(m.passage.line, m.start) for m in find_mentions(document, index) if m.person is person}
    events: list[Event] = []
    undated: list[Event] = []
    for dated in sorted(find_dates(document), key=lambda d: d.key):
        if kept is not None and not any(
            line == dated.passage.line and dated.sentence[0] <= offset < dated.sentence[1] for line, offset in kept
        ):
            continue
        event = Event(dated.date, gist(dated.passage.text, dated.sentence), dated.passage.ref,
                      dated.passage.line_at(dated.start))  # fmt: skip
        (events if dated.year else undated).append(event)
    return Timeline(tuple(events), tuple(undated), person.name if person is not None else None)
