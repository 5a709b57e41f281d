"""The output and failure contract, for every command: terminals, pipes, hostile text, signals, fuzzing."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from smilga_cli.cli.app import app

from .conftest import build, command_names

runner = CliRunner()
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own styling; anything else with ESC came from the text
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")

# Text a document might hold that a terminal or Rich would act on if passed through raw.
CONTROLS = ["\x1b[2J", "\x1b]0;pwned\x07", "\x07", "\x9b31m", "\u202eevil", "\x08"]
MARKUP = ["[sic]", "[bold]", "[/]", "a[/bold]", ":smile:", "[link=http://x]y[/link]"]
HOSTILE_PARAGRAPH = (
    "The archive says "
    + " and ".join(CONTROLS + MARKUP)
    + " in Petrograd, 1917, word " * 4
    + 'Jane Roe said: "the [bold]archive[/] \x1b[2J is ours, [sic] :smile:".'
)


@pytest.fixture
def hostile(write_doc):
    built = build(
        title="Hostile [bold]doc[/] :smile:",
        bio=[["A long opening paragraph about the archive " * 4], [HOSTILE_PARAGRAPH]],
        captions={1: ["Photograph [sic] :smile:", "left to right: A. One \x1b[2J, B. Two [/]"]},
        sources=[("(1) Jane Roe, Letters [sic] (1920)", [[HOSTILE_PARAGRAPH]])],
    )
    return str(write_doc(built.text))


ESC_SHOWN = "\\x1b"  # how an ESC of the document is shown: escaped, visibly
# Each command on the hostile document, with the text it must show verbatim (markup-like tokens,
# escapes made visible): the proof that nothing was eaten as markup or passed through raw.
COMMANDS = {
    "bio": (["bio"], ["[sic]", ESC_SHOWN, *MARKUP]),
    "bio 2": (["bio", "2"], ["[sic]", ESC_SHOWN, *MARKUP]),
    "caption": (["bio", "caption"], ["Photograph [sic] :smile:", "B. Two [/]", ESC_SHOWN]),
    "source": (["source", "1"], ["Letters [sic]", ESC_SHOWN, *MARKUP]),
    "sources": (["sources"], ["Letters [sic]"]),
    "search": (["search", "archive", "--all", "-C", "60"], ["[sic]", ESC_SHOWN, "[/]"]),
    "timeline": (["timeline"], [ESC_SHOWN]),
    "quotes": (["quotes"], ["the [bold]archive[/]", ESC_SHOWN, "[sic] :smile:"]),
    "info": (["info"], ["Hostile [bold]doc[/] :smile:"]),
    "people": (["people"], ["Jane Roe"]),
    "person": (["person", "Jane Roe"], ["[bold]archive[/]", ESC_SHOWN]),
    "cite": (["source", "1", "--cite"], ["Letters [sic]", "Hostile [bold]doc[/] :smile:"]),
    "index": (["index"], ["other.txt"]),
    "cache": (["cache", "info"], ["other.txt"]),
}


def test_the_hostile_document_goes_through_every_command():
    assert {command[0] for command, _ in COMMANDS.values()} == set(command_names())


MODES = {
    "plain": ([], {}),
    "terminal": ([], {"FORCE_COLOR": "1", "COLUMNS": "300"}),
    "markdown": (["--format", "markdown"], {}),
    "json": (["--json"], {}),
}


def _no_raw_controls(out: str) -> None:
    rest = SGR.sub("", out)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\x08"):
        assert raw not in rest, f"raw {raw!r} reached the output"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", COMMANDS)
def test_hostile_text_never_reaches_the_terminal_raw_and_is_never_markup(hostile, name, mode):
    command, shown = COMMANDS[name]
    extra, env = MODES[mode]
    result = runner.invoke(app, ["--doc", hostile, *command, *extra], env=env)
    assert result.exit_code == 0, result.output
    _no_raw_controls(result.stdout)
    if mode == "json":
        out = json.dumps(json.loads(result.stdout), ensure_ascii=False)
        shown = [token for token in shown if token != ESC_SHOWN]  # JSON carries the character itself, escaped
    else:
        out = SGR.sub("", result.stdout)
        if mode == "terminal":  # Rich wraps long lines at a space, which it keeps before the break
            out = out.replace("\n", "")
        if mode == "markdown":  # markdown escapes its specials with backslashes, so they render verbatim
            out = re.sub(r"\\(.)", r"\1", out)
    for token in shown:
        assert token in out, f"{token!r} was eaten or mangled"
    assert "😄" not in out


def test_json_round_trips_the_documents_text_exactly(hostile):
    result = runner.invoke(app, ["--doc", hostile, "source", "1", "--json"])
    assert json.loads(result.stdout)["paragraphs"][0]["text"] == HOSTILE_PARAGRAPH


def test_user_text_in_errors_is_one_escaped_line():
    result = runner.invoke(app, ["source", "x\x1b[2J\n[bold]y[/]"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "[bold]y[/]" in result.stderr


def test_piped_output_is_plain_and_unwrapped():
    result = runner.invoke(app, ["bio", "4"], env={"COLUMNS": "40"})
    assert "\x1b" not in result.stdout
    longest = max(result.stdout.splitlines(), key=len)
    assert len(longest) > 1000  # the paragraph is one line, not wrapped to 40 columns


def test_terminal_output_is_rich_and_honours_columns():
    result = runner.invoke(app, ["bio", "4"], env={"FORCE_COLOR": "1", "COLUMNS": "60"})
    assert "\x1b[" in result.stdout
    assert max(len(line) for line in SGR.sub("", result.stdout).splitlines()) <= 60


def test_no_color_and_dumb_terminals():
    no_color = runner.invoke(app, ["search", "Kolchak"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not COLOUR.search(no_color.stdout)
    dumb = runner.invoke(app, ["search", "Kolchak"], env={"FORCE_COLOR": "1", "TERM": "dumb"})
    assert "\x1b" not in dumb.stdout


def test_pager_is_never_used_when_piped():
    paged = runner.invoke(app, ["bio", "3", "--pager"], env={"PAGER": "false", "MANPAGER": "false"})
    assert paged.exit_code == 0
    assert paged.stdout == runner.invoke(app, ["bio", "3"]).stdout


# ---- streams and signals, with the real executable ----------------------------------------------

SMILGA = [sys.executable, "-m", "smilga_cli"]


def test_closed_pipe_ends_quietly():
    for args in (["bio"], ["search", "the", "--all"], ["search", "the", "--all", "--json"]):
        child = subprocess.Popen([*SMILGA, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        child.stdout.read(10)
        child.stdout.close()
        assert child.wait(timeout=60) == 0
        assert child.stderr.read() == b""


@pytest.mark.parametrize("args", [["--help"], ["search", "--help"], ["bio"], ["people"], ["source", "4", "--json"]])
def test_a_reader_gone_before_the_first_write_ends_quietly_too(args):
    read, write = os.pipe()
    os.close(read)  # every write to the pipe fails: help text included
    child = subprocess.Popen([*SMILGA, *args], stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    assert child.wait(timeout=60) == 0
    assert child.stderr.read() == b""


def test_ascii_stdout_still_prints_and_json_stays_utf8():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    env.pop("FORCE_COLOR", None)
    text = subprocess.run([*SMILGA, "source", "4", "3"], capture_output=True, env=env)
    assert text.returncode == 0, text.stderr
    assert b"source 4 ? line 57" in text.stdout
    data = subprocess.run([*SMILGA, "source", "4", "3", "--json"], capture_output=True, env=env)
    assert json.loads(data.stdout.decode("utf-8"))["paragraphs"][0]["ref"] == "source 4 ¶3"


def test_ctrl_c_exits_130_without_a_traceback():
    slow = (
        "import time, smilga_cli.index.search as s\n"
        "def slow(*a, **k):\n    print('ready', flush=True); time.sleep(30)\n"
        "s.Index.build = slow\n"
        "from smilga_cli.cli.app import main\nmain()\n"
    )
    child = subprocess.Popen([sys.executable, "-c", slow, "search", "x"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stdout.readline() == "ready\n"
    time.sleep(0.1)
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=20) == 130
    assert "Traceback" not in child.stderr.read()


# ---- fuzzing every command ----------------------------------------------------------------------

TRICKY = ["[/]", "a[/bold]", "-1", "0", "\x1b[2J", "(a+", "10" * 20, "x" * 3000, "caption", "4 ¶3", "—", ":smile:"]
_argument = st.text(max_size=40) | st.sampled_from(TRICKY)
_VARIANTS = [["search", "--regex"], ["search", "-c"], ["people", "--sort"], ["timeline", "--person"],
             ["source", "--cite"]]  # fmt: skip
_command = st.sampled_from([[name] for name in command_names()] + _VARIANTS)


@given(_command, st.lists(_argument, max_size=3), st.sampled_from([[], ["--json"], ["--format", "markdown"]]))
def test_any_arguments_end_with_a_contract_exit_code(command, arguments, fmt):
    result = runner.invoke(app, [*command, *fmt, "--", *arguments])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    _no_raw_controls(result.output)
    if result.exit_code == 2:
        assert result.stderr.startswith("smilga: ") and result.stderr.count("\n") == 1


@given(st.lists(st.text(alphabet="aé\n ", max_size=4), max_size=6))
def test_plain_text_written_a_line_at_a_time_is_the_text_written_whole(lines):
    import io

    from smilga_cli.output import emit

    written = {}
    for name, write in (
        ("whole", lambda: emit.write_text("\n".join(lines))),
        ("lines", lambda: emit.write_lines(iter(lines))),
    ):
        stream = io.StringIO()
        saved, sys.stdout = sys.stdout, stream
        try:
            write()
        finally:
            sys.stdout = saved
        written[name] = stream.getvalue()
    assert written["lines"] == written["whole"]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=12,
)


@given(_JSON_VALUES, st.integers(min_value=0, max_value=3))
def test_json_written_as_it_is_encoded_is_the_json_encoded_whole(data, repeat):
    # write_json encodes some 64 KB at a time: the bytes must be escape_controls(json.dumps(...))
    import io

    from smilga_cli.document.text import escape_controls
    from smilga_cli.output import emit

    data = [data, "x" * 70_000, data] * repeat or data  # past the 64 KB a write holds, and not

    class Stdout(io.TextIOWrapper):
        pass

    raw = io.BytesIO()
    stream = Stdout(raw, encoding="utf-8")
    saved, sys.stdout = sys.stdout, stream
    try:
        emit.write_json(data)
    finally:
        sys.stdout = saved
    expected = escape_controls(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
    assert raw.getvalue() == expected.encode("utf-8")
