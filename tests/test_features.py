"""The core of each research command, called as a library (the CLI's own tests are elsewhere):
timeline, quotations, the people list, one person, the overview."""

from __future__ import annotations

import pytest

from smilga_cli.features.citation import cite
from smilga_cli.features.overview import overview
from smilga_cli.features.person import Candidates, PersonReport, lookup
from smilga_cli.features.quotes import quotations
from smilga_cli.features.roster import people_list
from smilga_cli.features.timeline import timeline
from smilga_cli.index.people import parse_index, resolve_one

from .conftest import REAL


@pytest.fixture(scope="module")
def index():
    return parse_index(REAL.with_name("people.toml").read_text(encoding="utf-8"))


def test_timeline_orders_the_events_and_knows_it_is_not_empty(real):
    result = timeline(real.passages)
    assert not result.empty
    dates = [event.date for event in result.events]
    assert dates == sorted(dates)
    assert (result.events[0].date, result.events[0].ref, result.events[0].line) == ("1892", "bio 1", 5)


def test_timeline_of_one_person_keeps_only_the_sentences_naming_them(real, index):
    kolchak = resolve_one(index, "Kolchak")
    result = timeline(real.passages, kolchak, index)
    assert [(e.date, e.ref, e.line) for e in result.events] == [("1919-03", "bio 7", 23)]
    assert result.person == "Alexander Kolchak"


def test_a_person_with_no_dated_sentence_has_an_empty_timeline_that_says_so(real, index):
    result = timeline(real.passages, resolve_one(index, "Vatzetis"), index)
    assert result.empty
    assert str(result.nothing_found()) == "no dated events name Jukums Vācietis"


def test_quotations_have_speakers_sources_and_lines(real, index):
    result = quotations(real.passages, index)
    assert not result.empty
    lines = REAL.read_text(encoding="utf-8").split("\n")
    for quote in result.quotes:
        assert quote.text in lines[quote.line - 1]
    molotov = [q for q in result.quotes if q.ref == "bio 6"]
    assert [q.speaker for q in molotov] == ["Vyacheslav Molotov"]
    assert {q.source for q in result.quotes if q.source is not None} == {1, 2, 3, 4}


def test_citation_parts_mark_the_titles(real):
    citation = cite(real, real.sources[2])
    assert citation.citation == "Victor Serge, Memoirs of a Revolutionary (1945), quoted in Ivar Smilga, source 3."
    assert [text for text, kind in citation.parts if kind == "title"] == ["Memoirs of a Revolutionary", "Ivar Smilga"]


@pytest.mark.parametrize(
    ("sort", "first"), [("name", "Vladimir Antonov-Ovseenko"), ("mentions", "Ivar Smilga"), ("first", "Ivar Smilga")]
)
def test_people_list_sorts(real, index, sort, first):
    result = people_list(real, index, sort)
    assert len(result.people) == 59 and not result.empty
    assert result.people[0].name == first


def test_lookup_gives_a_report_candidates_or_nothing(real, index):
    report = lookup(real, index, "Trotsky")
    assert isinstance(report, PersonReport) and report.person.name == "Leon Trotsky"
    both = lookup(real, index, "Kamenev")
    assert isinstance(both, Candidates) and [c.name for c in both.candidates] == ["Lev Kamenev", "Sergei Kamenev"]
    nobody = lookup(real, index, "Trotzkx Nobody")
    assert isinstance(nobody, Candidates) and nobody.empty
    assert nobody.nothing_found().status == 1


def test_overview_counts(real, index):
    result = overview(real, index)
    assert (result.paragraphs, result.captions, result.sources, result.people) == (15, 1, 5, 59)
    assert result.years is not None and (result.years.first, result.years.last) == (1892, 1938)


def _collection_documents():
    from pathlib import Path

    from smilga_cli.document.loader import parse

    folder = Path(__file__).parent / "collection"
    return [parse(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]


@pytest.mark.parametrize("automatic", [False, True])
def test_a_person_read_through_the_search_index_is_the_person_read_passage_by_passage(real, index, automatic):
    # report_indexed reads only the passages that may name the person and their company
    from smilga_cli.features.person import report, report_indexed
    from smilga_cli.index.discovery import discover
    from smilga_cli.index.search import Index

    for document in [real, *_collection_documents()]:
        people = discover(document) if automatic else index
        search = Index.build(document)
        for person in people.people:
            for every in (False, True):
                whole = report(document.passages(), people, person, context=5, every=every)
                indexed = report_indexed(search, people, person, context=5, every=every)
                assert indexed == whole, person.name
