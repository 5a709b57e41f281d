"""In a real terminal: each command run under a pseudo-terminal of 60 and 120 columns, its output
compared with golden files (``--regold`` rewrites them) and no line wider than the terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

from .conftest import REAL, ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")]
GOLDEN = ROOT / "tests" / "golden"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
CASES = {
    "source-3": ["source", "3"],
    "sources": ["sources"],
    "search": ["search", "Kolchack", "--limit", "3"],
    "person": ["person", "Sergei Kamenev"],
    "people": ["people", "--in", "bio 8"],
    "timeline": ["timeline", "--person", "Kolchak"],
    "info": ["info"],
}


def in_terminal(arguments: list[str], columns: int, rows: int = 50) -> str:
    """What a command writes to a terminal of ``columns``: its screen output, line ends as "\\n"."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    child = subprocess.Popen([sys.executable, "-m", "smilga_cli", *arguments], stdin=slave, stdout=slave,
                             stderr=slave, env=env, close_fds=True)  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert child.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("case", CASES)
def test_terminal_output_fits_and_matches_its_golden_file(case, columns, request):
    shown = in_terminal(CASES[case], columns)
    assert "\x1b[" in shown  # Rich, with styles
    for line in ESCAPES.sub("", shown).split("\n"):
        assert len(line) <= columns, f"{case} at {columns}: {line!r}"
    golden = GOLDEN / f"terminal-{case}-{columns}.txt"
    if request.config.getoption("--regold"):
        golden.write_text(shown, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden file {golden.name}: run with --regold"
    assert shown == golden.read_text(encoding="utf-8"), f"{golden.name} differs (--regold if meant)"


@pytest.mark.parametrize("columns", [20, 30])
@pytest.mark.parametrize("arguments", [["search", "NEAR/5(Smilga arrested)"], ["sources"], ["people"]])
def test_a_terminal_narrower_than_a_row_still_gets_no_line_wider_than_itself(arguments, columns):
    # a hit keeps 20 columns for its text and a table column 4: lines wider than the terminal are broken
    shown = ESCAPES.sub("", in_terminal(arguments, columns))
    assert all(len(line) <= columns for line in shown.split("\n")), shown


def test_wide_characters_in_a_table_never_overflow_the_terminal(tmp_path):
    from rich.cells import cell_len

    wide = tmp_path / "wide.txt"
    text = REAL.read_text(encoding="utf-8")
    wide.write_text(
        text.replace("(3) Victor Serge, Memoirs", "(3) Victor Serge, 革命家の回想録と記憶の長い題名 Memoirs")
    )
    shown = ESCAPES.sub("", in_terminal(["--doc", str(wide), "sources"], 60))
    assert "革命家" in shown
    assert all(cell_len(line) <= 60 for line in shown.split("\n")), shown


def test_help_is_plain_text_on_a_terminal_and_in_a_pipe():
    shown = in_terminal(["--help"], 80)
    assert "Usage: smilga" in shown and not re.search(r"[─│╭╮╰╯]", shown)
    piped = subprocess.run([sys.executable, "-m", "smilga_cli", "--help"], capture_output=True, text=True)
    assert piped.returncode == 0 and not re.search(r"[─│╭╮╰╯]", piped.stdout)
    assert all(line == line.rstrip() for line in piped.stdout.splitlines())


# ---- conventions of ripgrep, git and gh, tested through the app -------------------------------

from typer.testing import CliRunner  # noqa: E402

from smilga_cli.cli.app import app  # noqa: E402

runner = CliRunner()


def test_smilga_alone_shows_the_help_and_exits_0():
    result = runner.invoke(app, [])
    assert result.exit_code == 0 and result.stdout.startswith("Usage: smilga") and result.stderr == ""


def test_help_command_as_gh_has_it():
    assert runner.invoke(app, ["help"]).stdout == runner.invoke(app, ["--help"]).stdout
    assert runner.invoke(app, ["help", "search"]).stdout == runner.invoke(app, ["search", "--help"]).stdout
    unknown = runner.invoke(app, ["help", "serch"])
    assert unknown.exit_code == 2 and "no command 'serch'" in unknown.stderr


@pytest.mark.parametrize(
    ("option", "env", "escapes"),
    [
        ("always", {}, True),
        ("never", {"FORCE_COLOR": "1"}, False),
        ("auto", {}, False),
        ("auto", {"FORCE_COLOR": "1"}, True),
    ],
)
def test_color_option_wins_over_the_environment(option, env, escapes):
    result = runner.invoke(app, ["--color", option, "search", "Kolchak"], env=env)
    assert result.exit_code == 0
    assert ("\x1b[" in result.stdout) is escapes


def test_never_on_a_terminal_draws_without_escape_codes():
    shown = in_terminal(["--color", "never", "sources"], 100)
    assert "\x1b[" not in shown and "Primary sources" in shown and "──" in shown


def test_global_options_also_after_the_command(tmp_path):
    other = tmp_path / "jane.txt"
    other.write_text("Jane Roe\n\nJane Roe was born in Riga in 1890.\n", encoding="utf-8")
    after = runner.invoke(app, ["info", "--doc", str(other), "--json"])
    assert after.exit_code == 0, after.output
    assert '"title": "Jane Roe"' in after.stdout
    assert runner.invoke(app, ["search", "Riga", f"--doc={other}", "--color", "never"]).exit_code == 0
    literal = runner.invoke(app, ["search", "--", "--doc"])  # after --, an option is a search term
    assert literal.exit_code in (1, 2) and "Jane" not in literal.stdout


@pytest.mark.parametrize("command", [["people"], ["sources"], ["info"]])
def test_long_outputs_can_be_paged(command, tmp_path):
    out = tmp_path / "paged"
    result = runner.invoke(app, [*command, "--pager"], env={"FORCE_COLOR": "1", "SMILGA_PAGER": f"sh -c 'cat > {out}'"})
    assert result.exit_code == 0 and out.read_text(encoding="utf-8")


def test_source_paragraph_ranges_as_bio_has_them():
    import json

    data = json.loads(runner.invoke(app, ["source", "4", "3-5", "--json"]).stdout)
    assert [p["number"] for p in data["paragraphs"]] == [3, 4, 5]
    assert [
        p["number"] for p in json.loads(runner.invoke(app, ["source", "4 ¶6-", "--json"]).stdout)["paragraphs"]
    ] == [6, 7]
    backwards = runner.invoke(app, ["source", "4", "5-3"])
    assert backwards.exit_code == 2 and "runs backwards" in backwards.stderr


def _complete(shell: str, words: str) -> list[str]:
    env = {"_SMILGA_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words, "COMP_WORDS": words,
           "_TYPER_COMPLETE_FISH_ACTION": "get-args",
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
    result = runner.invoke(app, [], env=env, prog_name="smilga")
    assert result.exit_code == 0, result.output
    if shell == "zsh":
        found = re.findall(r'"((?:[^"]|"")*)"(?::"(?:[^"]|"")*")?', result.stdout.split("(", 1)[-1])
        return [value.replace("\\\\:", ":") for value in found]  # zsh's quoting of ":"
    return [line.split("\t")[0] for line in result.stdout.split("\n") if line]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(
    ("words", "offered"),
    [("smilga source Se", "Serge"), ("smilga source se", "serge"), ("smilga person vac", "vacietis"),
     ("smilga person Tro", "Trotsky"), ("smilga bio 1", "15"), ("smilga bio cap", "caption"),
     ("smilga search x --in so", "source:3"), ("smilga people --in cap", "caption"),
     ("smilga timeline --person Kolch", "Kolchak")],
)  # fmt: skip
def test_completion_is_case_and_accent_blind_everywhere(shell, words, offered):
    assert offered in _complete(shell, words)
