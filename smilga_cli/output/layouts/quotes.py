"""Layout of the quotations of the biography."""

from __future__ import annotations

from smilga_cli.features.quotes import Quotations
from smilga_cli.output.blocks import Block, Line, lays_out, plural, where


@lays_out(Quotations)
def quotation_blocks(result: Quotations) -> list[Block]:
    """Each quotation under its reference and speaker, with the text's lead-in."""
    blocks: list[Block] = []
    for quote in result.quotes:
        heading: Line = [*where(quote.ref, quote.line), ("  ", ""), (quote.speaker or "unattributed", "author")]
        if quote.speaker_kind in ("group", "document"):
            heading.append((f" ({quote.speaker_kind})", "note"))
        if quote.source is not None:
            heading.append((f"  (reproduces source {quote.source})", "note"))
        lead = [(quote.lead_in + " ", "note")] if quote.lead_in else []
        blocks += [*([[]] if blocks else []), heading, [("  ", ""), *lead, (f'"{quote.text}"', "")]]
    return [*blocks, [], [(plural(len(result.quotes), "quotation"), "note")]]
