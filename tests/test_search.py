"""Search: the recall guarantee against grep, folding, phrases, AND, fuzzy matching, options, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from smilga_cli.cli.app import app
from smilga_cli.index.search import Index, QueryError, parse_query, search

from .conftest import REAL, build, owners

runner = CliRunner()
TEXT = REAL.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def run(*args: str):
    return runner.invoke(app, list(args))


def hits_json(*args: str) -> dict:
    result = run("search", *args, "--json", "--all")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def index(real):
    return Index.build(real)


# ---- the recall guarantee -----------------------------------------------------------------------


def _grep_lines(word: str) -> set[int]:
    """Lines ``grep -i -w -n WORD`` finds in the document (a Python equivalent where grep is absent)."""
    if shutil.which("grep"):
        done = subprocess.run(["grep", "-i", "-w", "-n", "-F", "--", word, str(REAL)], capture_output=True, text=True,
                              env={"LC_ALL": "C.UTF-8"})  # fmt: skip
        return {int(line.split(":", 1)[0]) for line in done.stdout.splitlines()}
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return {number for number, line in enumerate(LINES, 1) if pattern.search(line)}


@pytest.mark.slow
def test_recall_every_word_finds_every_passage_grep_finds(real, index):
    owners_of = owners(real)
    words = {w.lower(): w for w in re.findall(r"\w+", TEXT)}
    assert len(words) > 900
    for word in sorted(words.values()):
        result = search(index, [word], threshold=None, limit=None)
        grep_lines = _grep_lines(word)
        assert grep_lines, word
        hit_refs = {hit.ref for hit in result.hits}
        grep_refs = {owners_of[line][0] for line in grep_lines}
        assert grep_refs <= hit_refs, f"{word}: grep finds {sorted(grep_refs - hit_refs)} that search misses"
        missing_lines = grep_lines - {hit.line for hit in result.hits}
        assert not missing_lines, f"{word}: lines {sorted(missing_lines)}"


def test_recall_through_the_cli_for_a_sample_of_words():
    for word in ["Kamenev", "Lenin's", "Tsar's", "46", "Okhotny", "Helsingfors", "the"]:
        data = hits_json(word, "--exact")
        grep_lines = _grep_lines(word)
        assert grep_lines <= {hit["line"] for hit in data["hits"]}, word


# ---- matching rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "line", "match"),
    [
        ("Piłsudski", 23, "Pilsudski"),
        ("PILSUDSKI", 23, "Pilsudski"),
        ("Józef", 23, "Jozef"),
        ("workers'", 29, "workers"),  # the text has workers’ (a curly apostrophe)
        ("workers’", 29, "workers"),
        ("Каменев", 7, "Kamenev"),
        ("Троцкий", 5, "Trotsky"),
        ("Trotsky", 37, "Trotskyites"),
        ("Lenin", 7, "Lenin"),  # in "Lenin's"
        ("Peter-Paul", 11, "Peter-Paul"),
        ("Peter–Paul", 45, "Peter-Paul"),
        ("Antonov-Ovseenko", 25, "Antonov-Ovseenko"),
    ],
)
def test_folding_and_word_starts(query, line, match):
    data = hits_json(query)
    assert (line, match) in {(hit["line"], hit["match"]) for hit in data["hits"]}


def test_accented_latin_folds_as_anyascii_folds_it():
    # fold() drops the accents of Latin letters itself and leaves the rest to anyascii: the two
    # must agree on every Latin letter, alone and under every combining accent.
    import re
    import unicodedata

    from anyascii import anyascii

    from smilga_cli.document.text import fold

    def reference(word: str) -> str:
        return re.sub(r"[^0-9a-z_]+", "", anyascii(unicodedata.normalize("NFC", word)).lower())

    letters = [chr(c) for c in range(0x41, 0x250) if chr(c).isalpha()]
    words = letters + [base + chr(mark) for base in letters for mark in range(0x300, 0x370)]
    words += ["Vācietis", "Straße", "Øresund", "Łódź", "Ærø", "Каменев", "Trotskiĭ"]
    assert [w for w in words if fold(w) != reference(w)] == []


def test_words_match_at_word_starts_only():
    data = hits_json("rotsky", "--exact")
    assert data["total"] == 0


def test_short_terms_stay_exact():
    data = hits_json("war")
    assert data["hits"] and all(hit["exact"] for hit in data["hits"])
    assert "was" not in {hit["match"].lower() for hit in data["hits"]}


def test_several_terms_must_all_be_in_the_passage(real):
    data = hits_json("Smilga", "Stalin")
    refs = {hit["ref"] for hit in data["hits"]}
    expected = {
        p.ref for p in real.passages() if re.search(r"\bsmilga", p.text, re.I) and re.search(r"\bstalin", p.text, re.I)
    }
    assert refs == expected and len(refs) == data["passages"]
    assert {hit["term"] for hit in data["hits"]} == {"Smilga", "Stalin"}


def test_quoted_term_is_a_phrase():
    data = hits_json("Back to Lenin")
    assert [(hit["ref"], hit["line"]) for hit in data["hits"]] == [("bio 13", 35), ("source 4 ¶5", 66)]
    assert all(hit["match"] == "Back to Lenin" for hit in data["hits"])
    assert hits_json("Lenin to Back")["total"] == 0
    assert parse_query(['"Back to Lenin" Smilga'])[0].words == ("back", "to", "lenin")


def test_fuzzy_hits_are_labelled_and_come_after_exact_ones():
    data = hits_json("Preobrazhensky")
    exactness = [hit["exact"] for hit in data["hits"]]
    assert exactness == sorted(exactness, reverse=True)  # every exact hit before every fuzzy one
    fuzzy = [hit for hit in data["hits"] if not hit["exact"]]
    assert {(hit["ref"], hit["match"]) for hit in fuzzy} == {("source 3 ¶1", "Preobrazhenskv")}
    assert all(90 < hit["score"] < 100 for hit in fuzzy)
    assert all(hit["score"] == 100 for hit in data["hits"] if hit["exact"])


def test_typo_finds_the_word():
    data = hits_json("Kolchack")
    assert data["total"] == 7
    assert {hit["match"] for hit in data["hits"]} == {"Kolchak"}
    assert not any(hit["exact"] for hit in data["hits"])


def test_exact_typo_suggests_the_documents_word():
    result = run("search", "--exact", "Kolchack")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "smilga: no matches for 'Kolchack'; did you mean: Kolchak?\n"
    data = json.loads(run("search", "--exact", "Kolchack", "--json").stdout)
    assert data["total"] == 0 and "Kolchak" in data["suggestions"]


def test_fuzzy_threshold():
    assert hits_json("Kolchack", "--fuzzy", "95")["total"] == 0
    assert "Srnirnov" in {hit["match"] for hit in hits_json("Smirnov", "--fuzzy", "80")["hits"]}
    assert "Srnirnov" not in {hit["match"] for hit in hits_json("Smirnov")["hits"]}


# ---- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "refs"),
    [
        ("bio", lambda r: r.startswith("bio ")),
        ("sources", lambda r: r.startswith("source")),
        ("caption", lambda r: r == "caption"),
        ("source:4", lambda r: r.startswith("source 4")),
    ],
)
def test_scope(scope, refs):
    data = hits_json("Stalin", "--in", scope)
    assert data["hits"] and all(refs(hit["ref"]) for hit in data["hits"])


@pytest.mark.parametrize("scope", ["nowhere", "source:9", "source:x"])
def test_bad_scope(scope):
    result = run("search", "Stalin", "--in", scope)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_context_words():
    zero = hits_json("Kolchak", "-C", "0", "--exact")
    assert all(hit["snippet"].strip("…") == hit["match"] for hit in zero["hits"])
    two = hits_json("Ufa", "-C", "2")
    assert two["hits"][0]["snippet"] == "…Kolchak captured Ufa and was…"
    start, end = two["hits"][0]["highlight"]
    assert two["hits"][0]["snippet"][start:end] == "Ufa"


def test_count():
    result = run("search", "-c", "Trotsky")
    assert result.exit_code == 0
    assert result.stdout.strip() == str(hits_json("Trotsky")["total"])
    zero = run("search", "-c", "--exact", "Kolchack")
    assert zero.exit_code == 1 and zero.stdout.strip() == "0"


def test_limit_says_what_it_left_out():
    total = hits_json("Smilga")["total"]
    assert total > 20
    result = run("search", "Smilga")
    assert f"showing 20 of {total} (--all for every hit)" in result.stdout
    limited = json.loads(run("search", "Smilga", "--limit", "3", "--json").stdout)
    assert len(limited["hits"]) == 3 and limited["total"] == total
    assert "showing" not in run("search", "Smilga", "--all").stdout


def test_regex():
    data = hits_json("--regex", r"Sm[i1]lga'?s?\b")
    assert data["total"] == hits_json("Smilga", "--exact")["total"]
    result = run("search", "--regex", "(a")
    assert result.exit_code == 2 and "invalid regular expression '(a'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_pathological_regex_does_not_hang(write_doc):
    path = write_doc(build(bio=[["a" * 20000], ["a" * 20000 + "b"]]).text)
    result = runner.invoke(app, ["--doc", str(path), "search", "--regex", "(a+)+$", "-c"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "1"


def test_long_query_is_refused_quickly():
    result = run("search", "Kolchak " * 700)
    assert result.exit_code == 2 and "limit is 1000" in result.stderr


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_empty_query_exit_2(query):
    result = run("search", query)
    assert result.exit_code == 2
    assert result.stderr.startswith("smilga: ") and result.stderr.count("\n") == 1


def test_exact_and_fuzzy_together_are_refused():
    assert run("search", "x", "--exact", "--fuzzy", "80").exit_code == 2


# ---- output -------------------------------------------------------------------------------------


def test_json_contract_and_line_of_the_match_itself():
    data = hits_json("Lashevich")
    assert {"query", "total", "hits"} <= set(data)
    for hit in data["hits"]:
        assert {"ref", "line", "section", "snippet", "match", "score", "exact"} <= set(hit)
        assert re.search(rf"\b{hit['match']}\b", LINES[hit["line"] - 1])
    caption = [hit for hit in data["hits"] if hit["ref"] == "caption"]
    assert [hit["line"] for hit in caption] == [21]
    assert caption[0]["section"] == "caption"


def test_text_output_groups_by_passage_with_openable_references():
    result = run("search", "Kolchak", "--exact")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "bio 7"
    assert lines[1].startswith("  line 23  ")
    assert "source 2 ¶1" in lines
    assert lines[-1] == "7 hits in 2 passages"
    for ref in ("bio 7", "source 2 ¶1"):
        kind, number = ref.split(" ", 1)
        opened = run(kind, number.replace(" ", ""))
        assert opened.exit_code == 0, ref


def test_markdown_output():
    result = run("search", "Back to Lenin", "--format", "markdown")
    assert result.stdout.startswith("**bio 13**\n\n- line 35: …")
    assert "**Back to Lenin**" in result.stdout


@given(st.lists(st.text(max_size=30) | st.sampled_from(["[/]", "a[/bold]", "(a+", "Lenin", "-1", "0", "\x1b[2J"]),
                min_size=1, max_size=3))  # fmt: skip
def test_any_query_ends_with_a_contract_exit_code(terms):
    result = runner.invoke(app, ["search", "--", *terms])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "\x1b" not in result.output


def test_query_error_type():
    with pytest.raises(QueryError):
        parse_query(["   "])


def test_exact_hits_precede_fuzzy_ones_even_within_one_passage(write_doc):
    long = "and that was long enough to be a paragraph of text, really it was, every word of it."
    path = write_doc(build(bio=[[f"Preobrazhenskv met Preobrazhensky here {long}"], ["Preobrazhensky alone."]]).text)
    data = json.loads(runner.invoke(app, ["--doc", str(path), "search", "Preobrazhensky", "--json"]).stdout)
    assert [(h["ref"], h["exact"]) for h in data["hits"]] == [("bio 1", True), ("bio 2", True), ("bio 1", False)]
    text = runner.invoke(app, ["--doc", str(path), "search", "Preobrazhensky"]).stdout
    assert "bio 1  (fuzzy matches from here on)" in text


@given(st.text(alphabet="ab c.\n’", min_size=1, max_size=300), st.integers(0, 12), st.data())
def test_snippet_holds_the_match_and_at_most_context_words_either_side(text, context, data):
    from smilga_cli.document.text import WORD, snippet

    words = list(WORD.finditer(text))
    if not words:
        return
    match = data.draw(st.sampled_from(words))
    shown, (start, end) = snippet(text, match.start(), match.end(), context)
    assert shown[start:end] == match.group()
    assert len(WORD.findall(shown[:start])) <= context and len(WORD.findall(shown[end:])) <= context
    if context and len(words[: words.index(match)]) >= context:
        assert len(WORD.findall(shown[:start])) == context
