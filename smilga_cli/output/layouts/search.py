"""Layouts of search results: hits under their passage, exact ones first; a count."""

from __future__ import annotations

from smilga_cli.index.search import Hit, SearchCount, SearchResult
from smilga_cli.output.blocks import Block, Group, Line, lays_out, plural, snippet_spans


def _hit_spans(hit: Hit) -> Line:
    spans = snippet_spans(hit.snippet, hit.highlight, "match" if hit.exact else "fuzzy")
    if not hit.exact:
        spans.append((f"  ≈ {hit.match} ({hit.score:g})", "note"))
    return spans


def summary(result: SearchResult) -> str:
    """ "7 hits in 2 passages (7 fuzzy) · showing 5 of 7 (--all for every hit)"."""
    text = f"{plural(result.total, 'hit')} in {plural(result.passages, 'passage')}"
    if result.fuzzy:
        text += f" ({result.fuzzy} fuzzy)"
    if len(result.hits) < result.total:
        text += f" · showing {len(result.hits)} of {result.total} (--all for every hit)"
    return text


@lays_out(SearchResult)
def search_blocks(result: SearchResult) -> list[Block]:
    """Hits under their passage's reference; exact ones first, the first fuzzy group says so."""
    blocks: list[Block] = []
    groups: list[Group] = []
    previous: Hit | None = None
    for hit in result.hits:
        if previous is None or (previous.ref, previous.exact) != (hit.ref, hit.exact):
            heading: Line = [(hit.ref, "ref")]
            if previous is not None and previous.exact and not hit.exact:
                heading.append(("  (fuzzy matches from here on)", "note"))
            blocks += [[]] if previous is not None else []
            groups.append(Group(heading, []))
            blocks.append(groups[-1])
        groups[-1].rows.append((f"line {hit.line}", _hit_spans(hit)))
        previous = hit
    return [*blocks, [], [(summary(result), "note")]] if blocks else [[(summary(result), "note")]]


@lays_out(SearchCount)
def count_blocks(count: SearchCount) -> list[Block]:
    """The number alone, as grep -c."""
    return [[(str(count.total), "")]]
