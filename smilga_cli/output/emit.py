"""Write results and messages: one format chosen once, JSON straight to stdout, one-line messages.

A result that holds nothing is written (JSON always, so that a script reads a document), then
its ``nothing_found()`` is raised for the app to report (exit 1).
"""

from __future__ import annotations

import enum
import os
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from smilga_cli.document.text import escape_controls, one_line, shown
from smilga_cli.errors import SmilgaError

if TYPE_CHECKING:
    from smilga_cli.document.model import Result


class ReaderGone(Exception):
    """The reader of stdout went away (``| head``): stop writing, quietly."""


class OutputError(SmilgaError):
    """Standard output cannot be written (a full disk, a closed descriptor, a pager that failed): exit 2."""


def cannot_write(error: OSError) -> OutputError:
    """The one-line report of a failed write to standard output."""
    return OutputError(f"cannot write the output: {one_line(error.strerror or str(error))}")


class Format(enum.StrEnum):
    """How a result is written: text (Rich on a terminal, plain when piped), markdown, JSON; and, for
    sources, the formats of reference managers."""

    text = "text"
    markdown = "markdown"
    json = "json"
    bibtex = "bibtex"
    csl_json = "csl-json"
    ris = "ris"

    @property
    def export(self) -> bool:
        """Whether this is a reference manager's format, for sources only."""
        return self in (Format.bibtex, Format.csl_json, Format.ris)


def _replacing(stream: TextIO) -> TextIO:
    """``stream``, set to replace what its encoding cannot hold instead of failing."""
    try:
        stream.reconfigure(errors="replace")  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        pass
    return stream


_COLOR = {"choice": "auto"}  # --color, for this run


def color_choice(choice: str) -> None:
    """Set --color for this run: "auto", "always" or "never" (anything else is left to the option's check)."""
    if choice.lower() in ("auto", "always", "never"):
        _COLOR["choice"] = choice.lower()
        if choice.lower() == "never":
            os.environ["NO_COLOR"] = "1"  # for the help, which Rich draws itself
            os.environ.pop("FORCE_COLOR", None)
        elif choice.lower() == "always":
            os.environ.pop("NO_COLOR", None)


def colorless() -> bool:
    """Whether --color never asked for no escape codes at all (Rich still lays the output out)."""
    return _COLOR["choice"] == "never"


def stdout_is_terminal() -> bool:
    """Whether output is drawn with Rich: --color always, or stdout a terminal (or FORCE_COLOR /
    TTY_COMPATIBLE=1 saying to treat it as one); --color never on a terminal still draws, without
    escape codes."""
    if _COLOR["choice"] == "always":
        return True
    if (os.environ.get("FORCE_COLOR") and _COLOR["choice"] != "never") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    if os.environ.get("TTY_COMPATIBLE") == "0":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def jsonable(result: Any) -> Any:
    """A result as plain JSON data: records by their fields (but those a result hides), tuples as lists."""
    if hasattr(result, "as_json"):
        return jsonable(result.as_json())
    if hasattr(result, "_asdict"):  # a record (named tuple): its fields, in order
        hidden = getattr(result, "json_hidden", ())
        return {name: jsonable(value) for name, value in result._asdict().items() if name not in hidden}
    if isinstance(result, (list, tuple)):
        return [jsonable(item) for item in result]
    if isinstance(result, dict):
        return {str(key): jsonable(value) for key, value in result.items()}
    return result


def write_json(data: Any) -> None:
    """``data`` as indented UTF-8 JSON on stdout, whatever the terminal's encoding.

    Control characters are written as \\u escapes (the same JSON value), so none reaches a terminal raw.
    The text is written as it is encoded, some 64 KB at a time: a long result is never held whole as
    text (the same bytes as ``json.dumps``, whose encoder this is).
    """
    import json

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream: keep JSON valid by escaping what is not ASCII
        sys.stdout.write(json.dumps(data, ensure_ascii=True, indent=2) + "\n")
        return
    pending: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pending.append(chunk)
        size += len(chunk)
        if size >= 65536:
            buffer.write(escape_controls("".join(pending)).encode("utf-8"))
            pending, size = [], 0
    pending.append("\n")
    buffer.write(escape_controls("".join(pending)).encode("utf-8"))
    buffer.flush()


def write_utf8(text: str) -> None:
    """Text for another program (a reference manager's file) on stdout as UTF-8, whatever the terminal's encoding."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        write_text(text)
        return
    buffer.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
    buffer.flush()


def write_text(text: str) -> None:
    """Plain text on stdout, unwrapped, with a final newline."""
    stream = _replacing(sys.stdout)
    stream.write(text if text.endswith("\n") else text + "\n")
    stream.flush()


def write_lines(lines: Iterable[str]) -> None:
    """``write_text`` of the lines joined by newlines, written a line at a time as they are laid
    out: a long result is never held whole."""
    stream = _replacing(sys.stdout)
    count, last = 0, ""
    for line in lines:
        stream.write(f"\n{line}" if count else line)
        count, last = count + 1, line
    if not (last.endswith("\n") or (count > 1 and not last)):  # the text ends with a newline, as write_text's
        stream.write("\n")
    stream.flush()


def emit(result: Result, fmt: Format, *, pager: bool = False) -> None:
    """Write ``result`` in ``fmt``: JSON, markdown, Rich on a terminal, or plain text when piped;
    then, if it holds nothing, raise its ``nothing_found()``."""
    if not result.empty or result.shown_when_empty or fmt is Format.json or fmt.export:
        _write(result, fmt, pager)
    if result.empty:
        raise result.nothing_found()


def _write(result: Result, fmt: Format, pager: bool) -> None:
    from smilga_cli.output import render

    try:
        if fmt.export:
            from smilga_cli.output.export import write

            write_utf8(write(jsonable(result), fmt.value))
        elif fmt is Format.json:
            write_json(jsonable(result))
        elif fmt is Format.markdown:
            write_text(render.markdown(result))
        elif stdout_is_terminal():
            render.to_terminal(result, _replacing(sys.stdout), pager=pager)
        else:
            write_lines(render.plain_lines(result))
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as error:
        raise cannot_write(error) from None


_LONG_QUOTED = re.compile(r"'([^'\n]{81,})'")
_LONG_RUN = re.compile(r"\S{121,}")


def short(message: str) -> str:
    """A message with any long quoted argument (and any very long unbroken run) cut to about 80
    characters: click's own messages quote a user's value whole."""
    message = _LONG_QUOTED.sub(lambda quoted: f"'{shown(quoted.group(1))}'", message)
    return _LONG_RUN.sub(lambda run: shown(run.group()), message)


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program's name; if stderr is closed or full, nothing
    (the exit status still tells)."""
    try:
        stream = _replacing(sys.stderr)
        stream.write(f"smilga: {short(one_line(message))}\n")
        stream.flush()
    except (AttributeError, OSError, ValueError):
        discard(2)


def discard(descriptor: int) -> None:
    """Point ``descriptor`` (1 or 2) at /dev/null, so that nothing more written to it can fail: not
    even the interpreter's last flush of what is still buffered."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)
    except OSError:
        pass
