"""The timeline: the text's dated events in chronological order, each with its reference and line.

A date is a day and month ("26th July", "November 7"), a month and year ("March, 1919"), a season
of a year ("the summer of 1919"), a year ("in 1933"), a month alone after a preposition ("In
October", "the end of July"; not "the October revolution") or a year told relatively ("of the
present year", "a year later"). A date without its year takes the year last written before it in
the narrative of the biography (or of the same source) and is marked inferred; one with no such
year is listed as undated. Years inside quotation marks never set that context.

An event is the whole sentence holding the date; a date inside a quotation dates the quoted
sentence only, never the sentence around it ("Victor Serge met him during this period: "…in 1917
…"" is not an event of 1917). Captions are left out (their dates are the photographs'), and so are
the title, the source headings (the sources' own dates) and a year in parentheses after a title
("Stalin (1949)": a work's publication, not an event of the life).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import Passage, Result
from smilga_cli.document.text import inside, quoted_spans, sentence_spans
from smilga_cli.errors import NothingFound

if TYPE_CHECKING:
    from smilga_cli.index.people import PeopleIndex, Person

MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November|December)"
_YEAR = r"(?P<{name}>1[5-9]\d\d|20\d\d)"
_DATE = re.compile(
    "|".join(
        [
            rf"\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.format(name='m1')}(?:,?\s+{_YEAR.format(name='y1')})?\b",
            rf"\b{_MONTH.format(name='m2')}\s+(?P<d2>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?(?:,\s*{_YEAR.format(name='y2')})?\b",
            rf"\b{_MONTH.format(name='m3')},?\s+(?:of\s+)?{_YEAR.format(name='y3')}\b",
            rf"\b(?P<season>spring|summer|autumn|fall|winter)\s+of\s+{_YEAR.format(name='y4')}\b",
            rf"(?<![\d(])\b{_YEAR.format(name='y5')}\b(?!\s*\))",
        ]
    ),
    re.IGNORECASE | re.ASCII,  # month names are ASCII: "Auguſt" (long s) is not August
)
_PUBLICATION = re.compile(r"\(\s*(?:1[5-9]\d\d|20\d\d)\s*\)", re.ASCII)
# A month alone is a date after a preposition ("In October", "the end of July"), never after an
# article ("of the October coup", "the October revolution" name an event, not a date).
_MONTH_ALONE = re.compile(
    r"\b(?:in|of|since|until|by|during|from|early|late|mid|before|after)\s+" + _MONTH.format(name="m") + r"\b",
    re.IGNORECASE | re.ASCII,
)
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<same>(?:of|in)\s+(?:the|this|that)\s+(?:present|same|current)\s+year|that\s+year)"
    r"|(?P<next>(?:the\s+)?(?:following|next)\s+year|a\s+year\s+later)"
    r"|(?P<last>(?:the\s+)?previous\s+year|a\s+year\s+(?:earlier|before))"
    r")\b",
    re.IGNORECASE | re.ASCII,
)


class Event(NamedTuple):
    """A dated event: the date as far as the text gives it (1917-07-26, 1919-03, 1919), its sentence."""

    date: str
    text: str  # the whole sentence, never cut
    ref: str
    line: int
    inferred: bool = False  # the year is not written beside the date: taken from the context
    doc: str = ""  # the document's file name


class _TimelineFields(NamedTuple):
    """The fields of ``Timeline``."""

    events: tuple[Event, ...]
    undated: tuple[Event, ...] = ()
    person: str | None = None  # whose events, if one person's


class Timeline(_TimelineFields, Result):
    """The events in chronological order, and the dates whose year the text never gives."""

    __slots__ = ()
    json_hidden = frozenset({"person"})

    @property
    def empty(self) -> bool:
        """No date at all."""
        return not (self.events or self.undated)

    def nothing_found(self) -> NothingFound:
        """No dated events, in the document or for the person."""
        return NothingFound("no dated events" + (f" name {self.person}" if self.person else " in this document"))


class Dated(NamedTuple):
    """A date found in a passage, with the sentence it dates."""

    passage: Passage
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    sentence: tuple[int, int]
    inferred: bool = False

    @property
    def key(self) -> tuple[int, int, int, int, int]:
        """Chronological order; equal dates in document order."""
        return (self.year or 0, self.month or 0, self.day or 0, self.passage.line, self.start)

    @property
    def date(self) -> str:
        """ISO 8601 to the precision the text gives: 1917-07-26, 1919-03, 1919 (--07-26, --10 without a year)."""
        if not (self.year or self.month):
            return ""  # a relative date ("a year later") with nothing to count from
        year = f"{self.year:04d}" if self.year else "-"
        return "-".join([year, *(f"{v:02d}" for v in (self.month, self.day) if v)])


def _dated_passages(passages: Iterable[Passage]) -> Iterator[Passage]:
    """Passages that narrate: biography paragraphs and source paragraphs (not captions or headings)."""
    for passage in passages:
        if passage.section == "bio" or (passage.section == "sources" and "¶" in passage.ref):
            yield passage


def _sentence(
    text: str, start: int, quoted: list[tuple[int, int]], spans: dict[tuple[int, int], list[tuple[int, int]]]
) -> tuple[int, int]:
    """The sentence holding offset ``start``: within its quotation when it is quoted. ``spans`` keeps
    the sentences of each stretch already split, so that a passage is split once, not once a date."""
    low, high = 0, len(text)
    at = bisect.bisect_right(quoted, (start, len(text) + 1)) - 1
    if at >= 0 and quoted[at][0] <= start < quoted[at][1]:
        low, high = quoted[at][0] + 1, quoted[at][1] - 1
    if (low, high) not in spans:
        spans[low, high] = [(low + b, low + e) for b, e in sentence_spans(text[low:high])]
    sentences = spans[low, high]
    at = bisect.bisect_right(sentences, (start, len(text) + 1)) - 1  # the last sentence beginning at or before it
    if at >= 0 and sentences[at][0] <= start < max(sentences[at][1], sentences[at][0] + 1):
        return sentences[at]
    return low, high


class _Written(NamedTuple):  # internal: a named tuple is ten times cheaper to define
    start: int
    end: int
    year: int | None  # as written; None when the year is to come from the context
    month: int | None
    day: int | None
    shift: int  # years from the context's year: "a year later" is 1


class _Taken:
    """Stretches of a text already read as dates, to tell in logarithmic time whether an offset is in one."""

    def __init__(self, written: list[_Written]) -> None:
        spans = sorted((w.start, w.end) for w in written)
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def covers(self, offset: int) -> bool:
        at = bisect.bisect_right(self.starts, offset) - 1
        return at >= 0 and offset < self.ends[at]


def _written_dates(text: str) -> list[_Written]:
    """The dates written in ``text``, in order: explicit, a month alone, a year told relatively."""
    published = [m.span() for m in _PUBLICATION.finditer(text)]
    found: list[_Written] = []
    for match in _DATE.finditer(text):
        if any(a <= match.start() < b for a, b in published):
            continue
        groups = match.groupdict()
        year = next((int(groups[k]) for k in ("y1", "y2", "y3", "y4", "y5") if groups[k]), None)
        month_text = next((groups[k] for k in ("m1", "m2", "m3") if groups[k]), None)
        day = int(groups["d1"] or groups["d2"]) if groups["d1"] or groups["d2"] else None
        if day is not None and not 1 <= day <= 31:
            continue
        month = MONTHS.index(month_text.lower()) + 1 if month_text else None
        found.append(_Written(match.start(), match.end(), year, month, day, 0))
    taken = _Taken(found)
    for match in _MONTH_ALONE.finditer(text):
        if not taken.covers(match.start("m")):
            following = _RELATIVE_YEAR.match(text, match.end() + 1)
            end = following.end() if following is not None and following.group("same") else match.end()
            found.append(_Written(match.start("m"), end, None, MONTHS.index(match.group("m").lower()) + 1, None, 0))
    taken = _Taken(found)
    for match in _RELATIVE_YEAR.finditer(text):
        if not match.group("same") and not taken.covers(match.start()):
            found.append(_Written(match.start(), match.end(), None, None, None, 1 if match.group("next") else -1))
    return sorted(found)


def find_dates(passages: Iterable[Passage]) -> Iterator[Dated]:
    """Every date of the narrative (the document's passages, in order), in document order, years
    filled in from context; one at a time."""
    context: dict[int | None, int] = {}  # the last year of the narrative: per source, None for the biography
    for passage in _dated_passages(passages):
        text = passage.text
        quoted = quoted_spans(text)
        spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for written in _written_dates(text):
            year = written.year
            if year is not None and not inside(quoted, written.start):
                context[passage.source] = year  # quotations never set the context
            if year is None and passage.source in context:
                year = context[passage.source] + written.shift
            sentence = _sentence(text, written.start, quoted, spans)
            yield Dated(passage, written.start, written.end, year, written.month, written.day, sentence,
                        written.year is None)  # fmt: skip
    # "a year later" with no year before it too: an event with no date


def timeline(
    passages: Callable[[], Iterable[Passage]], person: Person | None = None, index: PeopleIndex | None = None
) -> Timeline:
    """The dated events of a document (``passages()`` reads its passages, in order), earliest first;
    with ``person`` (of ``index``), those whose sentence refers to them by name or by a pronoun the
    attribution rule resolves to them. The passages are read one at a time (twice for a person: the
    rule first reads which pronoun the biography mostly uses); only the events are held."""
    offsets: Callable[[Passage], list[int]] | None = None
    if person is not None and index is not None:
        offsets = _referring(passages, person, index)
    found: list[tuple[tuple[int, int, int, int, int], Event, bool]] = []
    line, at = -1, []  # the passage at hand, and where it names or refers to the person
    for dated in find_dates(passages()):
        if offsets is not None:
            if dated.passage.line != line:
                line, at = dated.passage.line, offsets(dated.passage)
            if not any(dated.sentence[0] <= offset < dated.sentence[1] for offset in at):
                continue
        sentence = " ".join(dated.passage.text[dated.sentence[0] : dated.sentence[1]].split())
        event = Event(dated.date, sentence, dated.passage.ref, dated.passage.line_at(dated.start), dated.inferred)
        found.append((dated.key, event, bool(dated.year)))
    found.sort(key=lambda item: item[0])
    events = tuple(event for _, event, year in found if year)
    undated = tuple(event for _, event, year in found if not year)
    return Timeline(events, undated, person.name if person is not None else None)


def _referring(
    passages: Callable[[], Iterable[Passage]], person: Person, index: PeopleIndex
) -> Callable[[Passage], list[int]]:
    """Where a passage names ``person`` or a pronoun refers to them, by the attribution rule."""
    from smilga_cli.index import attribution
    from smilga_cli.index.people import mention_finder

    title = next((p.text for p in passages() if p.section == "title"), "")
    references_in = attribution.passage_resolver(title, (p.text for p in passages() if p.section == "bio"), index)
    find = mention_finder(index)

    def offsets(passage: Passage) -> list[int]:
        mentions = list(find(passage))
        found = [m.start for m in mentions if m.person is person]
        return found + [r.start for r in references_in(passage, mentions) if r.person is person]

    return offsets
