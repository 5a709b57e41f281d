"""Research extras: timeline, quotations and cross-references, citations, completion, overview."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from smilga_cli.cli.app import app

from .conftest import REAL, build

runner = CliRunner()
LINES = REAL.read_text(encoding="utf-8").split("\n")


def run_json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- timeline -----------------------------------------------------------------------------------


def test_timeline_is_chronological_and_fills_in_years():
    events = run_json("timeline")["events"]
    assert all({"date", "text", "ref", "line"} <= set(e) for e in events)
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    placed = {(e["date"], e["ref"], e["line"]) for e in events}
    assert ("1917-07-26", "bio 1", 5) in placed  # "on 26th July", the year from "in 1917" before it
    assert ("1917-07-19", "bio 3", 9) in placed  # "On 19th July", in a paragraph with no year: 1917 from context
    assert ("1917-09-12", "bio 4", 11) in placed
    assert ("1919-03", "bio 7", 23) in placed
    assert ("1927-11-07", "bio 13", 35) in placed
    assert dates.index("1917-07-19") < dates.index("1917-07-26")  # the page has them the other way round
    assert dates[0] == "1892" and dates[-1] == "1938"


def test_publication_years_are_not_events():
    events = run_json("timeline")["events"]
    years = {e["date"][:4] for e in events}
    assert not years & {"1930", "1945", "1949", "1971", "1996"}


def test_each_event_is_one_line_and_its_line_holds_the_date():
    for event in run_json("timeline")["events"]:
        assert "\n" not in event["text"]
        assert event["date"][:4] in LINES[event["line"] - 1] or event["inferred"]


def test_timeline_for_a_person():
    events = run_json("timeline", "--person", "Trotsky")["events"]
    assert [(e["date"], e["ref"]) for e in events] == [
        ("1927-11", "source 5 ¶1"), ("1927-11-07", "bio 13"), ("1927-12", "source 5 ¶1"),
    ]  # fmt: skip
    assert all("Trotsky" in e["text"] or e["text"].endswith("…") for e in events)
    ambiguous = runner.invoke(app, ["timeline", "--person", "Kamenev"])
    assert ambiguous.exit_code == 2 and "Lev Kamenev or Sergei Kamenev" in ambiguous.stderr


def test_timeline_on_another_document(write_doc):
    bio = [
        ["Jane Roe was born in Riga in 1890 and studied in Saint Petersburg until the war began in earnest."],
        ["On 3rd May she was arrested; her trial opened on June 9, 1916, and she was exiled that autumn."],
        ["In March, 1921, she returned. Her memoir, Years of Exile (1935), tells the story of those years."],
    ]
    path = str(write_doc(build(bio=bio).text))
    events = run_json("--doc", path, "timeline")["events"]
    assert [(e["date"], e["line"]) for e in events] == [("1890", 5), ("1890-05-03", 7), ("1916-06-09", 7),
                                                        ("1921-03", 9)]  # fmt: skip


# ---- quotations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "speaker", "source", "starts"),
    [
        ("bio 3", "Vladimir Lenin", None, "All hopes for a peaceful development"),
        ("bio 4", "Vladimir Lenin", 1, "Without losing a single moment"),
        ("bio 5", "Nickolai Bukharin", None, "We gathered and"),
        ("bio 6", "Vyacheslav Molotov", None, "Stalin and I lived"),
        ("bio 7", "Leon Trotsky", 2, "Vatzetis's point of view"),
        ("bio 11", "Isaac Deutscher", None, "Among the signatories were"),
        ("bio 12", "Victor Serge", 3, "Smilga, an economist"),
        ("bio 13", "Edvard Radzinsky", 4, "The opposition then organized"),
        ("bio 14", "Roy A. Medvedev", None, "Stalin produced a split"),
    ],
)
def test_quotations_speakers_and_sources(ref, speaker, source, starts):
    quotes = run_json("quotes")["quotes"]
    (quote,) = [q for q in quotes if q["ref"] == ref and q["text"].startswith(starts)]
    assert (quote["speaker"], quote["source"]) == (speaker, source)
    assert quote["text"] in LINES[quote["line"] - 1]


def test_a_document_speaks_and_the_lead_in_is_kept():
    quotes = run_json("quotes")["quotes"]
    (statement,) = [q for q in quotes if q["ref"] == "bio 9"]
    assert (statement["speaker"], statement["speaker_kind"]) == ("Platform of the 46", "document")
    assert statement["lead_in"] == "The statement included the following:"


def test_source_shows_where_the_biography_quotes_it():
    data = run_json("source", "4")
    assert data["quoted_in"] == [{"ref": "bio 13", "line": 35, "doc": "smilga.txt"}]
    assert run_json("source", "5")["quoted_in"] == []
    text = runner.invoke(app, ["source", "3"]).stdout
    assert "quoted in bio 12 (line 33)" in text.splitlines()
    first_two = [s["quoted_in"] for s in run_json("sources")][:2]
    assert first_two == [
        [{"ref": "bio 4", "line": 11, "doc": "smilga.txt"}],
        [{"ref": "bio 7", "line": 23, "doc": "smilga.txt"}],
    ]


# ---- citations ----------------------------------------------------------------------------------


def test_citation_in_the_chicago_quoted_in_form():
    result = runner.invoke(app, ["source", "3", "--cite-only"])
    assert result.exit_code == 0
    assert result.stdout == "Victor Serge, Memoirs of a Revolutionary (1945), quoted in Ivar Smilga, source 3.\n"
    markdown = runner.invoke(app, ["source", "3", "--cite-only", "--format", "markdown"]).stdout
    assert markdown == "Victor Serge, *Memoirs of a Revolutionary* (1945), quoted in *Ivar Smilga*, source 3.\n"
    unpublished = "Lenin, “message sent to the Bolshevik Central Committee via Ivar Smilga,” September 12, 1917"
    assert runner.invoke(app, ["source", "1", "--cite-only"]).stdout.startswith(unpublished)
    assert runner.invoke(app, ["source", "1", "--cite-only", "-f", "markdown"]).stdout.startswith(unpublished)
    assert run_json("source", "2", "--cite-only")["citation"].startswith("Leon Trotsky, My Life")


def test_a_citation_keeps_the_paragraphs_it_cites():
    one = runner.invoke(app, ["source", "4", "3", "--cite-only"]).stdout
    assert one == "Edvard Radzinsky, Stalin (1996), quoted in Ivar Smilga, source 4, ¶3.\n"
    assert run_json("source", "4 ¶3", "--cite-only")["ref"] == "source 4 ¶3"


def test_cite_shows_the_quotation_then_its_citation():
    result = runner.invoke(app, ["source", "4", "3", "--cite"])
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0] == "Source 4: Edvard Radzinsky, Stalin (1996)" and lines[-2] == ""
    assert lines[-1] == "Edvard Radzinsky, Stalin (1996), quoted in Ivar Smilga, source 4, ¶3."
    data = run_json("source", "4", "3", "--cite")
    assert data["paragraphs"][0]["ref"] == "source 4 ¶3" and data["citation"]["ref"] == "source 4 ¶3"
    assert runner.invoke(app, ["source", "4", "--cite", "--cite-only"]).exit_code == 2


# ---- completion ---------------------------------------------------------------------------------


def _complete(words: str) -> list[str]:
    env = {"_SMILGA_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    result = runner.invoke(app, [], env=env, prog_name="smilga")
    assert result.exit_code == 0
    return result.stdout.split()


def test_completion_of_people_and_sources():
    assert _complete("smilga person Tro") == ["Trotsky"]
    assert set(_complete("smilga person Preob")) == {"Preobrazhenskv", "Preobrazhensky"}
    assert _complete("smilga source ser") == ["serge"]
    assert _complete("smilga source 4") == ["4"]
    assert "Kamenev" in _complete("smilga timeline --person Kam")


def test_install_completion_works(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "smilga_cli", "--install-completion", "bash"], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".bash_completions" / "smilga_cli.sh").exists() or any(tmp_path.rglob("*.sh"))


# ---- info ---------------------------------------------------------------------------------------


def test_info():
    data = run_json("info")
    assert (data["title"], data["paragraphs"], data["captions"], data["sources"]) == ("Ivar Smilga", 15, 1, 5)
    assert (data["source_paragraphs"], data["people"], data["index"], data["lines"]) == (13, 59, "curated", 75)
    assert data["years"] == {"first": 1892, "last": 1938}
    assert data["most_mentioned"][0] == {"name": "Ivar Smilga", "mentions": 29}
    assert data["words"] > 3000
    text = runner.invoke(app, ["info"]).stdout
    assert text.splitlines()[0] == "Ivar Smilga" and "years: 1892–1938" in text


def test_extras_on_another_document(write_doc):
    bio = [['Anna Petrova was born in Riga in 1890 and met Boris Orlov, who said: "We shall see it through".']]
    sources = [("(1) Boris Orlov, Letters (1920)", [["We shall see it through, he wrote."]])]
    path = str(write_doc(build(title="Anna Petrova", bio=bio, sources=sources).text))
    info = run_json("--doc", path, "info")
    assert (info["paragraphs"], info["sources"], info["index"], info["years"]) == (
        1, 1, "automatic", {"first": 1890, "last": 1890},
    )  # fmt: skip
    quotes = run_json("--doc", path, "quotes")["quotes"]
    assert [(q["speaker"], q["text"]) for q in quotes] == [("Boris Orlov", "We shall see it through")]
    assert run_json("--doc", path, "source", "1", "--cite-only")["citation"] == (
        "Boris Orlov, Letters (1920), quoted in Anna Petrova, source 1."
    )
