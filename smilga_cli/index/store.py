"""The index cache on disk: per document file, one SQLite database of its built index, so that a later
run opens it instead of reading and indexing the document again.

One database a document, named after a hash of the document's resolved path, in the cache folder
(``--cache``, ``$SMILGA_CACHE``, else the user's cache folder). Three tables:

- ``meta(key, value)``: the format and tool versions, when it was built, and for the document and
  each sidecar file (its people index) the path, a stat signature and a BLAKE2b hash of the bytes;
- ``blobs(name, data)``: whatever the index keeps whole;
- ``postings(word, data)``: one row a word, read one at a time.

The store holds bytes only, never pickles: a cache folder cannot run code. A database is written
to a temporary file and renamed onto its name, and never changed after that (a refresh writes a
copy), so a reader never sees half an index. Anything that does not check out (another version, a
changed file, a truncated, foreign or damaged database) is stale: ``open`` returns None and the
next ``write`` replaces it.

Opening a valid entry costs a stat of each file, a read of the database's header and two small
queries, no hashing: 0.9 ms for a process's first open, 0.3 ms for the next ones; importing sqlite3
costs 1.2 ms and this module 0.8 ms more, beyond what a search run imports anyway (time.perf_counter
around the imports and ``Store.open`` of the bundled text's entry, best of 15 runs with bytecode
cached; ``python -X importtime -c 'import smilga_cli.index.store'`` shows the same split). A file's
bytes are hashed only when its stat has changed.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

import smilga_cli
from smilga_cli.errors import SmilgaError

if TYPE_CHECKING:
    from hashlib import blake2b as Blake2b

CACHE_ENV = "SMILGA_CACHE"  # the environment's say in --cache
INDEX = "index"  # the kind of an entry: the search index; other kinds (the people found) have their own
FORMAT = "4"  # raised when the tables or their values change (3: values sealed to their row; 4: postings count)
# Every blob and postings value ends with 8 bytes of BLAKE2b keyed by the database's own random salt
# over the row's name and the value: damage inside a value, or a value moved to another row or
# copied from another database, shows.
_SEAL = 8
_SALT = 16

# The store's own file names: an entry, and a write under way (or left by a killed run). Nothing
# else in the folder is ever opened or removed.
ENTRY_PREFIX, ENTRY_SUFFIX = "index-", ".sqlite"
TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".index-", ".partial"
_NAME_DIGITS = 32  # hex digits of the path's hash in an entry's name
LEFTOVER_SECONDS = 3600  # a temporary file this old is a killed run's: a write removes it

# A file changed twice within its file system's timestamp granularity keeps its stat signature. A
# signature taken less than this after the file's last change is recorded as unsettled, so the next
# open compares the bytes once (as git does with "racily clean" entries). Tests set it to 0.
SETTLE_NS = 3 * 10**9

_MAX_VALUE = 65536  # characters of a meta value read at most: longer ones are not ours
_MAX_FILES = 256  # the document and its sidecars, at most
_ABSENT = "absent"  # the recorded signature of a sidecar that is not there
_UNSETTLED = "~"  # prefix of a signature that the next open checks by content
_CHUNK = 1 << 20
_CLEAR = "'smilga cache clear' removes it"
# What reading a damaged database raises: SQLite's errors, and text that is not UTF-8 (a ValueError).
_DAMAGED = (sqlite3.Error, ValueError)

_TABLES = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE blobs(name TEXT PRIMARY KEY, data BLOB)",
    "CREATE TABLE postings(word TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID",
)
# sqlite_master of a database of this store, exactly: anything else is another shape (or hostile).
_SCHEMA = {
    ("table", "meta", _TABLES[0]),
    ("index", "sqlite_autoindex_meta_1", None),
    ("table", "blobs", _TABLES[1]),
    ("index", "sqlite_autoindex_blobs_1", None),
    ("table", "postings", _TABLES[2]),
}

State = Literal["current", "changed", "missing", "outdated", "damaged"]


class StoreError(SmilgaError):
    """The cache folder or one of its databases cannot be used for what was asked."""


def cache_folder(option: str | None) -> Path:
    """The cache folder: ``--cache DIR``, else ``$SMILGA_CACHE``, else the user's cache folder."""
    if option is not None:
        if not option.strip():
            raise StoreError("--cache needs a folder path")
        return Path(option).expanduser()
    written = os.environ.get(CACHE_ENV, "").strip()
    if written:
        return Path(written).expanduser()
    import platformdirs  # about 10 ms: only when nothing names the folder

    return Path(platformdirs.user_cache_dir("smilga"))


def _blake2b(digest_size: int = 64, key: bytes = b"") -> Blake2b:
    """A BLAKE2b hasher. hashlib's blake2b is ``_blake2``'s; importing hashlib itself loads OpenSSL
    (about 3 ms, ``python -X importtime -c 'import hashlib'``), which the store never uses."""
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter without it: the public door
        from hashlib import blake2b
    return blake2b(digest_size=digest_size, key=key)


def _resolved(path: Path) -> Path:
    """A path made absolute with its links followed; as written (made absolute) if that fails (a link loop)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))


def _files(document: Path, sidecars: Sequence[Path]) -> list[Path]:
    return [_resolved(document), *(_resolved(sidecar) for sidecar in sidecars)]


def _text(path: Path) -> str:
    """A path as meta stores it: text, with undecodable bytes shown escaped."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _signature(status: os.stat_result) -> str:
    """What stat says of a file: size, modification and change times, inode and device.

    The change time (which no program sets back) catches a rewrite that restored the size and the
    modification time, as ``cp -p`` does; it also changes on chmod, which costs one hash.
    """
    return f"{status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino} {status.st_dev}"


def _recorded(status: os.stat_result, now: int) -> str:
    """The signature to record for a file stat'ed at ``now``: unsettled if it changed very recently."""
    settled = now - max(status.st_mtime_ns, status.st_ctime_ns) >= SETTLE_NS
    return _signature(status) if settled else _UNSETTLED + _signature(status)


def _regular(path: Path) -> os.stat_result | None:
    """The stat of a regular file, or None for anything else (missing, a folder, a FIFO, unreadable)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _digest(data: bytes) -> str:
    hasher = _blake2b()
    hasher.update(data)
    return hasher.hexdigest()


def _digest_file(path: Path) -> tuple[str, os.stat_result] | None:
    """The hash of a regular file's bytes and its stat, or None if it is not a readable regular file."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):  # a folder, a FIFO: no people index (opening it as a file fails)
        os.close(descriptor)
        return None
    with os.fdopen(descriptor, "rb") as opened:
        hasher = _blake2b()
        try:
            while chunk := opened.read(_CHUNK):
                hasher.update(chunk)
        except OSError:
            return None
    return hasher.hexdigest(), status


def _whole(database: Path) -> bool:
    """Whether a file is a complete SQLite database: its header says so and its size is what the
    header says. SQLite reads a page cut short as zeros, so a truncated file would otherwise give
    wrong bytes rather than an error."""
    try:
        descriptor = os.open(database, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return False
    try:
        status = os.fstat(descriptor)
        header = os.read(descriptor, 100) if stat.S_ISREG(status.st_mode) else b""
    except OSError:
        return False
    finally:
        os.close(descriptor)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    return header[24:28] == header[92:96] and pages > 0 and pages * page_size == status.st_size


def _connect(database: Path) -> sqlite3.Connection | None:
    """A read-only connection to a whole database of this store's shape, or None."""
    if not _whole(database):
        return None
    try:
        connection = sqlite3.connect(database.as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        schema = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchmany(len(_SCHEMA) + 1)
        if set(schema) == _SCHEMA:
            return connection
    except _DAMAGED:
        pass
    connection.close()
    return None


def _meta(connection: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    """The meta values of these keys that are text of a sensible length (the others are missing)."""
    marks = ", ".join("?" * len(keys))
    rows = connection.execute(
        f"SELECT key, value FROM meta WHERE key IN ({marks}) AND typeof(value) = 'text' AND length(value) <= ?",
        (*keys, _MAX_VALUE),
    ).fetchall()
    return {key: value for key, value in rows}


def _keys(files: int) -> list[str]:
    fixed = ["format", "tool", "built", "files"]
    return fixed + [f"{kind}.{number}" for number in range(files) for kind in ("path", "stat", "hash")]


class _Verdict(NamedTuple):
    state: State
    refresh: dict[str, str]  # meta values to update: signatures that changed with the same content


def _verify(meta: Mapping[str, str], files: Sequence[Path], data: bytes | None) -> _Verdict:
    """Whether the recorded files are these files, as they are now; ``data`` is the document's bytes if known."""
    if meta.get("format") != FORMAT or meta.get("tool") != smilga_cli.__version__:
        return _Verdict("outdated", {})
    if meta.get("files") != str(len(files)):
        return _Verdict("changed", {})
    refresh: dict[str, str] = {}
    now = time.time_ns()
    for number, path in enumerate(files):
        recorded = meta.get(f"stat.{number}")
        if meta.get(f"path.{number}") != _text(path) or recorded is None:
            return _Verdict("changed", {})
        status = _regular(path)
        if status is None:
            if number == 0:
                return _Verdict("missing", {})
            if recorded != _ABSENT:
                return _Verdict("changed", {})  # a sidecar that vanished
            continue
        if recorded == _ABSENT:
            return _Verdict("changed", {})  # a sidecar that appeared
        if recorded == _signature(status):
            continue
        if number == 0 and data is not None:
            digest = _digest(data)
        else:
            hashed = _digest_file(path)
            if hashed is None:
                return _Verdict("changed", {})
            digest, status = hashed
        if digest != meta.get(f"hash.{number}"):
            return _Verdict("changed", {})
        signature = _recorded(status, now)
        if signature != recorded and not signature.startswith(_UNSETTLED):
            refresh[f"stat.{number}"] = signature
    return _Verdict("current", refresh)


class Entry:
    """An open cache entry: its blobs and postings, read on demand. Close it, or use it in ``with``."""

    def __init__(self, connection: sqlite3.Connection, path: Path, salt: bytes) -> None:
        self._connection = connection
        self.path = path
        self._salt = salt

    def blob(self, name: str) -> bytes:
        """The blob of this name; KeyError if the entry has none."""
        data = self._read("SELECT data FROM blobs WHERE name = ?", name)
        if data is None:
            raise KeyError(name)
        return data

    def postings(self, word: str) -> bytes | None:
        """The postings of a word, or None if the entry has none for it."""
        return self._read("SELECT data FROM postings WHERE word = ?", word)

    def close(self) -> None:
        """Close the database."""
        self._connection.close()

    def __enter__(self) -> Entry:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def _read(self, query: str, key: str) -> bytes | None:
        try:
            row = self._connection.execute(query, (key,)).fetchone()
        except _DAMAGED as error:
            raise StoreError(f"{self.path}: the index cache is damaged ({error}); {_CLEAR}") from None
        if row is None:
            return None
        data = row[0]
        if not isinstance(data, bytes):
            raise StoreError(f"{self.path}: the index cache is damaged (not bytes); {_CLEAR}")
        value = _unsealed(data, self._salt, key)
        if value is None:
            raise StoreError(f"{self.path}: the index cache is damaged (a value does not match its seal); {_CLEAR}")
        return value


class CachedDocument(NamedTuple):
    """One entry of the cache folder, as ``smilga cache info`` shows it."""

    file: Path  # the database
    size: int  # its bytes
    document: str | None  # the document's path, None when the database is not readable
    built: int | None  # when it was built, in seconds since the epoch
    state: State  # current; changed (the document or a sidecar); missing (the document);
    # outdated (another version of smilga); damaged (not a database of this store)
    kind: str = INDEX  # what it holds: the search index, or the people found in the document


class CacheSummary(NamedTuple):
    """What the cache folder holds: its entries, their total size, and writes left by killed runs."""

    folder: Path
    entries: tuple[CachedDocument, ...]
    size: int
    leftovers: int


def _is_entry(name: str) -> bool:
    digits = name[len(ENTRY_PREFIX) : -len(ENTRY_SUFFIX)]
    return (
        name.startswith(ENTRY_PREFIX)
        and name.endswith(ENTRY_SUFFIX)
        and len(digits) == _NAME_DIGITS
        and all(digit in "0123456789abcdef" for digit in digits)
    )


def _is_temporary(name: str) -> bool:
    return name.startswith(TEMPORARY_PREFIX) and name.endswith(TEMPORARY_SUFFIX)


def _remove(path: str | Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


class Store:
    """The cache folder: an entry a document, opened when it checks out, written whole."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(os.path.abspath(folder))

    def database(self, document: Path, kind: str = INDEX) -> Path:
        """The database file of a document (whether or not it exists)."""
        return self._database(_resolved(document), kind)

    def _database(self, resolved: Path, kind: str = INDEX) -> Path:
        hasher = _blake2b(digest_size=_NAME_DIGITS // 2)
        hasher.update(os.fsencode(resolved))
        if kind != INDEX:  # another kind of data of the same document: a database of its own
            hasher.update(b"\0" + kind.encode("utf-8"))
        return self.folder / f"{ENTRY_PREFIX}{hasher.hexdigest()}{ENTRY_SUFFIX}"

    def open(
        self, document: Path, sidecars: Sequence[Path] = (), data: bytes | None = None, kind: str = INDEX
    ) -> Entry | None:
        """The valid entry of this document and its sidecars, or None when there is none or it is stale.

        ``data`` is the document's bytes, if the caller has read them: a changed stat is then
        checked against them rather than by reading the file again.
        """
        files = _files(document, sidecars)
        database = self._database(files[0], kind)
        connection = _connect(database)
        if connection is None:
            return None
        try:
            verdict = _verify(_meta(connection, _keys(len(files))), files, data)
        except _DAMAGED:
            verdict = _Verdict("damaged", {})
        if verdict.state != "current":
            connection.close()
            return None
        try:
            salt = bytes.fromhex(_meta(connection, ["salt"]).get("salt", ""))
        except (*_DAMAGED, ValueError):
            salt = b""
        if len(salt) != _SALT:
            connection.close()
            return None
        if verdict.refresh:
            self._refresh(connection, database, verdict.refresh)
        return Entry(connection, database, salt)

    def _refresh(self, connection: sqlite3.Connection, database: Path, values: Mapping[str, str]) -> None:
        """Record new stat signatures, best effort: in a copy of the database renamed onto it, as a
        database is never changed in place (a reader has it open; a rollback journal left by a
        killed run could be played onto a newer database of the same name)."""
        import tempfile

        try:
            descriptor, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=self.folder)
        except OSError:
            return
        os.close(descriptor)
        try:
            copy = sqlite3.connect(temporary, isolation_level=None)
            try:
                connection.backup(copy)
                copy.execute("PRAGMA journal_mode = OFF")
                copy.execute("BEGIN")
                copy.executemany("UPDATE meta SET value = ? WHERE key = ?", [(v, k) for k, v in values.items()])
                copy.execute("COMMIT")
            finally:
                copy.close()
            os.replace(temporary, database)
        except (OSError, sqlite3.Error):
            _remove(temporary)
        except BaseException:
            _remove(temporary)
            raise

    def sidecar_state(self, sidecars: Sequence[Path]) -> list[tuple[str, os.stat_result] | None]:
        """Each sidecar's hash and stat (None if it is not a readable regular file), taken before it
        is read: what ``write`` records for it."""
        return [_digest_file(_resolved(sidecar)) for sidecar in sidecars]

    def write(
        self,
        document: Path,
        sidecars: Sequence[Path],
        data: bytes,
        blobs: Mapping[str, bytes],
        postings: Iterable[tuple[str, bytes]],
        kind: str = INDEX,
        sidecar_state: Sequence[tuple[str, os.stat_result] | None] | None = None,
    ) -> str | None:
        """Write the entry of a document whose bytes are ``data``; None when written, else why not.

        ``sidecar_state`` is what ``sidecar_state`` said of the sidecars before they were read: a
        sidecar changed since then is recorded as it was, so the next open finds it changed (by
        default, the sidecars are hashed now).

        A folder that cannot be written (read-only, full) is no error: the run goes on without a
        cache, and the caller may warn with the reason. Concurrent writers each write their own
        temporary file; the last rename wins, and every reader sees one whole entry. The document's
        stat is taken now and paired with the hash of ``data``: a document changed since the caller
        read it changed less than ``SETTLE_NS`` ago, so the next open compares its bytes.
        """
        import tempfile

        files = _files(document, sidecars)
        now = time.time_ns()
        status = _regular(files[0])
        if status is None:
            return f"{files[0]}: not a regular file, nothing cached"
        meta = {
            "format": FORMAT,
            "kind": kind,
            "salt": os.urandom(_SALT).hex(),
            "tool": smilga_cli.__version__,
            "built": str(now // 10**9),
            "files": str(len(files)),
            "path.0": _text(files[0]),
            "stat.0": _recorded(status, now),
            "hash.0": _digest(data),
        }
        state = self.sidecar_state(sidecars) if sidecar_state is None else sidecar_state
        if len(state) != len(files) - 1:
            raise ValueError("one state for each sidecar")
        for number, (sidecar, hashed) in enumerate(zip(files[1:], state, strict=True), start=1):
            meta[f"path.{number}"] = _text(sidecar)
            meta[f"stat.{number}"] = _ABSENT if hashed is None else _recorded(hashed[1], now)
            meta[f"hash.{number}"] = "" if hashed is None else hashed[0]
        database = self._database(files[0], kind)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=self.folder)
        except OSError as error:
            return f"cannot write the index cache in {self.folder}: {error.strerror or error}"
        os.close(descriptor)
        try:
            _fill(temporary, meta, blobs, postings)
            _sync(temporary)
            _replace(temporary, database)
        except (OSError, sqlite3.OperationalError) as error:  # a full disk, an I/O error
            _remove(temporary)
            reason = error.strerror if isinstance(error, OSError) else str(error)
            return f"cannot write the index cache {database}: {reason or error}"
        except BaseException:
            _remove(temporary)
            raise
        self._sweep(now)
        return None

    def _sweep(self, now: int) -> None:
        """Remove temporary files left by killed runs: those untouched for an hour."""
        try:
            with os.scandir(self.folder) as found:
                for item in found:
                    if _is_temporary(item.name) and item.is_file(follow_symlinks=False):
                        if now - item.stat(follow_symlinks=False).st_mtime_ns > LEFTOVER_SECONDS * 10**9:
                            _remove(item.path)
        except OSError:
            pass

    def _files(self) -> list[os.DirEntry[str]]:
        """The store's own files in the folder: entries and temporary files, nothing else."""
        try:
            with os.scandir(self.folder) as found:
                return [item for item in found if _is_entry(item.name) or _is_temporary(item.name)]
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as error:
            raise StoreError(f"cannot read the index cache folder {self.folder}: {error.strerror or error}") from None

    def info(self) -> CacheSummary:
        """What the folder holds: each entry's document, size, build time and whether it is current."""
        entries: list[CachedDocument] = []
        leftovers = size = 0
        for item in self._files():
            try:
                if not item.is_file(follow_symlinks=False):
                    continue
                bytes_ = item.stat(follow_symlinks=False).st_size
            except OSError:
                continue
            size += bytes_
            if _is_temporary(item.name):
                leftovers += 1
            else:
                entries.append(_describe(Path(item.path), bytes_))
        entries.sort(key=lambda entry: (entry.document is None, entry.document or "", entry.file.name))
        return CacheSummary(self.folder, tuple(entries), size, leftovers)

    def clear(self) -> int:
        """Remove every entry and leftover temporary file; the number of entries removed. A file
        named like an entry that is a whole SQLite database of another shape is not the store's
        (someone's own data): it is left."""
        removed = 0
        for item in self._files():
            try:
                if item.is_file(follow_symlinks=False):
                    if _is_entry(item.name) and not _ours(Path(item.path)):
                        continue
                    os.remove(item.path)
                    removed += _is_entry(item.name)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise StoreError(f"cannot remove {item.path}: {error.strerror or error}") from None
        return removed


def _ours(database: Path) -> bool:
    """Whether an entry-named file is the store's: a database of its shape, or one damaged past
    reading as a database (what else would be there under its name)."""
    if not _whole(database):
        return True
    connection = _connect(database)
    if connection is None:
        return False
    connection.close()
    return True


def _describe(file: Path, size: int) -> CachedDocument:
    """An entry as ``info`` shows it, checked against its recorded files (hashing those whose stat changed)."""
    connection = _connect(file)
    if connection is None:
        return CachedDocument(file, size, None, None, "damaged")
    try:
        head = _meta(connection, ["files", "path.0", "kind"])
        count = _number(head.get("files", ""), _MAX_FILES)
        if not count or "path.0" not in head:
            return CachedDocument(file, size, None, None, "damaged")
        meta = _meta(connection, _keys(count))
    except _DAMAGED:
        return CachedDocument(file, size, None, None, "damaged")
    finally:
        connection.close()
    files = [Path(meta.get(f"path.{number}", "")) for number in range(count)]
    when = _number(meta.get("built", ""), 10**12)
    state = _verify(meta, files, None).state if all(file.is_absolute() for file in files) else "damaged"
    return CachedDocument(file, size, head["path.0"], when, state, head.get("kind", INDEX))


def _number(text: str, most: int) -> int | None:
    """A meta value read as a number from 0 to ``most``, or None if it is anything else."""
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(most)):
        return None
    number = int(text)
    return number if number <= most else None


def _seal(salt: bytes, name: str, data: bytes | memoryview) -> bytes:
    hasher = _blake2b(digest_size=_SEAL, key=salt)
    hasher.update(name.encode("utf-8", "surrogatepass") + b"\0")
    hasher.update(data)
    return hasher.digest()


def _sealed(data: bytes, salt: bytes, name: str) -> bytes:
    """A value with its seal after it: BLAKE2b keyed by the database's salt over the row's name and the value."""
    return data + _seal(salt, name, data)


def _unsealed(data: bytes, salt: bytes, name: str) -> bytes | None:
    """A value without its seal, or None when the seal does not match (damaged, or another row's)."""
    if len(data) < _SEAL:
        return None
    return data[:-_SEAL] if _seal(salt, name, memoryview(data)[:-_SEAL]) == data[-_SEAL:] else None


def _fill(
    temporary: str, meta: Mapping[str, str], blobs: Mapping[str, bytes], postings: Iterable[tuple[str, bytes]]
) -> None:
    """Write a whole database into an empty file: no journal, no syncs, as the file is renamed in
    only once it is complete and synced."""
    connection = sqlite3.connect(temporary, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        for table in _TABLES:
            connection.execute(table)
        salt = bytes.fromhex(meta["salt"])
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.executemany("INSERT INTO blobs VALUES (?, ?)", ((k, _sealed(v, salt, k)) for k, v in blobs.items()))
        connection.executemany("INSERT INTO postings VALUES (?, ?)", ((k, _sealed(v, salt, k)) for k, v in postings))
        connection.execute("COMMIT")
    finally:
        connection.close()


def _sync(path: str) -> None:
    """Flush a file to the disk, so that a crash after the rename cannot leave a database cut short."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only what it may write
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _replace(temporary: str, database: Path) -> None:
    """Rename a finished database onto its name; an empty folder in its way is removed first."""
    try:
        os.replace(temporary, database)
    except IsADirectoryError:
        os.rmdir(database)  # only if empty: anything in it is not the store's
        os.replace(temporary, database)
