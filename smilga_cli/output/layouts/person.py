"""Layouts of one person (card, strip, mentions, company kept) and of the people a name may mean."""

from __future__ import annotations

from collections.abc import Iterator
from shlex import quote

from smilga_cli.features.person import Candidates, PersonReport
from smilga_cli.output.blocks import Block, Group, Line, lays_out, plural, snippet_spans


@lays_out(PersonReport)
def person_blocks(result: PersonReport) -> Iterator[Block]:
    """The card, the strip, every mention under its passage, and who else is named with them; made
    as they are written (a person may have a hundred thousand mentions)."""
    card = result.person
    yield [(card.name, "heading"), (f"  ({result.index} index)", "note")]
    if card.description:
        yield [(card.description, "")]
    forms = ", ".join(f"{form} ×{n}" for form, n in card.forms.items())
    yield [("forms: ", "line"), (forms or "none in the text", "")]
    yield [("where: ", "line"), (result.strip, "strip")]
    yield [(plural(len(result.mentions), "mention"), "note")]
    group: Group | None = None
    for mention in result.mentions:
        if group is None or group.heading[0][0] != mention.ref:
            if group is not None:
                yield from ([], group)
            group = Group([(mention.ref, "ref")], [])
        group.rows.append((f"line {mention.line}", snippet_spans(mention.snippet, mention.highlight, "match")))
    if group is not None:
        yield from ([], group)
    if result.co_mentions:
        shown = result.co_mentions[: result.company_shown]
        company = ", ".join(f"{c.name} ({c.passages})" for c in shown)
        more = len(result.co_mentions) - len(shown)
        line: Line = [("named with: ", "line"), (company, "")]
        yield from ([], line + ([(f" and {more} more (--all)", "note")] if more else []))


@lays_out(Candidates)
def candidate_blocks(result: Candidates) -> list[Block]:
    """Each person the name may mean, with the exact name to type."""
    blocks: list[Block] = [[(f"'{result.query}' may mean {len(result.candidates)} people:", "heading")]]
    for candidate in result.candidates:
        mentions = plural(candidate.mentions, "mention")
        blocks += [
            [],
            [
                (candidate.name, "author"),
                (f" · {mentions} · ", "line"),
                (f"smilga person {quote(candidate.name)}", "ref"),
            ],  # quoted for a shell: safe to copy
            [(f"  {candidate.description}", "")],
        ]
    return blocks
