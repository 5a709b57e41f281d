"""Layout of the index cache's report and of what ``smilga index`` built."""

from __future__ import annotations

from smilga_cli.features.cache import CacheReport, Indexed
from smilga_cli.output.blocks import Block, Tabular, lays_out, plural


def _size(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB" if size >= 2**20 else f"{size:,} bytes"


@lays_out(CacheReport)
def cache_blocks(result: CacheReport) -> list[Block]:
    """The folder and totals, then a table of the entries."""
    blocks: list[Block] = []
    if result.removed is not None:
        blocks.append([(f"removed {plural(result.removed, 'index file')} from ", ""), (result.folder, "ref")])
        return blocks
    blocks.append([("index cache: ", "line"), (result.folder, "ref")])
    summary = f"{plural(len(result.entries), 'index file')}, {_size(result.size)}"
    if result.leftovers:
        summary += f", {plural(result.leftovers, 'unfinished write')}"
    blocks.append([(summary, "")])
    if result.entries:
        rows = [(e.document or "?", e.kind, e.state, _size(e.size), e.built or "") for e in result.entries]
        blocks.append(Tabular("Indexes", ("document", "kind", "state", "size", "built"), rows))
    return blocks


@lays_out(Indexed)
def indexed_blocks(result: Indexed) -> list[Block]:
    """One line a document: indexed, or why not."""
    lines: list[Block] = []
    for each in result.documents:
        if each.written:
            lines.append([("indexed ", "line"), (each.path, "ref")])
        else:
            lines.append([("not indexed ", "line"), (each.path, "ref"), (f": {each.reason}", "note")])
    lines.append([(f"cache: {result.folder}", "note")])
    return lines
