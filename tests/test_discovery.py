"""The automatic people index: on the bundled text with its curated index hidden (the evaluation
the benchmark prints), and on documents written for the classes of mistake it must not make."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from smilga_cli.cli.app import app
from smilga_cli.document.loader import parse
from smilga_cli.index.discovery import discover
from smilga_cli.index.people import find_mentions

from . import bench
from .conftest import build

runner = CliRunner()


def test_the_bundled_text_treated_as_unknown_finds_its_people_and_no_one_else():
    found, missed, no_one = bench.people_evaluation()
    assert len(found) >= 58, missed  # Lev and Sergei Kamenev merge: no rule can split them without a cue
    assert no_one == []


def names_of(text_bio: list[list[str]], **kwargs) -> dict[str, tuple[str, ...]]:
    document = parse(build(bio=text_bio, **kwargs).text)
    return {p.name: p.forms for p in discover(document).people}


def test_a_common_word_at_a_line_start_is_no_person():
    people = names_of(
        [["Ivan Volkov and Pyotr Lebedev founded the circle in 1905 and ran it for ten years."]],
        captions={0: ["Photograph of the circle in 1906 with", "Left to right: Ivan Volkov, Pyotr Lebedev and"]},
    )
    assert "Left" not in people and set(people) >= {"Ivan Volkov", "Pyotr Lebedev"}


def test_a_town_in_every_paragraph_is_no_person():
    bio = [[f"In {town} Ivan Volkov spoke to the workers of the {n}th district, who listened."]
           for n, town in enumerate(["Samara", "Kazan", "Ufa", "Saratov"], 1)]  # fmt: skip
    bio.append(["Ivan Volkov left Samara, and Kazan never saw him again; Ufa and Saratov forgot him."])
    assert set(names_of(bio)) == {"Ivan Volkov", "Jane Roe"}  # Jane Roe: the title, the biography's subject


def test_a_first_name_alone_belongs_to_the_one_person_who_has_it():
    bio = [["Ivan Volkov came to Riga in 1905 with Pyotr Lebedev."], ["Ivan's sister stayed at home."]]
    people = names_of(bio)
    assert "Ivan" not in people and "Ivan" in people["Ivan Volkov"]
    shared = names_of([["Ivan Volkov and Ivan Lebedev came to Riga in 1905."], ["Ivan's sister stayed."]])
    assert "Ivan" not in shared and all("Ivan" not in forms for forms in shared.values())


def test_a_known_surname_counts_at_a_sentence_start_and_after_to():
    bio = [["Ivan Volkov joined the circle in 1905."], ["Volkov took his side."],
           ["In 1929 the circle capitulated to Volkov at last."]]  # fmt: skip
    document = parse(build(bio=bio).text)
    index = discover(document)
    volkov = [m for m in find_mentions(document, index) if m.person.name == "Ivan Volkov"]
    assert [m.passage.ref for m in volkov] == ["bio 1", "bio 2", "bio 3"]


def test_person_says_how_sure_the_automatic_index_is(write_doc):
    bio = [["Ivan Volkov joined the circle in 1905, and Lebedev commented that he would stay."]]
    path = str(write_doc(build(bio=bio).text))
    data = json.loads(runner.invoke(app, ["--doc", path, "person", "Volkov", "--json"]).stdout)
    assert data["index"] == "automatic" and "full name seen" in data["person"]["description"]
    lone = json.loads(runner.invoke(app, ["--doc", path, "person", "Lebedev", "--json"]).stdout)
    assert "surname only" in lone["person"]["description"]


def test_a_first_name_only_ever_someone_s_kin_is_no_person_a_title_abbreviation_joins_its_name():
    text = (
        "Olga Smirnova was born in 1890. Then Ivan's sister came. Her brother Ivan worked with "
        "him. In 1910 Gen. Denisov arrested her. Later Natalia said no."
    )
    people = names_of([[text]], title="Olga Smirnova")
    assert "Ivan" not in people and "Gen" not in people
    assert {"Denisov", "Natalia", "Olga Smirnova"} <= set(people)  # a title before it; a verb of saying after it


def test_the_title_s_full_name_is_the_biography_s_subject(write_doc):
    path = str(write_doc("Boris Orlov\n\nIn 1912 Orlov hid the papers in his flat.\n"))
    data = json.loads(runner.invoke(app, ["--doc", path, "person", "Boris Orlov", "--json"]).stdout)
    assert data["person"]["name"] == "Boris Orlov" and "full name seen" in data["person"]["description"]
    assert [m["form"] for m in data["mentions"]] == ["Boris Orlov", "Orlov"]


@pytest.mark.parametrize("title", ["The Siege of Leningrad", "The October Revolution in Petrograd"])
def test_a_title_that_is_no_name_is_no_evidence(write_doc, title):
    text = f"{title}\n\nIvan Volkov lived in Leningrad in 1941. The city of Leningrad starved. Petrograd fell.\n"
    result = runner.invoke(app, ["--doc", str(write_doc(text)), "people", "--json"])
    assert [p["name"] for p in json.loads(result.stdout)["people"]] == ["Ivan Volkov"]


def test_an_english_word_after_a_title_like_word_is_no_person(write_doc):
    text = (
        "Karl Radek\n\nIn 1917 Karl Radek became head of a section of the Commissariat for Foreign Affairs. "
        "General Denisov arrested Radek in 1919. Later he joined the General Staff.\n"
    )
    result = runner.invoke(app, ["--doc", str(write_doc(text)), "people", "--json"])
    assert sorted(p["name"] for p in json.loads(result.stdout)["people"]) == ["Denisov", "Karl Radek"]


def test_a_person_named_in_a_heading_before_its_year_is_mentioned_there(write_doc):
    text = build(
        title="Boris Orlov",
        bio=[["Boris Orlov was born in Kazan in 1890. Orlov wrote Stalin (1949) later."]],
        sources=[
            ("(1) Vladimir Lenin, note on Orlov (1914)", [["Orlov is a good organiser."]]),
            ("(2) Ivan Popov, Orlov (1950)", [["A life of the man."]]),  # a book named after him
        ],
    ).text
    path = str(write_doc(text))
    data = json.loads(runner.invoke(app, ["--doc", path, "person", "Orlov", "--json"]).stdout)
    refs = [m["ref"] for m in data["mentions"]]
    assert "source 1" in refs and "source 2" not in refs  # the heading's date; a book's title
    people = json.loads(runner.invoke(app, ["--doc", path, "people", "--json"]).stdout)["people"]
    assert "Stalin" not in {p["name"] for p in people}  # "Stalin (1949)" in a paragraph is a book


def test_a_first_name_joins_its_bearer_known_also_by_initials(write_doc):
    text = build(
        title="Boris Orlov",
        bio=[["Boris Orlov was born in Kazan in 1890. B. I. Orlov joined the party in 1905."]],
        sources=[("(1) Anna Petrova, letter (14th May, 1912)", [["Boris was taken last night."]])],
    ).text
    data = json.loads(runner.invoke(app, ["--doc", str(write_doc(text)), "person", "Orlov", "--json"]).stdout)
    assert ("source 1 ¶1", "Boris") in {(m["ref"], m["form"]) for m in data["mentions"]}
