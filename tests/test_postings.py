"""Postings: search matches only the passages a query's words are in, finds what matching every
passage found, and an index dumped to blobs and loaded back answers every query the same."""

from __future__ import annotations

import json
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smilga_cli.document import loader
from smilga_cli.index import search as searching
from smilga_cli.index.people import parse_index
from smilga_cli.index.query import parse as parse_query
from smilga_cli.index.query import terms_of
from smilga_cli.index.search import Index, search
from smilga_cli.index.table import PassageTable
from smilga_cli.output.emit import jsonable

from .conftest import REAL, build

RAW = REAL.read_bytes()
QUERIES = [
    (["Kamenev"], {}),
    (["Trotsky"], {}),
    (['"Back to Lenin"'], {}),
    (["Kolchack"], {}),
    (["Preobrazhensky"], {}),
    (["Vacietis"], {}),
    (["Smil*"], {}),
    (["Trotsky", "OR", "Lenin"], {}),
    (["Smilga", "NOT", "Trotsky"], {}),
    (["Smilga", "NOT", "Xylophonicus"], {}),
    (["NEAR/3(Smilga", "arrested)"], {}),
    (["NEAR/10(Trotsky", "Zinoviev)"], {}),
    (["(Kolchak", "OR", "Denikin)", "Lashevich"], {}),
    (["Stalin"], {"scopes": ("bio", "caption")}),
    (["Stalin"], {"scopes": ("source:3",)}),
    (["Serge", "Smilga"], {"scopes": ("sources",)}),
    (["Lenin"], {"relevance": True}),
    (["Trotsky", "Lenin"], {"relevance": True, "limit": 5}),
    (["Kolchack"], {"relevance": True}),
    (["Trot.ky"], {"regex": True}),
    (["smilga", "arrest"], {"regex": True, "scopes": ("bio",)}),
    (["the"], {"limit": 0}),
    (["the"], {"context": 3}),
    (["Xylophonicus"], {}),
    (["Central", "Committee"], {}),
    (['"the Party"'], {}),
]


@pytest.fixture(scope="module")
def people():
    return parse_index(REAL.with_name("people.toml").read_text(encoding="utf-8"))


def as_json(index: Index, people, query: list[str], options: dict) -> str:
    result = search(index, query, people=lambda: people, **{"limit": None, **options})
    return json.dumps(jsonable(result), ensure_ascii=False)


@pytest.fixture(scope="module")
def index(real):
    return Index.build(real, RAW)


def test_postings_are_the_passages_a_word_is_in(real, index):
    from smilga_cli.document.text import keys

    passages = list(real.passages())
    for key in ("smilga", "lenin", "the", "preobrazhenskv"):
        assert list(index.postings(key)) == [n for n, p in enumerate(passages) if key in keys(p.text)]
    assert list(index.postings("xylophonicus")) == []
    assert [index.table.word_counts[n] for n in range(len(passages))] == [len(keys(p.text)) for p in passages]


@pytest.mark.parametrize(("query", "options"), QUERIES)
def test_matching_candidates_only_finds_what_matching_every_unit_finds(monkeypatch, index, people, query, options):
    narrowed = as_json(index, people, query, options)
    monkeypatch.setattr(searching._WordLeaf, "candidates", lambda self, index: None)  # every passage, as before
    assert narrowed == as_json(index, people, query, options)


def test_a_query_true_with_no_term_still_reports_only_units_with_a_match(index, people):
    # "NOT Xylophonicus" is true in every unit, yet a unit is reported for its matches alone: the
    # units visited are those of Smilga's passages.
    tree = parse_query(["Smilga", "NOT", "Xylophonicus"])
    leaves = {term: searching._leaf(index, term, searching._Widening(None, None)) for term in terms_of(tree)}
    leaves.update({term: searching._leaf(index, term, searching._Widening(None, None))
                   for term in terms_of(tree, negated=True)})  # fmt: skip
    evaluation = searching._Evaluation(index, leaves)
    assert evaluation.units(tree) == index.table.units_of(index.postings("smilga"))
    without = json.loads(as_json(index, people, ["Smilga", "NOT", "Xylophonicus"], {}))
    assert without["hits"] == json.loads(as_json(index, people, ["Smilga"], {}))["hits"]


def test_and_and_near_narrow_the_units_or_joins_them_not_leaves_them(index):
    def units(*query: str) -> list[int] | None:
        tree = parse_query(list(query))
        widening = searching._Widening(None, None)
        leaves = {
            term: searching._leaf(index, term, widening) for term in terms_of(tree) + terms_of(tree, negated=True)
        }
        return searching._Evaluation(index, leaves).units(tree)

    def of(*keys: str) -> set[int]:
        return set(index.table.units_of(index.postings(keys[0]))).intersection(
            *(index.table.units_of(index.postings(key)) for key in keys[1:])
        )

    near = set(index.postings("smilga")) & set(index.postings("arrested"))
    assert units("NEAR/5(Smilga", "arrested)") == index.table.units_of(near)
    assert set(units("Serge", "Smilga")) == of("serge", "smilga")  # a heading and a paragraph: one unit
    assert set(units("Kolchak", "OR", "Denikin")) == of("kolchak") | of("denikin")
    assert units("Smilga", "NOT", "Trotsky") == index.table.units_of(index.postings("smilga"))


def test_a_phrase_whose_words_are_in_different_passages_has_no_candidate(index, people):
    latvia, lashevich = set(index.postings("latvia")), set(index.postings("lashevich"))
    assert latvia and lashevich and not latvia & lashevich
    leaf = searching._leaf(index, parse_query(['"Latvia Lashevich"']), searching._Widening(None, None))
    assert leaf is not None and leaf.candidates(index) == set()
    assert json.loads(as_json(index, people, ['"Latvia Lashevich"'], {}))["total"] == 0
    # words in one passage but apart: a candidate, and no match
    together = set(index.postings("smilga")) & set(index.postings("arrested"))
    leaf = searching._leaf(index, parse_query(['"Smilga arrested"']), searching._Widening(None, None))
    assert leaf is not None and leaf.candidates(index) == together
    assert json.loads(as_json(index, people, ['"Smilga arrested"'], {}))["total"] == 0


def test_a_typo_and_a_form_are_widened_through_their_words_postings(index, people):
    typo = searching._leaf(index, parse_query(["Kolchack"]), searching._Widening(None, None))
    assert typo is not None and typo.candidates(index) == set(index.postings("kolchak"))
    form = searching._leaf(index, parse_query(["Preobrazhensky"]), searching._Widening(None, lambda: people))
    assert form is not None
    assert set(index.postings("preobrazhenskv")) <= form.candidates(index)
    hits = json.loads(as_json(index, people, ["Preobrazhensky"], {}))["hits"]
    assert "form" in {kind for hit in hits for kind in hit["kinds"]}


class Stored:
    """A dumped index in memory, counting what a loaded one reads."""

    def __init__(self, index: Index, raw: bytes) -> None:
        self.blobs, postings = index.dump()
        self.postings = dict(postings)
        self.raw = raw
        self.words_read: list[str] = []
        self.spans_read: list[tuple[int, int]] = []

    def load(self) -> Index:
        return Index.load(self.blobs.__getitem__, self.posting, self.read)

    def posting(self, key: str) -> bytes | None:
        self.words_read.append(key)
        return self.postings.get(key)

    def read(self, start: int, end: int) -> bytes:
        self.spans_read.append((start, end))
        return self.raw[start:end]


def test_the_stored_index_holds_no_pickle(index):
    stored = Stored(index, RAW)
    assert all(isinstance(blob, bytes) and not blob.startswith(b"\x80") for blob in stored.blobs.values())
    assert stored.blobs["inline"] == b""  # every text is a span of the file


def test_a_loaded_index_answers_every_query_as_the_built_one(index, people):
    stored = Stored(index, RAW)
    for query, options in QUERIES:
        assert as_json(stored.load(), people, query, options) == as_json(index, people, query, options), query


def test_a_loaded_index_reads_only_the_words_and_texts_a_query_needs(index, people):
    stored = Stored(index, RAW)
    loaded = stored.load()
    search(loaded, ['"Back to Lenin"'], people=lambda: people, limit=None)
    assert set(stored.words_read) == {"back", "to", "lenin"}
    candidates = set(index.postings("back")) & set(index.postings("to")) & set(index.postings("lenin"))
    assert len(stored.spans_read) == len(candidates) < len(index.table)  # each candidate read once


def test_texts_are_read_back_exactly_from_crlf_files_and_stripped_titles(write_doc):
    built = build(
        "  Jane Roe  ",
        bio=[["Jane Roe was born in Riga in 1890."], ["She joined the party in 1917."]],
        captions={1: ["Jane Roe in Riga", "with the comrades of the", "Riga party, 1917"]},
        sources=[("(1) Jane Roe, Letters (1917)", [["Dear comrade Riga."]])],
        newline="\r\n",
    )
    raw = ("\ufeff" + built.text).encode("utf-8")
    document = loader.parse(loader.decode(raw))
    index = Index.build(document, raw)
    stored = Stored(index, raw)
    assert stored.blobs["inline"] == b""
    loaded = stored.load()
    assert [loaded.table.passage(n) for n in range(len(index.table))] == list(document.passages())
    for query in (["Riga"], ["comrade*"], ["Jane", "Roe"], ["party", "1917"]):
        assert search(loaded, query) == search(index, query)


def test_an_index_built_without_the_file_stores_every_text(real, index, people):
    stored = Stored(Index.build(real), RAW)
    assert len(stored.blobs["inline_texts"]) == sum(len(index.text(n).encode()) for n in range(len(index.table)))
    assert as_json(stored.load(), people, ["Kolchack"], {}) == as_json(index, people, ["Kolchack"], {})
    assert not stored.spans_read


def test_blobs_that_do_not_check_out_are_refused(index):
    stored = Stored(index, RAW)
    with pytest.raises(ValueError):
        Index.load({**stored.blobs, "format": b"other"}.__getitem__, stored.posting, stored.read)
    with pytest.raises(ValueError):
        Index.load({**stored.blobs, "size": b"\x00" * 3}.__getitem__, stored.posting, stored.read)
    # each array is checked when first used: a search on it fails, and the session builds it again
    damaged = {
        "lines": (b"\x00" * 3, lambda table: table.lines),
        "sections": (b"\x07" * len(index.table), lambda table: table.sections),
        "sources": (b"", lambda table: table.sources),
        "ref_ends.0": (b"\x00" * 4, lambda table: table.refs[0]),
        "refs.0": (b"\x00" * 4, lambda table: table.refs[1]),
        "spans.0": (b"\x00" * 8, lambda table: table.text(0)),
        "unit_counts": (b"\xff" * 4 * len(index.table), lambda table: table.unit_counts),
        "first_units": (b"\xff" * 4 * len(index.table), lambda table: table.first_units),
    }
    for name, (value, use) in damaged.items():
        loaded = Index.load({**stored.blobs, name: value}.__getitem__, stored.posting, stored.read)
        with pytest.raises(ValueError):
            use(loaded.table)
        with pytest.raises((ValueError, IndexError)):
            search(loaded, ["the"], limit=None, scopes=["bio"])


def test_a_loaded_table_reads_an_array_only_when_it_is_used(index, people):
    stored = Stored(index, RAW)
    asked: list[str] = []

    def blob(name: str) -> bytes:
        asked.append(name)
        return stored.blobs[name]

    loaded = Index.load(blob, stored.posting, stored.read)
    assert set(asked) == {"format", "size", "words", "spellings"}
    found = search(loaded, ["Kamenev"], people=lambda: people, limit=3)
    assert found.total > 3
    assert not {"unit_headings", "unit_passages", "first_units", "unit_counts", "word_counts"} & set(asked)
    search(loaded, ["Kamenev", "Trotsky"], people=lambda: people, limit=3)  # the general path walks units
    assert {"unit_headings", "unit_passages", "first_units", "unit_counts"} <= set(asked)


# ---- a word counted from its postings --------------------------------------------------------
# A query of one word written one way is counted from how often each passage holds it: only the
# passages shown, and those holding it more than once, are read. The answers must be the ones the
# general path gives (every candidate read and grouped).

COUNTED = ["Smilga", "the", "party", "parties", "Lenin", "Trotsky's", "Kolchack", "Stalen", "Soviet*", "Smil*",
           "Preobrazhensky", "Preobrazhenskv", "Kamenev", "a", "s", "1917", "Xylophonicus", "Vacietis"]  # fmt: skip


def general(monkeypatch, index, people, query, options):
    with monkeypatch.context() as patched:
        patched.setattr(searching, "_counted", lambda *arguments: None)
        return as_json(index, people, query, options)


@pytest.mark.parametrize("word", COUNTED)
@pytest.mark.parametrize("options", [{"limit": 0}, {"limit": 20}, {"limit": 3, "context": 0}, {"limit": 1000}])
def test_a_word_counted_from_its_postings_answers_as_the_general_path(monkeypatch, index, people, word, options):
    counted = as_json(index, people, [word], options)
    assert counted == general(monkeypatch, index, people, [word], options)


def test_the_counted_path_reads_only_the_passages_it_shows_and_those_holding_the_word_twice(index, people):
    stored = Stored(index, RAW)
    loaded = stored.load()
    held, twice = index.postings("kamenev"), index.repeats("kamenev")
    assert len(held) > len(twice) + 3
    result = search(loaded, ["Kamenev"], people=lambda: people, limit=2)
    assert result.passages == len(held) and len(result.hits) == 2
    # read: the passages of the two hits shown, then only those holding Kamenev more than once
    assert len(set(stored.spans_read)) <= 2 + len(twice)
    every_scope = search(index, ["Kamenev"], people=lambda: people, limit=2, scopes=searching.SCOPES)  # general
    assert json.dumps(jsonable(result)) == json.dumps(jsonable(every_scope))


def test_repeats_are_the_passages_holding_the_word_more_than_once(real, index):
    from smilga_cli.document.text import keys

    passages = list(real.passages())
    for key in ("smilga", "the", "party", "kamenev", "a"):
        assert list(index.repeats(key)) == [n for n in index.postings(key) if keys(passages[n].text).count(key) > 1]
        assert list(Stored(index, RAW).load().repeats(key)) == list(index.repeats(key))
    assert index.repeats("the") and index.repeats("smilga")


def _u32(*values: int) -> bytes:
    return b"".join(value.to_bytes(4, "little") for value in values)


def test_stored_postings_that_do_not_fit_are_refused(index):
    stored = Stored(index, RAW)
    damaged = [
        stored.postings["smilga"][:-1],  # not whole numbers
        None,  # a word of the vocabulary with no postings row
        b"",
        _u32(5, 1),  # more passages than given
        _u32(1, 10**6),  # a passage the table does not have
        _u32(0, 3, 9),  # holding it again where it is not held
        _u32(3, 9, 2, 11),  # out of order
        _u32(2, 4, 4),  # twice the same passage
        _u32(2, 4, 9, 9, 4),  # repeats out of order
        _u32(2, 4, 9, 5),  # a repeat among no passage
    ]
    for value in damaged:
        loaded = Index.load(stored.blobs.__getitem__, {**stored.postings, "smilga": value}.get, stored.read)
        with pytest.raises(ValueError):
            loaded.postings("smilga")
    loaded = Index.load(stored.blobs.__getitem__, {**stored.postings, "smilga": _u32(2, 4, 9, 9)}.get, stored.read)
    assert (list(loaded.postings("smilga")), list(loaded.repeats("smilga"))) == ([4, 9], [9])
    assert loaded.postings("xylophonicus") == ()  # a word the text lacks has none


def test_references_that_do_not_add_up_are_refused(index):
    stored = Stored(index, RAW)
    ends = array("I", [0] * len(index.table))
    ends[-1] = len(stored.blobs["refs.0"])  # ends where the references end, but not in order
    for value in (ends.tobytes(), b""):
        loaded = Index.load({**stored.blobs, "ref_ends.0": value}.__getitem__, stored.posting, stored.read)
        with pytest.raises(ValueError):
            loaded.table.refs[0]
    loaded = stored.load()
    with pytest.raises(IndexError):
        loaded.table.refs[-len(index.table) - 1]
    assert loaded.table.refs[-1] == index.table.refs[-1]


def test_the_words_of_a_stem_are_every_word_of_the_vocabulary_that_has_it(index):
    by_stem: dict[str, list[str]] = {}
    for key in index.vocabulary:
        for stem in searching.stems_of(key):
            by_stem.setdefault(stem, []).append(key)
    for stem, having in by_stem.items():
        assert sorted(index.with_stem(stem)) == having, stem
    assert index.with_stem("xylophonicus") == []


_ENDINGS = ["", "s", "es", "ies", "y", "ses", "xes", "zes", "ches", "shes", "us", "ss", "aes", "ees", "oes"]
_STEMMED = st.builds(str.__add__, st.text("abeisuxyzch", min_size=1, max_size=5), st.sampled_from(_ENDINGS))


@given(st.lists(_STEMMED, min_size=1, max_size=40), _STEMMED)
def test_any_stem_finds_the_words_that_have_it(words, probe):
    index = Index(PassageTable.of([], array("I")), {word: {word} for word in words}, lambda key: ((), ()))
    for stem in {probe, *(s for word in words for s in searching.stems_of(word))}:
        assert set(index.with_stem(stem)) == {word for word in words if stem in searching.stems_of(word)}


@pytest.mark.parametrize("chunk", [1, 7, 64])
def test_a_table_stored_in_small_chunks_answers_as_the_built_one(monkeypatch, index, people, chunk):
    from smilga_cli.index import table

    monkeypatch.setattr(table, "_CHUNK", chunk)
    stored = Stored(index, RAW)
    assert f"spans.{(len(index.table) - 1) // chunk}" in stored.blobs
    assert f"spans.{(len(index.table) - 1) // chunk + 1}" not in stored.blobs
    loaded = stored.load()
    assert [loaded.table.passage(n) for n in range(len(index.table))] == [
        index.table.passage(n) for n in range(len(index.table))
    ]
    for query, options in QUERIES:
        assert as_json(loaded, people, query, options) == as_json(index, people, query, options), query
