"""Layout of the timeline: a table of dated events, the undated ones listed apart."""

from __future__ import annotations

from smilga_cli.features.timeline import Timeline
from smilga_cli.output.blocks import Block, Tabular, lays_out


@lays_out(Timeline)
def timeline_blocks(result: Timeline) -> list[Block]:
    """Date, reference, line and gist of each event."""
    rows = [(e.date, e.ref, str(e.line), e.text) for e in result.events]
    blocks: list[Block] = [Tabular("Timeline", ("date", "ref", "line", "event"), rows, frozenset({2}))]
    if result.undated:
        blocks += [[], [("no year in the text for:", "note")]]
        blocks += [[(f"  {e.date}  ", "line"), (e.ref, "ref"), (f" · line {e.line}  ", "line"), (e.text, "")]
                   for e in result.undated]  # fmt: skip
    return blocks
