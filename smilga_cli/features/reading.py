"""Choose what to read: a source by number, reference or author; biography paragraphs by number or range."""

from __future__ import annotations

import re
from typing import NamedTuple

from smilga_cli.document.model import BioSelection, Document, Result, Source
from smilga_cli.document.text import integer, keys, shown, span
from smilga_cli.errors import NothingFound, SmilgaError

# ASCII digits and case rules only: "source", "bio" and "caption" are ASCII words, and a digit of
# another script or a long s ("ſource") must not slip through a case-blind match.
_NUMBER = re.compile(r"[+-]?[0-9]+")
_SOURCE_REF = re.compile(
    r"(?:source\s*)?([+-]?[0-9]+)\s*(?:¶|:|\s)\s*¶?\s*([+-]?[0-9]+(?:\s*(?:-|–|—|\.\.)\s*[0-9]*)?)", re.I | re.A
)
_PARAGRAPHS = re.compile(r"¶*\s*([0-9]+)?\s*(?:-|–|—|\.\.)\s*([0-9]+)?", re.A)
_BIO_RANGE = re.compile(
    r"(?:bio\s*)?([+-]?[0-9]+)?\s*(?:-|–|—|\.\.)\s*([+-]?[0-9]+)?|(?:bio\s*)?([+-]?[0-9]+)", re.I | re.A
)
_CAPTION = re.compile(r"caption\s*([0-9]+)?", re.I | re.A)
_SOURCE_WORD = re.compile(r"^source\s+", re.I | re.A)


class _SourceListFields(NamedTuple):
    """The fields of ``SourceList``."""

    sources: tuple[Source, ...]


class SourceList(_SourceListFields, Result):
    """The primary sources, for ``sources``; its JSON is the list itself."""

    __slots__ = ()

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


def _source_by_number(document: Document, written: str) -> Source:
    number = integer(written)
    source = document.source(number) if number is not None else None
    if source is None:
        raise SelectionError(f"no source {shown(written)}: {_source_range(document)}")
    return source


def _paragraph_of(source: Source, written: str) -> Source:
    numbers = [p.number for p in source.paragraphs]
    number = integer(written)
    if number is None or number not in numbers:
        raise SelectionError(f"{source.ref} has no paragraph {shown(written)}: its paragraphs are {span(numbers)}")
    return source._replace(paragraphs=tuple(p for p in source.paragraphs if p.number == number))


def find_source(document: Document, query: str, paragraph: str | None = None) -> Source:
    """The source ``query`` names (number, "4 ¶3", author or title words), narrowed to ``paragraph``."""
    query = _SOURCE_WORD.sub("", " ".join(query.split()))  # one space between words: linear patterns below
    if not query:
        raise SelectionError(f"give a source number or an author's name: {_source_range(document)}")
    ref = _SOURCE_REF.fullmatch(query)
    if ref is not None and paragraph is None:
        query, paragraph = ref.group(1), ref.group(2)
    if _NUMBER.fullmatch(query):
        source = _source_by_number(document, query)
    else:
        source = _source_by_name(document, query)
    if paragraph is None:
        return source
    paragraph = " ".join(paragraph.split()).lstrip("¶").strip()
    span_of = _PARAGRAPHS.fullmatch(paragraph)
    if span_of is not None and (span_of.group(1) or span_of.group(2)):
        return _paragraphs_of(source, span_of.group(1), span_of.group(2))
    if not _NUMBER.fullmatch(paragraph):
        raise SelectionError(f"a paragraph is a number or a range (3-5), not '{shown(paragraph)}'")
    return _paragraph_of(source, paragraph)


def _paragraphs_of(source: Source, first: str | None, last: str | None) -> Source:
    """``source`` narrowed to the paragraphs from ``first`` to ``last`` (either may be left out: "3-", "-2")."""
    numbers = [p.number for p in source.paragraphs]

    def number(written: str) -> int:
        found = integer(written)
        if found is None or found not in numbers:
            raise SelectionError(f"{source.ref} has no paragraph {shown(written)}: its paragraphs are {span(numbers)}")
        return found

    low = number(first) if first else numbers[0]
    high = number(last) if last else numbers[-1]
    if low > high:
        raise SelectionError(f"the range {low}-{high} runs backwards: write {high}-{low}")
    return source._replace(paragraphs=tuple(p for p in source.paragraphs if low <= p.number <= high))


def _source_by_name(document: Document, query: str) -> Source:
    wanted = keys(_SOURCE_WORD.sub("", query))
    if not wanted:
        raise SelectionError(f"'{shown(query)}' names no source: {_source_range(document)}")

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
            raise SelectionError(f"'{shown(query)}' matches sources {listed}: give the number")
    known = ", ".join(f"{s.number} {s.author or s.title}" for s in document.sources)
    raise SelectionError(
        f"no source matches '{shown(query)}': {_source_range(document)}" + (f" ({known})" if known else "")
    )


def _similar_sources(document: Document, wanted: list[str], field: str) -> list[Source]:
    from smilga_cli.index.search import similarity  # rapidfuzz only when spelling has to be forgiven

    def close(field_value: str | None) -> bool:
        have = keys(field_value or "")
        return bool(have) and all(max(similarity(w, word) for word in have) >= 80 for w in wanted)

    return [s for s in document.sources if close(getattr(s, field))]


def _number_in(written: str, numbers: list[int], noun: str, have: str) -> int:
    """The number ``written`` if ``numbers`` has it, else a SelectionError that says which there are."""
    number = integer(written)
    if number is None or number not in numbers:
        raise SelectionError(f"no {noun} {shown(written)}: {have} {span(numbers)}")
    return number


def select_bio(document: Document, selection: str | None) -> BioSelection:
    """Biography paragraphs by "7", "3-5" (or "3–5", "3..5", "3-"), "caption"/"caption 2", or all for None."""
    numbers = [p.number for p in document.paragraphs]
    if selection is None or not selection.strip():
        return BioSelection(document.title.text, document.paragraphs, document.captions)
    selection = " ".join(selection.split())
    caption = _CAPTION.fullmatch(selection)
    if caption is not None:
        captions = [c.number for c in document.captions]
        number = _number_in(caption.group(1) or "1", captions, "caption", "captions are")
        return BioSelection(document.title.text, (), tuple(c for c in document.captions if c.number == number))
    match = _BIO_RANGE.fullmatch(selection)
    if match is None or not any(match.groups()):  # a dash alone is no range (as for a source's paragraphs)
        raise SelectionError(
            f"'{shown(selection)}' is not a paragraph, a range or 'caption': paragraphs are numbered {span(numbers)}"
        )
    noun, have = "biography paragraph", "paragraphs are numbered"
    if match.group(3) is not None:
        first = last = _number_in(match.group(3), numbers, noun, have)
    else:
        first = _number_in(match.group(1), numbers, noun, have) if match.group(1) else numbers[0]
        last = _number_in(match.group(2), numbers, noun, have) if match.group(2) else numbers[-1]
    if first > last:
        raise SelectionError(f"the range {first}-{last} runs backwards: write {last}-{first}")
    paragraphs = tuple(p for p in document.paragraphs if first <= p.number <= last)
    return BioSelection(document.title.text, paragraphs, ())


def passage_lines(document: Document, reference: str) -> tuple[str, set[int]]:
    """The reference as the text writes it and the first lines of its passages, for "bio 8", "bio 3-5",
    "caption", "title", "source 4" (heading and paragraphs) or "source 4 ¶3"; SelectionError otherwise."""
    written = " ".join(reference.split())
    lowered = written.lower()
    if lowered == "title":
        return "title", set(document.title.lines)
    if lowered.startswith(("bio", "caption")) or _BIO_RANGE.fullmatch(written):
        selection = select_bio(document, written)
        lines = {p.line for p in selection.paragraphs} | {c.line for c in selection.captions}
        refs = [p.ref for p in selection.paragraphs] + [c.ref for c in selection.captions]
        return (refs[0] if len(refs) == 1 else written), lines
    if lowered.startswith("source"):
        rest = _SOURCE_WORD.sub("", written)
        chosen = find_source(document, rest)
        if _SOURCE_REF.fullmatch(rest) is None:  # the whole source: its heading and paragraphs
            return chosen.ref, {chosen.line} | {p.line for p in chosen.paragraphs}
        return chosen.paragraphs[0].ref, {p.line for p in chosen.paragraphs}
    raise SelectionError(
        f"'{shown(reference)}' is not a reference: give bio N, bio A-B, caption, title, source N or source N ¶P"
    )
