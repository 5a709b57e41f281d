"""Layout of the timeline: one table of the events, dated ones in order, then the undated ones."""

from __future__ import annotations

from smilga_cli.features.timeline import Timeline
from smilga_cli.output.blocks import Block, Tabular, lays_out


@lays_out(Timeline)
def timeline_blocks(result: Timeline) -> list[Block]:
    """Date, reference, line and sentence of each event: a date whose year was inferred from the
    context ends in "?" (as EDTF marks an uncertain date); an undated event has an empty date."""
    rows = [(e.date + "?" * e.inferred, e.ref, str(e.line), e.text) for e in result.events]
    rows += [("", e.ref, str(e.line), e.text) for e in result.undated]
    return [Tabular("Timeline", ("date", "ref", "line", "event"), rows, frozenset({2}))]
