"""Layout of a document's overview."""

from __future__ import annotations

from smilga_cli.features.overview import Overview, Overviews
from smilga_cli.output.blocks import Block, lays_out, plural


@lays_out(Overview)
def overview_blocks(result: Overview) -> list[Block]:
    """The title, then one labelled line per fact."""
    years = f"{result.years.first}–{result.years.last}" if result.years else "none found"
    named = ", ".join(f"{n.name} ({n.mentions})" for n in result.most_mentioned) or "none"
    facts = [
        ("lines, words", f"{result.lines}, {result.words}"),
        ("biography", f"{result.paragraphs} paragraphs, {plural(result.captions, 'caption')}"),
        ("sources", f"{result.sources}, with {result.source_paragraphs} paragraphs"),
        ("people", f"{result.people} ({result.index} index)"),
        ("years", years),
        ("most named", named),
    ]
    return [[(result.title, "heading")], *([(f"{label}: ", "line"), (value, "")] for label, value in facts)]


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
