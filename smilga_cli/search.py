"""Search: the index of the document's words and matching against it; the only rapidfuzz import."""

from __future__ import annotations


def similarity(a: str, b: str) -> float:
    """Edit similarity of two folded words, 0–100 (rapidfuzz's normalised Indel ratio)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


class SearchResult:
    pass
