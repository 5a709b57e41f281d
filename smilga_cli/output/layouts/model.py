"""Layouts of what the reading commands show: a source, the list of sources, biography paragraphs."""

from __future__ import annotations

from smilga_cli.document.model import BioSelection, Caption, Paragraph, Source
from smilga_cli.document.text import span
from smilga_cli.output.blocks import Block, Line, Quote, lays_out, lines_label, where


def source_heading(source: Source) -> Line:
    """ "Source 3: Victor Serge, Memoirs of a Revolutionary (1945)"."""
    heading: Line = [(f"Source {source.number}", "heading"), (": ", "")]
    if source.author:
        heading += [(source.author, "author"), (", ", "")]
    heading.append((source.title, "title"))
    if source.date:
        heading.append((f" ({source.date})", "date"))
    return heading


@lays_out(Source)
def source_blocks(source: Source) -> list[Block]:
    """The heading, where the biography quotes it, and each paragraph under its reference."""
    heading = [source_heading(source), where(source.ref, source.line)]
    if source.quoted_in:
        places = ", ".join(f"{q.ref} (line {q.line})" for q in source.quoted_in)
        heading.append([("quoted in ", "line"), (places, "")])
    passages = [(where(f"¶{p.number}", p.line), p.text, "") for p in source.paragraphs]
    attribution: Line = [(f"{source.author}, ", "")] if source.author else []
    attribution.append((source.title, "title"))
    if source.date:
        attribution.append((f" ({source.date})", ""))
    at = f"{source.ref} ¶{span([p.number for p in source.paragraphs])}"
    if source.paragraphs:
        at += ", " + lines_label(source.paragraphs[0].line, source.paragraphs[-1].line)
    attribution.append((f"; {at}", ""))
    return [Quote(heading, passages, attribution)]


@lays_out(BioSelection)
def bio_blocks(selection: BioSelection) -> list[Block]:
    """The paragraphs and captions in file order, each under its reference."""
    elements: list[Paragraph | Caption] = sorted([*selection.paragraphs, *selection.captions], key=lambda e: e.line)
    passages = [
        (where(e.ref, e.line, e.end_line), e.text, "caption")
        if isinstance(e, Caption)
        else (where(e.ref, e.line), e.text, "")
        for e in elements
    ]
    refs = [p.number for p in selection.paragraphs]
    at = ", ".join(([f"bio {span(refs)}"] if refs else []) + [c.ref for c in selection.captions])
    attribution: Line = [(selection.title, "title")]
    if elements:
        last = elements[-1]
        end = last.end_line if isinstance(last, Caption) else last.line
        attribution.append((f"; {at}, {lines_label(elements[0].line, end)}", ""))
    return [Quote([[(selection.title, "heading"), (" — biography", "note")]], passages, attribution)]
