"""Layout of the people list: a table."""

from __future__ import annotations

from smilga_cli.features.roster import PeopleList
from smilga_cli.output.blocks import Block, Tabular, lays_out


@lays_out(PeopleList)
def people_table(result: PeopleList) -> list[Block]:
    """Name, mentions, first reference and line, description."""
    rows = [
        (row.name, str(row.mentions), row.first.ref if row.first else "", str(row.first.line) if row.first else "",
         row.description)
        for row in result.people
    ]  # fmt: skip
    title = f"People ({result.index} index)"
    return [Tabular(title, ("name", "mentions", "first", "line", "description"), rows, frozenset({1, 3}))]
