"""Layouts of a citation, of a source with its citation, and of source records."""

from __future__ import annotations

from smilga_cli.features.citation import Citation, CitedSource, SourceRecords
from smilga_cli.output.blocks import Block, Tabular, lays_out
from smilga_cli.output.layouts.model import source_blocks


@lays_out(Citation)
def citation_blocks(result: Citation) -> list[Block]:
    """The citation on one line, titles of published works styled as titles."""
    return [list(result.parts)]


@lays_out(CitedSource)
def cited_source_blocks(result: CitedSource) -> list[Block]:
    """The source, quoted, then its citation."""
    return [*source_blocks(result.source), [], list(result.citation.parts)]


@lays_out(SourceRecords)
def records_table(result: SourceRecords) -> list[Block]:
    """One row per record: key, type, author, title, date."""
    rows = []
    for item in result.records:
        authors = "; ".join(a.get("literal") or f"{a.get('given', '')} {a.get('family', '')}".strip()
                            for a in item.get("author", []))  # fmt: skip
        issued = item.get("issued", {})
        date = issued.get("literal") or "-".join(str(p) for p in (issued.get("date-parts") or [[]])[0])
        rows.append((item["id"], item["type"], authors, item["title"], date))
    return [Tabular("Records", ("key", "type", "author", "title", "date"), rows)]
