"""Search: the recall guarantee against grep, words and their plurals, typos by edits, a person's forms,
false friends, operators, units, hits that share a line, options, output, exit codes."""

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
from smilga_cli.index.people import parse_index
from smilga_cli.index.search import Index, search, stems_of, typo_budget

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


@pytest.fixture(scope="module")
def people():
    return parse_index(REAL.with_name("people.toml").read_text(encoding="utf-8"))


def find(index, people, *query, **options):
    """The API's search on the real text, with its people index, every hit."""
    return search(index, list(query), people=lambda: people, limit=None, **options)


def folded_matches(result) -> set[str]:
    from smilga_cli.document.text import fold

    return {fold(w) for hit in result.hits for start, end in hit.highlights for w in hit.snippet[start:end].split()}


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
        query = f'"{word}"' if word in ("OR", "AND", "NOT") else word
        result = search(index, [query], exact=True, limit=None)
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


# ---- words --------------------------------------------------------------------------------------


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
        ("Lenin", 7, "Lenin"),  # in "Lenin's"
        ("Peter-Paul", 11, "Peter-Paul"),
        ("Peter–Paul", 45, "Peter-Paul"),
        ("Antonov-Ovseenko", 25, "Antonov-Ovseenko"),
        ("Bolshevik", 5, "Bolsheviks"),  # a plural of the word
        ("oppositions", 64, "opposition"),  # and the singular of a plural
        ("Trotsky*", 37, "Trotskyites"),  # every word that starts so, when asked
    ],
)
def test_folding_plurals_possessives_and_prefixes(query, line, match):
    data = hits_json(query)
    shown = {
        (hit["line"], word) for hit in data["hits"] for s, e in hit["highlights"] for word in [hit["snippet"][s:e]]
    }
    assert any(at == line and word.endswith(match) for at, word in shown), shown


@pytest.mark.parametrize(("query", "never"), [("Lenin", "leningrad"), ("Trotsky", "trotskyites"),
                                              ("opposition", "position"), ("Stalin", "stalinism")])  # fmt: skip
def test_whole_words_only(index, people, query, never):
    assert never not in folded_matches(find(index, people, query))
    assert find(index, people, "rotsky", exact=True).total == 0  # a word is never the end of another


def test_the_stemmer_takes_plurals_only():
    words = ["bolsheviks", "parties", "oppositions", "studies", "status", "class", "was", "news", "toes"]
    assert [stems_of(w)[0] for w in words] == [
        "bolshevik",
        "party",
        "opposition",
        "study",
        "status",
        "class",
        "was",
        "new",
        "toes",
    ]  # fmt: skip  (Lucene's minimal stemmer: "news" is the price of its simplicity)


def test_short_words_stay_exact():
    data = hits_json("war")
    assert data["hits"] and all(hit["exact"] for hit in data["hits"])
    assert "was" not in {hit["match"].lower() for hit in data["hits"]}


# ---- typos, counted in edits --------------------------------------------------------------------


def test_the_typo_budget_follows_the_word_length():
    assert [typo_budget("x" * n, None) for n in (4, 5, 8, 9, 14)] == [0, 1, 1, 2, 2]
    assert [typo_budget("x" * n, 2) for n in (4, 5)] == [0, 2]


@pytest.mark.parametrize(("typo", "word"), [("Stalen", "stalin"), ("Radak", "radek"), ("Serje", "serge"),
                                            ("Bubmov", "bubnov"), ("Smilge", "smilga"), ("Ryutim", "ryutin"),
                                            ("Kolchack", "kolchak"), ("Preobarzhensky", "preobrazhensky")])  # fmt: skip
def test_one_wrong_letter_in_a_short_name_is_forgiven(index, people, typo, word):
    result = find(index, people, typo)
    assert word in folded_matches(result)
    assert result.hits and not any(hit.exact for hit in result.hits)
    assert all(note.startswith("≈ ") or note.startswith("form of") for hit in result.hits for note in hit.notes)


def _single_edits(word: str) -> set[str]:
    """Every word one Damerau–Levenshtein edit from ``word`` that keeps its first letter."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    found = set()
    for i in range(1, len(word) + 1):
        found.add(word[:i] + word[i + 1 :])  # deletion
        found.update(word[:i] + c + word[i + 1 :] for c in letters)  # substitution
        found.update(word[:i] + c + word[i:] for c in letters)  # insertion
        if i < len(word) - 1:
            found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # transposition
    return found - {word}


@pytest.mark.slow
def test_every_single_edit_of_every_surname_finds_every_line_of_it(real, index, people):
    from smilga_cli.document.text import fold
    from smilga_cli.index.search import _Widening, _word_ways

    surnames = {fold(form.split()[-1]) for person in people.people for form in person.forms}
    surnames = {s for s in surnames if len(s) >= 5 and s in index.spellings}
    assert len(surnames) > 30
    widening = _Widening(None, None)
    for surname in sorted(surnames):
        typos = {e for e in _single_edits(surname) if len(e) >= 5 and e not in index.spellings}
        for typo in typos:
            assert surname in _word_ways(index, typo, False, widening), f"{typo} does not find {surname}"
        sample = min(typos)  # and one of them end to end: every line of the surname
        lines = {
            number for number, line in enumerate(LINES, 1) if surname in {fold(w) for w in re.findall(r"\w+", line)}
        }
        found = {hit.line for hit in search(index, [sample], limit=None).hits}
        assert lines <= found, f"{sample}: lines {sorted(lines - found)} of {surname}"


def _false_friends(index, people) -> dict[str, set[str]]:
    """Words of the text one or two edits apart that are neither plurals of each other nor forms of
    one person: searching one must find nothing of the other."""
    from rapidfuzz.distance import DamerauLevenshtein
    from rapidfuzz.process import extract

    from smilga_cli.document.text import keys

    words = [w for w in index.vocabulary if len(w) >= 4 and w.isalpha()]
    near = {
        a: {b for b, _, _ in extract(a, words, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=None)}
        for a in words
    }
    same_person = {
        frozenset({a, b})
        for person in people.people
        for a in {k for form in person.forms for k in keys(form)}
        for b in {k for form in person.forms for k in keys(form)}
    }
    friends: dict[str, set[str]] = {}
    for a in words:
        for b in near[a]:
            if a != b and not set(stems_of(a)) & set(stems_of(b)) and frozenset({a, b}) not in same_person:
                friends.setdefault(a, set()).add(b)
    return friends


@pytest.mark.slow
def test_false_friends_find_nothing_of_each_other(index, people):
    friends = _false_friends(index, people)
    for a, b in [("after", "alter"), ("palace", "place"), ("these", "those"), ("alexander", "alexandra"),
                 ("opposition", "position")]:  # fmt: skip
        assert b in friends.get(a, set()), f"{a}/{b} should be in the table"
    assert len(friends) > 100
    for word, others in friends.items():
        found = folded_matches(find(index, people, index.display(word)))
        assert not found & others, f"{word} finds {found & others}"


def test_typos_option_sets_the_edits_and_exact_turns_widening_off():
    assert hits_json("Kolchack", "--typos", "0")["total"] == 0
    assert "srnirnov" not in {hit["match"].lower() for hit in hits_json("Smirnov", "--exact")["hits"]}
    kolchak = hits_json("Kolchak")["matches"]
    assert hits_json("Kolhcak", "--typos", "1")["matches"] == kolchak  # a transposition is one edit
    assert hits_json("Kolhcka", "--typos", "1")["total"] == 0
    assert hits_json("Kolhcka", "--typos", "2")["matches"] == kolchak
    replaced = run("search", "Kolchack", "--fuzzy", "80")
    assert replaced.exit_code == 2 and "--fuzzy was replaced by --typos" in replaced.stderr


# ---- a person's forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "form", "person"),
    [
        ("Preobrazhensky", "Preobrazhenskv", "Yevgeni Preobrazhensky"),
        ("Rakovsky", "Rakovskii", "Khristian Rakovskii"),
        ("Vacietis", "Vatzetis", "Jukums Vācietis"),
        ("Serebriakov", "Serebryakov", "Leonid Serebryakov"),
        ("smirnov", "Srnirnov", "Ivan Smirnov"),
    ],
)
def test_a_name_finds_every_form_the_text_uses_labelled(query, form, person):
    data = hits_json(query)
    widened = [hit for hit in data["hits"] if form in hit["snippet"] and not hit["exact"]]
    assert widened, data["hits"]
    assert f"form of {person}" in widened[0]["notes"]
    exactness = [hit["exact"] for hit in data["hits"]]
    assert exactness == sorted(exactness, reverse=True)  # widened hits after exact ones
    assert not any(f"form of {person}" in hit["notes"] for hit in hits_json(query, "--exact")["hits"])


def test_an_ambiguous_name_is_not_widened():
    assert all(hit["exact"] for hit in hits_json("Kamenev")["hits"])


# ---- units and operators ------------------------------------------------------------------------


def test_a_source_paragraph_is_searched_with_its_heading():
    data = hits_json("Serge", "Smilga")
    where = {(hit["ref"], hit["line"]) for hit in data["hits"]}
    assert {("source 3", 51), ("source 3 ¶1", 53), ("source 3 ¶2", 55)} <= where
    assert sum(1 for ref, line in where if line == 51) == 1  # the heading's hit, once


def test_several_terms_must_all_be_in_the_unit(real):
    data = hits_json("Smilga", "Stalin", "--in", "bio")
    refs = {hit["ref"] for hit in data["hits"]}
    expected = {
        p.ref
        for p in real.paragraphs
        if re.search(r"\bsmilga\b", p.text, re.I) and re.search(r"\bstalin", p.text, re.I)
    }
    assert refs == expected
    assert {term for hit in data["hits"] for term in hit["terms"]} == {"Smilga", "Stalin"}


def test_a_phrase_and_its_order():
    data = hits_json('"Back to Lenin"')
    assert [(hit["ref"], hit["line"]) for hit in data["hits"]] == [("bio 13", 35), ("source 4 ¶5", 66)]
    assert all(hit["match"] == "Back to Lenin" for hit in data["hits"])
    assert hits_json('"Lenin to Back"')["total"] == 0


def test_or_not_near_and_groups():
    either = {hit["ref"] for hit in hits_json("Kolchak OR Denikin")["hits"]}
    assert either == {hit["ref"] for hit in hits_json("Kolchak")["hits"]} | {
        hit["ref"] for hit in hits_json("Denikin")["hits"]
    }
    without = {hit["ref"] for hit in hits_json("Smilga NOT Stalin")["hits"]}
    assert without and not without & {hit["ref"] for hit in hits_json("Smilga Stalin")["hits"]}
    assert without == {hit["ref"] for hit in hits_json("Smilga -Stalin")["hits"]}
    near = hits_json("NEAR/3(Smilga arrested)")
    assert [(hit["ref"], hit["line"]) for hit in near["hits"]] == [("bio 15", 39)]
    assert hits_json("NEAR/0(Smilga arrested)")["total"] == 0  # "Smilga was arrested": one word between
    assert hits_json("NEAR/1(arrested Smilga)")["total"] == 1  # either order
    grouped = {hit["ref"] for hit in hits_json("(Kolchak OR Denikin) Lashevich")["hits"]}
    assert grouped == {"bio 7", "source 2 ¶1"}


def test_a_query_that_cannot_be_read_is_one_line_with_its_position():
    result = run("search", "Trotsky (Lenin")
    assert result.exit_code == 2
    assert (
        result.stderr == "smilga: the query 'Trotsky (Lenin' cannot be read at character 9: an unclosed parenthesis\n"
    )


def test_a_query_like_a_regular_expression_is_hinted_to_use_regex():
    result = run("search", "Trotsky|Lenin")
    assert result.exit_code == 1 and "add --regex" in result.stderr
    assert run("search", "--regex", "Trotsky|Lenin").exit_code == 0


# ---- hits that share a line ---------------------------------------------------------------------


def test_matches_whose_contexts_meet_are_one_hit_with_every_match_highlighted():
    data = hits_json("Smilga", "arrested")
    line = [hit for hit in data["hits"] if hit["line"] == 39]
    assert len(line) == 2  # "Ivar Smilga was arrested" together; the later, distant "Smilga" apart
    together = line[0]
    assert [together["snippet"][s:e] for s, e in together["highlights"]] == ["Smilga", "arrested"]
    assert together["terms"] == ["Smilga", "arrested"] and together["kinds"] == ["exact", "exact"]
    assert data["matches"] == 3 and data["total"] == 2


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


def test_several_scopes_are_a_union():
    data = hits_json("Stalin", "--in", "source:3", "--in", "caption")
    assert {hit["ref"] for hit in data["hits"]} == {"caption"}
    both = hits_json("Smilga", "--in", "source:3", "--in", "caption")
    assert {hit["ref"].split(" ¶")[0] for hit in both["hits"]} == {"source 3"}
    assert {hit["ref"] for hit in hits_json("Stalin", "--in", "caption", "--in", "source:4")["hits"]} >= {"caption"}


@pytest.mark.parametrize("scope", ["nowhere", "source:9", "source:x"])
def test_bad_scope(scope):
    result = run("search", "Stalin", "--in", scope)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [["--all", "--limit", "3"], ["--exact", "--typos", "1"], ["--json", "-f", "markdown"], ["-c", "--limit", "3"],
     ["-c", "--sort", "relevance"], ["--regex", "--typos", "1"]],
)  # fmt: skip
def test_contradictory_options_are_refused(args):
    result = run("search", "Stalin", *args)
    assert result.exit_code == 2 and "contradict each other" in result.stderr and result.stderr.count("\n") == 1


def test_relevance_ranks_passages_by_bm25():
    ranked = hits_json("Smilga", "Stalin", "--sort", "relevance")["hits"]
    ordered = hits_json("Smilga", "Stalin")["hits"]
    assert sorted((h["ref"], h["line"]) for h in ranked) == sorted((h["ref"], h["line"]) for h in ordered)
    assert ranked[0]["ref"] != ordered[0]["ref"] or ranked != ordered


def test_context_words():
    zero = hits_json("Kolchak", "-C", "0", "--exact")
    assert all(hit["snippet"].strip("…") == hit["match"] for hit in zero["hits"])
    two = hits_json("Ufa", "-C", "2")
    assert two["hits"][0]["snippet"] == "…Kolchak captured Ufa and was…"
    start, end = two["hits"][0]["highlight"]
    assert two["hits"][0]["snippet"][start:end] == "Ufa"


def test_a_snippet_that_reaches_the_end_of_its_passage_keeps_it_whole():
    hit = hits_json("executed", "-C", "3")["hits"][0]
    assert hit["snippet"] == "…that Smilga was executed in 1938."  # the full stop kept, no "…" after it


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


@pytest.mark.parametrize(
    ("query", "widened"),
    [
        (["Smilga"], False),
        (["Kamenev", "OR", "Trotski"], True),
        (["--sort", "relevance", "Lenin", "OR", "Trotsky"], False),
    ],
)
def test_a_limit_shows_the_first_hits_of_all_and_a_count_counts_them_all(query, widened):
    every = hits_json(*query)
    assert every["total"] > 7 and any(not hit["exact"] for hit in every["hits"]) == widened
    for limit in (1, 7):
        limited = json.loads(run("search", *query, "--limit", str(limit), "--json").stdout)
        assert limited["hits"] == every["hits"][:limit]
        assert (limited["total"], limited["fuzzy"], limited["matches"]) == (
            every["total"], every["fuzzy"], every["matches"])  # fmt: skip
    if "relevance" not in query:  # a count has no order: --count with --sort is refused
        assert run("search", *query, "-c").stdout.strip() == str(every["total"])


def test_regex():
    data = hits_json("--regex", r"\bSm[i1]lga\b")
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


def test_exact_typo_suggests_the_documents_word():
    result = run("search", "--exact", "Kolchack")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "smilga: no matches for 'Kolchack'; did you mean: Kolchak?\n"
    data = json.loads(run("search", "--exact", "Kolchack", "--json").stdout)
    assert data["total"] == 0 and "Kolchak" in data["suggestions"]


# ---- output -------------------------------------------------------------------------------------


def test_json_contract_and_line_of_the_match_itself():
    data = hits_json("Lashevich")
    assert {"query", "total", "passages", "fuzzy", "matches", "hits", "suggestions"} <= set(data)
    for hit in data["hits"]:
        assert {"ref", "line", "section", "snippet", "match", "score", "exact", "term", "highlight", "highlights",
                "terms", "kinds", "notes"} <= set(hit)  # fmt: skip
        assert re.search(rf"\b{hit['match']}\b", LINES[hit["line"] - 1])
        assert len(hit["highlights"]) == len(hit["kinds"]) == len(hit["notes"])
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
    assert lines[-1] == "6 hits in 2 passages"
    for ref in ("bio 7", "source 2 ¶1"):
        kind, number = ref.split(" ", 1)
        opened = run(kind, number.replace(" ", ""))
        assert opened.exit_code == 0, ref


def test_markdown_output():
    result = run("search", '"Back to Lenin"', "--format", "markdown")
    assert result.stdout.startswith("**bio 13**\n\n- line 35: …")
    assert "**Back to Lenin**" in result.stdout


@given(st.lists(st.text(max_size=30) | st.sampled_from(["[/]", "a[/bold]", "(a+", "Lenin", "-1", "0", "\x1b[2J",
                                                         "OR", "NOT", "NEAR/2(", ")", '"', "*"]),
                min_size=1, max_size=3))  # fmt: skip
def test_any_query_ends_with_a_contract_exit_code(terms):
    result = runner.invoke(app, ["search", "--", *terms])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert result.stderr.startswith("smilga: ") and result.stderr.count("\n") == 1


# ---- found by a new user ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ('Smilga -"Back to Lenin"', 'Smilga NOT "Back to Lenin"'),
        ("Smilga -(Stalin OR Lenin)", "Smilga NOT (Stalin OR Lenin)"),
        ("Smilga -NEAR/3(Smilga arrested)", "Smilga NOT NEAR/3(Smilga arrested)"),
    ],
)
def test_a_minus_before_a_phrase_a_group_or_near_is_not(negated, plain):
    assert hits_json(negated)["total"] == hits_json(plain)["total"] < hits_json("Smilga")["total"]


def test_a_dash_standing_alone_is_punctuation_not_not():
    hits = hits_json("beaten", "-", "Smilga")["hits"]
    assert [hit["ref"] for hit in hits] == ["source 4 ¶6"]  # "the beaten - Smilga and Preobrazhensky"
    assert hits_json('Smilga - "Back to Lenin"')["total"] == hits_json('Smilga "Back to Lenin"')["total"] > 0


def test_a_lone_minus_is_refused():
    result = run("search", "Lenin -")
    assert result.exit_code == 2 and "- needs a word after it" in result.stderr


def test_a_name_is_not_widened_to_a_form_another_person_shares():
    hits = hits_json('"Sergei Kamenev"')["hits"]
    assert not any("Lev Kamenev" in hit["snippet"] for hit in hits)
    assert not any("form of Lev Kamenev" in note for hit in hits_json('"Lev Kamenev"')["hits"] for note in hit["notes"])


@pytest.mark.parametrize("query", ["[Ss]milga", "Sm.lga", "colou?r", "a{2}", "Trotsky|Lenin"])
def test_a_query_like_a_regular_expression_gets_the_hint_even_with_suggestions(query):
    result = run("search", query)
    assert result.exit_code == 1 and "add --regex" in result.stderr


def test_plurals_in_es_are_plurals():
    assert {"masses", "mass"} <= {hit["match"].lower() for hit in hits_json("mass")["hits"]}


@pytest.mark.parametrize(
    ("singular", "plural"),
    [("speech", "speeches"), ("class", "classes"), ("bus", "buses"), ("gas", "gases"), ("box", "boxes"),
     ("size", "sizes"), ("prize", "prizes"), ("cache", "caches"), ("headache", "headaches"), ("seize", "seizes"),
     ("party", "parties"), ("bolshevik", "bolsheviks")],
)  # fmt: skip
def test_a_singular_and_its_plural_share_a_stem_whatever_the_ending(singular, plural):
    assert set(stems_of(singular)) & set(stems_of(plural))


def test_a_plural_in_es_finds_its_singular_and_back(write_doc):
    path = str(write_doc("Anna Petrova\n\nAnna Petrova drove buses. The sizes varied. A bus came; one size fit.\n"))
    for query, found in [("bus", {"buses", "bus"}), ("buses", {"buses", "bus"}), ("size", {"sizes", "size"})]:
        hits = json.loads(run("--doc", path, "search", query, "--typos", "0", "--json", "--all").stdout)["hits"]
        assert {hit["snippet"][a:b].lower() for hit in hits for a, b in hit["highlights"]} == found
    assert run("search", "seize", "--typos", "0").exit_code == 0  # "seizes", bio 10


def test_a_near_distance_of_any_length_is_refused_with_its_limit():
    result = run("search", "NEAR/1000000000(Smilga arrested)")
    assert result.exit_code == 2 and "at most NEAR/1000" in result.stderr
