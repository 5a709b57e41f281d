"""The query language: what the parser reads, what it refuses (always with a position), and that
whatever it accepts runs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smilga_cli.index.query import (
    And,
    Near,
    Not,
    Or,
    QueryError,
    QuerySyntaxError,
    Term,
    looks_like_regex,
    parse,
    terms_of,
)
from smilga_cli.index.search import Index, search


@pytest.fixture(scope="module")
def index(real):
    return Index.build(real)


def words(node) -> list[tuple[str, ...]]:
    return [term.words for term in terms_of(node)]


@pytest.mark.parametrize(
    ("query", "shape"),
    [
        ("Serge Smilga", And),
        ('"Back to Lenin"', Term),
        ("“Back to Lenin”", Term),
        ("Trotsky OR Lenin", Or),
        ("Smilga NOT Stalin", And),
        ("Smilga -Stalin", And),
        ("NEAR/5(Smilga arrested)", Near),
        ("(Trotsky OR Lenin) AND Stalin", And),
        ("Trotsky*", Term),
    ],
)
def test_the_operators_read_as_documented(query, shape):
    assert isinstance(parse([query]), shape)


def test_or_binds_tighter_than_and_and_parentheses_group():
    tree = parse(["Trotsky OR Lenin arrested"])
    assert isinstance(tree, And) and isinstance(tree.parts[0], Or)
    assert words(tree) == [("trotsky",), ("lenin",), ("arrested",)]
    grouped = parse(["Trotsky OR (Lenin arrested)"])
    assert isinstance(grouped, Or) and isinstance(grouped.parts[1], And)


def test_arguments_and_together_whether_given_apart_or_in_one():
    assert parse(["Serge", "Smilga"]) == parse(["Serge Smilga"])


def test_words_with_punctuation_are_phrases_of_their_parts_and_prefixes_are_marked():
    assert words(parse(["Peter-Paul"])) == [("peter", "paul")]
    assert words(parse(["Lenin's"])) == [("lenin", "s")]
    star = parse(["Trotsky*"])
    assert isinstance(star, Term) and star.prefix and star.words == ("trotsky",)


def test_not_and_near_details():
    tree = parse(["Smilga NOT (Stalin OR Trotsky)"])
    assert isinstance(tree, And) and isinstance(tree.parts[1], Not)
    assert [t.words for t in terms_of(tree, negated=True)] == [("stalin",), ("trotsky",)]
    near = parse(['NEAR("Back to" Lenin)'])
    assert isinstance(near, Near) and near.distance == 10 and len(near.terms) == 2


@pytest.mark.parametrize(
    ("query", "position", "problem"),
    [
        ("Trotsky (Lenin", 9, "an unclosed parenthesis"),
        ('Smilga "Back to', 8, "an unclosed quote"),
        ("Trotsky OR", 9, "OR needs a word on each side"),
        ("OR Lenin", 1, "OR needs a word on each side"),
        ("Trotsky OR OR Lenin", 9, "OR needs a word on each side"),
        ("NOT Stalin", 1, "only NOT terms"),
        ("-Stalin -Lenin", 1, "only NOT terms"),
        ("Smilga )", 8, "a closing parenthesis with no opening one"),
        ("Smilga ()", 8, "empty parentheses"),
        ("NEAR(Smilga)", 1, "needs two words or phrases"),
        ("NEAR/5(Smilga (x))", 1, "takes words or phrases"),
        ("Smilga OR NOT Stalin", 11, "NOT cannot be an alternative of OR"),
        ("Smilga AND", 8, "AND needs a word on each side"),
        ("NEAR/5000(a b)", 1, "at most NEAR/1000"),
        ("Smilga NOT", 8, "NOT needs a word after it"),
    ],
)
def test_a_query_that_cannot_be_read_says_what_and_where(query, position, problem):
    with pytest.raises(QuerySyntaxError) as refused:
        parse([query])
    assert refused.value.position == position - 1
    assert f"at character {position}: " in str(refused.value) and problem in str(refused.value)


@pytest.mark.parametrize("query", ["", "   ", "—", "!!! ???"])
def test_a_query_without_words_is_refused(query):
    with pytest.raises(QueryError):
        parse([query])


def test_a_query_that_looks_like_a_regular_expression():
    assert all(looks_like_regex(q) for q in ["Trotsky|Lenin", "Sta.*", r"\bLenin", "^Smilga", "Smilga$", "[Ss]milga"])
    assert not any(looks_like_regex(q) for q in ["Trotsky OR Lenin", "Smilga", '"Back to Lenin"', "Trotsky*"])


_PIECES = st.sampled_from(
    ["Smilga", "Stalin", "Trotsky", "Back", "to", "Lenin", "Kolchack", "Preobrazhensky", "OR", "AND", "NOT", "-",
     "(", ")", '"', "“", "”", "NEAR(", "NEAR/3(", "*", "Trots*", "-Stalin", "Peter-Paul", "Lenin's", "&", "—", "x"]
)  # fmt: skip


@given(st.lists(_PIECES, min_size=1, max_size=10), st.booleans())
def test_whatever_the_parser_accepts_runs_and_whatever_it_refuses_it_refuses_with_a_position(index, pieces, spaced):
    query = (" " if spaced else "").join(pieces)
    try:
        tree = parse([query])
    except QuerySyntaxError as refused:
        assert 0 <= refused.position <= len(query)
        assert f"at character {refused.position + 1}:" in str(refused)
        return
    except QueryError as refused:
        assert "\n" not in str(refused)
        return
    assert terms_of(tree) or terms_of(tree, negated=True)
    result = search(index, [query], limit=None)
    assert result.total == len(result.hits)
    for hit in result.hits:
        for start, end in hit.highlights:
            assert 0 <= start < end <= len(hit.snippet)
