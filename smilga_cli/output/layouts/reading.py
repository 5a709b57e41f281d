"""Layout of the list of sources: a table."""

from __future__ import annotations

from smilga_cli.features.reading import SourceList
from smilga_cli.output.blocks import Block, Tabular, lays_out


@lays_out(SourceList)
def sources_table(listed: SourceList) -> list[Block]:
    """Number, author, title, date, paragraph count and heading line of each source."""
    rows = [
        (
            s.ref.removesuffix(f"source {s.number}") + str(s.number),
            s.author or "",
            s.title,
            s.date or "",
            str(len(s.paragraphs)),
            str(s.line),
        )
        for s in listed.sources
    ]
    columns = ("number", "author", "title", "date", "paragraphs", "line")
    return [Tabular("Primary sources", columns, rows, frozenset({0, 4, 5}))]
