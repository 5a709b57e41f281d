"""The passage table: what search knows of each passage besides its words (reference, section,
line, source, word count, the units it belongs to), in compact arrays, and how its text is read.

A table built from a document holds the passages' texts; a table read back from stored blobs
(``PassageTable.load``) reads a passage's text only when search asks for it, from the document
file by byte offsets (``spans``), so that a query touches only the passages that may match it.

**Stored form.** Named blobs of little-endian ``array`` bytes and UTF-8 text, never pickles: a
stored index must not be able to run code. Passage *n*'s text is the document's bytes
``spans[2n]:spans[2n+1]`` decoded as UTF-8 with every CR before a LF dropped (as the loader
splits lines), unless *n* is listed in ``inline``: then its text is stored (a document in UTF-16,
or with old Mac line ends, has every passage stored so). Spans and references are stored in
chunks of 4,096 passages (``spans.K``; ``refs.K``, end to end, with where each ends in
``ref_ends.K``), and every other array whole; a loaded table reads each the first time it is used,
so that a search showing twenty hits reads their chunks and little else.
"""

from __future__ import annotations

import codecs
import operator
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, islice
from typing import Any, NamedTuple, overload

from smilga_cli.document.model import Passage

SECTIONS = ("title", "bio", "caption", "sources")
FORMAT = b"smilga passage table 2"
_UNIT_ARRAYS = (("i", "unit_headings"), ("I", "unit_passages"), ("I", "first_units"), ("I", "unit_counts"))
_CHUNK = 4096  # passages a stored chunk of references and spans holds: a hit shown reads its chunk alone
_RECENT = 1024  # texts a loaded table keeps: a search reading every passage must not hold them all
_NO_SOURCE = -1  # a source number is 0 to 999,999,999 (nine digits at most): -1 is none


class Unit(NamedTuple):
    """What a query is matched in: a passage, or a source paragraph with its source's heading."""

    parts: tuple[int, ...]  # passage numbers; the last is the unit's own passage


def little_endian(values: array[int]) -> bytes:
    """An array's bytes, little-endian whatever the machine."""
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def array_of(typecode: str, data: bytes) -> array[int]:
    """An array from the bytes ``_stored`` wrote; ValueError if they do not fit its item size."""
    values = array(typecode)
    if len(data) % values.itemsize:
        raise ValueError(f"a stored array of {typecode!r} has {len(data)} bytes")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def decode_span(raw: bytes) -> str:
    """A passage's text from its bytes in the document file: UTF-8, a CR before each LF dropped."""
    return raw.decode("utf-8").replace("\r\n", "\n")


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

    # ---- stored form ----------------------------------------------------------------------------

    def dump(self, raw: bytes | None = None) -> dict[str, bytes]:
        """The table as named blobs. With the document file's bytes, texts are stored as byte spans
        into it (checked: a passage whose span does not give its text is stored whole); without
        them every text is stored."""
        spans = _spans(raw, self) if raw is not None else array("Q", [0] * (2 * len(self)))
        inline = array("I", (n for n in range(len(self)) if spans[2 * n] == spans[2 * n + 1] and self.text(n)))
        refs = [ref.encode("utf-8", "surrogatepass") for ref in self.refs]
        texts = [self.text(n).encode("utf-8", "surrogatepass") for n in inline]
        chunks: dict[str, bytes] = {}
        for chunk, first in enumerate(range(0, len(self), _CHUNK)):
            these = refs[first : first + _CHUNK]
            chunks[f"refs.{chunk}"] = b"".join(these)
            chunks[f"ref_ends.{chunk}"] = little_endian(array("I", accumulate(map(len, these))))
            chunks[f"spans.{chunk}"] = little_endian(spans[2 * first : 2 * (first + _CHUNK)])
        return {
            "format": FORMAT,
            "size": little_endian(array("I", [len(self)])),
            **chunks,
            "sections": bytes(self.sections),
            "lines": little_endian(self.lines),
            "sources": little_endian(self.sources),
            "word_counts": little_endian(self.word_counts),
            "unit_headings": little_endian(self.unit_headings),
            "unit_passages": little_endian(self.unit_passages),
            "first_units": little_endian(self.first_units),
            "unit_counts": little_endian(self.unit_counts),
            "inline": little_endian(inline),
            "inline_lengths": little_endian(array("I", map(len, texts))),
            "inline_texts": b"".join(texts),
        }

    @classmethod
    def load(cls, blob: Callable[[str], bytes], read: Callable[[int, int], bytes]) -> PassageTable:
        """The table ``dump`` stored, reading texts by ``read(start, end)`` (the document file's bytes
        from ``start`` to ``end``) when asked; the last texts read are kept. Each array is read,
        and checked, the first time it is used: a search showing twenty hits reads what they need.
        ValueError if it does not check out (then build it again)."""
        if blob("format") != FORMAT:
            raise ValueError("not a passage table of this version")
        size = array_of("I", blob("size"))
        if len(size) != 1:
            raise ValueError("the passage table's size is not one number")
        return _StoredTable(blob, read, size[0])


class _StoredTable(PassageTable):
    """A table read back from its blobs, each array read the first time it is used (``__getattr__``
    runs only for an attribute not yet set), checked against the table's size."""

    def __init__(self, blob: Callable[[str], bytes], read: Callable[[int, int], bytes], size: int) -> None:
        self._blob = blob
        self._read = read
        self._size = size
        self._recent: dict[int, str] = {}  # the texts read last: a unit's, while it is matched and grouped
        self._chunks: dict[int, array[int]] = {}  # the chunks of spans read
        self.text = self._text

    def __len__(self) -> int:
        return self._size

    def __getattr__(self, name: str) -> Any:
        group = _GROUPS.get(name)
        if group is None:
            raise AttributeError(name)
        self.__dict__.update(group(self._blob, self._size))
        return self.__dict__[name]

    def _spans(self, chunk: int) -> array[int]:
        found = self._chunks.get(chunk)
        if found is None:
            found = self._chunks[chunk] = array_of("Q", self._blob(f"spans.{chunk}"))
            if len(found) != 2 * _chunk_size(chunk, self._size):
                raise ValueError(f"the passage table's spans {chunk} do not fit its passages")
        return found

    def _text(self, number: int) -> str:
        found: str | None = self.inline.get(number)
        if found is None:
            found = self._recent.get(number)
        if found is None:
            if len(self._recent) >= _RECENT:
                self._recent.pop(next(iter(self._recent)))  # the oldest: a search walks the passages in order
            spans, at = self._spans(number // _CHUNK), number % _CHUNK
            found = self._recent[number] = decode_span(self._read(spans[2 * at], spans[2 * at + 1]))
        return found


def _sized(values: Sequence[Any], size: int, name: str) -> Sequence[Any]:
    if len(values) != size:
        raise ValueError(f"the passage table's {name} has {len(values)} entries for {size} passages")
    return values


def _refs_group(blob: Callable[[str], bytes], size: int) -> dict[str, Any]:
    return {"refs": _Refs(blob, size)}


def _sections_group(blob: Callable[[str], bytes], size: int) -> dict[str, Any]:
    sections = blob("sections")
    if sections.translate(None, bytes(range(len(SECTIONS)))):
        raise ValueError("the passage table has a section out of range")
    return {"sections": _sized(sections, size, "sections")}


def _array_group(name: str, typecode: str) -> Callable[[Callable[[str], bytes], int], dict[str, Any]]:
    def group(blob: Callable[[str], bytes], size: int) -> dict[str, Any]:
        return {name: _sized(array_of(typecode, blob(name)), size, name)}

    return group


def _inline_group(blob: Callable[[str], bytes], size: int) -> dict[str, Any]:
    inline: dict[int, str] = {}
    stored, position = blob("inline_texts"), 0
    for number, length in zip(array_of("I", blob("inline")), array_of("I", blob("inline_lengths")), strict=True):
        inline[number] = stored[position : position + length].decode("utf-8", "surrogatepass")
        position += length
    return {"inline": inline}


def _units_group(blob: Callable[[str], bytes], size: int) -> dict[str, Any]:
    arrays = {name: array_of(code, blob(name)) for code, name in _UNIT_ARRAYS}
    _check_units(size, *arrays.values())
    return arrays


_GROUPS: dict[str, Callable[[Callable[[str], bytes], int], dict[str, Any]]] = {
    "refs": _refs_group,
    "sections": _sections_group,
    "lines": _array_group("lines", "I"),
    "sources": _array_group("sources", "i"),
    "word_counts": _array_group("word_counts", "I"),
    "inline": _inline_group,
    **dict.fromkeys((name for _, name in _UNIT_ARRAYS), _units_group),
}


class _Refs(Sequence[str]):
    """Stored references, read a chunk at a time and decoded one at a time: a search reads those
    of the hits it shows."""

    def __init__(self, blob: Callable[[str], bytes], size: int) -> None:
        self._blob = blob
        self._size = size
        self._chunks: dict[int, tuple[bytes, array[int]]] = {}

    def __len__(self) -> int:
        return self._size

    def _chunk(self, chunk: int) -> tuple[bytes, array[int]]:
        found = self._chunks.get(chunk)
        if found is None:
            joined, ends = self._blob(f"refs.{chunk}"), array_of("I", self._blob(f"ref_ends.{chunk}"))
            ordered = all(map(operator.lt, ends, islice(ends, 1, None))) and (not ends or ends[0] > 0)  # none empty
            if len(ends) != _chunk_size(chunk, self._size) or not ordered or (ends and ends[-1] != len(joined)):
                raise ValueError(f"the passage table's references {chunk} do not add up")
            found = self._chunks[chunk] = (joined, ends)
        return found

    @overload
    def __getitem__(self, number: int) -> str: ...
    @overload
    def __getitem__(self, number: slice) -> Sequence[str]: ...
    def __getitem__(self, number: int | slice) -> str | Sequence[str]:
        if isinstance(number, slice):
            return [self[n] for n in range(*number.indices(len(self)))]
        if number < 0:
            number += len(self)
        if not 0 <= number < self._size:
            raise IndexError(number)
        joined, ends = self._chunk(number // _CHUNK)
        at = number % _CHUNK
        return joined[ends[at - 1] if at else 0 : ends[at]].decode("utf-8", "surrogatepass")


def _chunk_size(chunk: int, size: int) -> int:
    """How many passages chunk ``chunk`` of a table of ``size`` holds."""
    return max(0, min(_CHUNK, size - chunk * _CHUNK))


def _check_units(
    passages: int, headings: array[int], owners: array[int], first: array[int], counts: array[int]
) -> None:
    """ValueError unless the stored unit arrays fit the passages: every index in range, and as many
    (passage, unit) pairs counted per passage as the units hold (a stored table is not trusted: a
    count out of range would make a search walk billions of units)."""
    units = len(owners)
    if len(headings) != units or len(first) != passages or len(counts) != passages:
        raise ValueError("the passage table's unit arrays differ in length")
    if passages and max(first) >= max(units, 1):
        raise ValueError("the passage table has a unit out of range")
    if units and (max(owners) >= passages or min(owners) < 0 or max(headings) >= passages or min(headings) < -1):
        raise ValueError("the passage table has a passage out of range")
    if sum(counts) != units + len(headings) - headings.count(-1):
        raise ValueError("the passage table's unit counts do not add up")


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


def _spans(raw: bytes, table: PassageTable) -> array[int]:
    """Where each passage's text is in the document file's bytes, as start and end offsets; both 0
    for a passage whose bytes there do not give its text."""
    spans = array("Q", [0] * (2 * len(table)))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (b"\n" not in raw and b"\r" in raw):
        return spans  # not UTF-8 or not split on LF: every text stored
    begin = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    starts = [begin]  # byte offset of each line, 1-based lines at index line - 1
    for number in range(len(table)):
        text = table.text(number)
        first, last = table.lines[number], table.lines[number] + text.count("\n")
        while len(starts) <= last:
            found = raw.find(b"\n", starts[-1])
            starts.append(len(raw) + 1 if found < 0 else found + 1)
        start, end = starts[first - 1], min(starts[last], len(raw) + 1) - 1
        if end > start and raw[end - 1 : end] == b"\r":
            end -= 1
        try:
            written = decode_span(raw[start:end])
        except UnicodeDecodeError:
            continue
        if written != text:  # a title or heading is stripped of the white space around it
            lead = written.find(text) if text else -1
            if lead < 0:
                continue
            start += len(written[:lead].encode("utf-8"))
            end = start + len(text.encode("utf-8"))
            if decode_span(raw[start:end]) != text:
                continue
        spans[2 * number], spans[2 * number + 1] = start, end
    return spans
