"""Layouts of one person (card, strip, mentions, company kept) and of the people a name may mean."""

from __future__ import annotations

from shlex import quote

from smilga_cli.features.person import Candidates, PersonReport
from smilga_cli.output.blocks import Block, Group, lays_out, plural, snippet_spans


@lays_out(PersonReport)
def person_blocks(result: PersonReport) -> list[Block]:
    """The card, the strip, every mention under its passage, and who else is named with them."""
    card = result.person
    blocks: list[Block] = [[(card.name, "heading"), (f"  ({result.index} index)", "note")]]
    if card.description:
        blocks.append([(card.description, "")])
    forms = ", ".join(f"{form} ×{n}" for form, n in card.forms.items())
    blocks += [[("forms: ", "line"), (forms or "none in the text", "")], [("where: ", "line"), (result.strip, "strip")]]
    blocks.append([(plural(len(result.mentions), "mention"), "note")])
    groups: list[Group] = []
    for mention in result.mentions:
        if not groups or groups[-1].heading[0][0] != mention.ref:
            groups.append(Group([(mention.ref, "ref")], []))
            blocks += [[], groups[-1]]
        row = snippet_spans(mention.snippet, mention.highlight, "match")
        groups[-1].rows.append((f"line {mention.line}", row))
    if result.co_mentions:
        shown = result.co_mentions[: result.company_shown]
        company = ", ".join(f"{c.name} ({c.passages})" for c in shown)
        more = len(result.co_mentions) - len(shown)
        line = [("named with: ", "line"), (company, "")]
        blocks += [[], line + ([(f" and {more} more (--all)", "note")] if more else [])]
    return blocks


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
