"""People: the curated index checked against the text, exact mention lines, resolution, other documents."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from smilga_cli.cli.app import app
from smilga_cli.index import people
from smilga_cli.index.people import NoSuchPerson, parse_index, resolve

from .conftest import REAL, ROOT, build

runner = CliRunner()
TEXT = REAL.read_text(encoding="utf-8")
INDEX_FILE = ROOT / "data" / "people.toml"


@pytest.fixture(scope="module")
def index():
    return parse_index(INDEX_FILE.read_text(encoding="utf-8"))


def mention_lines(real, index, name: str) -> dict[int, int]:
    """Line → number of mentions of ``name`` on it."""
    counts: dict[int, int] = {}
    for found in people.find_mentions(real, index):
        if found.person.name == name:
            line = found.passage.line_at(found.start)
            counts[line] = counts.get(line, 0) + 1
    return counts


# ---- the index, checked against the text --------------------------------------------------------


def _occurs(form: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", TEXT) is not None


def test_every_form_occurs_in_the_text_and_alternatives_are_marked(index):
    assert len(index.people) >= 55
    for person in index.people:
        assert person.description, person.name
        for form in person.forms:
            assert _occurs(form), f"{person.name}: the form {form!r} is not in the text"
        for alternative in person.alternatives:
            assert alternative not in person.forms


def test_misprints_and_variants_are_forms(index):
    forms = {form: p.name for p in index.people for form in p.forms}
    assert forms["Preobrazhenskv"] == forms["Preobrazhensky"]
    assert forms["Srnirnov"] == forms["I. N. Smirnov"] == forms["Ivan Smirnov"]
    assert forms["Serebriakov"] == forms["L. Serebryakov"]
    assert forms["Maihail Tomsky"] == "Mikhail Tomsky"
    assert forms["M. M. Lashevich"] == forms["Lashevich"]
    assert "Khristian Rakovskii" in forms


def test_no_form_belongs_to_two_people_without_a_rule(index):
    assert people.undecided_forms(index) is None
    shared = people.shared_forms(index)
    assert set(shared) == {"Kamenev"}
    with pytest.raises(people.PeopleIndexError, match="default_for"):
        parse_index('[[person]]\nname="A B"\nforms=["B"]\n[[person]]\nname="C B"\nforms=["B"]\n')


def test_places_institutions_and_works_are_not_people(index):
    names_and_forms = {n for p in index.people for n in (p.name, *p.forms, *p.alternatives)}
    for thing in ["Kshesinsky Palace", "Peter-Paul", "Red Square", "Central Committee", "Helsingfors", "Pravda"]:
        assert thing not in names_and_forms


def test_index_file_is_valid_toml_with_a_person_per_table():
    data = tomllib.loads(INDEX_FILE.read_text(encoding="utf-8"))
    names = [entry["name"] for entry in data["person"]]
    assert len(names) == len(set(names))


# ---- exact mentions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Sergei Kamenev", {23, 49}),
        ("Lev Kamenev", {5, 7, 9, 35, 73, 75}),
        ("Joseph Stalin", {5, 13, 15, 17, 19, 35, 37, 59, 62, 64, 66, 73, 75}),
        ("Leon Trotsky", {5, 23, 25, 31, 35, 37, 47, 62, 66, 73, 75}),
        ("Yevgeni Preobrazhensky", {31, 35, 53, 66, 68}),
        ("Ivan Smirnov", {18, 25, 31, 73}),
        ("Mikhail Tomsky", {20}),
        ("Leonid Serebryakov", {21, 31}),
        ("Mikhail Lashevich", {21, 23, 49, 73}),
        ("Yuri Piatakov", {25, 31, 35, 73, 75}),
        ("Vladimir Lenin", {5, 7, 9, 11, 13, 17, 19, 31, 33, 35, 43, 55, 64, 66}),
        ("Ivar Smilga", {1, 3, 5, 7, 11, 15, 23, 25, 33, 35, 37, 39, 43, 49, 53, 55, 66, 68, 73}),
        ("Edvard Radzinsky", {35, 57}),
        ("Khristian Rakovskii", {73}),
        ("Jukums Vācietis", {23, 49}),
    ],
)
def test_exact_lines_of_mentions(real, index, name, lines):
    assert set(mention_lines(real, index, name)) == lines


def test_what_is_not_a_mention(real, index):
    found = people.find_mentions(real, index)
    forms = {f.form for f in found}
    assert not forms & {"Leningrad", "Stalinism", "Stalinist", "Trotskyites", "Trotskyite"}
    stalin = mention_lines(real, index, "Joseph Stalin")
    assert 31 not in stalin  # "the author of Stalin (1949)" is a book
    assert 57 not in stalin  # "(4) Edvard Radzinsky, Stalin (1996)"
    assert stalin[35] == 3  # line 35 names the man three times and the book once
    assert mention_lines(real, index, "Leon Trotsky")[37] == 1  # "Trotskyites" on the same line is not he
    assert mention_lines(real, index, "Vladimir Lenin")[7] == 3  # possessives count: "Lenin's"


def test_longest_form_first(real, index):
    found = [f for f in people.find_mentions(real, index) if f.passage.ref == "bio 1"]
    assert "Lev Kamenev" in {f.form for f in found} and "Kamenev" not in {f.form for f in found}


# ---- resolution ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Trotsky", "Leon Trotsky"),
        ("leon trotsky", "Leon Trotsky"),
        ("Троцкий", "Leon Trotsky"),
        ("Trotskii", "Leon Trotsky"),
        ("Trotksy", "Leon Trotsky"),
        ("Piłsudski", "Józef Piłsudski"),
        ("Jozef Pilsudski", "Józef Piłsudski"),
        ("Pyatakov", "Yuri Piatakov"),
        ("Preobrazhenskv", "Yevgeni Preobrazhensky"),
        ("Preobrajensky", "Yevgeni Preobrazhensky"),
        ("Smirnov", "Ivan Smirnov"),
        ("Rakovsky", "Khristian Rakovskii"),
        ("Ivars Smilga", "Ivar Smilga"),
        ("Vācietis", "Jukums Vācietis"),
        ("Lev Kamenev", "Lev Kamenev"),
        ("Sergei Kamenev", "Sergei Kamenev"),
        ("Serebryakov", "Leonid Serebryakov"),
        ("Medvedev", "Roy A. Medvedev"),
    ],
)
def test_resolution(index, query, name):
    assert [p.name for p in resolve(index, query)] == [name]


@pytest.mark.parametrize("query", ["Kamenev", "Каменев", "kamenev"])
def test_shared_surname_is_ambiguous(index, query):
    assert {p.name for p in resolve(index, query)} == {"Lev Kamenev", "Sergei Kamenev"}


def test_unknown_name_has_suggestions(index):
    with pytest.raises(NoSuchPerson) as caught:
        resolve(index, "Smith")
    assert "V. Schmidt" in caught.value.suggestions
    with pytest.raises(NoSuchPerson):
        resolve(index, "Napoleon Bonaparte")


# ---- the commands -------------------------------------------------------------------------------


def test_person_json_contract():
    result = runner.invoke(app, ["person", "Preobrazhensky", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"name", "description", "forms"} <= set(data["person"])
    assert data["person"]["forms"] == {"Preobrazhensky": 4, "Preobrazhenskv": 2}
    assert [(m["ref"], m["line"], m["form"]) for m in data["mentions"]] == [
        ("bio 11", 31, "Preobrazhensky"), ("bio 13", 35, "Preobrazhensky"), ("source 3 ¶1", 53, "Preobrazhenskv"),
        ("source 3 ¶1", 53, "Preobrazhenskv"), ("source 4 ¶5", 66, "Preobrazhensky"),
        ("source 4 ¶6", 68, "Preobrazhensky"),
    ]  # fmt: skip
    for mention in data["mentions"]:
        assert {"ref", "line", "form", "snippet"} <= set(mention)
        assert mention["form"] in TEXT.split("\n")[mention["line"] - 1]
    assert data["co_mentions"][0] == {"name": "Ivar Smilga", "passages": 4}  # bio 13, source 3 ¶1, 4 ¶5, 4 ¶6


def test_person_text_shows_card_strip_mentions_and_company():
    result = runner.invoke(app, ["person", "Sergei Kamenev"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Sergei Kamenev  (curated index)"
    assert "forms: Kamenev ×2" in lines
    assert any(line.startswith("where: bio ······█········  caption ·") for line in lines)
    assert "bio 7" in lines and "source 2 ¶1" in lines
    assert any(line.startswith("named with: ") and "Ivar Smilga" in line for line in lines)


def test_ambiguous_name_lists_candidates():
    result = runner.invoke(app, ["person", "Kamenev", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(c["name"], c["mentions"]) for c in data["candidates"]] == [("Lev Kamenev", 6), ("Sergei Kamenev", 2)]
    text = runner.invoke(app, ["person", "Kamenev"]).stdout
    assert "smilga person 'Lev Kamenev'" in text and "smilga person 'Sergei Kamenev'" in text


def test_unknown_person_exit_1_and_empty_name_exit_2():
    result = runner.invoke(app, ["person", "Napoleon"])
    assert result.exit_code == 1
    assert result.stderr.startswith("smilga: no person matches 'Napoleon'")
    assert runner.invoke(app, ["person", " "]).exit_code == 2


@pytest.mark.parametrize(
    ("sort", "first_names"),
    [
        ("mentions", ["Ivar Smilga", "Vladimir Lenin", "Joseph Stalin", "Leon Trotsky"]),
        ("first", ["Ivar Smilga"]),
        ("name", ["Vladimir Antonov-Ovseenko", "Alexei Badaev", "Evgenia Bosh"]),
    ],
)
def test_people_sorting(sort, first_names):
    result = runner.invoke(app, ["people", "--sort", sort, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["index"] == "curated"
    assert [p["name"] for p in data["people"][: len(first_names)]] == first_names
    assert all({"name", "mentions", "first", "description"} <= set(p) for p in data["people"])


def test_people_plain_is_tab_separated():
    result = runner.invoke(app, ["people"])
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["name", "mentions", "first", "line", "description"]
    assert ["Sergei Kamenev", "2", "bio 7", "23"] == rows[[r[0] for r in rows].index("Sergei Kamenev")][:4]


# ---- other documents ----------------------------------------------------------------------------

OTHER_BIO = [
    ["Anna Petrova was born in Riga in 1890 and joined the party together with Boris Orlov in 1912."],
    ["In 1917 Petrova moved to Moscow, where Orlov and Petrova worked at the Central Committee."],
    ["General Pavel Ivanov arrested Orlov in Kazan; Anna Petrova's letters to Ivanov survive."],
]


def test_uncurated_document_finds_people_automatically(write_doc):
    path = str(write_doc(build(title="Anna Petrova", bio=OTHER_BIO).text))
    listed = runner.invoke(app, ["--doc", path, "people", "--json"])
    assert listed.exit_code == 0
    data = json.loads(listed.stdout)
    assert data["index"] == "automatic"
    names = {p["name"] for p in data["people"]}
    assert {"Anna Petrova", "Boris Orlov", "Pavel Ivanov"} <= names
    assert not names & {"Riga", "Moscow", "Kazan", "Central Committee", "General Pavel Ivanov", "In"}
    assert "found automatically" in runner.invoke(app, ["--doc", path, "people"]).stderr
    shown = runner.invoke(app, ["--doc", path, "person", "Orlov", "--json"])
    data = json.loads(shown.stdout)
    assert data["person"]["name"] == "Boris Orlov" and data["index"] == "automatic"
    assert [m["line"] for m in data["mentions"]] == [5, 7, 9]
    assert "(automatic index)" in runner.invoke(app, ["--doc", path, "person", "Orlov"]).stdout


def test_automatic_index_drops_salutations_and_keeps_possessors(write_doc):
    bio = [*OTHER_BIO, ["In 1927 Orlov joined Semyon Markov's opposition and was expelled from the party."]]
    letter = ("(1) Boris Orlov, letter to a comrade (1930)", [["Dear Ilya Kotov, I write to you from exile."]])
    path = str(write_doc(build(title="Anna Petrova", bio=bio, sources=[letter]).text))
    data = json.loads(runner.invoke(app, ["--doc", path, "people", "--json"]).stdout)
    names = {p["name"] for p in data["people"]}
    assert {"Ilya Kotov", "Semyon Markov"} <= names  # "Markov's opposition": a person's, not a body
    assert "Dear Ilya Kotov" not in names


def test_curated_index_beside_another_document(write_doc):
    path = write_doc(build(title="Anna Petrova", bio=OTHER_BIO).text, "other.txt")
    (path.parent / "other.people.toml").write_text(
        '[[person]]\nname = "Anna Petrova"\ndescription = "The subject."\nforms = ["Anna Petrova", "Petrova"]\n'
        'alternatives = ["Анна Петрова"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--doc", str(path), "person", "Анна Петрова", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["index"] == "curated" and data["person"]["forms"] == {"Anna Petrova": 4, "Petrova": 2}


def test_bad_index_beside_a_document_is_one_line_exit_2(write_doc):
    path = write_doc(build().text, "bad.txt")
    (path.parent / "bad.people.toml").write_text("[[person]\nname=", encoding="utf-8")
    result = runner.invoke(app, ["--doc", str(path), "people"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "not valid TOML" in result.stderr


@given(st.text(max_size=40) | st.sampled_from(["Kamenev", "Trotsky", "[/]", "-1", "\x1b[2J", "Ленин"]))
def test_any_name_ends_with_a_contract_exit_code(name):
    result = runner.invoke(app, ["person", "--", name])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_bundled_people_index_s_python_copy_is_the_toml():
    import tomllib

    from smilga_cli.document.bundled_people import PEOPLE

    from .make_lexicons import PEOPLE_MODULE, people_module

    toml = tomllib.loads((ROOT / "data" / "people.toml").read_text(encoding="utf-8"))
    assert PEOPLE == toml, "bundled_people.py is out of date: python tests/make_lexicons.py --people"
    assert PEOPLE_MODULE.read_text(encoding="utf-8") == people_module()  # as written, nothing edited by hand
