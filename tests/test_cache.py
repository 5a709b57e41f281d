"""The persisted index through the CLI: the first run on a document builds and stores its index, the
next ones answer from it without reading the document; any change of the document or its people
indexes rebuilds it; a damaged cache is rebuilt, never a crash; parallel runs on a fresh cache
all answer alike. (The store's own checks are in ``test_store.py``.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smilga_cli.cli import session as session_module
from smilga_cli.cli.app import app

from .conftest import REAL

runner = CliRunner()
COLLECTION = Path(__file__).parent / "collection"
QUERIES = [["Kamenev"], ["Kolchack"], ['"Back to Lenin"'], ["Trotsky", "OR", "Lenin"], ["Smil*"], ["NOT", "Smilga"],
           ["NEAR/5(Smilga", "arrested)"], ["Preobrazhensky"], ["Stalin", "--in", "caption"],
           ["Lenin", "--sort", "relevance"], ["--regex", "Trot.ky"]]  # fmt: skip


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    """A copy of the real text under another name, with the curated people index beside it."""
    path = tmp_path / "docs" / "text.txt"
    path.parent.mkdir()
    shutil.copy(REAL, path)
    shutil.copy(REAL.parent / "people.toml", path.with_suffix(".people.toml"))
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("index-*.sqlite"))


def test_a_warm_search_answers_alike_without_reading_the_document(tmp_path: Path, doc: Path, monkeypatch):
    cache = tmp_path / "cache"
    cold = {tuple(q): run("--cache", str(cache), "--doc", str(doc), "search", *q, "--json", "--all") for q in QUERIES}
    assert _entries(cache), "the first run stores the index"
    no_cache = {tuple(q): run("--no-cache", "--doc", str(doc), "search", *q, "--json", "--all") for q in QUERIES}

    def unread(self: object) -> bytes:
        raise AssertionError("a warm search read the whole document")

    monkeypatch.setattr(session_module.Loaded, "raw", property(unread))
    for query in QUERIES:
        warm = run("--cache", str(cache), "--doc", str(doc), "search", *query, "--json", "--all")
        assert warm.exit_code == cold[tuple(query)].exit_code == no_cache[tuple(query)].exit_code
        assert warm.stdout == cold[tuple(query)].stdout == no_cache[tuple(query)].stdout, query


READERS = [["person", "Trotsky", "--json"], ["person", "Kamenev"], ["person", "Vatzetis", "--all"],
           ["person", "Nobody"],
           ["timeline", "--json"], ["timeline", "--person", "Trotsky"], ["timeline", "--person", "Kolchak", "--json"],
           ["quotes", "--json"], ["quotes"]]  # fmt: skip


def test_person_timeline_and_quotes_read_a_warm_index_s_passages_not_the_parsed_document(
    tmp_path: Path, doc: Path, monkeypatch
):
    cache = tmp_path / "cache"
    assert run("--cache", str(cache), "--doc", str(doc), "index").exit_code == 0
    no_cache = {tuple(c): run("--no-cache", "--doc", str(doc), *c) for c in READERS}

    def unparsed(self: object) -> object:
        raise AssertionError("a warm run parsed the whole document")

    monkeypatch.setattr(session_module.Loaded, "document", property(unparsed))
    for command in READERS:
        warm = run("--cache", str(cache), "--doc", str(doc), *command)
        assert warm.exit_code == no_cache[tuple(command)].exit_code, command
        assert warm.stdout == no_cache[tuple(command)].stdout, command


@pytest.mark.parametrize("damage", [ValueError, IndexError, UnicodeDecodeError])
def test_a_passage_table_that_fails_on_the_way_gives_the_parsed_document_s_answer(
    tmp_path: Path, doc: Path, monkeypatch, damage: type[Exception]
):
    from smilga_cli.index import table

    cache = tmp_path / "cache"
    assert run("--cache", str(cache), "--doc", str(doc), "index").exit_code == 0
    expected = {c: run("--no-cache", "--doc", str(doc), *c).stdout for c in (("person", "Trotsky"), ("quotes",))}
    reads = []

    def failing(self: object, number: int) -> str:  # a stored span that is not what the file holds
        reads.append(number)
        if len(reads) > 20:
            raise damage("utf-8", b"", 0, 1, "bad") if damage is UnicodeDecodeError else damage("bad span")
        return original(self, number)

    original = table._StoredTable._text
    monkeypatch.setattr(table._StoredTable, "_text", failing)
    for command, answer in expected.items():
        reads.clear()
        warm = run("--cache", str(cache), "--doc", str(doc), *command)
        assert len(reads) > 20, "the warm run read the table"
        assert warm.exit_code == 0 and warm.stdout == answer and warm.stderr == ""


def test_a_changed_document_or_people_index_is_indexed_again(tmp_path: Path, doc: Path):
    cache = ["--cache", str(tmp_path / "cache"), "--doc", str(doc)]
    assert run(*cache, "search", "Zyxwv", "-c").stdout.strip() == "0"
    with doc.open("a", encoding="utf-8") as appended:
        appended.write("\nZyxwv appears at last.\n")
    assert run(*cache, "search", "Zyxwv", "-c").stdout.strip() == "1"
    # the people index beside it changes what a name widens to
    before = json.loads(run(*cache, "search", "Preobrazhensky", "--json").stdout)["fuzzy"]
    doc.with_suffix(".people.toml").unlink()
    after = run(*cache, "search", "Preobrazhensky", "--json")
    assert json.loads(after.stdout)["fuzzy"] != before


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, doc: Path):
    cache = tmp_path / "cache"
    args = ["--cache", str(cache), "--doc", str(doc), "search", "Kamenev", "--json"]
    first = run(*args)
    for entry in _entries(cache):
        entry.write_bytes(entry.read_bytes()[:3000])
    again = run(*args)
    assert again.exit_code == 0 and again.stdout == first.stdout and again.stderr == ""
    for entry in _entries(cache):
        entry.write_bytes(os.urandom(5000))
    assert run(*args).stdout == first.stdout


def test_no_cache_and_the_bundled_text_write_nothing(tmp_path: Path, doc: Path):
    cache = tmp_path / "cache"
    assert run("--no-cache", "--doc", str(doc), "search", "Kamenev").exit_code == 0
    assert run("search", "Kamenev", env={"SMILGA_CACHE": str(cache)}).exit_code == 0
    assert not cache.exists()
    assert run("--doc", str(doc), "search", "Kamenev", env={"SMILGA_CACHE": str(cache)}).exit_code == 0
    assert _entries(cache)


def test_an_unwritable_cache_is_said_once_and_the_search_answers(tmp_path: Path, doc: Path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = run("--cache", str(blocked / "cache"), "--doc", str(doc), "search", "Kamenev", "-c")
    assert result.exit_code == 0 and int(result.stdout) > 0
    assert result.stderr.count("\n") == 1 and "cannot write the index cache" in result.stderr


def test_index_builds_ahead_and_cache_info_and_clear(tmp_path: Path):
    cache = tmp_path / "cache"
    built = run("--cache", str(cache), "index", str(COLLECTION), "--json")
    assert built.exit_code == 0, built.output
    data = json.loads(built.stdout)
    assert [d["doc"] for d in data["documents"]] == ["kuzmin.txt", "orlov.txt", "petrov.txt"]
    assert all(d["written"] for d in data["documents"])
    info = json.loads(run("--cache", str(cache), "cache", "info", "--json").stdout)
    indexed = {(Path(e["document"]).name, e["kind"]) for e in info["entries"]}
    assert {("kuzmin.txt", "index"), ("orlov.txt", "people"), ("petrov.txt", "index")} <= indexed
    assert ("petrov.txt", "people") not in indexed  # it has a curated index: nothing to find
    assert all(e["state"] == "current" for e in info["entries"])
    (cache / "mine.txt").write_text("not the cache's", encoding="utf-8")
    cleared = json.loads(run("--cache", str(cache), "cache", "clear", "--json").stdout)
    assert cleared["removed"] == len(info["entries"]) and cleared["entries"] == []
    assert (cache / "mine.txt").exists()


def test_parallel_first_runs_on_a_fresh_cache_all_answer_alike(tmp_path: Path, doc: Path):
    env = {**os.environ, "SMILGA_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "smilga_cli", "--doc", str(doc), "search", "Kamenev", "--json", "--all"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(6)]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert all(process.returncode == 0 for process in runs), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and all(err == b"" for _, err in outputs)
    assert len(_entries(tmp_path / "cache")) == 1
    warm = subprocess.run(command, capture_output=True, env=env, check=True)
    assert warm.stdout == outputs[0][0]


@pytest.mark.parametrize(
    "blob",
    ["first_units", "unit_counts", "sections", "unit_headings", "words", "spellings", "refs.0", "ref_ends.0",
     "size", "lines", "spans.0"],
)  # fmt: skip
def test_a_sealed_value_of_the_wrong_shape_is_built_again(tmp_path: Path, doc: Path, blob: str):
    """A value whose seal matches but whose shape is wrong (a cache folder is not to be trusted)
    fails on the way and the index is built again: the answer is the document's, never an error."""
    import sqlite3

    from smilga_cli.index import store

    cache = tmp_path / "cache"
    args = ["--cache", str(cache), "--doc", str(doc), "search", "Kamenev", "--json", "--all"]
    first = run(*args)
    (entry,) = [
        e
        for e in _entries(cache)
        if sqlite3.connect(e).execute("SELECT 1 FROM blobs WHERE name = ?", (blob,)).fetchone()
    ]
    connection = sqlite3.connect(entry)
    salt = bytes.fromhex(connection.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0])
    forged = store._sealed(b"\xff\xff\xff\x7f" * 11, salt, blob)  # a seal made with the database's own salt
    connection.execute("UPDATE blobs SET data = ? WHERE name = ?", (forged, blob))
    connection.commit()
    connection.close()
    again = run(*args)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout), again.stderr


def test_a_warm_run_reads_the_people_index_stored_with_the_search_index(tmp_path: Path, doc: Path, monkeypatch):
    from smilga_cli.index import people

    cache = tmp_path / "cache"
    args = ["--cache", str(cache), "--doc", str(doc)]
    cold = [run(*args, *command, "--json").stdout for command in (["person", "Trotsky"], ["people"])]
    assert run(*args, "search", "Kamenev").exit_code == 0  # builds the index, the people indexes with it

    def unread(*arguments: object) -> None:
        raise AssertionError("a warm run parsed a people index file")

    with monkeypatch.context() as patched:
        patched.setattr(people, "parse_index", unread)
        warm = [run(*args, *command, "--json").stdout for command in (["person", "Trotsky"], ["people"])]
    assert warm == cold
    sidecar = doc.with_suffix(".people.toml")
    sidecar.write_text(sidecar.read_text() + '\n[[person]]\nname = "Ivan Nemo"\nforms = ["Nemo"]\n')
    again = json.loads(run(*args, "people", "--json").stdout)
    assert "Ivan Nemo" in {row["name"] for row in again["people"]}


def test_a_people_index_that_cannot_be_read_is_said_on_every_run(tmp_path: Path, doc: Path):
    doc.with_suffix(".people.toml").write_text('[[person]\nname = "x"\n')
    args = ["--cache", str(tmp_path / "cache"), "--doc", str(doc)]
    for _ in range(2):
        counted = run(*args, "search", "the", "-c")
        assert counted.exit_code == 0 and int(counted.stdout.split()[0]) > 50
        person = run(*args, "person", "Trotsky")
        assert person.exit_code == 2 and "not valid TOML" in person.stderr


def test_a_missing_postings_row_is_damage_and_the_index_is_built_again(tmp_path: Path, doc: Path):
    import sqlite3

    args = ["--cache", str(tmp_path / "cache"), "--doc", str(doc), "search", "Kolchak", "-c"]
    first = run(*args)
    (entry,) = _entries(tmp_path / "cache")
    with sqlite3.connect(entry) as connection:
        assert connection.execute("DELETE FROM postings WHERE word = 'kolchak'").rowcount == 1
    again = run(*args)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout) == (0, first.stdout)
    assert int(first.stdout.split()[0]) > 0


def test_a_folder_where_a_people_index_would_be_is_no_people_index(tmp_path: Path, doc: Path):
    doc.with_suffix(".people.toml").unlink()
    doc.with_suffix(".people.toml").mkdir()
    (doc.parent / "people.toml").mkdir()
    args = ["--doc", str(doc), "search", "Kamenev", "-c"]
    alone = run("--no-cache", *args)
    for _ in range(2):  # building the index, then reading it
        cached = run("--cache", str(tmp_path / "cache"), *args)
        assert (
            (cached.exit_code, cached.stdout, cached.stderr)
            == (alone.exit_code, alone.stdout, alone.stderr)
            == (
                0,
                alone.stdout,
                "",
            )
        )


def test_a_people_index_edited_while_the_index_is_built_is_read_again(tmp_path: Path, doc: Path, monkeypatch):
    sidecar = doc.with_suffix(".people.toml")
    args = ["--cache", str(tmp_path / "cache"), "--doc", str(doc)]
    write = session_module.Loaded._write

    def edited_meanwhile(self, *arguments, **options):  # the file changes after it was read, before the write
        sidecar.write_text(sidecar.read_text() + '\n[[person]]\nname = "Ivan Nemo"\nforms = ["Nemo"]\n')
        return write(self, *arguments, **options)

    with monkeypatch.context() as patched:
        patched.setattr(session_module.Loaded, "_write", edited_meanwhile)
        assert run(*args, "search", "Kamenev", "-c").exit_code == 0
    listed = json.loads(run(*args, "people", "--json").stdout)
    assert "Ivan Nemo" in {row["name"] for row in listed["people"]}


def test_a_document_written_over_while_a_warm_person_reads_it_is_read_again_whole(tmp_path: Path, doc: Path):
    from smilga_cli.features.person import report

    cache = tmp_path / "cache"
    assert run("--cache", str(cache), "--doc", str(doc), "index").exit_code == 0
    original = doc.read_bytes()
    changed = original.replace(b"Trotsky", b"Trotzky")
    assert len(changed) == len(original) and changed != original
    (loaded,) = session_module.Session([str(doc)], cache=str(cache)).documents
    trotsky = next(p for p in loaded.people.people if p.name == "Leon Trotsky")

    def reading(passages):  # the file is written over in place after the fifth passage read
        read = []
        for passage in passages():
            read.append(passage)
            if len(read) == 5:
                with doc.open("r+b") as written:
                    written.write(changed)
        return report(iter(read), loaded.people, trotsky)

    answer = loaded.passages(reading)
    assert answer.mentions == ()  # the file as it is now: no "Trotsky" in it
