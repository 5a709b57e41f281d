"""Citations of a primary source read through the biography, in the Chicago "quoted in" note form,
and the sources as bibliographic records for reference managers (CSL-JSON, written by the output
layer as BibTeX, RIS or CSL-JSON).

The note: author, the title (a published work's in italics; an unpublished document's, whose
title starts in lower case, "message sent to …", in quotation marks), the date (in parentheses
for a published work, after a comma for a document; a day and month written "September 12,
1917"), then "quoted in" the biography's title, in italics, and the reference, with the
paragraph when one is cited: ``Edvard Radzinsky, *Stalin* (1996), quoted in *Ivar Smilga*,
source 4, ¶3.`` Only Chicago is offered: the CSL processor for Python (citeproc-py, with the CSL
styles) abbreviates given names in Chicago author-date, recases an unpublished title, and CSL
has no form for a secondary ("quoted in") citation, which every citation here is.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from smilga_cli.document.model import Document, Result, Source
from smilga_cli.document.text import fold, span

MONTHS = "January February March April May June July August September October November December".split()
_DAY_MONTH_YEAR = re.compile(r"([0-3]?[0-9])(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+([0-9]{3,4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\s+([0-3]?[0-9])(?:st|nd|rd|th)?,?\s+([0-9]{3,4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+),?\s+([0-9]{3,4})")
_YEAR = re.compile(r"[0-9]{3,4}")
_DAYS = r"([0-3]?[0-9])(?:st|nd|rd|th)?\s*[-–]\s*([0-3]?[0-9])(?:st|nd|rd|th)?"
_DAYS_MONTH_YEAR = re.compile(_DAYS + r"\s+([A-Za-z]+),?\s+([0-9]{3,4})")
_MONTH_DAYS_YEAR = re.compile(r"([A-Za-z]+)\s+" + _DAYS + r",?\s+([0-9]{3,4})")
# The most days each month can have; February 29 in any year, as Old Style (Julian) dates had it in
# 1700, 1800 and 1900.
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month(name: str) -> int:
    """A month's number (1-12) from its English name, or 0."""
    return MONTHS.index(name.capitalize()) + 1 if name.capitalize() in MONTHS else 0


def day_range(written: str | None) -> tuple[int, int, int, int] | None:
    """A heading's date that spans days of one month ("22nd-23rd October, 1917", "October 22–23,
    1917") as (year, month, first day, last day), or None."""
    if not written:
        return None
    for pattern, (d1, d2, m, y) in ((_DAYS_MONTH_YEAR, (1, 2, 3, 4)), (_MONTH_DAYS_YEAR, (2, 3, 1, 4))):
        found = pattern.fullmatch(written.strip())
        if found is None:
            continue
        month, first, last = _month(found.group(m)), int(found.group(d1)), int(found.group(d2))
        if month and 1 <= first < last <= _MONTH_DAYS[month - 1]:
            return int(found.group(y)), month, first, last
    return None


def date_parts(written: str | None) -> tuple[int, ...] | None:
    """A heading's date as (year[, month[, day]]), or None when it is not a date ("n.d.")."""
    if not written:
        return None
    text = written.strip()
    for pattern, order in ((_DAY_MONTH_YEAR, (2, 1, 0)), (_MONTH_DAY_YEAR, (2, 0, 1))):
        found = pattern.fullmatch(text)
        if found is not None:
            year, month, day = (found.group(i + 1) for i in order)
            number = _month(month)
            if number and 1 <= int(day) <= _MONTH_DAYS[number - 1]:
                return int(year), number, int(day)
    found = _MONTH_YEAR.fullmatch(text)
    if found is not None and _month(found.group(1)):
        return int(found.group(2)), _month(found.group(1))
    if _YEAR.fullmatch(text):
        return (int(text),)
    return None


def chicago_date(written: str | None) -> str | None:
    """A date as Chicago writes it: "September 12, 1917", "March 1919", "1945"; as written when it is no date."""
    days = day_range(written)
    if days is not None:
        return f"{MONTHS[days[1] - 1]} {days[2]}–{days[3]}, {days[0]}"
    parts = date_parts(written)
    if parts is None:
        return written.strip() if written else None
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def published(source: Source) -> bool:
    """Whether a source's title names a published work (it starts in upper case) rather than a document."""
    return source.title[:1].isupper()


def cited_ref(source: Source, whole: Source | None) -> str:
    """ "source 4", or with the paragraphs cited: "source 4, ¶3", "source 4, ¶¶3–5"."""
    if whole is None or len(source.paragraphs) == len(whole.paragraphs) or not source.paragraphs:
        return f"source {source.number}"
    numbers = [p.number for p in source.paragraphs]
    marks = "¶" if len(numbers) == 1 else "¶¶"
    return f"source {source.number}, {marks}{span(numbers)}"


class _CitationFields(NamedTuple):
    """The fields of ``Citation``."""

    ref: str
    citation: str  # plain text: published titles as they are, unpublished ones in quotation marks
    markdown: str  # published titles and the biography's title in *italics*
    parts: tuple[tuple[str, str], ...] = ()  # (text, "title" or "")
    doc: str = ""  # the document's file name


class Citation(_CitationFields, Result):
    """A one-line citation of a source, read through the biography."""

    __slots__ = ()
    json_hidden = frozenset({"parts"})


def cite(document: Document, source: Source) -> Citation:
    """The Chicago "quoted in" note for ``source`` (the whole of it, or the paragraphs it holds)."""
    date = chicago_date(source.date)
    parts: list[tuple[str, str]] = [(f"{source.author}, ", "")] if source.author else []
    if published(source):
        parts += [(source.title, "title"), (f" ({date})" if date else "", "")]
    elif date:
        parts += [(f"“{source.title},” {date}", "")]
    else:
        parts += [(f"“{source.title}”", "")]
    ref = cited_ref(source, document.source(source.number))
    parts += [(", quoted in ", ""), (document.title.text, "title"), (f", {ref}.", "")]
    kept = tuple(part for part in parts if part[0])
    plain = "".join(text for text, _ in kept)
    markdown = "".join(f"*{text}*" if kind else text for text, kind in kept)
    return Citation(ref.replace(", ", " "), plain, markdown, kept)


class _CitedSourceFields(NamedTuple):
    """The fields of ``CitedSource``."""

    source: Source
    citation: Citation


class CitedSource(_CitedSourceFields, Result):
    """A source (or some of its paragraphs) and, under it, its citation: what ``source --cite`` shows."""

    __slots__ = ()

    def as_json(self) -> dict[str, Any]:
        """The source's JSON, with its citation under ``citation``."""
        return {**self.source._asdict(), "citation": self.citation}


# ---- records for reference managers -------------------------------------------------------------


def _name(author: str) -> dict[str, str]:
    """A CSL name: family and given names, or a single literal name ("Lenin")."""
    words = author.split()
    if len(words) < 2:
        return {"literal": author}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def record(document: Document, source: Source) -> dict[str, Any]:
    """A source as a CSL-JSON item: a published work is a book, a document a manuscript; the note
    says where the biography quotes it."""
    item: dict[str, Any] = {
        "id": key(source),
        "type": "book" if published(source) else "manuscript",
        "title": source.title,
        "note": f"Quoted in {document.title.text}, {cited_ref(source, document.source(source.number))}",
    }
    if source.author:
        item["author"] = [_name(source.author)]
    parts, days = date_parts(source.date), day_range(source.date)
    if days is not None:
        item["issued"] = {"date-parts": [[days[0], days[1], days[2]], [days[0], days[1], days[3]]]}
    elif parts is not None:
        item["issued"] = {"date-parts": [list(parts)]}
    elif source.date:
        item["issued"] = {"literal": source.date}
    return item


def key(source: Source) -> str:
    """A citation key: the author's surname (or the title's first word), the year, the number: serge1945-3."""
    first = (source.author or source.title).split()
    word = fold(first[-1] if source.author else first[0]) if first else "source"
    parts, days = date_parts(source.date), day_range(source.date)
    year = parts[0] if parts else days[0] if days else ""
    word = "".join(c for c in word.lower() if c.isascii() and c.isalnum())  # what BibTeX takes in a key
    return f"{word or 'source'}{year}-{source.number}"


class _SourceRecordsFields(NamedTuple):
    """The fields of ``SourceRecords``."""

    records: tuple[dict[str, Any], ...]


class SourceRecords(_SourceRecordsFields, Result):
    """Sources as CSL-JSON items, for ``--format bibtex|csl-json|ris``."""

    __slots__ = ()

    def as_json(self) -> list[dict[str, Any]]:
        """CSL-JSON: the list of items."""
        return list(self.records)

    @property
    def empty(self) -> bool:
        """No source to export."""
        return not self.records

    def nothing_found(self) -> Any:
        """Why there is nothing to export."""
        from smilga_cli.errors import NothingFound

        return NothingFound("this document has no numbered primary sources")


def records(document: Document, sources: tuple[Source, ...]) -> SourceRecords:
    """The records of ``sources``."""
    return SourceRecords(tuple(record(document, source) for source in sources))
