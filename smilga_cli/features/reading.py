"""Choose what to read: a source by number, reference or author; biography paragraphs by number or range."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from smilga_cli.document.model import BioSelection, Document, Result, Source
from smilga_cli.document.text import keys, span
from smilga_cli.errors import NothingFound, SmilgaError

_NUMBER = re.compile(r"[+-]?\d+")
_SOURCE_REF = re.compile(r"(?:source\s*)?([+-]?\d+)\s*(?:¶|:|\s)\s*¶?\s*([+-]?\d+)", re.IGNORECASE)
_BIO_RANGE = re.compile(r"(?:bio\s*)?([+-]?\d+)?\s*(?:-|–|—|\.\.)\s*([+-]?\d+)?|(?:bio\s*)?([+-]?\d+)", re.IGNORECASE)
_CAPTION = re.compile(r"caption\s*(\d+)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceList(Result):
    """The primary sources, for ``sources``; its JSON is the list itself."""

    sources: tuple[Source, ...]

    def as_json(self) -> tuple[Source, ...]:
        """The JSON form: a list of sources, not an object around one."""
        return self.sources

    @property
    def empty(self) -> bool:
        """A document without numbered sources."""
        return not self.sources

    def nothing_found(self) -> NothingFound:
        """Why there is nothing to list."""
        return NothingFound("this document has no numbered primary sources")


class SelectionError(SmilgaError, ValueError):
    """What the user asked to read is not in the document; the message says what is."""


def _source_range(document: Document) -> str:
    if not document.sources:
        return "this document has no numbered sources"
    return "sources are " + span([s.number for s in document.sources])


def _source_by_number(document: Document, number: int) -> Source:
    source = document.source(number)
    if source is None:
        raise SelectionError(f"no source {number}: {_source_range(document)}")
    return source


def _paragraph_of(source: Source, number: int) -> Source:
    numbers = [p.number for p in source.paragraphs]
    if number not in numbers:
        raise SelectionError(f"{source.ref} has no paragraph {number}: its paragraphs are {span(numbers)}")
    return replace(source, paragraphs=tuple(p for p in source.paragraphs if p.number == number))


def find_source(document: Document, query: str, paragraph: str | None = None) -> Source:
    """The source ``query`` names (number, "4 ¶3", author or title words), narrowed to ``paragraph``."""
    query = query.strip()
    if not query:
        raise SelectionError(f"give a source number or an author's name: {_source_range(document)}")
    ref = _SOURCE_REF.fullmatch(query)
    if ref is not None and paragraph is None:
        query, paragraph = ref.group(1), ref.group(2)
    if _NUMBER.fullmatch(query):
        source = _source_by_number(document, int(query))
    else:
        source = _source_by_name(document, query)
    if paragraph is None:
        return source
    paragraph = paragraph.strip().lstrip("¶")
    if not _NUMBER.fullmatch(paragraph):
        raise SelectionError(f"a paragraph is a number, not '{paragraph}'")
    return _paragraph_of(source, int(paragraph))


def _source_by_name(document: Document, query: str) -> Source:
    wanted = keys(re.sub(r"^source\s+", "", query, flags=re.IGNORECASE))
    if not wanted:
        raise SelectionError(f"'{query}' names no source: {_source_range(document)}")

    def named(field: str | None) -> bool:
        have = keys(field or "")
        return all(any(word.startswith(w) for word in have) for w in wanted)

    for field in ("author", "title"):
        matching = [s for s in document.sources if named(getattr(s, field))]
        if not matching:
            matching = _similar_sources(document, wanted, field)
        if len(matching) == 1:
            return matching[0]
        if matching:
            listed = "; ".join(f"{s.number} ({s.author or s.title})" for s in matching)
            raise SelectionError(f"'{query}' matches sources {listed}: give the number")
    known = ", ".join(f"{s.number} {s.author or s.title}" for s in document.sources)
    raise SelectionError(f"no source matches '{query}': {_source_range(document)}" + (f" ({known})" if known else ""))


def _similar_sources(document: Document, wanted: list[str], field: str) -> list[Source]:
    from smilga_cli.index.search import similarity  # rapidfuzz only when spelling has to be forgiven

    def close(field_value: str | None) -> bool:
        have = keys(field_value or "")
        return bool(have) and all(max(similarity(w, word) for word in have) >= 80 for w in wanted)

    return [s for s in document.sources if close(getattr(s, field))]


def select_bio(document: Document, selection: str | None) -> BioSelection:
    """Biography paragraphs by "7", "3-5" (or "3–5", "3..5", "3-"), "caption"/"caption 2", or all for None."""
    numbers = [p.number for p in document.paragraphs]
    if selection is None or not selection.strip():
        return BioSelection(document.title.text, document.paragraphs, document.captions)
    selection = selection.strip()
    caption = _CAPTION.fullmatch(selection)
    if caption is not None:
        number = int(caption.group(1) or 1)
        captions = tuple(c for c in document.captions if c.number == number)
        if not captions:
            have = span([c.number for c in document.captions])
            raise SelectionError(f"no caption {number}: captions are {have}")
        return BioSelection(document.title.text, (), captions)
    match = _BIO_RANGE.fullmatch(selection)
    if match is None:
        raise SelectionError(
            f"'{selection}' is not a paragraph, a range or 'caption': paragraphs are numbered {span(numbers)}"
        )
    if match.group(3) is not None:
        first = last = int(match.group(3))
    else:
        first = int(match.group(1)) if match.group(1) else numbers[0]
        last = int(match.group(2)) if match.group(2) else numbers[-1]
    for number in (first, last):
        if number not in numbers:
            raise SelectionError(f"no biography paragraph {number}: paragraphs are numbered {span(numbers)}")
    if first > last:
        raise SelectionError(f"the range {first}-{last} runs backwards: write {last}-{first}")
    paragraphs = tuple(p for p in document.paragraphs if first <= p.number <= last)
    return BioSelection(document.title.text, paragraphs, ())
