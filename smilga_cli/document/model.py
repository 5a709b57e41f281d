"""Frozen records (named tuples) for the parsed document; every element knows its line(s) and its reference.

The fields of each record are its JSON form: the fields of an element are what ``--json`` prints,
so renaming a field is a change of the documented contract. ``Result`` is the base of what a
command shows, here because every layer above builds on it.

Why named tuples rather than frozen dataclasses: on Python 3.11 defining a frozen dataclass costs
a run about a millisecond (it compiles six methods), a named tuple a tenth of that, and start-up
is held to the frameworks' floor (``tests/bench.py``). A result is a named tuple of its fields,
subclassed to add ``Result``'s behaviour: ``class Source(_SourceFields, Result)``.
"""

from collections.abc import Iterator
from typing import ClassVar, NamedTuple

from smilga_cli.errors import NothingFound


class Result:
    """What a command shows. A result knows whether it holds anything, and says why not.

    The output layer writes a result, then raises ``nothing_found()`` when it is ``empty``
    (exit 1); JSON is written even then, so that a script always reads a document. A result
    shown even when empty (a count of 0, as ``grep -c``) sets ``shown_when_empty``.
    """

    __slots__ = ()
    shown_when_empty: ClassVar[bool] = False
    json_hidden: ClassVar[frozenset[str]] = frozenset()  # fields kept for messages, not part of the JSON

    @property
    def empty(self) -> bool:
        """Whether there is nothing to show."""
        return False

    def nothing_found(self) -> NothingFound:
        """The one line that says what was not found."""
        return NothingFound("nothing found")


class Title(NamedTuple):
    """The document's title line, and the lines that repeat it right under it."""

    text: str
    lines: tuple[int, ...]


class Heading(NamedTuple):
    """A heading line of its own, such as "Primary Sources"."""

    text: str
    line: int


class Paragraph(NamedTuple):
    """One paragraph of the biography (``bio 7``) or of a source (``source 4 ¶3``): one line."""

    ref: str
    number: int
    line: int
    text: str


class Caption(NamedTuple):
    """A photo caption: a block of short wrapped lines, its title line first."""

    ref: str
    number: int
    line: int
    end_line: int
    text: str  # the block's lines joined by "\n", each exactly as in the file


class Place(NamedTuple):
    """A place in the text to open next: a reference and its line."""

    ref: str
    line: int
    doc: str = ""  # the document's file name


class _SourceFields(NamedTuple):
    """The fields of ``Source``."""

    ref: str
    number: int
    author: str | None
    title: str
    date: str | None
    line: int
    heading: str  # the heading line exactly as in the file
    paragraphs: tuple[Paragraph, ...]
    quoted_in: tuple[Place, ...] = ()  # filled in when a source is shown (quotes.quoted_in)
    doc: str = ""  # the document's file name


class Source(_SourceFields, Result):
    """A numbered primary source: its heading line, parsed, and its paragraphs."""

    __slots__ = ()


class _BioSelectionFields(NamedTuple):
    """The fields of ``BioSelection``."""

    title: str
    paragraphs: tuple[Paragraph, ...]
    captions: tuple[Caption, ...]
    doc: str = ""  # the document's file name


class BioSelection(_BioSelectionFields, Result):
    """Biography paragraphs and captions picked for reading, with the document's title."""

    __slots__ = ()


class Passage(NamedTuple):
    """A searchable stretch of text: any element, flattened to its reference, lines and text."""

    ref: str
    section: str  # "title", "bio", "caption" or "sources"
    line: int  # the line of the passage's first character
    text: str  # may hold "\n" (captions): line of an offset = line + newlines before it
    source: int | None = None  # the source number, for passages inside a source

    def line_at(self, offset: int) -> int:
        """The file line holding character ``offset`` of the passage text."""
        return self.line + self.text.count("\n", 0, offset)


class Document(NamedTuple):
    """The whole text: title, biography paragraphs, captions, and numbered primary sources."""

    title: Title
    paragraphs: tuple[Paragraph, ...]
    captions: tuple[Caption, ...]
    sources_heading: Heading | None
    sources: tuple[Source, ...]
    line_count: int

    def passages(self) -> Iterator[Passage]:
        """Every piece of text in the document, in file order."""
        found = [Passage("title", "title", line, self.title.text) for line in self.title.lines]
        found += [Passage(p.ref, "bio", p.line, p.text) for p in self.paragraphs]
        found += [Passage(c.ref, "caption", c.line, c.text) for c in self.captions]
        if self.sources_heading is not None:
            found.append(Passage("sources", "sources", self.sources_heading.line, self.sources_heading.text))
        for source in self.sources:
            found.append(Passage(source.ref, "sources", source.line, source.heading, source.number))
            found += [Passage(p.ref, "sources", p.line, p.text, source.number) for p in source.paragraphs]
        found.sort(key=lambda passage: passage.line)
        return iter(found)

    def source(self, number: int) -> Source | None:
        """The source numbered ``number``, if there is one."""
        return next((s for s in self.sources if s.number == number), None)
