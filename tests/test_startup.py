"""What a run imports: each heavy library only where a command needs it.

Start-up time is measured by ``tests/bench.py``, never asserted here; these tests pin the causes
the benchmark found, so that a change that brings one back fails a test rather than a budget.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import REAL

pytestmark = pytest.mark.slow  # each test starts an interpreter

# Run one command in a fresh interpreter, output to a pipe, and report the modules it loaded.
RUN = """
import sys
sys.argv = ["smilga", *sys.argv[1:]]
from smilga_cli.cli.app import main
try:
    main()
except SystemExit:
    pass
modules = sorted(sys.modules)
import json
sys.stderr.write("\\n" + json.dumps(modules))
"""

HEAVY = {
    "rich": "renders only on a terminal",
    "rapidfuzz": "only where fuzzy matching runs",
    "anyascii": "only for words outside the Latin script",
    "re2": "only for search --regex",
    "tomllib": "only for a people index of another document (the bundled one is Python data)",
    "json": "only to write --json, or for the index cache of another document",
    "importlib.resources": "smilga reads its own files directly (a zipped package aside)",
    "sqlite3": "only for the index cache of another document (the bundled text needs none)",
    "platformdirs": "only to find the user's cache folder, for another document",
}


def loaded(*arguments: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", RUN, *arguments], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return set(json.loads(done.stderr.rstrip().rsplit("\n", 1)[-1]))


@pytest.mark.parametrize(
    ("arguments", "allowed"),
    [
        (["source", "3"], set()),
        (["sources"], set()),
        (["bio", "7"], set()),
        (["search", "Kamenev"], set()),  # a name: the people index (JSON) may widen it
        (["search", "Kolchack"], {"rapidfuzz"}),  # not in the text: typos, and maybe a name
        (["search", "opposition"], set()),  # a word of the text, not a name: nothing to widen
        (["search", "war", "--exact"], set()),
        (["search", "Троцкий"], {"rapidfuzz", "anyascii", "importlib.resources"}),  # anyascii's table
        (["search", "Kam.nev", "--regex"], {"re2"}),
        (["person", "Trotsky"], set()),
        (["people"], set()),
    ],
)
def test_a_piped_command_loads_only_the_libraries_it_needs(arguments, allowed):
    modules = loaded(*arguments)
    present = {name for name in HEAVY if name in modules}
    unexpected = {name: HEAVY[name] for name in present - allowed}
    assert not unexpected, f"smilga {' '.join(arguments)} loaded {unexpected}"
    assert allowed <= present, f"smilga {' '.join(arguments)} did not need {allowed - present}: update this test"


def test_the_cache_is_opened_for_another_document_only(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(REAL.read_bytes())
    assert "sqlite3" in loaded("--doc", str(copy), "search", "Kamenev")
    assert "sqlite3" not in loaded("--no-cache", "--doc", str(copy), "search", "Kamenev")


def test_a_run_leaves_the_other_commands_modules_alone():
    modules = loaded("source", "3")
    assert "smilga_cli.features.reading" in modules
    for core in ("index.search", "index.people", "index.discovery", "features.timeline", "features.overview"):
        assert f"smilga_cli.{core}" not in modules


def test_the_benchmark_documents_have_the_real_one_s_shape(real):
    # tests/bench.py times search and person on these; they must be the real text, repeated.
    from smilga_cli.document.loader import parse
    from smilga_cli.index.people import find_mentions, parse_index

    from . import bench
    from .conftest import REAL, assert_lossless

    text = bench.scaled(3)
    tripled = parse(text)
    assert_lossless(tripled, text)
    assert len(tripled.paragraphs) == 3 * len(real.paragraphs)
    assert [s.number for s in tripled.sources] == list(range(1, 3 * len(real.sources) + 1))
    assert [s.heading.split(")", 1)[1] for s in tripled.sources] == 3 * [
        s.heading.split(")", 1)[1] for s in real.sources
    ]
    assert [len(s.paragraphs) for s in tripled.sources] == 3 * [len(s.paragraphs) for s in real.sources]
    index = parse_index(REAL.with_name("people.toml").read_text(encoding="utf-8"))
    assert len(find_mentions(tripled, index)) == 3 * len(find_mentions(real, index)) - 2 * len(
        [f for f in find_mentions(real, index) if f.passage.section == "title"]
    )


# The console script ends a finished run without the interpreter's teardown (entry.leave): what a
# normal exit does that a user or a library can see must still happen.
EXIT = """
import atexit, json, sys, threading
sys.argv = ["smilga", *json.loads(sys.argv[1])]
atexit.register(lambda: (sys.stderr.write("exit handler ran\\n"), sys.stdout.write("(end)")))
if sys.argv[-1] == "--thread":
    sys.argv.pop()
    threading.Thread(target=lambda: (__import__("time").sleep(0.3), sys.stderr.write("thread done\\n"))).start()
from smilga_cli.entry import main
main()
sys.stderr.write("not reached\\n")
"""


def _script(*arguments: str) -> subprocess.CompletedProcess[bytes]:
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # as a user runs it
    return subprocess.run(
        [sys.executable, "-c", EXIT, json.dumps(arguments)], capture_output=True, timeout=60, env=buffered
    )


@pytest.mark.parametrize(("arguments", "status"), [(["sources"], 0), (["search", "zzzzqq"], 1), (["source", "99"], 2)])
def test_a_finished_run_keeps_its_status_runs_the_exit_handlers_and_writes_everything(arguments, status):
    from typer.testing import CliRunner

    from smilga_cli.cli.app import app

    done = _script(*arguments)
    assert done.returncode == status, done.stderr
    assert done.stderr.decode().endswith("exit handler ran\n")
    assert "not reached" not in done.stderr.decode()
    assert done.stdout.decode() == CliRunner().invoke(app, arguments).stdout + "(end)"  # flushed after the handlers


def test_a_long_output_reaches_the_pipe_whole():
    arguments = ["search", "the", "--all", "--json"]
    done = _script(*arguments)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.removesuffix(b"(end)"))
    assert len(done.stdout) > 65_536  # more than a pipe holds: written while the test reads
    assert len(result["hits"]) == result["total"] > 50


def test_a_run_with_another_thread_still_running_ends_the_normal_way():
    done = _script("sources", "--thread")
    assert done.returncode == 0
    assert done.stderr.decode().endswith("thread done\nexit handler ran\n")  # the thread was waited for


def test_the_modules_every_run_loads_keep_annotations_as_objects():
    # typer reads a command's parameters from its annotations, and a named tuple checks each field's:
    # annotations kept as strings (from __future__ import annotations) are compiled one by one, every run
    import importlib

    for name in ("cli.app", "cli.commands", "cli.maintenance", "document.model", "index.query", "index.people",
                 "output.blocks"):  # fmt: skip
        module = importlib.import_module(f"smilga_cli.{name}")
        assert "annotations" not in vars(module), f"smilga_cli.{name} imports annotations from __future__"
        for value in vars(module).values():
            if callable(value) and getattr(value, "__module__", None) == module.__name__:
                strings = [a for a in getattr(value, "__annotations__", {}).values() if isinstance(a, str)]
                assert all("Node" in a for a in strings), f"{name}.{value.__name__}: {strings}"  # a forward reference
