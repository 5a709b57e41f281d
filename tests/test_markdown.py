"""Markdown output is CommonMark that renders as intended: parsed with markdown-it-py (the parser
Rich itself uses), each command's markdown has its headings, block quotes, lists, tables and line
breaks, and no emphasis marker is left standing in the text."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from smilga_cli.cli.app import app

runner = CliRunner()
parser = MarkdownIt("commonmark").enable("table")

CASES = {
    "source 3": (["source", "3"], {"blockquote_open"}),
    "source 4 3 --cite": (["source", "4", "3", "--cite"], {"blockquote_open"}),
    "bio 3-5": (["bio", "3-5"], {"blockquote_open"}),
    "sources": (["sources"], {"table_open"}),
    "search": (["search", "Kolchack"], {"bullet_list_open", "strong_open"}),
    "person": (["person", "Trotsky"], {"heading_open", "hardbreak", "bullet_list_open"}),
    "candidates": (["person", "Kamenev"], {"heading_open"}),
    "people": (["people"], {"table_open"}),
    "timeline": (["timeline"], {"table_open"}),
    "quotes": (["quotes"], {"hardbreak", "em_open"}),
    "info": (["info"], {"heading_open", "hardbreak"}),
    "cite": (["source", "3", "--cite-only"], {"em_open"}),
}


def _tokens(markdown: str) -> list:
    found = []
    for token in parser.parse(markdown):
        found.append(token)
        found += token.children or []
    return found


@pytest.mark.parametrize("name", CASES)
def test_markdown_parses_into_the_intended_structure(name):
    arguments, expected = CASES[name]
    result = runner.invoke(app, [*arguments, "--format", "markdown"])
    assert result.exit_code == 0, result.output
    tokens = _tokens(result.stdout)
    kinds = {token.type for token in tokens}
    assert expected <= kinds, f"{name}: {sorted(kinds)}"
    stray = [t.content for t in tokens if t.type == "text" and ("*" in t.content or "_" in t.content.strip("_"))]
    assert not [s for s in stray if "*" in s], f"{name}: stray markers in {stray[:3]}"


def test_the_person_card_lines_stay_apart():
    tokens = _tokens(runner.invoke(app, ["person", "Sergei Kamenev", "--format", "markdown"]).stdout)
    heading = next(i for i, t in enumerate(tokens) if t.type == "heading_open")
    assert tokens[heading + 1].content == "Sergei Kamenev  *(curated index)*"
    assert sum(t.type == "hardbreak" for t in tokens) >= 3  # description, forms, where, count
