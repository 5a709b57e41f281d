"""The shape of the code, as a new command must fit it: a command function, a core module that builds
its result, and a layout for that result in every writer. Derived from what is registered, so a
command or a result type added without its other parts fails here."""

from __future__ import annotations

import importlib
import io
import pkgutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import smilga_cli
from smilga_cli.cli import commands, maintenance
from smilga_cli.cli.app import app
from smilga_cli.document.model import Result
from smilga_cli.output import render
from smilga_cli.output.blocks import LAYOUTS, Group, Quote, Tabular, layout

from .conftest import command_names

runner = CliRunner()
CORE = ("smilga_cli.document.", "smilga_cli.index.", "smilga_cli.features.")

# One or more runs of each command on the bundled text, together showing every kind of result it
# can return. A new command must be added here: the first test says so.
COLLECTION = Path(__file__).parent / "collection"

RUNS: dict[str, list[list[str]]] = {
    "source": [["source", "3"], ["source", "2", "--cite-only"], ["source", "4", "3", "--cite"]],
    "sources": [["sources"], ["sources", "--format", "csl-json"]],
    "bio": [["bio", "7"], ["bio", "caption"]],
    "search": [["search", "Kolchack"], ["search", "Kamenev", "-c"]],
    "person": [["person", "Trotsky"], ["person", "Kamenev"], ["person", "Nobodyxyz"]],
    "people": [["people"]],
    "timeline": [["timeline"]],
    "quotes": [["quotes"]],
    "info": [["info"], ["--doc", str(COLLECTION), "info"]],
    "index": [["index", str(COLLECTION / "orlov.txt")]],
    "cache": [["cache", "info"], ["cache", "clear"]],
}


def test_every_registered_command_has_runs_here():
    assert set(RUNS) == set(command_names())


def _shown(monkeypatch: pytest.MonkeyPatch, arguments: list[str]) -> list[Result]:
    """The results a run hands to the output layer."""
    shown: list[Result] = []
    real = commands.emit

    def recording(result: Result, *args: object, **kwargs: object) -> None:
        shown.append(result)
        real(result, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "emit", recording)
    monkeypatch.setattr(maintenance, "emit", recording)
    outcome = runner.invoke(app, arguments)
    assert outcome.exit_code in (0, 1), outcome.output
    return shown


def _result_types() -> set[type]:
    """Every result type the core defines."""
    for module in pkgutil.walk_packages(smilga_cli.__path__, "smilga_cli."):
        if module.name.startswith(CORE):
            importlib.import_module(module.name)
    found: set[type] = set()
    stack = list(Result.__subclasses__())
    while stack:
        kind = stack.pop()
        # only the classes a module names: the one in use
        if getattr(sys.modules[kind.__module__], kind.__qualname__, None) is kind:
            found.add(kind)
        stack += kind.__subclasses__()
    return found


@pytest.mark.parametrize("name", command_names())
def test_a_command_hands_a_core_result_to_the_output_layer_and_every_writer_lays_it_out(name, monkeypatch):
    for arguments in RUNS[name]:
        shown = _shown(monkeypatch, arguments)
        assert len(shown) == 1, f"smilga {' '.join(arguments)} emitted {len(shown)} results"
        result = shown[0]
        assert isinstance(result, Result)
        assert type(result).__module__.startswith(CORE), f"{type(result).__name__} is not built by a core module"
        assert list(layout(result)), f"{type(result).__name__} lays out as nothing"
        assert render.plain(result).strip()
        assert render.markdown(result).strip()
        terminal = io.StringIO()
        render.to_terminal(result, terminal)
        assert terminal.getvalue().strip()


def test_every_result_type_is_shown_by_a_command_and_has_a_layout(monkeypatch):
    shown = {type(result) for runs in RUNS.values() for arguments in runs for result in _shown(monkeypatch, arguments)}
    defined = _result_types()
    assert defined - shown == set(), "result types no run above shows: add a run"
    for kind in defined:
        assert kind in LAYOUTS, f"{kind.__name__} has no layout in smilga_cli/output/layouts/"


@pytest.mark.parametrize(
    "block",
    [
        [("text", "heading")],
        Group([("bio 1", "ref")], [("line 5", [("a ", ""), ("match", "match")])]),
        Tabular("T", ("a", "b"), [("1", "x")], frozenset({0})),
        Quote([[("Source 1", "heading")]], [([("¶1", "ref")], "one\ntwo", "caption")], [("Title", "title")]),
    ],
    ids=["line", "group", "table", "quote"],
)
def test_every_writer_writes_every_kind_of_block(block, monkeypatch):
    from smilga_cli.output import render as writers

    monkeypatch.setattr(writers, "layout", lambda result: [block])
    assert writers.plain(object()).strip()
    assert writers.markdown(object()).strip()
    terminal = io.StringIO()
    writers.to_terminal(object(), terminal)
    assert terminal.getvalue().strip()


def test_a_result_type_without_a_layout_is_an_error_not_silence():
    class Stray(Result):
        pass

    with pytest.raises(TypeError, match="no layout for Stray"):
        layout(Stray())
