"""A collection of documents: tests/collection/ holds three invented biographies of the same shape.

- "Orlov" is two people: Ivan Orlov (a commissar, in petrov.txt, curated sidecar) and Boris Orlov
  (the subject of orlov.txt, automatic index): never merged.
- Leon Trotsky and Anna Volkova appear in several documents: one person each across them.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smilga_cli.cli.app import app

runner = CliRunner()
FOLDER = Path(__file__).parent / "collection"
NAMES = ("kuzmin.txt", "orlov.txt", "petrov.txt")  # a folder's documents, sorted by name


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def json_of(*args: str) -> object:
    result = run("--doc", str(FOLDER), *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_folder_is_its_txt_files_sorted_and_every_hit_names_its_document():
    data = json_of("search", "Orlov", "--all")
    assert {hit["doc"] for hit in data["hits"]} == {"orlov.txt", "petrov.txt"}
    for hit in data["hits"]:
        label = hit["doc"].removesuffix(".txt")
        assert hit["ref"].startswith(f"{label}:"), hit  # a reference the user can open next
    docs = [hit["doc"] for hit in data["hits"]]
    assert docs == sorted(docs), "each document's hits in turn, in the folder's order"


def test_search_counts_are_the_sums_of_each_documents():
    per_document = []
    for name in NAMES:
        result = run("--doc", str(FOLDER / name), "search", "Trotsky", "-c")
        per_document.append(int(result.stdout) if result.exit_code == 0 else 0)
    together = run("--doc", str(FOLDER), "search", "Trotsky", "-c")
    assert int(together.stdout) == sum(per_document) > 0


def test_doc_given_several_times_and_the_environment_list():
    given = [str(FOLDER / "petrov.txt"), str(FOLDER / "orlov.txt")]
    by_option = run("--doc", given[0], "--doc", given[1], "sources", "--json")
    by_env = run("sources", "--json", env={"SMILGA_DOC": os.pathsep.join(given)})
    assert by_option.exit_code == by_env.exit_code == 0
    assert by_option.stdout == by_env.stdout
    assert [s["doc"] for s in json.loads(by_option.stdout)] == ["petrov.txt"] * 2 + ["orlov.txt"] * 2


def test_one_surname_two_people_are_never_merged():
    data = json_of("person", "Orlov")
    assert sorted(c["name"] for c in data["candidates"]) == ["Boris Orlov", "Ivan Orlov"]
    boris = json_of("person", "Boris Orlov")
    assert {m["doc"] for m in boris["mentions"]} == {"orlov.txt"}
    ivan = json_of("person", "Ivan Orlov")
    assert {m["doc"] for m in ivan["mentions"]} == {"petrov.txt"}


def test_one_person_across_documents_is_one_card_with_every_mention():
    data = json_of("person", "Trotsky")
    assert data["person"]["name"] == "Leon Trotsky"
    assert {m["doc"] for m in data["mentions"]} == set(NAMES)
    singles = 0
    for name in NAMES:
        result = run("--doc", str(FOLDER / name), "person", "Trotsky", "--json")
        singles += len(json.loads(result.stdout)["mentions"])
    assert len(data["mentions"]) == singles
    assert data["person"]["description"] == "Commissar of War"  # the curated description wins
    assert data["index"] == "mixed"


def test_people_rows_merge_by_full_name():
    rows = {row["name"]: row for row in json_of("people")["people"]}
    assert rows["Leon Trotsky"]["docs"] == list(NAMES)
    assert rows["Boris Orlov"]["docs"] == ["orlov.txt"] and rows["Ivan Orlov"]["docs"] == ["petrov.txt"]
    assert Counter(rows)["Orlov"] == 0  # no surname-only person made up


def test_timeline_is_one_chronology():
    events = json_of("timeline")["events"]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    assert len({e["doc"] for e in events[:4]}) > 1  # documents interleave by date


def test_info_gives_each_document_and_the_totals():
    data = json_of("info")
    assert [d["doc"] for d in data["documents"]] == list(NAMES)
    assert data["totals"]["documents"] == 3
    assert data["totals"]["words"] == sum(d["words"] for d in data["documents"])


def test_quotes_and_sources_name_their_document():
    assert {q["doc"] for q in json_of("quotes")["quotes"]} <= set(NAMES)
    assert len({s["doc"] for s in json_of("sources")}) == 3


def test_references_take_the_document_label():
    quoted = run("--doc", str(FOLDER), "source", "orlov:2")
    assert quoted.exit_code == 0 and "Prinkipo" in quoted.stdout
    paragraph = json_of("source", "orlov:2")["paragraphs"][0]["ref"]
    assert paragraph == "orlov:source 2 ¶1" and run("--doc", str(FOLDER), "source", paragraph).exit_code == 0
    assert "orlov:source 2" in quoted.stdout
    also = run("--doc", str(FOLDER), "source", "orlov:source 2")
    assert also.exit_code == 0 and also.stdout == quoted.stdout
    ambiguous = run("--doc", str(FOLDER), "source", "2")
    assert ambiguous.exit_code == 2
    assert "kuzmin:" in ambiguous.stderr and ambiguous.stderr.count("\n") == 1
    assert "petrov:bio 2" in run("--doc", str(FOLDER), "bio", "petrov:2").stdout
    within = run("--doc", str(FOLDER), "people", "--in", "orlov:bio 2", "--json")
    assert {row["name"] for row in json.loads(within.stdout)["people"]} == {"Boris Orlov", "Leon Trotsky",
                                                                             "Anna Volkova"}  # fmt: skip


def test_unreadable_files_are_reported_and_skipped(tmp_path: Path):
    shutil.copy(FOLDER / "orlov.txt", tmp_path / "orlov.txt")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("--doc", str(tmp_path), "search", "Orlov", "-c")
    assert result.exit_code == 0 and int(result.stdout) > 0
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all("skipped" in line for line in lines)
    assert any("binary.txt" in line for line in lines) and any("empty.txt" in line for line in lines)
    (tmp_path / "orlov.txt").unlink()
    nothing = run("--doc", str(tmp_path), "info")
    assert nothing.exit_code == 2 and nothing.stderr.count("\n") == 1
    assert "none of the 2 documents could be read: " in nothing.stderr and "(and 1 more)" in nothing.stderr


def test_a_folder_people_index_serves_each_document(tmp_path: Path):
    shutil.copy(FOLDER / "orlov.txt", tmp_path / "orlov.txt")
    shutil.copy(FOLDER / "kuzmin.txt", tmp_path / "kuzmin.txt")
    (tmp_path / "people.toml").write_text(
        '[[person]]\nname = "Leon Trotsky"\ndescription = "Folder index"\nforms = ["Leon Trotsky", "Trotsky"]\n',
        encoding="utf-8",
    )
    data = json.loads(run("--doc", str(tmp_path), "person", "Trotsky", "--json").stdout)
    assert data["index"] == "curated" and data["person"]["description"] == "Folder index"
    assert {m["doc"] for m in data["mentions"]} == {"kuzmin.txt", "orlov.txt"}
    # a document's own sidecar wins over its folder's index for a name both hold
    (tmp_path / "orlov.people.toml").write_text(
        '[[person]]\nname = "Leon Trotsky"\ndescription = "Sidecar"\nforms = ["Leon Trotsky"]\n', encoding="utf-8"
    )
    single = json.loads(run("--doc", str(tmp_path / "orlov.txt"), "person", "Trotsky", "--json").stdout)
    assert single["person"]["description"] == "Sidecar"


def test_one_document_keeps_its_references_plain():
    result = run("search", "Kamenev", "--json")
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(hit["doc"] == "smilga.txt" and ":" not in hit["ref"] for hit in hits)


@pytest.mark.parametrize("command", ["source", "bio"])
def test_completion_offers_the_labelled_references(command: str):
    from smilga_cli.cli.completion import complete_bio, complete_source

    class Context:  # what completion reads of typer's context: the root's parsed options
        def __init__(self) -> None:
            self.params = {"doc": [str(FOLDER)]}
            self.obj = None

        def find_root(self) -> Context:
            return self

    complete = complete_source if command == "source" else complete_bio
    offered = [value for value, _ in complete(Context(), "orl")]  # type: ignore[arg-type]
    assert offered and all(value.startswith("orlov:") for value in offered)


def test_labels_hold_colons_unknown_labels_are_named_and_one_file_is_read_once(tmp_path: Path):
    shutil.copy(FOLDER / "orlov.txt", tmp_path / "a:b.txt")
    shutil.copy(FOLDER / "petrov.txt", tmp_path / "petrov.txt")
    listed = run("--doc", str(tmp_path), "sources").stdout
    assert "a:b:2\t" in listed
    quoted = run("--doc", str(tmp_path), "source", "a:b:2")
    assert quoted.exit_code == 0 and "a:b:source 2" in quoted.stdout  # typed back as shown
    unknown = run("--doc", str(tmp_path), "source", "zz:1")
    assert unknown.exit_code == 2 and "no document 'zz'" in unknown.stderr
    twice = run("--doc", str(tmp_path / "petrov.txt"), "--doc", f"{tmp_path}/./petrov.txt", "info", "--json")
    assert "totals" not in json.loads(twice.stdout)  # one file, however it is spelled
    os.link(tmp_path / "petrov.txt", tmp_path / "linked.txt")
    linked = json.loads(run("--doc", str(tmp_path), "info", "--json").stdout)
    assert [d["doc"] for d in linked["documents"]] == ["a:b.txt", "linked.txt"]  # a hard link is one file


def test_references_keep_their_labels_when_a_file_of_the_collection_is_skipped(tmp_path: Path):
    shutil.copy(FOLDER / "orlov.txt", tmp_path / "orlov.txt")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\xfd")
    result = run("--doc", str(tmp_path), "search", "Tashkent", "--json")
    assert result.exit_code == 0 and "skipped" in result.stderr
    assert all(hit["ref"].startswith("orlov:") for hit in json.loads(result.stdout)["hits"])


def _sidorov(folder: Path) -> None:
    """A third document that names only "Trotsky": a surname-only person of its automatic index."""
    (folder / "sidorov.txt").write_text(
        "Ivan Sidorov\n\nIvan Sidorov\n\nIvan Sidorov met Trotsky in 1920. Trotsky said no.\n\nSidorov died in 1937.\n",
        encoding="utf-8",
    )


def test_a_surname_only_person_is_reached_by_that_name_and_the_full_name_by_its_own(tmp_path: Path):
    shutil.copy(FOLDER / "orlov.txt", tmp_path / "orlov.txt")
    _sidorov(tmp_path)
    surname = json.loads(run("--doc", str(tmp_path), "person", "Trotsky", "--json").stdout)
    assert surname["person"]["name"] == "Trotsky" and {m["doc"] for m in surname["mentions"]} == {"sidorov.txt"}
    full = json.loads(run("--doc", str(tmp_path), "person", "Leon Trotsky", "--json").stdout)
    assert {m["doc"] for m in full["mentions"]} == {"orlov.txt"}
    timeline = run("--doc", str(tmp_path), "timeline", "--person", "Trotsky", "--json")
    assert timeline.exit_code == 0 and {e["doc"] for e in json.loads(timeline.stdout)["events"]} == {"sidorov.txt"}


def test_candidates_are_counted_in_every_document_that_names_them():
    data = json_of("person", "Orlov")
    counted = {c["name"]: c["mentions"] for c in data["candidates"]}
    rows = {row["name"]: row["mentions"] for row in json_of("people")["people"]}
    assert counted == {name: rows[name] for name in counted}


def test_a_citation_in_a_collection_names_its_document():
    cited = json_of("source", "orlov:2", "--cite-only")
    assert cited["ref"] == "orlov:source 2" and cited["doc"] == "orlov.txt"
    assert json_of("bio", "petrov:2")["doc"] == "petrov.txt"


def test_a_document_s_own_index_keeps_its_forms_from_the_folder_s(tmp_path: Path):
    shutil.copy(FOLDER / "petrov.txt", tmp_path / "petrov.txt")
    shutil.copy(FOLDER / "petrov.people.toml", tmp_path / "petrov.people.toml")
    (tmp_path / "people.toml").write_text(
        '[[person]]\nname = "Boris Orlov"\ndescription = "Typesetter"\nforms = ["Boris Orlov", "Orlov"]\n',
        encoding="utf-8",
    )
    ivan = run("--doc", str(tmp_path / "petrov.txt"), "person", "Ivan Orlov", "--json")
    assert ivan.exit_code == 0 and len(json.loads(ivan.stdout)["mentions"]) == 6


def test_index_says_why_in_one_line_and_cache_options_do_not_mix(tmp_path: Path):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    result = run("--cache", str(blocked / "cache"), "index", str(FOLDER / "orlov.txt"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "no index was written" in result.stderr
    both = run("--cache", str(tmp_path), "--no-cache", "search", "Smilga")
    assert both.exit_code == 2 and "contradict" in both.stderr
