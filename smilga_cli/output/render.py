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

    console = Console(file=stream, highlight=False, markup=False, emoji=False)
    renderables = [_renderable(block) for block in _as_lines(layout(result))]
    if pager:
        from smilga_cli.output.pager import page

        with console.capture() as captured:
            console.print(*renderables, sep="\n")
        page(captured.get(), getattr(stream, "encoding", None) or "utf-8")
    else:
        console.print(*renderables, sep="\n")
        stream.flush()


def _text(line: Line) -> Any:
    """One laid-out line as Rich ``Text``: styled by span, never parsed for markup."""
    from rich.text import Text

    return Text.assemble(*((visible(text), STYLES[style] if style else "") for text, style in line))


def _renderable(block: Line | Group | Tabular) -> Any:
    from rich.console import Group as RichGroup
    from rich.table import Table

    if isinstance(block, Group):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, justify="right", style="dim")
        grid.add_column()
        for label, body in block.rows:
            grid.add_row(_text([(f"  {label}", "line")]), _text(body))
        return RichGroup(_text(block.heading), grid)
    if isinstance(block, Tabular):
        table = Table(title=block.title, title_justify="left", title_style="bold")
        for index, column in enumerate(block.columns):
            table.add_column(column, justify="right" if index in block.numeric else "left")
        for row in block.rows:
            table.add_row(*(_text([(cell, "")]) for cell in row))
        return table
    return _text(block)


# ---- markdown -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """``text`` with markdown's special characters backslash-escaped, so it renders verbatim."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def _blockquote(texts: Sequence[str]) -> str:
    return "\n>\n".join("\n".join(f"> {md_escape(line)}" for line in text.split("\n")) for text in texts)


def _md_line(line: Line) -> str:
    out = []
    for text, style in line:
        mark = _MARKDOWN_STYLES.get(style, "") if text.strip() else ""
        out.append(f"{mark}{md_escape(text)}{mark}")
    return "".join(out)


def markdown(result: object) -> str:
    """The result as markdown: quotations as a block quote with the attribution beneath."""
    out: list[str] = []
    for block in layout(result):
        if isinstance(block, Quote):
            out.append(f"{_blockquote([text for _, text, _ in block.passages])}\n\n— {_md_line(block.attribution)}")
        elif isinstance(block, Group):
            out += [_md_line(block.heading), ""]
            out += [f"- {label}: {_md_line(body)}" for label, body in block.rows]
        elif isinstance(block, Tabular):
            out.append("| " + " | ".join(block.columns) + " |")
            out.append("|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.columns))) + "|")
            out += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in block.rows]
        else:
            out.append(_md_line(block))
    return "\n".join(out) + "\n"
