"""Quotations in the biography: who the text says speaks each (``index/attribution.py`` holds the
rule: "according to", the subject of the sentence, a pronoun resolved, a named document or group),
which primary source a quotation reproduces, and where the biography quotes each source.

A quotation whose speaker the rule cannot tell takes the author of the source it reproduces;
failing that it stays unattributed (``null``), and its lead-in ("The statement included the
following:") says whose words they are. A quotation reproduces a source when at least half of its
runs of eight words stand word for word in that source (a quotation of fewer than six words never
does).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from smilga_cli.document.model import Document, Passage, Place, Result, Source
from smilga_cli.document.text import QUOTATION, keys, sentence_span
from smilga_cli.errors import NothingFound

if TYPE_CHECKING:
    from smilga_cli.index.people import Mention, PeopleIndex

SHINGLE = 8  # words in a run that must stand word for word in a source
MIN_WORDS = 6


class Quotation(NamedTuple):
    """A quotation in the biography: its words, who the text says speaks, and its source if any."""

    ref: str
    line: int
    speaker: str | None  # a person of the index, a group or a document; None when the text does not say
    lead_in: str  # the text's own words before the quotation, in its sentence
    text: str  # the quotation as written, without its quotation marks
    source: int | None  # the primary source it reproduces word for word
    speaker_kind: str | None = None  # "person", "group" or "document"
    doc: str = ""  # the document's file name


class _QuotationsFields(NamedTuple):
    """The fields of ``Quotations``."""

    quotes: tuple[Quotation, ...]


class Quotations(_QuotationsFields, Result):
    """Every quotation of the biography, in document order."""

    __slots__ = ()

    @property
    def empty(self) -> bool:
        """A biography that quotes nothing."""
        return not self.quotes

    def nothing_found(self) -> NothingFound:
        """Why there is nothing to list."""
        return NothingFound("the biography quotes nothing")


def _shingles(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


HOLDERS = 64  # sources remembered for one run of words: a run found in more is the collection's boilerplate


class _SourceRuns(NamedTuple):  # internal: a named tuple is ten times cheaper to define
    """The sources' words as runs, each mapped to the sources holding it (by their order), built once
    so that matching a quotation costs its own length, not the number of sources."""

    numbers: list[int]
    runs: dict[tuple[str, ...], list[int]]  # a run of SHINGLE words → the first HOLDERS sources holding it
    short: dict[tuple[str, ...], int]  # a run of MIN_WORDS to SHINGLE - 1 words → the first source holding it


def _source_runs(passages: Iterable[Passage]) -> _SourceRuns:
    """The runs of every source's words (its paragraphs joined), from the document's passages in
    order: one source's paragraphs are held at a time."""
    runs: dict[tuple[str, ...], list[int]] = {}
    short: dict[tuple[str, ...], int] = {}
    numbers: list[int] = []

    def add(order: int, texts: list[str]) -> None:
        words = keys(" ".join(texts))
        for size in range(MIN_WORDS, SHINGLE):
            for i in range(len(words) - size + 1):
                short.setdefault(tuple(words[i : i + size]), order)
        for run in _shingles(words):
            holders = runs.setdefault(run, [])
            if len(holders) < HOLDERS:
                holders.append(order)

    texts: list[str] | None = None  # the paragraphs of the source at hand
    for passage in passages:
        if passage.section != "sources" or passage.source is None:
            continue
        if passage.ref == f"source {passage.source}":  # a source's heading: the one before is whole
            if texts is not None:
                add(len(numbers) - 1, texts)
            numbers.append(passage.source)
            texts = []
        elif texts is not None and numbers[-1] == passage.source:
            texts.append(passage.text)
    if texts is not None:
        add(len(numbers) - 1, texts)
    return _SourceRuns(numbers, runs, short)


def _reproduced(words: list[str], sources: _SourceRuns) -> int | None:
    """The source a quotation's words stand in, word for word, if one does: the one holding the
    most of its runs of eight words, at least half of them (the first such source on a tie)."""
    if len(words) < MIN_WORDS:
        return None
    if len(words) < SHINGLE:
        order = sources.short.get(tuple(words))
        return None if order is None else sources.numbers[order]
    runs = _shingles(words)
    counts: dict[int, int] = {}
    for run in runs:
        for order in sources.runs.get(run, ()):
            counts[order] = counts.get(order, 0) + 1
    if not counts:
        return None
    best = min(counts, key=lambda order: (-counts[order], order))
    return sources.numbers[best] if counts[best] / len(runs) >= 0.5 else None


def _bio_quotations(passages: Callable[[], Iterable[Passage]]) -> Iterator[tuple[Passage, re.Match[str], int | None]]:
    """Each quotation of the biography with its passage and the source it reproduces, if any
    (``passages()`` reads the document's passages, in order)."""
    sources = _source_runs(passages())
    for passage in passages():
        if passage.section == "bio":
            for match in re.finditer(QUOTATION, passage.text):
                yield passage, match, _reproduced(keys(match.group(1) or match.group(2)), sources)


def quotations(passages: Callable[[], Iterable[Passage]], index: PeopleIndex) -> Quotations:
    """Every quotation of the biography with its speaker, lead-in and reproduced source.
    ``passages()`` reads the document's passages, in order; they are read one at a time, a few
    times over (the sources' words, what the attribution rule reads of the whole, the quotations)."""
    from smilga_cli.document.loader import parse_source_heading
    from smilga_cli.index import attribution
    from smilga_cli.index.people import mention_finder

    find = mention_finder(index)
    title = next((p.text for p in passages() if p.section == "title"), "")
    references_in = attribution.passage_resolver(title, (p.text for p in passages() if p.section == "bio"), index)
    works = attribution.named_works(p for p in passages() if p.section == "bio")
    authors: dict[int, str | None] = {}
    for passage in passages():
        if passage.source is not None and passage.ref == f"source {passage.source}":
            heading = parse_source_heading(passage.text)
            authors[passage.source] = _author_name(heading[1] if heading else None, index)
    quoted = []
    previous: tuple[int, int] = (0, 0)  # the passage line and end of the last quotation
    mentions: list[Mention] = []
    references: list[attribution.Reference] = []
    for passage, match, source in _bio_quotations(passages):
        if passage.line != previous[0]:  # a passage's first quotation: its mentions and references alone
            mentions = list(find(passage))  # (the attribution rule looks no further than a passage)
            references = references_in(passage, mentions)
        # The lead-in: this sentence's words before the quotation, after any earlier quotation.
        after_previous = previous[1] if previous[0] == passage.line else 0
        lead_start = max(after_previous, sentence_span(passage.text, match.start(), match.end())[0])
        previous = (passage.line, match.end())
        said = attribution.speaker(passage, match.start(), mentions, references, works)
        if said is None and source is not None and authors.get(source):
            said = attribution.Speaker(authors[source] or "", "person")
        lead_in = " ".join(passage.text[lead_start : match.start()].split())
        text = match.group(1) or match.group(2)
        quoted.append(
            Quotation(passage.ref, passage.line_at(match.start()), said.name if said else None, lead_in, text,
                      source, said.kind if said else None)
        )  # fmt: skip
    return Quotations(tuple(quoted))


def _author_name(author: str | None, index: PeopleIndex) -> str | None:
    """The index's name for a source's author ("Lenin" → "Vladimir Lenin")."""
    if not author:
        return None
    return next((p.name for p in index.people if author in (p.name, *p.forms)), author)


def with_quoted_in(document: Document, sources: Sequence[Source]) -> list[Source]:
    """``sources`` with ``quoted_in`` filled: where the biography quotes each word for word."""
    places: dict[int, list[Place]] = {}
    for passage, match, number in _bio_quotations(document.passages):
        if number is not None:
            places.setdefault(number, []).append(Place(passage.ref, passage.line_at(match.start())))
    return [s._replace(quoted_in=tuple(places.get(s.number, ()))) for s in sources]
