"""Results to styled lines, then to Rich (terminal), plain text (pipes) or markdown; the only rich import.

Every result is first laid out as lines of (text, style) spans. Plain text joins the spans; the
terminal builds Rich ``Text`` from them, so text from the document or the user is never read as
markup, and highlighting is by span. Control characters are escaped on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from smilga_cli.model import Caption, Paragraph, Source
from smilga_cli.reading import BioSelection, span
from smilga_cli.search import Hit, SearchResult
from smilga_cli.text import visible

Span = tuple[str, str]  # (text, style name); "" is unstyled
Line = list[Span]

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
}


# ---- layout: results as styled lines ------------------------------------------------------------


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


def _source_lines(source: Source) -> list[Line]:
    lines = [_source_heading(source), _where(source.ref, source.line)]
    for paragraph in source.paragraphs:
        lines += [[], _where(f"¶{paragraph.number}", paragraph.line), [(paragraph.text, "")]]
    return lines


def _bio_lines(selection: BioSelection) -> list[Line]:
    lines: list[Line] = [[(selection.title, "heading"), (" — biography", "note")]]
    elements: list[Paragraph | Caption] = [*selection.paragraphs, *selection.captions]
    for element in sorted(elements, key=lambda e: e.line):
        if isinstance(element, Caption):
            lines += [[], _where(element.ref, element.line, element.end_line)]
            lines += [[(text, "caption")] for text in element.text.split("\n")]
        else:
            lines += [[], _where(element.ref, element.line), [(element.text, "")]]
    return lines


_SOURCE_COLUMNS = ("number", "author", "title", "date", "paragraphs", "line")


def _source_row(source: Source) -> tuple[str, ...]:
    return (str(source.number), source.author or "", source.title, source.date or "",
            str(len(source.paragraphs)), str(source.line))  # fmt: skip


def _sources_lines(sources: Sequence[Source]) -> list[Line]:
    """Tab-separated, one source a line, for pipes and scripts."""
    rows = [_SOURCE_COLUMNS, *(_source_row(s) for s in sources)]
    return [[("\t".join(row), "")] for row in rows]


def _lines(result: Any) -> list[Line]:
    if isinstance(result, Source):
        return _source_lines(result)
    if isinstance(result, BioSelection):
        return _bio_lines(result)
    if isinstance(result, (list, tuple)) and all(isinstance(item, Source) for item in result):
        return _sources_lines(result)
    from smilga_cli.search import SearchCount, SearchResult

    if isinstance(result, SearchResult):
        return _search_lines(result)
    if isinstance(result, SearchCount):
        return [[(str(result.total), "")]]
    raise TypeError(f"no layout for {type(result).__name__}")


def _hit_spans(hit: Hit) -> Line:
    start, end = hit.highlight
    spans: Line = [(hit.snippet[:start], ""), (hit.snippet[start:end], "match" if hit.exact else "fuzzy")]
    spans.append((hit.snippet[end:], ""))
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


def _starts_group(hits: Sequence[Hit], index: int) -> bool:
    """Whether hit ``index`` opens a group: a new passage, or the first fuzzy hit."""
    return index == 0 or (hits[index - 1].ref, hits[index - 1].exact) != (hits[index].ref, hits[index].exact)


def _group_heading(hits: Sequence[Hit], index: int) -> Line:
    """A passage's reference; the first fuzzy group after exact hits says what follows."""
    heading: Line = [(hits[index].ref, "ref")]
    if not hits[index].exact and index and hits[index - 1].exact:
        heading.append(("  (fuzzy matches from here on)", "note"))
    return heading


def _search_lines(result: SearchResult) -> list[Line]:
    lines: list[Line] = []
    for index, hit in enumerate(result.hits):
        if _starts_group(result.hits, index):
            if index:
                lines.append([])
            lines.append(_group_heading(result.hits, index))
        lines.append([(f"  line {hit.line}  ", "line"), *_hit_spans(hit)])
    if lines:
        lines.append([])
    lines.append([(summary(result), "note")])
    return lines


# ---- plain text ---------------------------------------------------------------------------------


def plain(result: Any) -> str:
    """The result as plain text: no styles, no wrapping, control characters escaped."""
    return "\n".join("".join(visible(text) for text, _ in line) for line in _lines(result))


# ---- terminal -----------------------------------------------------------------------------------


def to_terminal(result: Any, stream: TextIO, *, pager: bool = False) -> None:
    """Print the result with Rich on ``stream``, through a pager if asked."""
    from rich.console import Console

    console = Console(file=stream, highlight=False, markup=False, emoji=False)
    if isinstance(result, (list, tuple)) and result and all(isinstance(item, Source) for item in result):
        renderables: list[Any] = [_sources_table(result)]
    elif isinstance(result, SearchResult):
        renderables = _search_renderables(result)
    else:
        renderables = [_text(line) for line in _lines(result)]
    if pager:
        with console.pager(styles=True):
            console.print(*renderables, sep="\n")
    else:
        console.print(*renderables, sep="\n")


def _text(line: Line) -> Any:
    """One laid-out line as Rich ``Text``: styled by span, never parsed for markup."""
    from rich.text import Text

    return Text.assemble(*((visible(text), STYLES[style] if style else "") for text, style in line))


def _search_renderables(result: SearchResult) -> list[Any]:
    """Hits under their passage's reference, each snippet wrapped beside its line number."""
    from rich.table import Table

    renderables: list[Any] = []
    for index, hit in enumerate(result.hits):
        if _starts_group(result.hits, index):
            if index:
                renderables.append(_text([]))
            renderables.append(_text(_group_heading(result.hits, index)))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True, justify="right")
            grid.add_column()
            renderables.append(grid)
        grid.add_row(_text([(f"  line {hit.line}", "line")]), _text(_hit_spans(hit)))
    if renderables:
        renderables.append(_text([]))
    renderables.append(_text([(summary(result), "note")]))
    return renderables


def _sources_table(sources: Sequence[Source]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Primary sources", title_justify="left", title_style="bold")
    for column, justify in zip(("#", "Author", "Title", "Date", "¶", "Line"), "rllrrr", strict=True):
        table.add_column(column, justify={"r": "right", "l": "left"}[justify])
    for source in sources:
        table.add_row(*(Text(visible(cell)) for cell in _source_row(source)))
    return table


# ---- markdown -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """``text`` with markdown's special characters backslash-escaped, so it renders verbatim."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))


def _blockquote(texts: Sequence[str]) -> str:
    return "\n>\n".join("\n".join(f"> {md_escape(line)}" for line in text.split("\n")) for text in texts)


def _lines_label(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}–{last}"


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
    if isinstance(result, BioSelection):
        elements: list[Paragraph | Caption] = sorted([*result.paragraphs, *result.captions], key=lambda e: e.line)
        refs = [p.number for p in result.paragraphs]
        where = ", ".join(([f"bio {span(refs)}"] if refs else []) + [c.ref for c in result.captions])
        last = elements[-1]
        end = last.end_line if isinstance(last, Caption) else last.line
        quote = _blockquote([e.text for e in elements])
        return f"{quote}\n\n— *{md_escape(result.title)}*; {where}, {_lines_label(elements[0].line, end)}\n"
    if isinstance(result, SearchResult):
        items = []
        for hit in result.hits:
            start, end = hit.highlight
            snippet = (
                f"{md_escape(hit.snippet[:start])}**{md_escape(hit.snippet[start:end])}**{md_escape(hit.snippet[end:])}"
            )
            label = "" if hit.exact else f" *(fuzzy: {md_escape(hit.match)}, {hit.score:g})*"
            items.append(f"- **{hit.ref}**, line {hit.line}: {snippet}{label}")
        return "\n".join([*items, "", f"*{summary(result)}*"]) + "\n"
    if isinstance(result, (list, tuple)) and all(isinstance(item, Source) for item in result):
        header = "| # | Author | Title | Date | ¶ | Line |\n|---:|---|---|---|---:|---:|"
        rows = ["| " + " | ".join(md_escape(cell) for cell in _source_row(s)) + " |" for s in result]
        return "\n".join([header, *rows]) + "\n"
    return "\n".join("".join(md_escape(text) for text, _ in line) for line in _lines(result)) + "\n"
