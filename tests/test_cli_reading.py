"""The reading commands end to end: source, sources, bio, --doc, formats, errors and the installed script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smilga_cli.cli.app import app

from .conftest import REAL, build, command_names

runner = CliRunner()
LINES = REAL.read_text(encoding="utf-8").split("\n")


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


# ---- source -------------------------------------------------------------------------------------


def test_source_shows_heading_and_numbered_paragraphs_verbatim():
    result = run("source", "3")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == "Source 3: Victor Serge, Memoirs of a Revolutionary (1945)"
    assert "source 3 · line 51" in out
    assert "¶1 · line 53" in out and "¶2 · line 55" in out
    assert LINES[52] in out.splitlines() and LINES[54] in out.splitlines()  # each paragraph one line, exact
    assert "\x1b" not in out


@pytest.mark.parametrize("name", ["serge", "Serge", "Victor Serge", "SERGE", "Sergé", "Srege"])
def test_source_by_author_is_lenient(name):
    result = run("source", name, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["number"] == 3


def test_source_by_reference_or_paragraph_number():
    for args in (["source", "4 ¶3"], ["source", "4", "3"], ["source", "source 4 ¶3"]):
        result = run(*args, "--json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert [p["ref"] for p in data["paragraphs"]] == ["source 4 ¶3"]
        assert data["paragraphs"][0]["line"] == 62


def test_source_json_contract():
    result = run("source", "4", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"number", "author", "title", "date", "line", "paragraphs"} <= set(data)
    assert (data["number"], data["author"], data["title"], data["date"], data["line"]) == (
        4, "Edvard Radzinsky", "Stalin", "1996", 57,
    )  # fmt: skip
    assert [(p["number"], p["line"]) for p in data["paragraphs"]] == list(
        zip(range(1, 8), [59, 60, 62, 64, 66, 68, 69], strict=True)
    )
    for paragraph in data["paragraphs"]:
        assert {"number", "line", "text"} <= set(paragraph)
        assert paragraph["text"] == LINES[paragraph["line"] - 1]


def test_format_json_equals_the_json_shorthand():
    assert run("source", "2", "--format", "json").stdout == run("source", "2", "--json").stdout


def test_source_markdown_is_a_blockquote_with_attribution():
    result = run("source", "3", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0].startswith("> Preobrazhenskv and Smilga were sent to us")
    assert lines[1] == ">"
    assert lines[-1] == "— Victor Serge, *Memoirs of a Revolutionary* (1945); source 3 ¶1–2, lines 53–55"


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("0", "no source 0: sources are 1–5"),
        ("6", "no source 6: sources are 1–5"),
        ("-1", "no source -1: sources are 1–5"),
        ("1000000000000000000000000000000", "no source 1000000000000000000000000000000: sources are 1–5"),
        ("zzzz", "no source matches 'zzzz': sources are 1–5"),
        ("", "give a source number or an author's name: sources are 1–5"),
        ("   ", "give a source number or an author's name"),
    ],
)
def test_unknown_source_is_one_line_naming_the_range(arg, message):
    result = run("source", arg)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_source_paragraph_out_of_range():
    result = run("source", "3", "9")
    assert result.exit_code == 2
    assert "source 3 has no paragraph 9: its paragraphs are 1–2" in result.stderr


# ---- sources ------------------------------------------------------------------------------------


def test_sources_json_is_a_list_of_sources():
    result = run("sources", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [s["number"] for s in data] == [1, 2, 3, 4, 5]
    assert [len(s["paragraphs"]) for s in data] == [1, 1, 2, 7, 2]
    assert data[0]["date"] == "12th September, 1917"


def test_sources_plain_table_is_tab_separated():
    result = run("sources")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["number", "author", "title", "date", "paragraphs", "line"]
    assert rows[5] == ["5", "Roy A. Medvedev", "Let History Judge: The Origins and Consequences of Stalinism",
                       "1971", "2", "71"]  # fmt: skip


# ---- bio ----------------------------------------------------------------------------------------


def test_bio_one_paragraph():
    result = run("bio", "7", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(p["number"], p["line"], p["ref"]) for p in data["paragraphs"]] == [(7, 23, "bio 7")]
    assert data["paragraphs"][0]["text"] == LINES[22]


@pytest.mark.parametrize("selection", ["3-5", "3–5", "3..5", "bio 3-5"])
def test_bio_range(selection):
    result = run("bio", selection, "--json")
    assert result.exit_code == 0, result.output
    assert [p["number"] for p in json.loads(result.stdout)["paragraphs"]] == [3, 4, 5]


def test_whole_bio_has_every_paragraph_and_the_caption_in_place():
    result = run("bio")
    assert result.exit_code == 0
    out = result.stdout
    for number, line in [(1, 5), (6, 15), (7, 23), (15, 39)]:
        assert f"bio {number} · line {line}" in out
    assert out.index("bio 6 ·") < out.index("caption · lines 17–21") < out.index("bio 7 ·")
    data = json.loads(run("bio", "--json").stdout)
    assert len(data["paragraphs"]) == 15 and len(data["captions"]) == 1


def test_bio_caption():
    result = run("bio", "caption", "--json")
    assert result.exit_code == 0
    (caption,) = json.loads(result.stdout)["captions"]
    assert (caption["ref"], caption["line"], caption["end_line"]) == ("caption", 17, 21)
    assert caption["text"].split("\n") == LINES[16:21]


def test_bio_markdown():
    result = run("bio", "12", "--format", "markdown")
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0] == "> " + LINES[32].replace("*", "\\*")
    assert lines[-1] == "— *Ivar Smilga*; bio 12, line 33"


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        ("0", "no biography paragraph 0: paragraphs are numbered 1–15"),
        ("16", "no biography paragraph 16: paragraphs are numbered 1–15"),
        ("5-3", "runs backwards"),
        ("seven", "is not a paragraph, a range or 'caption'"),
        ("caption 2", "no caption 2: captions are 1"),
    ],
)
def test_bio_bad_selection(selection, message):
    result = run("bio", selection)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


# ---- other documents ----------------------------------------------------------------------------


def test_doc_option_and_environment_variable_select_another_document(write_doc):
    built = build(title="Jane Roe", sources=[("(1) Report of the Harbour Commission (1920)", [["The harbour froze."]])])
    path = write_doc(built.text)
    for args, env in (
        (["--doc", str(path), "source", "1", "--json"], None),
        (["source", "1", "--json"], {"SMILGA_DOC": str(path)}),
    ):
        result = run(*args, env=env)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert (data["author"], data["title"], data["date"]) == (None, "Report of the Harbour Commission", "1920")
        assert data["paragraphs"][0]["text"] == "The harbour froze."


def test_document_without_sources(write_doc):
    path = write_doc(build().text)
    result = run("--doc", str(path), "source", "1")
    assert result.exit_code == 2
    assert "no source 1: this document has no numbered sources" in result.stderr
    assert run("--doc", str(path), "sources").exit_code == 1
    assert run("--doc", str(path), "bio", "2").exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("DIR", "the folder holds no .txt document"),
        (b"", "the document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"Title\n\nLatin-1 caf\xe9\n", "not UTF-8: byte 0xe9 at line 3, column 12"),
        (b"Only a title\n", "no biography paragraphs"),
    ],
)
def test_bad_documents_give_one_line_and_exit_2(write_doc, tmp_path, content, message):
    if content is None:
        path = tmp_path / "missing.txt"
    elif content == "DIR":
        path = tmp_path
    else:
        path = write_doc(content)
    result = run("--doc", str(path), "bio")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# ---- usage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["nope"], ["source"], ["bio", "--nope"], ["source", "3", "--format", "xml"], ["sources", "extra"]],
)
def test_usage_errors_are_one_line_and_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("smilga: ") and result.stderr.count("\n") == 1


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("smilga 0.")


def test_every_command_has_an_example_and_every_option_help():
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands, "no commands registered"
    assert all(getattr(param, "help", None) for param in group.params), "a global option has no help"
    for name, command in group.commands.items():
        assert "Example" in (command.help or ""), f"{name} has no example in its docstring"
        for param in command.params:
            assert getattr(param, "help", None), f"{name}: {param.name} has no help"


def test_a_run_builds_only_its_own_command(monkeypatch):
    import smilga_cli.cli.app as cli

    built: list[str] = []
    real = cli.get_command_from_info

    def counting(info, **options):
        command = real(info, **options)
        built.append(command.name)
        return command

    monkeypatch.setattr(cli, "get_command_from_info", counting)
    assert run("sources").exit_code == 0
    assert built == ["sources"]
    result = run("--help")  # help lists every command, so it builds them all, in declared order
    assert result.exit_code == 0
    names = command_names()
    assert sorted(built[1:]) == sorted(names)
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ") and line.split()
              and line.split()[0] in names]  # fmt: skip
    assert listed == names


def test_lazily_built_commands_equal_typer_s_own():
    import typer.main

    import smilga_cli.cli.app as cli

    eager = typer.Typer()
    eager.registered_commands = list(cli.registry.registered_commands)
    expected = typer.main.get_group(eager).commands
    lazy = typer.main.get_command(app).commands
    assert list(lazy) == [*expected, "help"]  # help is the app's own command

    def described(command):
        return command.name, command.help, command.context_settings, [
            (p.name, p.opts, p.secondary_opts, p.required, repr(p.default), getattr(p, "help", None), p.metavar,
             p.nargs, p.multiple, p.envvar, type(p.type).__name__, repr(getattr(p.type, "choices", None)))
            for p in command.params
        ]  # fmt: skip

    assert list(expected) == command_names()
    for name, command in expected.items():
        assert described(lazy[name]) == described(command)


# ---- as installed -------------------------------------------------------------------------------


def _installed_smilga() -> str:
    beside = Path(sys.executable).with_name("smilga")
    found = str(beside) if beside.exists() else shutil.which("smilga")
    assert found, "the smilga script is not installed: run the README's test command (pip install -e '.[test]')"
    return found


def test_installed_script_runs_from_another_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SMILGA_DOC", "FORCE_COLOR")}
    done = subprocess.run(
        [_installed_smilga(), "source", "3", "--json"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["author"] == "Victor Serge"
    bad = subprocess.run([_installed_smilga(), "source", "9"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and bad.stderr == "smilga: no source 9: sources are 1–5\n"


def test_python_dash_m_runs_the_same_app(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "smilga_cli", "bio", "1"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert LINES[4] in done.stdout.splitlines()


@pytest.mark.parametrize(
    "args",
    [["bio", "-"], ["bio", "--", "-"], ["source", "4", "-"], ["source", "4", "--", "-"], ["people", "--in", "-"]],
)
def test_a_dash_alone_is_no_paragraph_nor_range_and_no_option(args):
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert "'-'" in result.stderr and "No such option" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
