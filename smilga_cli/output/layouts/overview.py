"""Layout of a document's overview."""

from __future__ import annotations

from smilga_cli.features.overview import Overview
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
