"""Results to a layout of styled lines, then to Rich (terminal), plain text (pipes) or markdown.

The only rich import. Every result is first laid out as lines of (text, style) spans, groups of
labelled rows (hits under their passage) and tables. Plain text joins the spans; the terminal
builds Rich ``Text`` from them, so text from the document or the user is never read as markup,
and highlighting is by span. Control characters are escaped on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from smilga_cli.document.model import BioSelection, Caption, Paragraph, Source
from smilga_cli.document.text import span, visible

if TYPE_CHECKING:  # imported where they are laid out: a command pays only for its own results
    from smilga_cli.features.overview import Overview
    from smilga_cli.features.person import Candidates, PersonReport
    from smilga_cli.features.quotes import Quotations
    from smilga_cli.features.roster import PeopleList
    from smilga_cli.features.timeline import Timeline
    from smilga_cli.index.search import Hit, SearchResult

Span = tuple[str, str]  # (text, style name); "" is unstyled
Line = list[Span]


# The layout's blocks are named tuples: a dataclass costs every run far more to define.


class Group(NamedTuple):
    """A heading and rows of (label, body) under it: the hits or mentions of one passage."""

    heading: Line
    rows: list[tuple[str, Line]]  # filled as the passage's hits are laid out


class Tabular(NamedTuple):
    """A table: tab-separated when piped, a Rich table on a terminal, a markdown table."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    numeric: frozenset[int] = frozenset()  # right-aligned columns


Block = Line | Group | Tabular

STYLES = {
    "heading": "bold",
    "ref": "bold cyan",
    "line": "dim",
    "author": "bold",
    "title": "italic",
    "date": "",
    "match": "bold black on yellow",
    "fuzzy": "bold black on bright_magenta",
    "note": "dim italic",
    "caption": "italic",
    "strip": "green",
}
_MARKDOWN_STYLES = {"heading": "**", "ref": "**", "author": "", "match": "**", "fuzzy": "**", "title": "*", "note": "*"}


# ---- layout: results as blocks ------------------------------------------------------------------


def _where(ref: str, line: int, end_line: int | None = None) -> Line:
    lines = f"line {line}" if end_line in (None, line) else f"lines {line}–{end_line}"
    return [(ref, "ref"), (f" · {lines}", "line")]


def _source_heading(source: Source) -> Line:
    heading: Line = [(f"Source {source.number}", "heading"), (": ", "")]
    if source.author:
        heading += [(source.author, "author"), (", ", "")]
    heading.append((source.title, "title"))
    if source.date:
        heading.append((f" ({source.date})", "date"))
    return heading


def _source_blocks(source: Source) -> list[Block]:
    blocks: list[Block] = [_source_heading(source), _where(source.ref, source.line)]
    if source.quoted_in:
        places = ", ".join(f"{q.ref} (line {q.line})" for q in source.quoted_in)
        blocks.append([("quoted in ", "line"), (places, "")])
    for paragraph in source.paragraphs:
        blocks += [[], _where(f"¶{paragraph.number}", paragraph.line), [(paragraph.text, "")]]
    return blocks


def _bio_blocks(selection: BioSelection) -> list[Block]:
    blocks: list[Block] = [[(selection.title, "heading"), (" — biography", "note")]]
    elements: list[Paragraph | Caption] = [*selection.paragraphs, *selection.captions]
    for element in sorted(elements, key=lambda e: e.line):
        if isinstance(element, Caption):
            blocks += [[], _where(element.ref, element.line, element.end_line)]
            blocks += [[(text, "caption")] for text in element.text.split("\n")]
        else:
            blocks += [[], _where(element.ref, element.line), [(element.text, "")]]
    return blocks


def _source_row(source: Source) -> tuple[str, ...]:
    return (str(source.number), source.author or "", source.title, source.date or "",
            str(len(source.paragraphs)), str(source.line))  # fmt: skip


def _sources_table(sources: Sequence[Source]) -> Tabular:
    return Tabular(
        "Primary sources",
        ("number", "author", "title", "date", "paragraphs", "line"),
        [_source_row(s) for s in sources],
        frozenset({0, 4, 5}),
    )


def _snippet_spans(snippet: str, highlight: tuple[int, int], style: str) -> Line:
    start, end = highlight
    return [(snippet[:start], ""), (snippet[start:end], style), (snippet[end:], "")]


def _hit_spans(hit: Hit) -> Line:
    spans = _snippet_spans(hit.snippet, hit.highlight, "match" if hit.exact else "fuzzy")
    if not hit.exact:
        spans.append((f"  ≈ {hit.match} ({hit.score:g})", "note"))
    return spans


def summary(result: SearchResult) -> str:
    """ "7 hits in 2 passages (7 fuzzy) · showing 5 of 7 (--all for every hit)"."""
    text = f"{result.total} hit{'s' * (result.total != 1)} in {result.passages} passage{'s' * (result.passages != 1)}"
    if result.fuzzy:
        text += f" ({result.fuzzy} fuzzy)"
    if len(result.hits) < result.total:
        text += f" · showing {len(result.hits)} of {result.total} (--all for every hit)"
    return text


def _search_blocks(result: SearchResult) -> list[Block]:
    """Hits under their passage's reference; exact ones first, the first fuzzy group says so."""
    blocks: list[Block] = []
    previous: Hit | None = None
    for hit in result.hits:
        if previous is None or (previous.ref, previous.exact) != (hit.ref, hit.exact):
            heading: Line = [(hit.ref, "ref")]
            if previous is not None and previous.exact and not hit.exact:
                heading.append(("  (fuzzy matches from here on)", "note"))
            blocks += [[]] if previous is not None else []
            blocks.append(Group(heading, []))
        group = blocks[-1]
        assert isinstance(group, Group)
        group.rows.append((f"line {hit.line}", _hit_spans(hit)))
        previous = hit
    return [*blocks, [], [(summary(result), "note")]] if blocks else [[(summary(result), "note")]]


def _person_blocks(result: PersonReport) -> list[Block]:
    card = result.person
    count = len(result.mentions)
    blocks: list[Block] = [[(card.name, "heading"), (f"  ({result.index} index)", "note")]]
    if card.description:
        blocks.append([(card.description, "")])
    forms = ", ".join(f"{form} ×{n}" for form, n in card.forms.items())
    blocks += [[("forms: ", "line"), (forms or "none in the text", "")], [("where: ", "line"), (result.strip, "strip")]]
    blocks.append([(f"{count} mention{'s' * (count != 1)}", "note")])
    previous = None
    for mention in result.mentions:
        if mention.ref != previous:
            blocks += [[], Group([(mention.ref, "ref")], [])]
            previous = mention.ref
        group = blocks[-1]
        assert isinstance(group, Group)
        group.rows.append((f"line {mention.line}", _snippet_spans(mention.snippet, mention.highlight, "match")))
    if result.co_mentions:
        company = ", ".join(f"{c.name} ({c.passages})" for c in result.co_mentions)
        blocks += [[], [("named with: ", "line"), (company, "")]]
    return blocks


def _candidate_blocks(result: Candidates) -> list[Block]:
    blocks: list[Block] = [[(f"'{result.query}' may mean {len(result.candidates)} people:", "heading")]]
    for candidate in result.candidates:
        mentions = f"{candidate.mentions} mention{'s' * (candidate.mentions != 1)}"
        blocks += [
            [],
            [(candidate.name, "author"), (f" · {mentions} · ", "line"), (f'smilga person "{candidate.name}"', "ref")],
            [(f"  {candidate.description}", "")],
        ]
    return blocks


def _people_table(result: PeopleList) -> Tabular:
    rows = [
        (row.name, str(row.mentions), row.first.ref if row.first else "", str(row.first.line) if row.first else "",
         row.description)
        for row in result.people
    ]  # fmt: skip
    title = f"People ({result.index} index)"
    return Tabular(title, ("name", "mentions", "first", "line", "description"), rows, frozenset({1, 3}))


def _timeline_blocks(result: Timeline) -> list[Block]:
    rows = [(e.date, e.ref, str(e.line), e.text) for e in result.events]
    blocks: list[Block] = [Tabular("Timeline", ("date", "ref", "line", "event"), rows, frozenset({2}))]
    if result.undated:
        blocks += [[], [("no year in the text for:", "note")]]
        blocks += [[(f"  {e.date}  ", "line"), (e.ref, "ref"), (f" · line {e.line}  ", "line"), (e.text, "")]
                   for e in result.undated]  # fmt: skip
    return blocks


def _quotation_blocks(result: Quotations) -> list[Block]:
    blocks: list[Block] = []
    for quote in result.quotes:
        heading: Line = [*_where(quote.ref, quote.line), ("  ", ""), (quote.speaker or "unattributed", "author")]
        if quote.source is not None:
            heading.append((f"  (reproduces source {quote.source})", "note"))
        lead = [(quote.lead_in + " ", "note")] if quote.lead_in else []
        blocks += [*([[]] if blocks else []), heading, [("  ", ""), *lead, (f'"{quote.text}"', "")]]
    count = len(result.quotes)
    return [*blocks, [], [(f"{count} quotation{'s' * (count != 1)}", "note")]]


def _overview_blocks(result: Overview) -> list[Block]:
    years = f"{result.years.first}–{result.years.last}" if result.years else "none found"
    named = ", ".join(f"{n.name} ({n.mentions})" for n in result.most_mentioned) or "none"
    facts = [
        ("lines, words", f"{result.lines}, {result.words}"),
        ("biography", f"{result.paragraphs} paragraphs, {result.captions} caption{'s' * (result.captions != 1)}"),
        ("sources", f"{result.sources}, with {result.source_paragraphs} paragraphs"),
        ("people", f"{result.people} ({result.index} index)"),
        ("years", years),
        ("most named", named),
    ]
    return [[(result.title, "heading")], *([(f"{label}: ", "line"), (value, "")] for label, value in facts)]


def _layout(result: Any) -> list[Block]:
    if isinstance(result, Source):
        return _source_blocks(result)
    if isinstance(result, BioSelection):
        return _bio_blocks(result)
    if isinstance(result, (list, tuple)) and all(isinstance(item, Source) for item in result):
        return [_sources_table(result)]
    layouts = {
        "SearchResult": _search_blocks,
        "SearchCount": lambda count: [[(str(count.total), "")]],
        "PersonReport": _person_blocks,
        "Candidates": _candidate_blocks,
        "PeopleList": lambda listed: [_people_table(listed)],
        "Timeline": _timeline_blocks,
        "Quotations": _quotation_blocks,
        "Citation": lambda citation: [[(citation.citation, "")]],
        "Overview": _overview_blocks,
    }
    if type(result).__name__ not in layouts:
        raise TypeError(f"no layout for {type(result).__name__}")
    return layouts[type(result).__name__](result)


# ---- plain text ---------------------------------------------------------------------------------


def _plain_line(line: Line) -> str:
    return "".join(visible(text) for text, _ in line)


def plain(result: Any) -> str:
    """The result as plain text: no styles, no wrapping, control characters escaped; tables tab-separated."""
    out: list[str] = []
    for block in _layout(result):
        if isinstance(block, Group):
            out.append(_plain_line(block.heading))
            out += [f"  {label}  {_plain_line(body)}" for label, body in block.rows]
        elif isinstance(block, Tabular):
            out += ["\t".join(visible(cell) for cell in row) for row in [block.columns, *block.rows]]
        else:
            out.append(_plain_line(block))
    return "\n".join(out)


# ---- terminal -----------------------------------------------------------------------------------


def to_terminal(result: Any, stream: TextIO, *, pager: bool = False) -> None:
    """Print the result with Rich on ``stream``, through a pager if asked."""
    from rich.console import Console

    console = Console(file=stream, highlight=False, markup=False, emoji=False)
    renderables = [_renderable(block) for block in _layout(result)]
    if pager:
        with console.pager(styles=True):
            console.print(*renderables, sep="\n")
    else:
        console.print(*renderables, sep="\n")


def _text(line: Line) -> Any:
    """One laid-out line as Rich ``Text``: styled by span, never parsed for markup."""
    from rich.text import Text

    return Text.assemble(*((visible(text), STYLES[style] if style else "") for text, style in line))


def _renderable(block: Block) -> Any:
    from rich.console import Group as RichGroup
    from rich.table import Table

    if isinstance(block, Group):
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, justify="right", style="dim")
        grid.add_column()
        for label, body in block.rows:
            grid.add_row(_text([(f"  {label}", "line")]), _text(body))
        return RichGroup(_text(block.heading), grid)
    if isinstance(block, Tabular):
        table = Table(title=block.title, title_justify="left", title_style="bold")
        for index, column in enumerate(block.columns):
            table.add_column(column, justify="right" if index in block.numeric else "left")
        for row in block.rows:
            table.add_row(*(_text([(cell, "")]) for cell in row))
        return table
    return _text(block)


# ---- markdown -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """``text`` with markdown's special characters backslash-escaped, so it renders verbatim."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def _blockquote(texts: Sequence[str]) -> str:
    return "\n>\n".join("\n".join(f"> {md_escape(line)}" for line in text.split("\n")) for text in texts)


def _lines_label(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _md_line(line: Line) -> str:
    out = []
    for text, style in line:
        mark = _MARKDOWN_STYLES.get(style, "") if text.strip() else ""
        out.append(f"{mark}{md_escape(text)}{mark}")
    return "".join(out)


def _md_blocks(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Group):
            out += [_md_line(block.heading), ""]
            out += [f"- {label}: {_md_line(body)}" for label, body in block.rows]
        elif isinstance(block, Tabular):
            out.append("| " + " | ".join(block.columns) + " |")
            out.append("|" + "|".join("---:" if i in block.numeric else "---" for i in range(len(block.columns))) + "|")
            out += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in block.rows]
        else:
            out.append(_md_line(block))
    return "\n".join(out) + "\n"


def markdown(result: Any) -> str:
    """The result as markdown: quotations as a blockquote with an attribution line beneath."""
    if isinstance(result, Source):
        parts = [md_escape(result.author) + ", " if result.author else "", f"*{md_escape(result.title)}*"]
        if result.date:
            parts.append(f" ({md_escape(result.date)})")
        where = f"{result.ref} ¶{span([p.number for p in result.paragraphs])}"
        if result.paragraphs:
            where += ", " + _lines_label(result.paragraphs[0].line, result.paragraphs[-1].line)
        return f"{_blockquote([p.text for p in result.paragraphs])}\n\n— {''.join(parts)}; {where}\n"
    if type(result).__name__ == "Citation":
        return f"{result.markdown}\n"
    if isinstance(result, BioSelection):
        elements: list[Paragraph | Caption] = sorted([*result.paragraphs, *result.captions], key=lambda e: e.line)
        refs = [p.number for p in result.paragraphs]
        where = ", ".join(([f"bio {span(refs)}"] if refs else []) + [c.ref for c in result.captions])
        last = elements[-1]
        end = last.end_line if isinstance(last, Caption) else last.line
        quote = _blockquote([e.text for e in elements])
        return f"{quote}\n\n— *{md_escape(result.title)}*; {where}, {_lines_label(elements[0].line, end)}\n"
    return _md_blocks(_layout(result))
