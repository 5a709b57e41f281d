"""Layout of a collection's overview: each document's, then the totals."""

from __future__ import annotations

from smilga_cli.features.collection import Overviews
from smilga_cli.output.blocks import Block, lays_out, plural
from smilga_cli.output.layouts.overview import overview_blocks


@lays_out(Overviews)
def overviews_blocks(result: Overviews) -> list[Block]:
    """Each document's overview under its file name, then the totals."""
    blocks: list[Block] = []
    for overview in result.documents:
        blocks += [[(overview.doc, "ref")], *overview_blocks(overview)]
    totals = result.totals
    facts = [
        ("documents", str(totals.documents)),
        ("lines, words", f"{totals.lines}, {totals.words}"),
        ("biographies", f"{totals.paragraphs} paragraphs, {plural(totals.captions, 'caption')}"),
        ("sources", f"{totals.sources}, with {totals.source_paragraphs} paragraphs"),
        ("people", f"{totals.people} different names"),
    ]
    return [*blocks, [("Totals", "heading")], *([(f"{label}: ", "line"), (value, "")] for label, value in facts)]
