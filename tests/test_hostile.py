"""Hostile input, class by class: each test here failed before the class was fixed.

1 terminal injection on side paths (citations, completion) · 2 hangs and unbounded reads ·
3 output that cannot be written · 4 numbers of any length · 5 Unicode case rules · 6 sidecars of
the wrong shape · 7 arguments that are not UTF-8 · 8 encodings at the edges · 9 tab-separated output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from smilga_cli.cli.app import app

from .conftest import REAL, build, command_names

runner = CliRunner()
SMILGA = [sys.executable, "-m", "smilga_cli"]
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own styling
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
LONG = "9" * 5000
INJECTION = "\x1b]52;c;aGk=\x07\x1b[2J\u202e"  # a clipboard write, clear screen, a bidi override


def raw_controls(text: str) -> list[str]:
    """Control characters that would reach a terminal as they are (Rich's SGR styling aside)."""
    return RAW.findall(SGR.sub("", text))


def one_line_error(result, status: int = 2) -> str:
    assert result.exit_code == status, result.output
    assert result.stderr.startswith("smilga: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.fixture
def hostile_doc(write_doc):
    """A document whose heading, caption and people index carry escape sequences and markup."""
    built = build(
        title=f"Jane Roe {INJECTION}",
        bio=[['Jane Roe was born in Riga in 1890 and said: "the [bold]archive[/] is ours".']],
        captions={0: [f"Jane Roe {INJECTION}", "left to right: A. One, B. Two and"]},
        sources=[(f"(1) Jane Roe, Letters {INJECTION} [sic] :smile: (12th September, 1917)", [["Text of 1917."]])],
    )
    path = write_doc(built.text, "hostile.txt")
    path.with_suffix(".people.toml").write_text(
        '[[person]]\nname = "Jane Roe"\ndescription = "evil \\u001b]52;c;aGk=\\u0007 [sic] :smile: \\u001b[2J"\n'
        'forms = ["Jane Roe"]\n',
        encoding="utf-8",
    )
    return str(path)


# ---- 1 terminal injection on a side path --------------------------------------------------------


@pytest.mark.parametrize("fmt", [[], ["--format", "markdown"], ["--json"]])
def test_a_citation_never_writes_the_heading_s_escapes_raw(hostile_doc, fmt):
    for env in ({}, {"FORCE_COLOR": "1"}):
        result = runner.invoke(app, ["--doc", hostile_doc, "source", "1", "--cite", *fmt], env=env)
        assert result.exit_code == 0, result.output
        assert not raw_controls(result.stdout), result.stdout
        assert "Letters" in result.stdout


def _complete(shell: str, words: str, env: dict[str, str] | None = None) -> str:
    settings = {"_SMILGA_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words,
                "_TYPER_COMPLETE_FISH_ACTION": "get-args", "COMP_WORDS": words,
                "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}  # fmt: skip
    result = runner.invoke(app, [], env={**settings, **(env or {})}, prog_name="smilga")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_offers_document_text_escaped_and_never_as_markup(hostile_doc, shell):
    people = _complete(shell, f"smilga --doc {hostile_doc} person Ja")
    sources = _complete(shell, f"smilga --doc {hostile_doc} source ")
    for out in (people, sources):
        assert not raw_controls(out), out
    assert "Jane" in people and "1" in sources
    if shell != "bash":  # bash shows values only; zsh and fish show the descriptions too
        assert "[sic]" in people and "[sic]" in sources and "\\x1b" in people
        assert "😄" not in people + sources


# ---- 2 hangs and unbounded reads ----------------------------------------------------------------


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "/dev/urandom"])
def test_a_special_file_is_refused_before_it_is_read(tmp_path, special):
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        path = tmp_path / "doc.fifo"
        os.mkfifo(path)
    else:
        path = Path(special)
        if not path.exists():
            pytest.skip(f"no {special} here")
    done = subprocess.run([*SMILGA, "--doc", str(path), "info"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and done.stderr.count("\n") == 1


def test_a_document_above_the_size_limit_is_refused_and_the_limit_can_be_raised(write_doc):
    path = str(write_doc(REAL.read_text(encoding="utf-8")))
    small = runner.invoke(app, ["--doc", path, "info"], env={"SMILGA_MAX_SIZE": "10K"})
    assert "above the limit of 10,240 bytes ($SMILGA_MAX_SIZE raises it)" in one_line_error(small)
    assert runner.invoke(app, ["--doc", path, "info"], env={"SMILGA_MAX_SIZE": "1M"}).exit_code == 0
    nonsense = runner.invoke(app, ["--doc", path, "info"], env={"SMILGA_MAX_SIZE": "lots"})
    assert "$SMILGA_MAX_SIZE must be a size such as 800M or 2G, not 'lots'" in one_line_error(nonsense)


# ---- 3 output that cannot be written ------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["bio", "3"], ["bio", "3", "--json"], ["--help"], ["search", "Lenin", "-c"]])
def test_a_full_disk_is_one_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        done = subprocess.run([*SMILGA, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "smilga: cannot write the output: No space left on device\n"


SHELL_SMILGA = " ".join(f"'{word}'" for word in SMILGA)


def test_a_closed_stdout_is_one_line_and_exit_2():
    done = subprocess.run(["bash", "-c", f"{SHELL_SMILGA} bio 3 2>&1 >&-"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "smilga: standard output is closed: nothing can be written\n")


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_a_closed_or_full_stderr_changes_no_exit_status(redirect):
    # An uncaught error would exit 1, a failed last flush 120: the statuses show there was neither.
    for args, status in (("bio 3", 0), ("source 99", 2), ("search zzzzqq", 1)):
        done = subprocess.run(["bash", "-c", f"{SHELL_SMILGA} {args} {redirect} >/dev/null"], timeout=60)
        assert done.returncode == status, (args, redirect)


@pytest.mark.parametrize(("pager", "message"), [("false", "failed (exit 1)"), ("no-such-pager-x", "not found")])
def test_a_pager_that_fails_or_is_missing_is_reported(pager, message):
    result = runner.invoke(app, ["bio", "3", "--pager"], env={"FORCE_COLOR": "1", "PAGER": pager, "SMILGA_PAGER": None})
    assert message in one_line_error(result)


def test_the_pager_gets_the_output_with_less_set_as_git_sets_it(tmp_path):
    out = tmp_path / "paged"
    pager = f"sh -c 'echo LESS=$LESS > {out}; cat >> {out}'"
    result = runner.invoke(app, ["bio", "3", "--pager"], env={"FORCE_COLOR": "1", "SMILGA_PAGER": pager, "LESS": None})
    assert result.exit_code == 0, result.output
    paged = out.read_text(encoding="utf-8")
    assert paged.startswith("LESS=FRX\n") and "Alexander Kerensky" in paged and "\x1b[" in paged


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "99999999"])
def test_terminal_widths_are_clamped(columns):
    result = runner.invoke(app, ["bio", "3"], env={"FORCE_COLOR": "1", "COLUMNS": columns})
    assert result.exit_code == 0 and "Kerensky" in SGR.sub("", result.stdout).replace("\n", "")
    assert max(len(line) for line in SGR.sub("", result.stdout).splitlines()) <= 1000
    help_text = subprocess.run([*SMILGA, "--help"], capture_output=True, env={**os.environ, "COLUMNS": columns})
    assert help_text.returncode == 0 and len(help_text.stdout) < 100_000


@pytest.mark.parametrize(("columns", "widest"), [("-5", 20), ("0", 20), ("99999999999999999999", 1000), ("1001", 1000)])
def test_a_width_out_of_range_is_brought_into_it(columns, widest):
    result = runner.invoke(app, ["bio", "3"], env={"FORCE_COLOR": "1", "COLUMNS": columns})
    lines = SGR.sub("", result.stdout).splitlines()
    assert max(len(line) for line in lines) <= widest
    assert widest == 20 or max(len(line) for line in lines) > 120  # not the terminal's own 80


# ---- 4 numbers of any length --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["source", LONG], ["source", "4", LONG], ["source", f"4 ¶{LONG}"], ["bio", f"1-{LONG}"],
     ["bio", f"caption {LONG}"], ["search", "x", "--in", f"source:{LONG}"], ["search", "x", "--limit", LONG],
     ["search", "x", "-C", LONG], ["person", LONG], ["timeline", "--person", LONG], ["search", f"--{LONG}"]],
)  # fmt: skip
def test_numbers_of_any_length_are_one_short_line(args):
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 400, result.stderr[:500]


def test_a_heading_with_a_number_of_any_length_is_text_not_a_source(write_doc):
    text = f"Jane Roe\n\nShe lived.\n\nPrimary Sources\n\n(1) A. Writer, Notes (1920)\n\nOne.\n\n({LONG}) Two.\n"
    result = runner.invoke(app, ["--doc", str(write_doc(text)), "source", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert [p["text"][:5] for p in json.loads(result.stdout)["paragraphs"]] == ["One.", f"({LONG[:4]}"]


@pytest.mark.parametrize("digit", ["²", "٣", "\uff13"])  # superscript two, Arabic-Indic three, fullwidth three
def test_digits_of_other_scripts_are_not_numbers(digit):
    for args in (["source", digit], ["bio", digit], ["search", "x", "--in", f"source:{digit}"]):
        result = runner.invoke(app, args)
        assert (result.exit_code == 2 and result.exception is None) or isinstance(result.exception, SystemExit)


# ---- 5 Unicode case rules -----------------------------------------------------------------------


def test_letters_that_case_fold_to_ascii_do_not_make_dates_or_keywords(write_doc):
    bio = [["Jane Roe left on 26th Auguſt 1917 and came back in \u212aelvin's time, in 1919."]]
    path = str(write_doc(build(bio=bio).text))
    result = runner.invoke(app, ["--doc", path, "timeline", "--json"])
    assert result.exit_code == 0, result.output
    assert [e["date"] for e in json.loads(result.stdout)["events"]] == ["1917", "1919"]  # a year, not August
    assert runner.invoke(app, ["source", "ſource 3"]).exit_code == 2


# ---- 6 sidecars of the wrong shape --------------------------------------------------------------

SIDECARS = [
    ("person = [1, 2]", "person 1: must be a table ([[person]]), not a number"),
    ("person = 3", "no [[person]] entries"),
    ('[[person]]\nname = 5\nforms = ["X"]', "person 1: 'name' must be the person's name (text)"),
    ('[[person]]\nname = "A B"\nforms = "A B"', "person 1 (A B): 'forms' must be a list of names, not text"),
    (
        '[[person]]\nname = "A B"\nforms = ["A B", 3]',
        "person 1 (A B): 'forms' item 2 must be a name (text), not a number",
    ),
    ('[[person]]\nname = "A B"\nforms = ["A B"]\ndescription = [1]', "'description' must be text, not a list"),
    ('[[person]]\nname = "A B"\nfroms = ["A B"]', "person 1 (A B): unknown key 'froms'"),
    ('[[person]]\nname = "A B"\nforms = ["A B"]\ncues = [{x = 1}]', "'cues' item 1 must be a name (text), not a table"),
    ('title = "x"\n[[person]]\nname = "A B"\nforms = ["A B"]', "unknown key 'title'"),
    ("[[person]\n", "not valid TOML"),
]


@pytest.mark.parametrize(("sidecar", "message"), SIDECARS, ids=[m for _, m in SIDECARS])
def test_a_sidecar_of_the_wrong_shape_names_the_entry_and_key(write_doc, sidecar, message):
    path = write_doc(REAL.read_text(encoding="utf-8") + "\n")
    path.with_suffix(".people.toml").write_text(sidecar, encoding="utf-8")
    for command in (["people"], ["person", "Trotsky"], ["quotes"], ["info"], ["timeline", "--person", "X"]):
        assert message in one_line_error(runner.invoke(app, ["--doc", str(path), *command]))


def test_a_bad_byte_in_a_sidecar_is_reported_with_line_and_column(write_doc):
    path = write_doc(REAL.read_text(encoding="utf-8") + "\n")
    path.with_suffix(".people.toml").write_bytes(b'[[person]]\nname = "A\xff"\n')
    assert "is not UTF-8: byte 0xff at line 2, column 10" in one_line_error(
        runner.invoke(app, ["--doc", str(path), "people"])
    )


# ---- 7 arguments that are not UTF-8 -------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX arguments are bytes")
@pytest.mark.parametrize("args", [[b"search", b"Lenin\xff", b"--json"], [b"search", b"--regex", b"\xff"],
                                  [b"person", b"Tro\xfftsky"], [b"source", b"\xff"]])  # fmt: skip
def test_text_arguments_that_are_not_utf8_are_refused_at_the_door(args):
    done = subprocess.run([*SMILGA, *args], capture_output=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(b"smilga: argument ") and b"is not valid UTF-8 text" in done.stderr
    assert done.stderr.count(b"\n") == 1 and b"Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths are bytes")
def test_a_path_that_is_not_utf8_is_still_a_path(tmp_path):
    path = os.fsencode(tmp_path) + b"/doc\xff.txt"
    with open(path, "wb") as written:
        written.write(REAL.read_bytes())
    done = subprocess.run([*SMILGA, "--doc", path, "info", "--json"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Ivar Smilga"
    missing = subprocess.run([*SMILGA, "--doc", path + b"x", "info"], capture_output=True, timeout=60)
    assert missing.returncode == 2 and missing.stderr.endswith(b"\\udcff.txtx: no such file\n")


# ---- 8 encodings at the edges -------------------------------------------------------------------


def test_help_degrades_on_an_ascii_terminal():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for args in (["source", "--help"], ["--help"], ["search", "--help"]):
        done = subprocess.run([*SMILGA, *args], capture_output=True, env=env, timeout=60)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_document_with_a_byte_order_mark_is_read_in_its_encoding(write_doc, encoding):
    text = build().text
    raw = text.encode(encoding)
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raw = "\ufeff".encode(encoding) + raw
    result = runner.invoke(app, ["--doc", str(write_doc(raw)), "bio", "--json"])
    assert result.exit_code == 0, result.output
    assert [p["line"] for p in json.loads(result.stdout)["paragraphs"]] == [5, 7]


def test_old_mac_line_ends_are_line_ends(write_doc):
    result = runner.invoke(app, ["--doc", str(write_doc(build().text.replace("\n", "\r"))), "bio", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["paragraphs"] == [
        {"ref": "bio 2", "number": 2, "line": 7, "text": "She joined the party in 1917."}
    ]


# ---- 9 tab-separated output ---------------------------------------------------------------------


def test_tabs_and_line_breaks_inside_a_field_keep_the_columns(write_doc):
    built = build(sources=[("(1) Jane Roe, Let\tters\\x (1920)", [["Text."]])])
    path = write_doc(built.text)
    path.with_suffix(".people.toml").write_text(
        '[[person]]\nname = "Jane Roe"\ndescription = "a\\tb\\nc"\nforms = ["Jane Roe"]\n', encoding="utf-8"
    )
    sources = runner.invoke(app, ["--doc", str(path), "sources"]).stdout.splitlines()
    assert [len(row.split("\t")) for row in sources] == [6, 6]
    assert sources[1].split("\t")[2] == "Let\\tters\\\\x"
    people = runner.invoke(app, ["--doc", str(path), "people"]).stdout.splitlines()
    assert [len(row.split("\t")) for row in people] == [5, 5] and people[1].endswith("a b c")  # one line


# ---- every output path, driven with hostile text ------------------------------------------------

_hostile_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\n\r\x00"), min_size=1, max_size=30
)
# what a command needs to run
_ARGUMENTS = {"source": ["1"], "person": ["Jane Roe"], "search": ["Jane"], "cache": ["info"]}
_PATHS = [[name, *_ARGUMENTS.get(name, [])] for name in command_names()]
_PATHS += [["source", "1", "--cite"], ["bio", "caption"], ["timeline", "--person", "Jane Roe"]]
_FORMATS = [([], {}), ([], {"FORCE_COLOR": "1", "COLUMNS": "80"}), (["--format", "markdown"], {}), (["--json"], {})]


def _toml_char(c: str) -> str:
    if c in '"\\':
        return "\\" + c
    return f"\\u{ord(c):04x}" if ord(c) < 0x20 or c == "\x7f" else c


@given(
    st.lists(_hostile_text, min_size=4, max_size=4),
    st.sampled_from(_PATHS + [["complete", shell] for shell in ("bash", "zsh", "fish")]),
    st.sampled_from(_FORMATS),
)
def test_no_output_path_passes_document_or_sidecar_text_raw(tmp_path_factory, texts, path, fmt):
    title, paragraph, heading, description = (" ".join(text.split()) or "x" for text in texts)
    built = build(
        title=f"Jane Roe {title}"[:150],
        bio=[[f'Jane Roe said {paragraph} in 1917 and later "{paragraph}" too, as Jane Roe recalled it.']],
        captions={0: [f"Photograph of Jane Roe {paragraph} with", f"left to right: {heading} and"]},
        sources=[(f"(1) Jane Roe, Letters {heading} (1920)", [[f"Text {paragraph}."]])],
    )
    folder = tmp_path_factory.mktemp("hostile")
    doc = folder / "doc.txt"
    doc.write_text(built.text, encoding="utf-8", newline="")
    description = '"' + "".join(_toml_char(c) for c in description) + '"'
    doc.with_suffix(".people.toml").write_text(
        f'[[person]]\nname = "Jane Roe"\ndescription = {description}\nforms = ["Jane Roe"]\n', encoding="utf-8"
    )
    if path[0] == "complete":
        out = _complete(path[1], f"smilga --doc {doc} person Ja") + _complete(path[1], f"smilga --doc {doc} source ")
        assert not raw_controls(out), out
        return
    extra, env = fmt
    result = runner.invoke(app, ["--doc", str(doc), *path, *extra], env=env)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not raw_controls(result.stdout), result.stdout
    assert not raw_controls(result.stderr), result.stderr


# ---- the second review's findings, each a class -------------------------------------------------

ZEROS = "0" * 4300


@pytest.mark.parametrize(
    "args",
    [["bio", ZEROS + "1"], ["source", ZEROS + "3"], ["source", f"4 ¶{ZEROS}1"], ["bio", f"{ZEROS}1-2"],
     ["bio", f"caption {ZEROS}1"], ["search", "x", "--in", f"source:{ZEROS}1"]],
)  # fmt: skip
def test_numbers_with_thousands_of_leading_zeros_are_their_value(args):
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "sidecar", ["x = " + "1" * 5000, "person = " + "[" * 5000 + "]" * 5000], ids=["huge number", "deep nesting"]
)
def test_a_sidecar_too_large_or_too_deep_is_one_line(write_doc, sidecar):
    path = write_doc(REAL.read_text(encoding="utf-8") + "\n")
    path.with_suffix(".people.toml").write_text(sidecar, encoding="utf-8")
    assert "not a people index" in one_line_error(runner.invoke(app, ["--doc", str(path), "people"]))


def test_a_size_limit_of_any_size_reads_only_the_file(write_doc):
    path = str(write_doc(build().text))
    for limit in ("100G", "999999999999999G"):
        assert runner.invoke(app, ["--doc", path, "info"], env={"SMILGA_MAX_SIZE": limit}).exit_code == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX arguments are bytes")
def test_a_term_that_is_not_utf8_after_a_literal_doc_is_still_refused():
    for args in ([b"search", b"--", b"--doc", b"\xff"], [b"search", b"--regex", b"--", b"--doc", b"\xff"]):
        done = subprocess.run([*SMILGA, *args], capture_output=True, timeout=60)
        assert done.returncode == 2 and b"is not valid UTF-8 text" in done.stderr, done.stderr


@pytest.mark.parametrize("value", ["٣", "\uff13", "3_0", "99999999999"])
def test_numeric_options_take_ascii_digits_only(value):
    for option in ("--limit", "-C", "--typos"):
        result = runner.invoke(app, ["search", "Lenin", option, value])
        assert "is not a whole number" in one_line_error(result)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["source", "1" + " " * 4000 + "x"], None),
        (["info"], "T\n\np\n\nPrimary Sources\n\n(1) A, B (1900)\n\n(1) a" + " " * 40000 + "b\n"),
        (["timeline"], "T\n\n" + "In 1917 he went. " * 5000 + "\n"),
    ],
    ids=["a source reference of many spaces", "a heading of many spaces", "thousands of dates in a paragraph"],
)
def test_inputs_that_took_minutes_take_seconds(tmp_path, args, text):
    if text is not None:
        (tmp_path / "d.txt").write_text(text, encoding="utf-8")
        args = ["--doc", str(tmp_path / "d.txt"), *args]
    done = subprocess.run([*SMILGA, *args], capture_output=True, timeout=30)
    assert done.returncode in (0, 1, 2) and b"Traceback" not in done.stderr


def test_a_document_whose_sidecar_name_is_too_long_is_read_without_one(tmp_path):
    path = tmp_path / ("a" * 250 + ".txt")
    path.write_text(build().text, encoding="utf-8")
    result = runner.invoke(app, ["--doc", str(path), "people"])
    assert result.exit_code == 0, result.output


def test_ctrl_c_while_the_app_loads_is_a_quiet_130(monkeypatch):
    import smilga_cli.cli.app
    from smilga_cli import entry

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(smilga_cli.cli.app, "main", interrupted)
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130


def test_the_hint_to_type_a_name_is_quoted_for_a_shell(write_doc):
    path = write_doc(build().text)
    path.with_suffix(".people.toml").write_text(
        '[[person]]\nname = "Jane $(rm -rf x) Roe"\nforms = ["Roe"]\ndefault_for = ["Roe"]\n'
        '[[person]]\nname = "John Roe"\nforms = ["Roe"]\ncues = ["the brother"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--doc", str(path), "person", "Roe"])
    assert "smilga person 'Jane $(rm -rf x) Roe'" in result.stdout


def test_nothing_found_is_one_line_and_a_regex_gets_no_regex_hint(write_doc):
    none = runner.invoke(app, ["--doc", str(write_doc("Nothing here\n\nthe cat sat on the mat in 1917.\n")), "people"])
    assert none.exit_code == 1 and none.stderr.count("\n") == 1
    regex = runner.invoke(app, ["search", "--regex", "zz+q"])
    assert regex.exit_code == 1 and "add --regex" not in regex.stderr
    assert "add --regex" in runner.invoke(app, ["search", "zz+q"]).stderr


@pytest.mark.parametrize("query", ["NEAR/-1(Smilga arrested)", "NEAR/x(Smilga arrested)", "NEAR/3 (Smilga arrested)"])
def test_a_near_that_cannot_be_read_is_refused(query):
    result = runner.invoke(app, ["search", query])
    assert result.exit_code == 2 and "NEAR/N(...)" in result.stderr


@pytest.mark.parametrize("option", ["--doc", "--color"])
def test_an_app_option_after_the_command_without_its_value_says_so(option):
    after = runner.invoke(app, ["info", option])
    before = runner.invoke(app, [option])
    assert after.exit_code == before.exit_code == 2
    assert f"Option '{option}' requires an argument." in after.stderr
    assert after.stderr.count("\n") == 1


@given(st.text() | st.sampled_from(["\u202e", "a\u2028b", "\x1b[2J", "\ud800", "\u061c", "tab\there", "é\u0301"]))
def test_a_printable_text_holds_nothing_to_escape_so_it_is_shown_as_it_is(text):
    # visible() and one_line() skip their patterns for a printable text: it must hold none of their characters
    from smilga_cli.document import text as module

    escaped = re.sub(module._CONTROL_OR_NEWLINE, module._escape, text)
    if text.isprintable():
        assert escaped == text
    assert module.one_line(text) == escaped
    assert module.visible(text) == re.sub(module._CONTROL, module._escape, text)
    assert not re.search(module._CONTROL_OR_NEWLINE, module.visible(text).replace("\n", "").replace("\t", ""))


@pytest.mark.parametrize(
    "args",
    [["index", "\x00"], ["--doc", "a\x00b", "search", "x"], ["--cache", "\x00", "search", "x"],
     ["cache", "info", "--cache", "x\x00"], ["--doc", "data/smilga.txt", "--doc", "\x00", "people"]],
)  # fmt: skip
def test_a_path_holding_a_nul_character_is_one_line_and_exit_2(args):
    # no file system names such a path, and Python refuses it with a ValueError
    result = runner.invoke(app, args)
    assert "is no path: it holds a NUL character" in one_line_error(result)
