"""The layout every writer shares: a result as blocks of styled lines, groups, tables and quotations.

A result is laid out once; the writers (``render.py``: plain text, Rich, markdown) turn the same
blocks into their format. The layout of a result lives in ``output/layouts/`` in the module named
as the result's own (``features/timeline.py`` → ``layouts/timeline.py``), registered for its
type with ``@lays_out``; ``layout`` imports that module the first time a result of it is laid
out, so a run loads the layouts of its own results only.
"""

from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from typing import Any, NamedTuple, TypeVar

Span = tuple[str, str]  # (text, style name); "" is unstyled
Line = list[Span]


# The blocks are named tuples: a dataclass costs every run far more to define.


class Group(NamedTuple):
    """A heading and rows of (label, body) under it: the hits or mentions of one passage."""

    heading: Line
    rows: list[tuple[str, Line]]


class Tabular(NamedTuple):
    """A table: tab-separated when piped, a Rich table on a terminal, a markdown table."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    numeric: frozenset[int] = frozenset()  # right-aligned columns


class Quote(NamedTuple):
    """Text quoted from the document. As text: the heading lines, then each passage under its label
    (reference and line); as markdown: a block quote of the passages, the attribution beneath."""

    heading: list[Line]
    passages: list[tuple[Line, str, str]]  # (label, text, style of the text)
    attribution: Line


Block = Line | Group | Tabular | Quote
STYLES = ("heading", "ref", "line", "author", "title", "date", "match", "fuzzy", "note", "caption", "strip")

R = TypeVar("R")
LAYOUTS: dict[type, Callable[[Any], Iterable[Block]]] = {}


def lays_out(kind: type[R]) -> Callable[[Callable[[R], Iterable[Block]]], Callable[[R], Iterable[Block]]]:
    """Register the decorated function as the layout of results of type ``kind``."""

    def register(function: Callable[[R], Iterable[Block]]) -> Callable[[R], Iterable[Block]]:
        LAYOUTS[kind] = function
        return function

    return register


def layout(result: object) -> Iterable[Block]:
    """``result`` as blocks, by the layout registered for its type: a list, or for a result that may
    be long, blocks made as they are written."""
    kind = type(result)
    if kind not in LAYOUTS:
        module = f"{__package__}.layouts.{kind.__module__.rpartition('.')[2]}"
        try:
            import_module(module)
        except ModuleNotFoundError as missing:
            if missing.name != module:
                raise
    if kind not in LAYOUTS:
        raise TypeError(f"no layout for {kind.__name__}")
    return LAYOUTS[kind](result)


# ---- pieces several layouts use -----------------------------------------------------------------


def where(ref: str, line: int, end_line: int | None = None) -> Line:
    """ "bio 7 · line 23": a reference and its line(s)."""
    lines = f"line {line}" if end_line in (None, line) else f"lines {line}–{end_line}"
    return [(ref, "ref"), (f" · {lines}", "line")]


def lines_label(first: int, last: int) -> str:
    """ "line 5" or "lines 5–9"."""
    return f"line {first}" if first == last else f"lines {first}–{last}"


def snippet_spans(snippet: str, highlight: tuple[int, int], style: str) -> Line:
    """A snippet with its match styled."""
    start, end = highlight
    return [(snippet[:start], ""), (snippet[start:end], style), (snippet[end:], "")]


def plural(count: int, noun: str) -> str:
    """ "1 hit", "2 hits"."""
    return f"{count} {noun}{'s' * (count != 1)}"
