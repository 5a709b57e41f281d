"""The options several commands share, defined once, and the checks that go with them: one output
format chosen once, contradictory options refused, unknown options kept out of positional arguments."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

import typer

from smilga_cli.document.text import integer, shown
from smilga_cli.errors import SmilgaError
from smilga_cli.output.emit import Format

FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", case_sensitive=False, show_default=False,
                 help="text (the default: Rich on a terminal, plain when piped), markdown, json; "
                      "for source and sources also bibtex, csl-json, ris."),
]  # fmt: skip
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]


def whole_number(low: int, high: int) -> Callable[[str | int], int]:
    """A parser for a numeric option: ASCII digits only (no "٣" or "3_0", which Python's int()
    takes), at most nine of them, from ``low`` to ``high``; a bad value is one line and exit 2."""

    def parse(written: str | int) -> int:
        if isinstance(written, int):  # a default
            return written
        value = integer(written) if re.fullmatch(r"\s*[0-9]+\s*", written) else None
        if value is None or not low <= value <= high:
            raise typer.BadParameter(f"'{shown(written)}' is not a whole number from {low} to {high}")
        return value

    return parse


ContextOption = Annotated[
    int,
    typer.Option("--context", "-C", parser=whole_number(0, 200), metavar="N",
                 help="Words of context either side of a match (0-200)."),
]  # fmt: skip
PagerOption = Annotated[
    bool, typer.Option("--pager", help="Page on a terminal ($SMILGA_PAGER, $PAGER or less; never when piped).")
]


def not_an_option(value: str | None) -> None:
    """Refuse an unknown option that reached a positional argument (which takes "-1" as a number,
    and "-" as itself: no option, and refused by the argument's own rule)."""
    if value is not None and value.startswith("-") and value != "-" and not re.fullmatch(r"-[0-9]+", value):
        raise SmilgaError(f"No such option: {shown(value)} (see 'smilga --help')")


def chosen(fmt: Format | None, as_json: bool, *, exports: bool = False) -> Format:
    """The output format, chosen once: --json, --format, or text; both of two different ones is
    refused, and so is a reference manager's format for a command that does not list sources."""
    if as_json and fmt not in (None, Format.json):
        raise SmilgaError(f"--json and --format {fmt} contradict each other: choose one")
    if fmt is not None and fmt.export and not exports:
        raise SmilgaError(f"--format {fmt} writes sources for reference managers: use it with source or sources")
    return Format.json if as_json else fmt or Format.text


def refuse_together(*options: tuple[str, bool]) -> None:
    """Refuse, in one line, the first option given with another it contradicts."""
    given = [name for name, present in options if present]
    if options[0][1] and len(given) > 1:
        raise SmilgaError(f"{given[0]} and {given[1]} contradict each other: choose one")
