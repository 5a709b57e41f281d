"""Layout of the quotations of the biography."""

from __future__ import annotations

from collections.abc import Iterator

from smilga_cli.features.quotes import Quotations
from smilga_cli.output.blocks import Block, Line, lays_out, plural, where


@lays_out(Quotations)
def quotation_blocks(result: Quotations) -> Iterator[Block]:
    """Each quotation under its reference and speaker, with the text's lead-in; made as they are written."""
    for number, quote in enumerate(result.quotes):
        heading: Line = [*where(quote.ref, quote.line), ("  ", ""), (quote.speaker or "unattributed", "author")]
        if quote.speaker_kind in ("group", "document"):
            heading.append((f" ({quote.speaker_kind})", "note"))
        if quote.source is not None:
            heading.append((f"  (reproduces source {quote.source})", "note"))
        lead = [(quote.lead_in + " ", "note")] if quote.lead_in else []
        yield from ([[]] if number else [])
        yield from (heading, [("  ", ""), *lead, (f'"{quote.text}"', "")])
    yield from ([], [(plural(len(result.quotes), "quotation"), "note")])
