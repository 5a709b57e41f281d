"""Cost grows linearly with the document: each path that once grew faster (or could) is run on the
real text repeated 2 and 20 times, and the larger may cost at most 30 times the smaller (linear:
about 10; quadratic: about 100). CPU time of the process, the least of a few runs, so that other
work on the machine does not count; a ratio with this much room is not a timed test of speed
(that is ``tests/bench.py``), it catches a path that turns quadratic.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

import pytest

from smilga_cli.document import loader
from smilga_cli.document.model import Document
from smilga_cli.index.people import PeopleIndex, find_mentions, parse_index, resolve_one

from .bench import PEOPLE, scaled

SMALL, LARGE, ROOM = 2, 20, 30


@cache
def _document(factor: int) -> Document:
    return loader.parse(scaled(factor))


@cache
def _people() -> PeopleIndex:
    return parse_index(PEOPLE.read_text(encoding="utf-8"))


def _cost(work: Callable[[Document], object], factor: int) -> float:
    document = _document(factor)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        work(document)
        best = min(best, time.process_time() - start)
    return max(best, 1e-4)  # below the clock's grain, a path costs nothing worth a ratio


def _search(query: str, **options: object) -> Callable[[Document], object]:
    from smilga_cli.index.search import Index, search

    return lambda document: search(Index.build(document), [query], people=_people, **options)  # type: ignore[arg-type]


def _quotes(document: Document) -> object:
    from smilga_cli.features.quotes import quotations

    return quotations(document.passages, _people())


def _sources(document: Document) -> object:
    from smilga_cli.features.quotes import with_quoted_in

    return with_quoted_in(document, document.sources)


def _timeline(document: Document) -> object:
    from smilga_cli.features.timeline import timeline

    return timeline(document.passages)


def _timeline_person(document: Document) -> object:
    from smilga_cli.features.timeline import timeline

    return timeline(document.passages, resolve_one(_people(), "Trotsky"), _people())


def _info(document: Document) -> object:
    from smilga_cli.features.overview import overview

    return overview(document, _people())


def _person(document: Document) -> object:
    from smilga_cli.features.person import report

    return report(document.passages(), _people(), resolve_one(_people(), "Trotsky"))


def _discover(document: Document) -> object:
    from smilga_cli.index.discovery import discover

    return discover(document)


PATHS: dict[str, Callable[[Document], object]] = {
    "parse": lambda document: loader.parse(scaled(len(document.paragraphs) // len(_document(1).paragraphs))),
    "search Kamenev": _search("Kamenev"),
    "search Kolchack (typo)": _search("Kolchack"),
    "search the -c": _search("the", limit=0),
    "search --regex": _search("Trot.ky", regex=True),
    "mentions": lambda document: find_mentions(document, _people()),
    "person Trotsky": _person,
    "quotes": _quotes,
    "sources": _sources,
    "timeline": _timeline,
    "timeline --person": _timeline_person,
    "info": _info,
    "automatic index": _discover,
}


@pytest.mark.parametrize("name", sorted(PATHS))
def test_cost_grows_linearly(name: str) -> None:
    costs = {factor: _cost(PATHS[name], factor) for factor in (SMALL, LARGE)}
    ratio = costs[LARGE] / costs[SMALL]
    assert ratio < ROOM, f"{name}: {LARGE // SMALL}x the size cost {ratio:.0f}x the time ({costs})"


def test_counting_holds_no_hit_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """``search -c`` counts while it matches: a word with ten times the hits ("the": 1,500 hits of
    7,040 matches at 20 times the size; "Kamenev": 160) costs a few times the memory to count,
    where holding every match cost twenty times as much. Checked on the general path (every unit
    matched, as a query of several words is) and on a word counted from its postings."""
    import tracemalloc

    from smilga_cli.index import search as searching

    index = searching.Index.build(_document(LARGE))

    def peaks() -> dict[str, int]:
        for word in ("the", "Kamenev"):  # what a first search pays once (patterns, caches) is not counted
            searching.search(index, [word], limit=0)
        found = {}
        for word in ("the", "Kamenev"):
            tracemalloc.start()
            assert searching.search(index, [word], limit=0).total > 100
            found[word] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return found

    counted = peaks()
    monkeypatch.setattr(searching, "_counted", lambda *arguments: None)
    general = peaks()
    assert general["the"] < 8 * general["Kamenev"], general  # counting: 4x; holding every match: 22x
    assert counted["the"] < general["the"] and counted["Kamenev"] < general["Kamenev"], (counted, general)
