"""The index cache on disk: round trips, what makes an entry stale, atomic and concurrent writes,
damaged and foreign files, an unwritable folder, and what ``info`` and ``clear`` see."""

from __future__ import annotations

import errno
import multiprocessing
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smilga_cli
from smilga_cli.index import store
from smilga_cli.index.store import Entry, Store, StoreError, cache_folder

TEXT = b"Ivar Smilga was born in 1892 in Aloja.\n" * 50
BLOBS = {"vocabulary": b"smilga\0born\0aloja", "paragraphs": bytes(range(256)) * 40}
POSTINGS = [(f"word{number}", number.to_bytes(4, "big") * (number % 7 + 1)) for number in range(2000)]
OLD = 1_600_000_000_000_000_000  # a modification time long past, in nanoseconds


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old: take every signature as settled (one test says otherwise)."""
    monkeypatch.setattr(store, "SETTLE_NS", 0)


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "bio.txt"
    path.write_bytes(TEXT)
    os.utime(path, ns=(OLD, OLD))
    return path


@pytest.fixture
def cache(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache")


def write(cache: Store, document: Path, sidecars: list[Path] | None = None, data: bytes | None = None) -> None:
    reason = cache.write(document, sidecars or [], document.read_bytes() if data is None else data, BLOBS, POSTINGS)
    assert reason is None


def meta(cache: Store, document: Path) -> dict[str, str]:
    with sqlite3.connect(cache.database(document)) as connection:
        return dict(connection.execute("SELECT key, value FROM meta").fetchall())


def alter(cache: Store, document: Path, sql: str, *parameters: object) -> None:
    """Change an entry in place with SQLite itself (the store never does): a valid file, other content."""
    connection = sqlite3.connect(cache.database(document))
    connection.execute(sql, parameters)
    connection.commit()
    connection.close()


def store_files(cache: Store) -> list[str]:
    return sorted(path.name for path in cache.folder.iterdir())


def assert_reads_back(entry: Entry | None) -> None:
    assert entry is not None
    with entry:
        assert {name: entry.blob(name) for name in BLOBS} == BLOBS
        assert all(entry.postings(word) == data for word, data in POSTINGS)


class Hashes:
    """Counts the files and byte strings the store hashes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[Path] = []
        self.data = 0
        digest_file, digest = store._digest_file, store._digest

        def counted_file(path: Path) -> tuple[str, os.stat_result] | None:
            self.files.append(path)
            return digest_file(path)

        def counted(data: bytes) -> str:
            self.data += 1
            return digest(data)

        monkeypatch.setattr(store, "_digest_file", counted_file)
        monkeypatch.setattr(store, "_digest", counted)


# ---- round trip ---------------------------------------------------------------------------------


def test_an_entry_reads_back_what_was_written(cache, document):
    assert cache.open(document) is None
    write(cache, document)
    entry = cache.open(document)
    assert_reads_back(entry)


def test_an_absent_blob_is_a_key_error_and_an_absent_word_none(cache, document):
    write(cache, document)
    with cache.open(document) as entry:
        with pytest.raises(KeyError):
            entry.blob("nothing")
        assert entry.postings("nothing") is None
        assert entry.postings("") is None


def test_empty_blobs_and_postings_round_trip(cache, document):
    assert cache.write(document, [], TEXT, {"empty": b""}, iter([("word", b"")])) is None
    with cache.open(document) as entry:
        assert entry.blob("empty") == b""
        assert entry.postings("word") == b""


@given(
    blobs=st.dictionaries(st.text(max_size=20), st.binary(max_size=5000), max_size=5),
    postings=st.dictionaries(st.text(max_size=30), st.binary(max_size=300), max_size=50),
)
def test_any_blobs_and_postings_round_trip(tmp_path, document, blobs, postings):
    cache = Store(tmp_path / "hypothesis")
    assert cache.write(document, [], TEXT, blobs, postings.items()) is None
    entry = cache.open(document)
    assert entry is not None
    with entry:
        assert {name: entry.blob(name) for name in blobs} == blobs
        assert {word: entry.postings(word) for word in postings} == postings


def test_the_document_is_known_by_its_resolved_path(cache, document, tmp_path, monkeypatch):
    write(cache, document)
    link = tmp_path / "link.txt"
    link.symlink_to(document)
    monkeypatch.chdir(tmp_path)
    assert_reads_back(cache.open(Path("bio.txt")))
    assert_reads_back(cache.open(link))
    assert cache.database(link) == cache.database(document)


def test_one_database_a_document(cache, document, tmp_path):
    other = tmp_path / "other.txt"
    other.write_bytes(TEXT)
    write(cache, document)
    write(cache, other)
    assert cache.database(document) != cache.database(other)
    assert len(store_files(cache)) == 2
    assert_reads_back(cache.open(other))


# ---- what makes an entry stale ------------------------------------------------------------------


def test_a_valid_entry_is_opened_on_its_stat_alone(cache, document, tmp_path, monkeypatch):
    sidecar = tmp_path / "bio.people.toml"
    sidecar.write_text("[people]\n")
    write(cache, document, [sidecar, tmp_path / "absent.toml"])
    hashes = Hashes(monkeypatch)
    assert_reads_back(cache.open(document, [sidecar, tmp_path / "absent.toml"]))
    assert (hashes.files, hashes.data) == ([], 0)


def test_a_changed_document_is_stale(cache, document):
    write(cache, document)
    document.write_bytes(TEXT + b"One more line.\n")
    assert cache.open(document) is None


def test_a_deleted_document_has_no_entry(cache, document):
    write(cache, document)
    document.unlink()
    assert cache.open(document) is None


def test_a_document_touched_with_the_same_bytes_stays_valid_and_its_stat_is_refreshed(cache, document, monkeypatch):
    write(cache, document)
    before = meta(cache, document)["stat.0"]
    os.utime(document, ns=(OLD + 10**9, OLD + 10**9))
    hashes = Hashes(monkeypatch)
    assert_reads_back(cache.open(document))
    assert hashes.files == [document]  # the stat changed: the bytes were compared
    assert meta(cache, document)["stat.0"] not in (before, "")
    assert meta(cache, document)["stat.0"] == store._signature(os.stat(document))
    assert_reads_back(cache.open(document))
    assert hashes.files == [document]  # refreshed: the next open does not hash again
    assert not [name for name in store_files(cache) if name.endswith(store.TEMPORARY_SUFFIX)]


def test_the_bytes_the_caller_has_are_compared_instead_of_reading_the_file(cache, document, monkeypatch):
    write(cache, document)
    os.utime(document, ns=(OLD + 10**9, OLD + 10**9))
    hashes = Hashes(monkeypatch)
    assert cache.open(document, data=b"other bytes") is None
    assert_reads_back(cache.open(document, data=TEXT))
    assert (hashes.files, hashes.data) == ([], 2)


def test_a_rewrite_that_restores_size_and_mtime_is_caught_by_the_new_inode(cache, document, tmp_path):
    write(cache, document)
    replacement = tmp_path / "new.txt"
    replacement.write_bytes(TEXT.replace(b"1892", b"1893"))
    os.utime(replacement, ns=(OLD, OLD))
    os.replace(replacement, document)  # as editors save: a new file renamed in
    assert os.stat(document).st_size == len(TEXT)
    assert cache.open(document) is None


def test_an_in_place_rewrite_that_restores_size_and_mtime_is_caught_only_if_stat_shows_it(cache, document):
    """What stat can catch: the same size and modification time, written into the same inode, leave
    only the change time to tell, and that has the file system clock's granularity (a few ms on
    Linux). Such an entry is trusted if the whole signature is unchanged: the store promises no more."""
    write(cache, document)
    before = store._signature(os.stat(document))
    with open(document, "r+b") as opened:
        opened.write(TEXT.replace(b"1892", b"1893"))
    os.utime(document, ns=(OLD, OLD))
    after = store._signature(os.stat(document))
    assert before.split()[:2] == after.split()[:2]  # size and mtime as they were
    entry = cache.open(document)
    assert (entry is None) == (before != after)
    if entry is not None:
        entry.close()


@pytest.mark.parametrize("change", ["added", "removed", "changed", "touched"])
def test_a_sidecar_that_appeared_vanished_or_changed_makes_the_entry_stale(cache, document, tmp_path, change):
    sidecar = tmp_path / "bio.people.toml"
    if change != "added":
        sidecar.write_text("[Trotsky]\n")
        os.utime(sidecar, ns=(OLD, OLD))
    write(cache, document, [sidecar])
    if change == "added":
        sidecar.write_text("[Trotsky]\n")
    elif change == "removed":
        sidecar.unlink()
    elif change == "changed":
        sidecar.write_text("[Kamenev]\n")
    else:
        os.utime(sidecar, ns=(OLD + 10**9, OLD + 10**9))
    entry = cache.open(document, [sidecar])
    assert (entry is not None) == (change == "touched")
    if entry is not None:
        entry.close()


def test_other_sidecars_than_recorded_make_the_entry_stale(cache, document, tmp_path):
    write(cache, document, [tmp_path / "a.toml"])
    assert cache.open(document) is None
    assert cache.open(document, [tmp_path / "b.toml"]) is None
    assert cache.open(document, [tmp_path / "a.toml", tmp_path / "b.toml"]) is None
    assert_reads_back(cache.open(document, [tmp_path / "a.toml"]))


def test_a_sidecar_in_a_link_loop_counts_as_absent(cache, document, tmp_path):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    write(cache, document, [loop])
    assert meta(cache, document)["stat.1"] == "absent"
    assert_reads_back(cache.open(document, [loop]))


def test_another_version_of_smilga_or_of_the_format_makes_the_entry_stale(cache, document, monkeypatch):
    write(cache, document)
    monkeypatch.setattr(smilga_cli, "__version__", "99.0.0")
    assert cache.open(document) is None
    monkeypatch.undo()
    monkeypatch.setattr(store, "SETTLE_NS", 0)
    monkeypatch.setattr(store, "FORMAT", store.FORMAT + "1")
    assert cache.open(document) is None


def test_a_signature_taken_just_after_a_change_is_checked_by_content_until_it_settles(cache, document, monkeypatch):
    monkeypatch.setattr(store, "SETTLE_NS", 10**30)  # every file changed "just now"
    write(cache, document)
    assert meta(cache, document)["stat.0"].startswith(store._UNSETTLED)
    hashes = Hashes(monkeypatch)
    assert_reads_back(cache.open(document))
    assert hashes.files == [document]
    assert meta(cache, document)["stat.0"].startswith(store._UNSETTLED)  # not refreshed: still unsettled
    monkeypatch.setattr(store, "SETTLE_NS", 0)
    assert_reads_back(cache.open(document))
    assert meta(cache, document)["stat.0"] == store._signature(os.stat(document))


# ---- atomic and concurrent writes ---------------------------------------------------------------


def test_a_reader_keeps_the_entry_it_opened_while_it_is_rewritten(cache, document):
    write(cache, document)
    before = cache.open(document)
    assert before is not None
    assert cache.write(document, [], TEXT, {"vocabulary": b"new"}, [("word1", b"new")]) is None
    assert_reads_back(before)
    with cache.open(document) as after:
        assert after.blob("vocabulary") == b"new"
        assert after.postings("word2") is None
    assert store_files(cache) == [cache.database(document).name]  # no temporary file left


def _build(folder: str, document: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait()
    data = Path(document).read_bytes()
    assert Store(Path(folder)).write(Path(document), [], data, BLOBS, POSTINGS) is None


@pytest.mark.slow
def test_processes_building_one_entry_at_once_all_succeed_and_leave_one_valid_entry(cache, document):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(8)
    builders = [context.Process(target=_build, args=(str(cache.folder), str(document), barrier)) for _ in range(8)]
    for builder in builders:
        builder.start()
    while any(builder.is_alive() for builder in builders):  # read while they write: whole or nothing
        entry = cache.open(document)
        if entry is not None:
            assert_reads_back(entry)
    for builder in builders:
        builder.join()
    assert [builder.exitcode for builder in builders] == [0] * 8
    assert_reads_back(cache.open(document))
    assert store_files(cache) == [cache.database(document).name]


# ---- damaged, foreign and hostile files ---------------------------------------------------------


def assert_stale_then_repaired(cache: Store, document: Path) -> None:
    assert cache.open(document) is None
    info = cache.info()
    assert [entry.state for entry in info.entries] in ([], ["damaged"])
    write(cache, document)
    assert_reads_back(cache.open(document))


@pytest.mark.parametrize("keep", [0, 1, 16, 99, 100, 4095, 4096, 4097, 8192, 0.5, 0.9, -1])
def test_a_truncated_entry_is_stale_and_rewritten(cache, document, keep):
    write(cache, document)
    database = cache.database(document)
    size = database.stat().st_size
    cut = int(size * keep) if isinstance(keep, float) else keep % size
    with open(database, "r+b") as opened:
        opened.truncate(cut)
    assert_stale_then_repaired(cache, document)


def test_an_entry_grown_by_stray_bytes_is_stale(cache, document):
    write(cache, document)
    with open(cache.database(document), "ab") as opened:
        opened.write(b"\0" * 100)
    assert_stale_then_repaired(cache, document)


@given(st.binary(max_size=9000))
def test_random_bytes_are_stale(cache, document, garbage):
    cache.folder.mkdir(exist_ok=True)
    cache.database(document).write_bytes(garbage)
    assert cache.open(document) is None


@given(st.data())
def test_damaged_pages_give_stale_or_a_store_error_never_another_exception(tmp_path, document, data):
    cache = Store(tmp_path / "damaged")
    write(cache, document)
    database = cache.database(document)
    damaged = bytearray(database.read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        damaged[data.draw(st.integers(100, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    database.write_bytes(bytes(damaged))
    try:
        entry = cache.open(document)
        if entry is not None:
            with entry:
                for name in BLOBS:
                    assert isinstance(entry.blob(name), bytes)
                for word, _ in POSTINGS[::50]:
                    assert isinstance(entry.postings(word), bytes | None)
    except (StoreError, KeyError):
        pass


def test_an_empty_file_is_stale(cache, document):
    cache.folder.mkdir()
    cache.database(document).write_bytes(b"")
    assert_stale_then_repaired(cache, document)


def test_an_empty_directory_in_the_way_is_stale_and_replaced(cache, document):
    cache.database(document).mkdir(parents=True)
    assert_stale_then_repaired(cache, document)


def test_a_directory_with_files_in_the_way_is_left_alone(cache, document):
    cache.database(document).mkdir(parents=True)
    (cache.database(document) / "notes.txt").write_text("mine")
    assert cache.open(document) is None
    assert cache.write(document, [], TEXT, BLOBS, POSTINGS) is not None
    assert (cache.database(document) / "notes.txt").read_text() == "mine"
    assert store_files(cache) == [cache.database(document).name]


@pytest.mark.parametrize(
    "schema",
    [
        ["CREATE TABLE people(name TEXT)"],
        ["CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)"],
        [*store._TABLES, "CREATE TABLE extra(x)"],
        [*store._TABLES, "CREATE VIEW v AS SELECT 1"],
        [*store._TABLES, "CREATE TRIGGER t AFTER UPDATE ON meta BEGIN SELECT 1; END"],
        [*store._TABLES[:2], "CREATE TABLE postings(word TEXT PRIMARY KEY, data BLOB)"],  # with a rowid
    ],
)
def test_a_sqlite_database_of_another_shape_is_stale(cache, document, schema):
    write(cache, document)
    database = cache.database(document)
    rows = meta(cache, document)
    database.unlink()
    connection = sqlite3.connect(database)
    for sql in schema:
        connection.execute(sql)
    if schema[0] == store._TABLES[0]:
        connection.executemany("INSERT INTO meta VALUES (?, ?)", rows.items())
    connection.commit()
    connection.close()
    assert_stale_then_repaired(cache, document)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("files", "x"),
        ("files", "1e9999"),
        ("files", "9" * 5000),
        ("format", None),
        ("tool", 1),
        ("stat.0", b"blob"),
        ("path.0", "/elsewhere"),
        ("path.0", "/" + "x" * 100_000),
        ("hash.0", "0"),
    ],
)
def test_a_meta_value_that_is_not_ours_makes_the_entry_stale(cache, document, key, value):
    write(cache, document)
    os.utime(document, ns=(OLD + 10**9, OLD + 10**9))  # the hash is consulted too
    alter(cache, document, "UPDATE meta SET value = ? WHERE key = ?", value, key)
    assert cache.open(document) is None
    assert cache.info().entries[0].state != "current"
    write(cache, document)
    assert_reads_back(cache.open(document))


def test_a_blob_that_is_not_bytes_is_a_store_error(cache, document):
    write(cache, document)
    alter(cache, document, "UPDATE blobs SET data = 'text' WHERE name = 'vocabulary'")
    alter(cache, document, "UPDATE postings SET data = 7 WHERE word = 'word1'")
    with cache.open(document) as entry:
        with pytest.raises(StoreError, match="damaged"):
            entry.blob("vocabulary")
        with pytest.raises(StoreError, match="damaged"):
            entry.postings("word1")


# ---- an unwritable folder -----------------------------------------------------------------------


def test_a_folder_that_cannot_be_made_is_a_reason_not_an_error(tmp_path, document):
    (tmp_path / "file").write_text("not a folder")
    cache = Store(tmp_path / "file" / "cache")
    reason = cache.write(document, [], TEXT, BLOBS, POSTINGS)
    assert reason is not None and "cannot write the index cache" in reason
    assert cache.open(document) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes any folder")
def test_a_read_only_folder_is_a_reason_not_an_error(cache, document):
    cache.folder.mkdir(mode=0o500)
    try:
        reason = cache.write(document, [], TEXT, BLOBS, POSTINGS)
    finally:
        cache.folder.chmod(0o700)
    assert reason is not None and "cannot write the index cache" in reason


def test_a_read_only_file_system_is_a_reason_not_an_error(cache, document, monkeypatch):
    import tempfile

    def read_only(*arguments: object, **keywords: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    reason = cache.write(document, [], TEXT, BLOBS, POSTINGS)
    assert reason == f"cannot write the index cache in {cache.folder}: {os.strerror(errno.EROFS)}"


def test_a_full_disk_is_a_reason_and_leaves_no_temporary_file(cache, document, monkeypatch):
    def full(*arguments: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "_fill", full)
    reason = cache.write(document, [], TEXT, BLOBS, POSTINGS)
    assert reason is not None and "disk is full" in reason
    assert store_files(cache) == []


def test_an_interrupted_write_leaves_no_temporary_file(cache, document, monkeypatch):
    def interrupted(*arguments: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_fill", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.write(document, [], TEXT, BLOBS, POSTINGS)
    assert store_files(cache) == []


def test_the_folder_is_made_private(cache, document):
    write(cache, document)
    if os.name == "posix":
        assert cache.folder.stat().st_mode & 0o777 == 0o700 & ~current_umask()
        assert cache.database(document).stat().st_mode & 0o077 == 0


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---- leftovers, info and clear ------------------------------------------------------------------


def leftover(cache: Store, name: str, old: bool) -> Path:
    path = cache.folder / f"{store.TEMPORARY_PREFIX}{name}{store.TEMPORARY_SUFFIX}"
    path.write_bytes(b"half an index")
    if old:
        os.utime(path, ns=(OLD, OLD))
    return path


def test_leftovers_of_killed_runs_are_ignored_and_old_ones_swept_by_a_write(cache, document, tmp_path):
    cache.folder.mkdir()
    old, recent = leftover(cache, "old", old=True), leftover(cache, "recent", old=False)
    assert cache.open(document) is None
    assert cache.info().leftovers == 2
    write(cache, document)
    assert not old.exists()
    assert recent.exists()  # perhaps another run's write under way
    assert cache.info().leftovers == 1


def test_info_tells_each_entry_and_its_state(cache, document, tmp_path, monkeypatch):
    assert cache.info().entries == ()
    documents = {state: tmp_path / f"{state}.txt" for state in ("current", "changed", "missing", "outdated")}
    for path in documents.values():
        path.write_bytes(TEXT)
        write(cache, path)
    documents["changed"].write_bytes(b"other")
    documents["missing"].unlink()
    alter(cache, documents["outdated"], "UPDATE meta SET value = '0.0.1' WHERE key = 'tool'")
    cache.database(tmp_path / "damaged.txt").write_bytes(b"not a database")
    info = cache.info()
    assert info.folder == cache.folder
    assert [(entry.document, entry.state) for entry in info.entries] == [
        *sorted((str(path), state) for state, path in documents.items()),
        (None, "damaged"),
    ]
    assert info.size == sum(path.stat().st_size for path in cache.folder.iterdir())
    assert all(entry.size == entry.file.stat().st_size for entry in info.entries)
    assert all(entry.built is not None for entry in info.entries[:-1])
    assert info.leftovers == 0


def test_info_of_a_folder_not_made_yet_is_empty(tmp_path):
    info = Store(tmp_path / "none").info()
    assert (info.entries, info.size, info.leftovers) == ((), 0, 0)


def test_clear_removes_only_the_stores_files(cache, document, tmp_path):
    write(cache, document)
    other = tmp_path / "other.txt"
    other.write_bytes(TEXT)
    write(cache, other)
    leftover(cache, "killed", old=False)
    foreign = [
        "notes.txt",
        "index-xyz.sqlite",
        "index-" + "0" * 32 + ".sqlite-journal",
        "INDEX-" + "a" * 32 + ".sqlite",
    ]
    for name in foreign:
        (cache.folder / name).write_text("not the store's")
    (cache.folder / ("index-" + "b" * 32 + ".sqlite")).mkdir()  # a folder, even with the store's name
    assert cache.clear() == 2
    assert store_files(cache) == sorted([*foreign, "index-" + "b" * 32 + ".sqlite"])
    assert cache.clear() == 0
    assert Store(tmp_path / "none").clear() == 0


# ---- the folder ---------------------------------------------------------------------------------


def test_the_folder_is_the_option_else_the_environment_else_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SMILGA_CACHE", str(tmp_path / "env"))
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it would fail
    assert cache_folder(str(tmp_path / "option")) == tmp_path / "option"
    assert cache_folder(None) == tmp_path / "env"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_folder("~/c") == tmp_path / "c"
    monkeypatch.undo()
    monkeypatch.setenv("SMILGA_CACHE", " ")
    import platformdirs

    assert cache_folder(None) == Path(platformdirs.user_cache_dir("smilga"))
    with pytest.raises(StoreError, match="--cache needs a folder path"):
        cache_folder(" ")


def test_a_value_damaged_inside_a_sound_database_is_refused_not_used(cache, document):
    """SQLite checks its pages, not what they hold: each value carries its own seal."""
    import sqlite3

    write(cache, document)
    database = cache.database(document)
    connection = sqlite3.connect(database)
    name = connection.execute("SELECT name FROM blobs LIMIT 1").fetchone()[0]
    word = connection.execute("SELECT word FROM postings LIMIT 1").fetchone()[0]
    connection.execute("UPDATE blobs SET data = randomblob(44) WHERE name = ?", (name,))
    connection.execute("UPDATE postings SET data = x'' WHERE word = ?", (word,))
    connection.commit()
    connection.close()
    entry = cache.open(document)
    assert entry is not None
    with pytest.raises(store.StoreError):
        entry.blob(name)
    with pytest.raises(store.StoreError):
        entry.postings(word)
    entry.close()


def test_clear_leaves_a_database_of_another_shape_under_an_entry_s_name(cache, document):
    write(cache, document)
    foreign = cache.folder / ("index-" + "ab" * 16 + ".sqlite")
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes(text TEXT)")
    damaged = cache.folder / ("index-" + "cd" * 16 + ".sqlite")
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    assert cache.clear() == 2  # the entry and the damaged file
    assert foreign.exists() and not damaged.exists() and not cache.database(document).exists()


def test_a_value_moved_to_another_row_or_database_is_refused(cache, document, tmp_path):
    write(cache, document)
    other = tmp_path / "other.txt"
    other.write_bytes(document.read_bytes() + b"\n")
    write(cache, other)
    words = [word for word, _ in POSTINGS]
    with sqlite3.connect(cache.database(document)) as connection:  # one row's value onto another's
        connection.execute("UPDATE postings SET data = (SELECT data FROM postings WHERE word = ?) WHERE word = ?",
                           (words[0], words[1]))  # fmt: skip
    with sqlite3.connect(cache.database(other)) as connection:  # a row copied from another database
        connection.execute("ATTACH ? AS first", (str(cache.database(document)),))
        connection.execute("UPDATE postings SET data = (SELECT data FROM first.postings WHERE word = ?) WHERE word = ?",
                           (words[0], words[0]))  # fmt: skip
    for path, word in ((document, words[1]), (other, words[0])):
        entry = cache.open(path)
        assert entry is not None
        with entry, pytest.raises(store.StoreError):
            entry.postings(word)
