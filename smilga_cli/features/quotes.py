"""Quotations in the biography, who the text says is quoted, which primary source a quotation
reproduces, and citations of a source in the Chicago "quoted in" form.

Who is quoted, from the quotation's lead-in (its sentence's words before it): the person named
right after "according to" ("According to Vyacheslav Molotov, …"); else the last person named
before a verb of saying ("Lenin commented that Piatakov might be", "Orlov, who said"); else the
first person named; failing those, the author of the source the quotation reproduces; failing
that, no one, and the lead-in ("The statement included the following:") says whose words they are.
A quotation reproduces a source when at least half of its runs of eight words stand word for word
in that source (a quotation of fewer than six words never does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import HIDDEN, Document, Passage, Place, Result, Source
from smilga_cli.document.text import keys, sentence_span
from smilga_cli.errors import NothingFound

if TYPE_CHECKING:
    from smilga_cli.index.people import PeopleIndex

_QUOTATION = re.compile(r"\"([^\"]+)\"|“([^”]+)”")
_SAID = re.compile(
    r"\b(?:said|says|commented|comments|argued|argues|wrote|writes|recalled|recalls|declared|remarked|noted|"
    r"stated|added|replied|told|pointed out|points out|explained|insisted|warned)\b",
    re.IGNORECASE | re.ASCII,
)
_ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE | re.ASCII)
SHINGLE = 8  # words in a run that must stand word for word in a source
MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation in the biography: its words, who the text says speaks, and its source if any."""

    ref: str
    line: int
    speaker: str | None  # a person of the index, or None
    lead_in: str  # the text's own words before the quotation, in its sentence
    text: str  # the quotation as written, without its quotation marks
    source: int | None  # the primary source it reproduces word for word


@dataclass(frozen=True, slots=True)
class Quotations(Result):
    """Every quotation of the biography, in document order."""

    quotes: tuple[Quotation, ...]

    @property
    def empty(self) -> bool:
        """A biography that quotes nothing."""
        return not self.quotes

    def nothing_found(self) -> NothingFound:
        """Why there is nothing to list."""
        return NothingFound("the biography quotes nothing")


@dataclass(frozen=True, slots=True)
class Citation(Result):
    """A one-line citation of a source, read through the biography."""

    ref: str
    citation: str
    markdown: str
    parts: tuple[tuple[str, str], ...] = field(default=(), metadata=HIDDEN)  # (text, "title" or "")


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


class _SourceWords(NamedTuple):  # internal: a named tuple is ten times cheaper to define
    number: int
    joined: str  # " word word … " for short quotations
    shingles: set[tuple[str, ...]]


def _source_words(document: Document) -> list[_SourceWords]:
    listed = []
    for source in document.sources:
        words = keys(" ".join(p.text for p in source.paragraphs))
        listed.append(_SourceWords(source.number, f" {' '.join(words)} ", _shingles(words)))
    return listed


def _reproduced(words: list[str], sources: list[_SourceWords]) -> int | None:
    """The source a quotation's words stand in, word for word, if one does."""
    if len(words) < MIN_WORDS:
        return None
    if len(words) < SHINGLE:
        phrase = f" {' '.join(words)} "
        return next((s.number for s in sources if phrase in s.joined), None)
    runs = _shingles(words)
    best, share = None, 0.0
    for source in sources:
        part = len(runs & source.shingles) / len(runs)
        if part > share:
            best, share = source.number, part
    return best if share >= 0.5 else None


def _bio_quotations(document: Document) -> Iterator[tuple[Passage, re.Match[str], int | None]]:
    """Each quotation of the biography with its passage and the source it reproduces, if any."""
    sources = _source_words(document)
    for passage in document.passages():
        if passage.section == "bio":
            for match in _QUOTATION.finditer(passage.text):
                yield passage, match, _reproduced(keys(match.group(1) or match.group(2)), sources)


def quotations(document: Document, index: PeopleIndex) -> Quotations:
    """Every quotation of the biography with its speaker, lead-in and reproduced source."""
    from smilga_cli.index.people import find_mentions

    mentions: dict[int, list[tuple[int, str]]] = {}
    for mention in find_mentions(document, index):
        mentions.setdefault(mention.passage.line, []).append((mention.start, mention.person.name))
    authors = {s.number: _author_name(s, index) for s in document.sources}
    quoted = []
    previous: tuple[int, int] = (0, 0)  # the passage line and end of the last quotation
    for passage, match, source in _bio_quotations(document):
        # The lead-in: this sentence's words before the quotation, after any earlier quotation.
        after_previous = previous[1] if previous[0] == passage.line else 0
        lead_start = max(after_previous, sentence_span(passage.text, match.start(), match.end())[0])
        previous = (passage.line, match.end())
        named = [
            (start, name)
            for start, name in sorted(mentions.get(passage.line, []))
            if lead_start <= start < match.start()
        ]
        speaker = _speaker(passage.text, lead_start, match.start(), named)
        if speaker is None and source is not None:
            speaker = authors.get(source)
        lead_in = " ".join(passage.text[lead_start : match.start()].split())
        text = match.group(1) or match.group(2)
        quoted.append(Quotation(passage.ref, passage.line_at(match.start()), speaker, lead_in, text, source))
    return Quotations(tuple(quoted))


def _speaker(text: str, start: int, end: int, named: list[tuple[int, str]]) -> str | None:
    """Who speaks the quotation whose lead-in is ``text[start:end]``, by the rules above."""
    if not named:
        return None
    according = [m.end() for m in _ACCORDING_TO.finditer(text, start, end)]
    if according:
        after = [name for position, name in named if position >= according[-1]]
        if after:
            return after[0]
    said = [m.start() for m in _SAID.finditer(text, start, end)]
    if said:
        before = [name for position, name in named if position < said[-1]]
        if before:
            return before[-1]
    return named[0][1]


def _author_name(source: Source, index: PeopleIndex) -> str | None:
    """The index's name for a source's author ("Lenin" → "Vladimir Lenin")."""
    if not source.author:
        return None
    return next((p.name for p in index.people if source.author in (p.name, *p.forms)), source.author)


def with_quoted_in(document: Document, sources: Sequence[Source]) -> list[Source]:
    """``sources`` with ``quoted_in`` filled: where the biography quotes each word for word."""
    places: dict[int, list[Place]] = {}
    for passage, match, number in _bio_quotations(document):
        if number is not None:
            places.setdefault(number, []).append(Place(passage.ref, passage.line_at(match.start())))
    return [replace(s, quoted_in=tuple(places.get(s.number, ()))) for s in sources]


def cite(document: Document, source: Source) -> Citation:
    """The Chicago "quoted in" note for a source read through the biography: author, title, date,
    quoted in the biography's title. A title that starts in lower case ("message sent to …") names
    an unpublished document: it stays roman, its date after a comma; a published title is italic."""
    published = source.title[:1].isupper()
    date = (f" ({source.date})" if published else f", {source.date}") if source.date else ""
    parts = (
        (f"{source.author}, " if source.author else "", ""),
        (source.title, "title" if published else ""),
        (f"{date}, quoted in ", ""),
        (document.title.text, "title"),
        (f", {source.ref}.", ""),
    )
    plain = "".join(text for text, _ in parts)
    markdown = "".join(f"*{text}*" if kind else text for text, kind in parts)
    return Citation(source.ref, plain, markdown, tuple(part for part in parts if part[0]))
