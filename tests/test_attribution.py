"""Who did what: pronouns resolved by the documented rule (every pronoun of the bundled biography,
with its referent by a reader's reading), quotation speakers, the timeline of one person, events as
whole sentences, people lookups, co-mentions, citations and exports for reference managers."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from smilga_cli.cli.app import app
from smilga_cli.index.attribution import resolve
from smilga_cli.index.people import parse_index

from .conftest import REAL, build

runner = CliRunner()


@pytest.fixture(scope="module")
def index():
    return parse_index(REAL.with_name("people.toml").read_text(encoding="utf-8"))


def run_json(*args: str):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- pronouns -----------------------------------------------------------------------------------

# Every he, his, him, she, her of the biography, in order: (paragraph, the pronoun as written, the
# referent by my reading, what the rule says). Inside quotation marks the rule says None: those are
# someone else's words, and the reading column shows what a reader would need the context for.
PRONOUNS = [
    ("bio 1", "He", "Ivar Smilga", "Ivar Smilga"),  # He joined the Bolsheviks
    ("bio 1", "he", "Ivar Smilga", "Ivar Smilga"),  # in 1917 he became chairman
    ("bio 1", "His", "Ivar Smilga", "Ivar Smilga"),  # His growing power
    ("bio 1", "he", "Ivar Smilga", "Ivar Smilga"),  # on 26th July, he became a member
    ("bio 2", "He", "Ivar Smilga", "Ivar Smilga"),  # He was described by other leaders
    ("bio 2", "he", "Lev Kamenev", "Lev Kamenev"),  # In Pravda he disputed Lenin's assumption
    ("bio 4", "he", "Vladimir Lenin", "Vladimir Lenin"),  # Lenin went into hiding where he was protected
    ("bio 4", "he", "Ivar Smilga", "Ivar Smilga"),  # he took a message from Lenin
    ("bio 6", "He", "Joseph Stalin", None),  # (Molotov:) "He was a bachelor"
    ("bio 6", "his", "Ivar Smilga", None),  # "Smilga with his wife"
    ("bio 7", "He", "Jukums Vācietis", None),  # (Trotsky:) "He wanted the eastern front"
    ("bio 7", "him", "Alexander Kolchak", None),  # "follow him"
    ("bio 7", "he", "Alexander Kolchak", None),  # "he be prevented"
    ("bio 7", "he", "Alexander Kolchak", None),  # "he would recover"
    ("bio 12", "him", "Ivar Smilga", "Ivar Smilga"),  # Victor Serge met him
    ("bio 12", "his", "Ivar Smilga", None),  # (Serge:) "in his forties"
    ("bio 12", "He", "Ivar Smilga", None),  # "He spoke for a whole evening"
    ("bio 14", "he", "Joseph Stalin", None),  # (Medvedev:) "he was adopting their program"
    ("bio 14", "his", "Leon Trotsky", None),  # "his own group"
    ("bio 15", "he", "Ivar Smilga", "Ivar Smilga"),  # when he was banished to Siberia
]


def test_every_pronoun_of_the_biography_by_the_rule(real, index):
    found = [(r.passage.ref, r.word, r.person.name if r.person else None) for r in resolve(real, index)]
    in_biography = [item for item in found if item[0].startswith("bio ")]
    assert in_biography == [(ref, word, rule) for ref, word, _, rule in PRONOUNS]
    # where the rule decides, it agrees with the reading
    assert all(rule in (None, reading) for _, _, reading, rule in PRONOUNS)


def _resolved(text: str, **kwargs) -> list[tuple[str, str | None]]:
    from smilga_cli.document.loader import parse
    from smilga_cli.index.discovery import discover

    document = parse(build(**kwargs, bio=[[text]]).text)
    return [(r.word, r.person.name if r.person else None) for r in resolve(document, discover(document))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an object of the pronoun's own clause is never its referent
        ("Boris Orlov wrote to Anna Petrova. He met Anna Petrova in Riga.", [("He", "Boris Orlov")]),
        # "him" is never the subject of its own clause
        ("Boris Orlov arrived. Anna Petrova met him in Riga.", [("him", "Boris Orlov")]),
        # a possessive is never the referent
        ("Boris Orlov's friend arrived. He was late.", [("He", "Jane Roe")]),
        # no genders in the text: "she" only when one person alone can be meant
        ("Boris Orlov met Anna Petrova. She spoke.", [("She", None)]),
        ("Anna Petrova arrived in Riga. She spoke.", [("She", "Anna Petrova")]),
        # ... and no one else named in the passage could be: not the man of the previous sentence
        ("Anna Petrova wrote. Her brother Ivan Petrov was wounded. She wrote to Belov.", [("Her", "Anna Petrova"),
                                                                                          ("She", None)]),
        # a subject left unknown is not passed on to the person after a preposition
        ("Anna Petrova met Boris Orlov. In 1911 he was exiled with Ivan Petrov. In 1913 he escaped.",
         [("he", None), ("he", None)]),
    ],
)  # fmt: skip
def test_the_rule_on_generated_sentences(text, expected):
    biography = "Jane Roe was born in Riga in 1890. He studied law. He married. He taught."  # "he" for Jane Roe
    got = _resolved(f"{biography} {text}", title="Jane Roe")
    assert got[3:] == expected


def test_a_pronoun_with_nothing_before_it_in_a_source_is_unknown(write_doc):
    from smilga_cli.document.loader import parse
    from smilga_cli.index.discovery import discover

    document = parse(build(sources=[("(1) Jane Roe, Letters (1920)", [["He never came back to Riga."]])]).text)
    assert [(r.word, r.person) for r in resolve(document, discover(document)) if r.passage.section == "sources"] == [
        ("He", None)
    ]


# ---- quotations ---------------------------------------------------------------------------------


def test_the_pravda_quotations_are_kamenev_s_and_the_platform_speaks_as_a_document():
    quotes = run_json("quotes")["quotes"]
    bio2 = [(q["text"][:30], q["speaker"]) for q in quotes if q["ref"] == "bio 2"]
    assert bio2 == [
        ("young firebrand", None),  # "He was described by other leaders as": the leaders are no one named
        ("the bourgeois democratic revol", "Lev Kamenev"),
        ("party of the revolutionary mas", "Lev Kamenev"),
        ("a group of communist propagand", "Lev Kamenev"),
    ]
    platform = [(q["speaker"], q["speaker_kind"]) for q in quotes if q["ref"] in ("bio 9", "bio 10")]
    assert platform == [("Platform of the 46", "document")] * 2
    assert all(q["speaker_kind"] in ("person", "group", "document") for q in quotes if q["speaker"])


def test_a_group_can_speak(write_doc):
    bio = [['The Central Committee declared in 1917: "All power to the Soviets."']]
    path = str(write_doc(build(bio=bio).text))
    (quote,) = run_json("--doc", path, "quotes")["quotes"]
    assert (quote["speaker"], quote["speaker_kind"]) == ("Central Committee", "group")


# ---- the timeline -------------------------------------------------------------------------------


def test_a_person_s_timeline_includes_the_sentences_that_say_he():
    events = {(e["date"], e["ref"]) for e in run_json("timeline", "--person", "Smilga")["events"]}
    assert {("1917", "bio 1"), ("1917-07-26", "bio 1"), ("1917-09-12", "bio 4")} <= events


def test_events_are_whole_sentences_in_every_format():
    events = run_json("timeline")["events"]
    pilsudski = [e["text"] for e in events if "Polish Army" in e["text"]]
    assert pilsudski == ["In 1921 Smilga also fought alongside Mikhail Tukhachevsky and the Fifth Army against the "
                         "Polish Army of General Jozef Pilsudski."]  # fmt: skip
    assert not any(e["text"].endswith("…") for e in events)
    piped = runner.invoke(app, ["timeline"]).stdout
    assert "General Jozef Pilsudski." in piped and "…" not in piped


def test_a_caption_and_a_year_inside_a_quotation_date_no_narrative_event():
    events = run_json("timeline")["events"]
    assert not [e for e in events if e["ref"] == "caption"]
    assert not [e for e in events if e["text"].startswith("Victor Serge met him")]
    quoted = [e for e in events if e["ref"] == "bio 12" and e["date"] == "1917"]
    assert quoted and quoted[0]["text"].startswith("Smilga, an economist")


def test_month_only_and_relative_dates_take_the_year_of_their_context_marked_inferred():
    data = run_json("timeline")
    platform = [e for e in data["events"] if e["ref"] == "bio 9"]
    assert [(e["date"], e["inferred"]) for e in platform] == [("1923-07", True)]  # "July of the present year"
    october = [e for e in data["undated"] if e["ref"] == "source 4 ¶1"]
    assert [e["date"] for e in october] == ["--10"]  # "In October": no year in that source before it
    assert [(e["date"], e["inferred"]) for e in data["events"] if e["ref"] == "bio 8"] == [("1923-10", False)]


def test_piped_timeline_is_clean_tsv():
    rows = runner.invoke(app, ["timeline"]).stdout.rstrip("\n").split("\n")
    assert rows[0] == "date\tref\tline\tevent"
    assert all(len(row.split("\t")) == 4 for row in rows)
    undated = [row for row in rows if row.startswith("\t")]
    assert undated and all(row.split("\t")[1].startswith("source 4") for row in undated)
    assert "1917-07-26?\tbio 1\t5\t" in runner.invoke(app, ["timeline"]).stdout  # the year inferred


# ---- people -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "suggested"), [("Leningrad", "Vladimir Lenin"), ("Stalinism", "Joseph Stalin"),
                                                  ("Trotskyites", "Leon Trotsky")])  # fmt: skip
def test_a_place_or_a_derived_word_is_no_person(query, suggested):
    result = runner.invoke(app, ["person", query])
    assert result.exit_code == 1
    assert result.stderr == f"smilga: no person matches '{query}'; did you mean: {suggested}?\n"


def test_co_mentions_are_complete_in_json_and_the_text_says_how_many_more():
    data = run_json("person", "Zinoviev")
    company = data["co_mentions"]
    assert len(company) == 26
    assert [c["passages"] for c in company] == sorted((c["passages"] for c in company), reverse=True)
    text = runner.invoke(app, ["person", "Zinoviev"]).stdout
    assert text.rstrip().endswith("and 16 more (--all)")
    assert "more (--all)" not in runner.invoke(app, ["person", "Zinoviev", "--all"]).stdout


def test_co_mentions_with_equal_counts_follow_first_appearance():
    company = run_json("person", "Zinoviev")["co_mentions"]
    ones = [c["name"] for c in company if c["passages"] == 1]
    first_lines = {p["name"]: p["first"]["line"] for p in run_json("people")["people"] if p["first"]}
    assert [first_lines[name] for name in ones] == sorted(first_lines[name] for name in ones)


def test_people_in_one_passage_in_order_of_appearance():
    listed = [p["name"] for p in run_json("people", "--in", "bio 8", "--sort", "first")["people"]]
    assert listed == ["Yuri Piatakov", "Leon Trotsky", "Ivar Smilga", "Vladimir Antonov-Ovseenko", "Andrey Bubnov",
                      "Ivan Smirnov", "Lazar Kaganovich", "Victor Serge", "Evgenia Bosh"]  # fmt: skip
    assert [p["name"] for p in run_json("people", "--in", "source 2 ¶1")["people"]][:2] == [
        "Anton Denikin",
        "Sergei Kamenev",
    ]  # fmt: skip  (sorted by surname; Kamenev there is Sergei, by the cue "the commander of the eastern front")
    nobody = runner.invoke(app, ["people", "--in", "bio 9"])
    assert nobody.exit_code == 1 and "no one is named in bio 9" in nobody.stderr
    assert runner.invoke(app, ["people", "--in", "nowhere 3"]).exit_code == 2


def test_people_sort_first_follows_the_order_within_a_passage():
    rows = run_json("people", "--sort", "first")["people"]
    bio1 = [r["name"] for r in rows if r["first"] and r["first"]["ref"] == "bio 1"]
    assert bio1[:4] == ["Vladimir Lenin", "Gregory Zinoviev", "Lev Kamenev", "Yakov Sverdlov"]


# ---- exports for reference managers ------------------------------------------------------------


def test_bibtex_ris_and_csl_json_parse_back_with_the_same_fields():
    import bibtexparser
    import rispy

    items = json.loads(runner.invoke(app, ["sources", "--format", "csl-json"]).stdout)
    assert len(items) == 5 and {i["type"] for i in items} == {"book", "manuscript"}
    bib = bibtexparser.loads(runner.invoke(app, ["sources", "--format", "bibtex"]).stdout)
    assert [e["ID"] for e in bib.entries] == [i["id"] for i in items]
    serge = bib.entries_dict["serge1945-3"]
    assert (serge["ENTRYTYPE"], serge["author"], serge["title"], serge["year"]) == (
        "book", "Serge, Victor", "{Memoirs of a Revolutionary}", "1945"
    )  # fmt: skip
    lenin = bib.entries_dict["lenin1917-1"]
    assert (lenin["ENTRYTYPE"], lenin["date"], lenin["note"]) == ("unpublished", "1917-09-12",
                                                                 "Quoted in Ivar Smilga, source 1")  # fmt: skip
    records = rispy.loads(runner.invoke(app, ["sources", "--format", "ris"]).stdout)
    assert [(r["type_of_reference"], r["title"]) for r in records][:2] == [
        ("UNPB", "message sent to the Bolshevik Central Committee via Ivar Smilga"),
        ("BOOK", "My Life: An Attempt at an Autobiography"),
    ]
    assert records[4]["authors"] == ["Medvedev, Roy A."] and records[4]["year"] == "1971"
    one = rispy.loads(runner.invoke(app, ["source", "4", "3", "--format", "ris"]).stdout)
    assert one[0]["notes"] == ["Quoted in Ivar Smilga, source 4, ¶3"]


def test_an_export_format_for_another_command_is_refused():
    result = runner.invoke(app, ["people", "--format", "bibtex"])
    assert result.exit_code == 2 and "use it with source or sources" in result.stderr


# ---- found by a new user ------------------------------------------------------------------------


def test_abbreviations_end_no_sentence(write_doc):
    text = ("Boris Orlov\n\nBoris Orlov was born in St. Petersburg in 1880. In 1901 he met P. A. Malkov in Kiev. "
            "On 5th May Gen. Denisov arrested him. In 1903 Mr. Orlov fled, c. 1903 or so.\n")  # fmt: skip
    events = [e["text"] for e in run_json("--doc", str(write_doc(text)), "timeline")["events"]]
    assert "Boris Orlov was born in St. Petersburg in 1880." in events
    assert "On 5th May Gen. Denisov arrested him." in events
    assert "In 1903 Mr. Orlov fled, c. 1903 or so." in events


@pytest.mark.parametrize(
    "ending", ["Anna Petrova said no.", "He admired Ivan Sokolov Jr.", "He came in 1st.", "She was No. 1."]
)
def test_a_word_like_an_abbreviation_at_a_sentence_end_ends_it(write_doc, ending):
    text = f"Boris Orlov\n\nIn 1919 Boris Orlov wrote. {ending} In 1920 Anna Petrova left Moscow. See vol. 2 too.\n"
    events = [e["text"] for e in run_json("--doc", str(write_doc(text)), "timeline")["events"]]
    assert events == ["In 1919 Boris Orlov wrote.", "In 1920 Anna Petrova left Moscow."]


def test_a_relative_date_with_nothing_to_count_from_is_listed_undated():
    undated = run_json("timeline")["undated"]
    assert [(e["date"], e["ref"]) for e in undated if e["text"].startswith("And so a year later")] == [
        ("", "source 4 ¶3")
    ]


def test_a_pronoun_two_people_could_mean_is_unknown(write_doc):
    text = (
        "Anna Petrova\n\nAnna Petrova was born in 1890. In 1910 Anna Petrova met Boris Orlov. In 1911 he was "
        'arrested.\n\nBoris Orlov was a printer. In 1914 she left Moscow. She later wrote: "He was kind."\n'
    )
    path = str(write_doc(text))
    petrova = [e["text"] for e in run_json("--doc", path, "timeline", "--person", "Petrova")["events"]]
    orlov = [e["text"] for e in run_json("--doc", path, "timeline", "--person", "Orlov")["events"]]
    assert "In 1911 he was arrested." not in petrova + orlov
    assert "In 1914 she left Moscow." not in orlov
    assert [q["speaker"] for q in run_json("--doc", path, "quotes")["quotes"]] == [None]


@pytest.mark.parametrize("written", ["22nd-23rd October, 1917", "October 22–23, 1917", "October 22-23 1917"])
def test_a_date_range_in_a_heading_is_cited_and_exported(write_doc, written):
    import bibtexparser
    import rispy

    text = build(sources=[(f"(1) Ivan Popov, telegram ({written})", [["Text."]])]).text
    path = str(write_doc(text))
    cite = runner.invoke(app, ["--doc", path, "source", "1", "--cite-only"]).stdout
    assert "“telegram,” October 22–23, 1917, quoted in" in cite
    (entry,) = bibtexparser.loads(
        runner.invoke(app, ["--doc", path, "source", "1", "--format", "bibtex"]).stdout
    ).entries
    assert (entry["year"], entry["date"]) == ("1917", "1917-10-22/1917-10-23")
    (record,) = rispy.loads(runner.invoke(app, ["--doc", path, "source", "1", "--format", "ris"]).stdout)
    assert record["year"] == "1917"


def test_an_export_with_a_citation_option_is_refused_and_a_first_name_finds_its_person():
    assert runner.invoke(app, ["source", "3", "--format", "bibtex", "--cite"]).exit_code == 2
    assert run_json("person", "Sergei")["person"]["name"] == "Sergei Kamenev"


@pytest.mark.parametrize("initial", ["N", "I", "E", "V"])  # N. Osinsky, I. N. Smirnov, E. Rahja
def test_an_initial_alone_is_no_first_name(initial):
    result = runner.invoke(app, ["person", initial])
    assert result.exit_code == 1 and "no person matches" in result.stderr


@pytest.mark.parametrize("written", ["30-31 February, 1917", "June 31, 1917", "31st February 1917"])
def test_a_day_the_month_does_not_have_is_no_date(write_doc, written):
    import bibtexparser

    path = str(write_doc(build(sources=[(f"(1) Ivan Popov, telegram ({written})", [["Text."]])]).text))
    (entry,) = bibtexparser.loads(
        runner.invoke(app, ["--doc", path, "source", "1", "--format", "bibtex"]).stdout
    ).entries
    assert "date" not in entry and "year" not in entry
    assert written in runner.invoke(app, ["--doc", path, "source", "1", "--cite-only"]).stdout  # kept as written


def test_a_titled_name_after_a_preposition_is_still_after_the_preposition(write_doc):
    text = (
        "Boris Orlov\n\nBoris Orlov was born in 1890. Boris Orlov went to Kiev with Gen. Denisov. In 1915 he was "
        "wounded. Boris Orlov was received by Comrade Zhivago in Kiev. In 1917 he was sent home.\n"
    )
    orlov = [e["text"] for e in run_json("--doc", str(write_doc(text)), "timeline", "--person", "Orlov")["events"]]
    assert {"In 1915 he was wounded.", "In 1917 he was sent home."} <= set(orlov)


@pytest.mark.parametrize(
    "heading", ["(1) letter, to the Central Committee (1920)", '(1) "Pravda" [bold]x[/bold] (1920)']
)
def test_a_bibtex_key_holds_only_what_bibtex_takes(write_doc, heading):
    import bibtexparser

    path = str(write_doc(build(sources=[(heading, [["Text."]])]).text))
    (entry,) = bibtexparser.loads(
        runner.invoke(app, ["--doc", path, "source", "1", "--format", "bibtex"]).stdout
    ).entries
    assert re.fullmatch(r"[a-z0-9]+1920-1", entry["ID"])


def test_an_abbreviated_month_before_a_year_ends_no_sentence(write_doc):
    text = "Boris Orlov\n\nIn 1917 Boris Orlov wrote. On 7 Nov. 1918 he spoke again.\n"
    events = [e["text"] for e in run_json("--doc", str(write_doc(text)), "timeline")["events"]]
    assert events == ["In 1917 Boris Orlov wrote.", "On 7 Nov. 1918 he spoke again."]


def test_a_day_of_a_month_is_a_date(write_doc):
    text = "Boris Orlov\n\nOn the 7th of November 1919 Boris Orlov spoke. In 1920 he left.\n"
    events = run_json("--doc", str(write_doc(text)), "timeline")["events"]
    first = events[0]
    assert (first["date"], first["text"]) == ("1919-11-07", "On the 7th of November 1919 Boris Orlov spoke.")
