"""Layouts of search results: hits under their passage, exact ones first; a count."""

from __future__ import annotations

from collections.abc import Iterator

from smilga_cli.index.search import Hit, SearchCount, SearchResult
from smilga_cli.output.blocks import Block, Group, Line, lays_out, plural


def _hit_spans(hit: Hit) -> Line:
    """The snippet with every match highlighted, a widened one in its own style, and how it was widened."""
    spans: Line = []
    at = 0
    for (start, end), kind in zip(hit.highlights, hit.kinds, strict=True):
        spans += [(hit.snippet[at:start], ""), (hit.snippet[start:end], "match" if kind == "exact" else "fuzzy")]
        at = end
    spans.append((hit.snippet[at:], ""))
    notes = list(dict.fromkeys(note for note in hit.notes if note))
    if notes:
        spans.append((f"  {'; '.join(notes)}", "note"))
    return spans


def summary(result: SearchResult) -> str:
    """ "7 hits in 2 passages (7 fuzzy) · showing 5 of 7 (--all for every hit)"."""
    text = f"{plural(result.total, 'hit')} in {plural(result.passages, 'passage')}"
    if result.fuzzy:
        text += f" ({result.fuzzy} widened: typos or a person's other forms)"
    if len(result.hits) < result.total:
        text += f" · showing {len(result.hits)} of {result.total} (--all for every hit)"
    return text


@lays_out(SearchResult)
def search_blocks(result: SearchResult) -> Iterator[Block]:
    """Hits under their passage's reference; exact ones first, the first fuzzy group says so. Made
    as they are written (``--all`` may show a hundred thousand hits)."""
    group: Group | None = None
    previous: Hit | None = None
    for hit in result.hits:
        if group is None or previous is None or (previous.ref, previous.exact) != (hit.ref, hit.exact):
            heading: Line = [(hit.ref, "ref")]
            if previous is not None and previous.exact and not hit.exact:
                heading.append(("  (widened matches from here on)", "note"))
            if group is not None:
                yield from (group, [])
            group = Group(heading, [])
        group.rows.append((f"line {hit.line}", _hit_spans(hit)))
        previous = hit
    if group is not None:
        yield from (group, [])
    yield [(summary(result), "note")]


@lays_out(SearchCount)
def count_blocks(count: SearchCount) -> list[Block]:
    """The number alone, as grep -c."""
    return [[(str(count.total), "")]]
