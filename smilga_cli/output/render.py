"""The writers: a result's blocks (``blocks.layout``) as Rich (terminal), plain text (pipes) or markdown.

The only rich import. Plain text joins the spans; the terminal builds Rich ``Text`` from them, so
text from the document or the user is never read as markup, and highlighting is by span.
Control characters are escaped on the way out, in every writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

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
_MARKDOWN_STYLES = {"heading": "**", "ref": "**", "author": "", "match": "**", "fuzzy": "**", "title": "*", "note": "*"}


def _as_lines(blocks: Iterable[Block]) -> list[Line | Group | Tabular]:
    """Blocks for the text writers: a quotation becomes its heading lines, then each passage under its
    label, a blank line before each."""
    out: list[Line | Group | Tabular] = []
    for block in blocks:
        if isinstance(block, Quote):
            out += block.heading
            for label, text, style in block.passages:
                out += [[], label, *([(line, style)] for line in text.split("\n"))]
        else:
            out.append(block)
    return out


# ---- plain text ---------------------------------------------------------------------------------


def _plain_line(line: Line) -> str:
    return "".join(visible(text) for text, _ in line)


def plain(result: object) -> str:
    """The result as plain text: no styles, no wrapping, control characters escaped; tables tab-separated."""
    out: list[str] = []
    for block in _as_lines(layout(result)):
        if isinstance(block, Group):
            out.append(_plain_line(block.heading))
            out += [f"  {label}  {_plain_line(body)}" for label, body in block.rows]
        elif isinstance(block, Tabular):
            out += ["\t".join(tsv_cell(cell) for cell in row) for row in [block.columns, *block.rows]]
        else:
            out.append(_plain_line(block))
    return "\n".join(out)


# ---- terminal -----------------------------------------------------------------------------------


def to_terminal(result: object, stream: TextIO, *, pager: bool = False) -> None:
    """Print the result with Rich on ``stream``, through a pager if asked."""
    from rich.console import Console

    from smilga_cli.output.emit import colorless

    force = True if not colorless() and not _is_tty(stream) else None  # --color always, FORCE_COLOR
    console = Console(file=stream, highlight=False, markup=False, emoji=False, force_terminal=force,
                      color_system=None if colorless() else "auto")  # fmt: skip
    blocks = _as_lines(layout(result))
    label_width = max((len(label) for b in blocks if isinstance(b, Group) for label, _ in b.rows), default=0)
    renderables = [_renderable(block, label_width, console.width) for block in blocks]
    if pager:
        from smilga_cli.output.pager import page

        with console.capture() as captured:
            console.print(*renderables, sep="\n")
        page(captured.get(), getattr(stream, "encoding", None) or "utf-8")
    else:
        console.print(*renderables, sep="\n")
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
WORD_MIN, CELL_MAX, PROSE_MIN = 14, 24, 12


def _columns(block: Tabular) -> list[tuple[int, int | None]]:
    """Each column's least and greatest width: a column of names or numbers at least its heading
    and longest word (at most WORD_MIN), at most its longest cell (at most CELL_MAX); prose at
    least PROSE_MIN, with no upper bound. Words then wrap whole instead of being cut."""
    bounds: list[tuple[int, int | None]] = []
    for index, column in enumerate(block.columns):
        cells = [row[index] for row in block.rows]
        if column in WIDE_COLUMNS:
            bounds.append((max(PROSE_MIN, len(column)), None))
            continue
        word = max((len(w) for cell in cells for w in cell.split()), default=0)
        least = max(len(column), min(word, WORD_MIN))
        bounds.append((least, max(least, min(max((len(cell) for cell in cells), default=0), CELL_MAX))))
    return bounds


def _renderable(block: Line | Group | Tabular, label_width: int = 0, width: int = 80) -> Any:
    if isinstance(block, list):  # a line, as most blocks are: no table to import
        return _strip(block) if any(style == "strip" for _, style in block) else _text(block)
    from rich.console import Group as RichGroup
    from rich.table import Table

    if isinstance(block, Group):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, justify="right", style="dim", min_width=label_width + 2)
        grid.add_column()
        for label, body in block.rows:
            grid.add_row(_text([(f"  {label}", "line")]), _text(body))
        return RichGroup(_text(block.heading), grid)
    if isinstance(block, Tabular):
        bounds = _columns(block)
        boxed = sum(least for least, _ in bounds) + 3 * len(bounds) + 1 <= width
        frame = {} if boxed else {"box": None, "padding": (0, 1), "pad_edge": False, "collapse_padding": True}
        table = Table(title=block.title, title_justify="left", title_style="bold", **frame)  # type: ignore[arg-type]
        for index, (column, (least, most)) in enumerate(zip(block.columns, bounds, strict=True)):
            table.add_column(column, justify="right" if index in block.numeric else "left", overflow="fold",
                             min_width=least, max_width=most, ratio=1 if most is None else None)  # fmt: skip
        for row in block.rows:
            table.add_row(*(_text([(cell, "")]) for cell in row))
        return table
    return _text(block)


def _strip(block: Line) -> Any:
    """A strip of marks: shortened, never wrapped."""
    from rich.table import Table

    strip = Table.grid()
    strip.add_column(no_wrap=True, overflow="ellipsis")
    strip.add_row(_text(block))
    return strip


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
            rows += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in block.rows]
            paragraphs.append("\n".join(rows))
        elif not block or not "".join(text for text, _ in block).strip():
            close()
        elif number == 0 and block[0][1] == "heading":
            paragraphs.append("## " + _md_line([(text, "" if style == "heading" else style) for text, style in block]))
        else:
            lines.append(_md_line(block))
    close()
    return "\n\n".join(paragraphs) + "\n"
