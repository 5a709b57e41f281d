"""The passage table: what search knows of each passage besides its words (reference, section,
line, source, word count, the units it belongs to), in compact arrays, and how its text is read.

Texts are read through ``text(n)`` alone, so that search reads only the passages a query's
words are in.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from smilga_cli.document.model import Passage

SECTIONS = ("title", "bio", "caption", "sources")
_NO_SOURCE = -1  # a source number is 0 to 999,999,999 (nine digits at most): -1 is none


class Unit(NamedTuple):
    """What a query is matched in: a passage, or a source paragraph with its source's heading."""

    parts: tuple[int, ...]  # passage numbers; the last is the unit's own passage


class PassageTable:
    """Per passage: reference, section, first line, source number, word count, and its units;
    per unit: its own passage and its source heading. Texts through ``text(n)``."""

    def __init__(
        self,
        refs: Sequence[str],
        sections: bytes,
        lines: array[int],
        sources: array[int],
        word_counts: array[int],
        unit_headings: array[int],
        unit_passages: array[int],
        first_units: array[int],
        unit_counts: array[int],
        text: Callable[[int], str],
    ) -> None:
        self.refs = refs
        self.sections = sections  # index into SECTIONS, one byte a passage
        self.lines = lines
        self.sources = sources  # -1: not in a source
        self.word_counts = word_counts
        self.unit_headings = unit_headings  # per unit: its source heading's passage, or -1
        self.unit_passages = unit_passages  # per unit: its own passage
        self.first_units = first_units  # per passage: the first unit holding it
        self.unit_counts = unit_counts  # per passage: how many units hold it (they follow one another)
        self.text = text

    def __len__(self) -> int:
        return len(self.refs)

    @classmethod
    def of(cls, passages: Sequence[Passage], word_counts: array[int]) -> PassageTable:
        """The table of passages in document order (their texts kept), with their word counts."""
        texts = [passage.text for passage in passages]
        sources = array("i", (_NO_SOURCE if p.source is None else p.source for p in passages))
        headings, owners = _units(passages)
        first_units, unit_counts = array("I", [0] * len(passages)), array("I", [0] * len(passages))
        for number, (heading, own) in enumerate(zip(headings, owners, strict=True)):
            for part in (own,) if heading < 0 else (heading, own):
                if unit_counts[part] and first_units[part] + unit_counts[part] != number:
                    raise ValueError(f"the units of passage {part} ({passages[part].ref}) do not follow one another")
                if not unit_counts[part]:
                    first_units[part] = number
                unit_counts[part] += 1
        return cls(
            [p.ref for p in passages], bytes(SECTIONS.index(p.section) for p in passages),
            array("I", (p.line for p in passages)), sources, word_counts, headings, owners, first_units,
            unit_counts, texts.__getitem__,
        )  # fmt: skip

    # ---- passages and units ---------------------------------------------------------------------

    def section(self, number: int) -> str:
        """The section of passage ``number``: "title", "bio", "caption" or "sources"."""
        return SECTIONS[self.sections[number]]

    def source(self, number: int) -> int | None:
        """The source number of passage ``number``, if it is inside a source."""
        source = self.sources[number]
        return None if source == _NO_SOURCE else source

    def passage(self, number: int) -> Passage:
        """Passage ``number`` whole, its text read."""
        return Passage(
            self.refs[number], self.section(number), self.lines[number], self.text(number), self.source(number)
        )

    def line_at(self, number: int, offset: int) -> int:
        """The file line holding character ``offset`` of passage ``number``'s text."""
        return self.lines[number] + self.text(number).count("\n", 0, offset)

    def unit(self, number: int) -> Unit:
        """Unit ``number``: its passages, its source heading first."""
        heading, own = self.unit_headings[number], self.unit_passages[number]
        return Unit((own,) if heading < 0 else (heading, own))

    @property
    def unit_total(self) -> int:
        """How many units there are."""
        return len(self.unit_passages)

    def units_of(self, passages: Iterable[int]) -> list[int]:
        """The units that hold any of ``passages``, in document order."""
        found: set[int] = set()
        for number in passages:
            first = self.first_units[number]
            found.update(range(first, first + self.unit_counts[number]))
        return sorted(found)

    def in_scope(self, unit: int, scopes: tuple[str, ...]) -> bool:
        """Whether unit ``unit``'s own passage is in one of ``scopes`` (all when there are none)."""
        if not scopes:
            return True
        own = self.unit_passages[unit]
        for scope in scopes:
            if scope.startswith("source:"):
                if self.sources[own] == int(scope.removeprefix("source:")):
                    return True
            elif self.section(own) == scope:
                return True
        return False

    def unit_length(self, unit: Unit) -> int:
        """The words of a unit's passages."""
        return sum(self.word_counts[number] for number in unit.parts)


def _units(passages: Sequence[Passage]) -> tuple[array[int], array[int]]:
    """Every unit in document order, as (source heading or -1, own passage): a source heading joins
    each paragraph of its source and is a unit of its own only when its source has none."""
    heading: dict[int, int] = {}  # source number → its heading passage
    with_paragraphs: set[int] = set()
    for number, passage in enumerate(passages):
        if passage.source is not None and passage.ref == f"source {passage.source}":
            heading[passage.source] = number
        elif passage.source is not None and passage.source in heading:
            with_paragraphs.add(passage.source)
    headings, owners = array("i"), array("I")
    for number, passage in enumerate(passages):
        if passage.source is not None and passage.ref == f"source {passage.source}":
            if passage.source not in with_paragraphs:
                headings.append(-1)
                owners.append(number)
        elif passage.source is not None and passage.source in heading:
            headings.append(heading[passage.source])
            owners.append(number)
        else:
            headings.append(-1)
            owners.append(number)
    return headings, owners
