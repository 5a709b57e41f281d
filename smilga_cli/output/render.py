"""The writers: a result's blocks (``blocks.layout``) as Rich (terminal), plain text (pipes) or markdown.

The only rich import. Plain text joins the spans; the terminal builds Rich ``Text`` from them, so
text from the document or the user is never read as markup, and highlighting is by span.
Control characters are escaped on the way out, in every writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO, TypeVar

from smilga_cli.document.text import tsv_cell, visible
from smilga_cli.output.blocks import Block, Group, Line, Quote, Tabular, layout

STYLES = {
    "heading": "bold",
    "ref": "bold cyan",
    "line": "dim",
    "author": "bold",
    "title": "italic",
    "date": "",
    "match": "bold black on yellow",
    "fuzzy": "bold black on bright_magenta",
    "note": "dim italic",
    "caption": "italic",
    "strip": "green",
}
T = TypeVar("T")
_MARKDOWN_STYLES = {"heading": "**", "ref": "**", "author": "", "match": "**", "fuzzy": "**", "title": "*", "note": "*"}


def _as_lines(blocks: Iterable[Block]) -> Iterator[Line | Group | Tabular]:
    """Blocks for the text writers, one at a time: a quotation becomes its heading lines, then each
    passage under its label, a blank line before each."""
    for block in blocks:
        if isinstance(block, Quote):
            yield from block.heading
            for label, text, style in block.passages:
                yield from [[], label, *([(line, style)] for line in text.split("\n"))]
        else:
            yield block


# ---- plain text ---------------------------------------------------------------------------------


def _plain_line(line: Line) -> str:
    return "".join(visible(text) for text, _ in line)


def plain_lines(result: object) -> Iterator[str]:
    """The result as plain text, a line at a time (each without its newline), laid out as it is
    written: no styles, no wrapping, control characters escaped; tables tab-separated."""
    for block in _as_lines(layout(result)):
        if isinstance(block, Group):
            yield _plain_line(block.heading)
            for label, body in block.rows:
                yield f"  {label}  {_plain_line(body)}"
        elif isinstance(block, Tabular):
            for row in [block.columns, *block.rows]:
                yield "\t".join(tsv_cell(cell) for cell in row)
        else:
            yield _plain_line(block)


def plain(result: object) -> str:
    """The result as plain text (``plain_lines`` joined)."""
    return "\n".join(plain_lines(result))


# ---- terminal -----------------------------------------------------------------------------------


def to_terminal(result: object, stream: TextIO, *, pager: bool = False) -> None:
    """Print the result with Rich on ``stream``, through a pager if asked.

    Rich writes, styles and wraps the prose; hits and tables are laid out here, line by line, to
    the terminal's width (Rich's own tables cost a run some 30 ms for the people list, a third of
    the frameworks' start-up, against 3 ms for these lines: ``tests/bench.py``, terminal)."""
    from rich.console import Console

    from smilga_cli.output.emit import colorless

    force = True if not colorless() and not _is_tty(stream) else None  # --color always, FORCE_COLOR
    console = Console(file=stream, highlight=False, markup=False, emoji=False, force_terminal=force,
                      color_system=None if colorless() else "auto")  # fmt: skip
    from rich.text import Text

    blocks = list(_as_lines(layout(result)))  # the labels of every group align
    label_width = max((len(label) for b in blocks if isinstance(b, Group) for label, _ in b.rows), default=0)
    lines: list[Any] = []
    for block in blocks:
        lines += _terminal(block, console, label_width)
    # Lines that fit the width are printed as one text Rich does not wrap again (the same characters
    # and styles, in a third of the time for a table). Some may not fit: a row keeps 20 columns for
    # its text on a terminal narrower than that, a table cell counts a wide character as one; then
    # Rich breaks every line at the width, as it would have.
    from rich.cells import cell_len

    width = console.width
    fitted = all(cell_len(line.plain) <= width for line in lines)
    whole = Text("\n").join(lines)
    if pager:
        from smilga_cli.output.pager import page

        with console.capture() as captured:
            console.print(whole, soft_wrap=fitted)
        page(captured.get(), getattr(stream, "encoding", None) or "utf-8")
    else:
        console.print(whole, soft_wrap=fitted)
        stream.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _text(line: Line) -> Any:
    """One laid-out line as Rich ``Text``: styled by span, never parsed for markup."""
    from rich.text import Text

    return Text.assemble(*((visible(text), STYLES[style] if style else "") for text, style in line))


WIDE_COLUMNS = {"description", "title", "event"}  # columns of prose: what width is left, wrapped at words
WORD_MIN, PROSE_MIN, GAP = 14, 20, 2


def _terminal(block: Line | Group | Tabular, console: Any, label_width: int) -> list[Any]:
    """A block as lines of Rich ``Text``, each within the console's width."""
    from rich.text import Text

    width = console.width
    if isinstance(block, Tabular):
        return _table(block, width)
    if isinstance(block, Group):  # the hits of a passage: labels aligned, each body wrapped beside its label
        lines = [_text(block.heading)]
        indent = label_width + 4
        for label, body in block.rows:
            wrapped = _text(body).wrap(console, max(width - indent, 20))
            for number, part in enumerate(wrapped):
                head = Text(f"  {label.rjust(label_width)}  " if number == 0 else " " * indent, style="dim")
                lines.append(head + part)
        return lines
    text = _text(block)
    if any(style == "strip" for _, style in block):  # a strip of marks is shortened, never wrapped
        text.truncate(width, overflow="ellipsis")
        return [text]
    return list(text.wrap(console, width))


def _widths(block: Tabular, width: int) -> list[int]:
    """Each column's width: what its cells need, shrunk to the terminal, prose first, never below
    its longest word (at most WORD_MIN; prose PROSE_MIN) nor its heading."""
    from rich.cells import cell_len

    columns = range(len(block.columns))
    natural = [max([cell_len(block.columns[i]), *(cell_len(visible(row[i])) for row in block.rows)]) for i in columns]
    least = []
    for i in columns:
        word = max((cell_len(w) for row in block.rows for w in visible(row[i]).split()), default=0)
        floor = PROSE_MIN if block.columns[i] in WIDE_COLUMNS else 0
        least.append(min(natural[i], max(cell_len(block.columns[i]), floor, min(word, WORD_MIN))))
    widths = list(natural)
    excess = sum(widths) + GAP * (len(widths) - 1) - width
    order = sorted(columns, key=lambda i: (block.columns[i] not in WIDE_COLUMNS, -natural[i]))
    prose = [block.columns[i] in WIDE_COLUMNS for i in columns]
    narrow = [least[i] if prose[i] else 4 for i in columns]  # then other columns' headings wrap
    for bound in (least, narrow, [4] * len(least)):  # prose first, then the widest
        for i in order:
            if excess <= 0:
                break
            cut = max(0, min(excess, widths[i] - bound[i]))
            widths[i] -= cut
            excess -= cut
    return widths


def _table(block: Tabular, width: int) -> list[Any]:
    """A table as lines: its title, the headings, a rule, then each row, every cell wrapped at words
    to its column's width (a word longer than the column is broken, never cut)."""
    import textwrap

    from rich.cells import cell_len
    from rich.text import Text

    widths = _widths(block, width)

    def cells(values: tuple[str, ...] | list[str], style: str) -> list[Any]:
        wrapped = [textwrap.wrap(visible(value), w) or [""] for value, w in zip(values, widths, strict=True)]
        lines = []
        for depth in range(max(len(parts) for parts in wrapped)):
            line = Text(style=style)
            for i, parts in enumerate(wrapped):
                part = parts[depth] if depth < len(parts) else ""
                pad = " " * (widths[i] - cell_len(part))
                line.append(pad + part if i in block.numeric else part + pad)
                if i < len(wrapped) - 1:
                    line.append(" " * GAP)
            line.rstrip()
            lines.append(line)
        return lines

    rule = Text("─" * min(width, sum(widths) + GAP * (len(widths) - 1)), style="dim")
    rows = [line for row in block.rows for line in cells(list(row), "")]
    return [Text(block.title, style="bold"), *cells(list(block.columns), "bold"), rule, *rows]


# ---- markdown -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """``text`` with markdown's special characters backslash-escaped, so it renders verbatim."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def _blockquote(texts: Sequence[str]) -> str:
    return "\n>\n".join("\n".join(f"> {md_escape(line)}" for line in text.split("\n")) for text in texts)


def _md_line(line: Line) -> str:
    """One line as CommonMark inline text: styled spans in emphasis markers that hug their words
    (spaces stay outside, as CommonMark wants), neighbouring spans of one marker merged."""
    merged: list[tuple[str, str]] = []
    for text, style in line:
        mark = _MARKDOWN_STYLES.get(style, "")
        if merged and merged[-1][1] == mark and (mark or True):
            merged[-1] = (merged[-1][0] + text, mark)
        else:
            merged.append((text, mark))
    out = []
    for text, mark in merged:
        core = text.strip()
        if mark and core:
            lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}{mark}{md_escape(core)}{mark}{tail}")
        else:
            out.append(md_escape(text))
    return "".join(out)


def markdown(result: object) -> str:
    """The result as CommonMark: the first heading line a heading, lines that follow one another as
    one paragraph with hard line breaks, quotations as a block quote with the attribution beneath,
    hits as lists, tables as tables."""
    paragraphs: list[str] = []
    lines: list[str] = []

    def close() -> None:
        if lines:
            paragraphs.append("\\\n".join(lines))
            lines.clear()

    for number, block in enumerate(layout(result)):
        if isinstance(block, Quote):
            close()
            paragraphs += [_blockquote([text for _, text, _ in block.passages]), f"— {_md_line(block.attribution)}"]
        elif isinstance(block, Group):
            close()
            paragraphs.append(_md_line(block.heading))
            paragraphs.append("\n".join(f"- {label}: {_md_line(body)}" for label, body in block.rows))
        elif isinstance(block, Tabular):
            close()
            rows = ["| " + " | ".join(block.columns) + " |"]
            rows.append(
                "|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.columns))) + "|"
            )
            rows += ["| " + " | ".join(md_escape(" ".join(cell.split())) for cell in row) + " |" for row in block.rows]
            paragraphs.append("\n".join(rows))
        elif not block or not "".join(text for text, _ in block).strip():
            close()
        elif number == 0 and block[0][1] == "heading":
            paragraphs.append("## " + _md_line([(text, "" if style == "heading" else style) for text, style in block]))
        else:
            lines.append(_md_line(block))
    close()
    return "\n\n".join(paragraphs) + "\n"


def progress(items: Sequence[T], description: str) -> Iterator[T]:
    """The items, with a progress bar on standard error while they are worked through (a terminal only)."""
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=description, transient=True, console=Console(stderr=True))
