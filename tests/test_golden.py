"""Golden files: what a reader sees, for each command, in a terminal at 80 columns (Rich) and as
markdown. A change of rendering shows here as a diff; when it is meant, rewrite them with

    python -m pytest tests/test_golden.py --regold

and read the diff before committing it.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from smilga_cli.cli.app import app

from .conftest import ROOT

runner = CliRunner()
GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "source-3": ["source", "3"],
    "source-4-3": ["source", "4", "3"],
    "source-2-cite": ["source", "2", "--cite"],
    "sources": ["sources"],
    "bio-3-5": ["bio", "3-5"],
    "bio-caption": ["bio", "caption"],
    "search-kolchack": ["search", "Kolchack", "--limit", "4"],
    "search-back-to-lenin": ["search", '"Back to Lenin"'],
    "search-operators": ["search", "NEAR/4(Kolchak captured) OR Denikin", "-C", "4"],
    "search-count": ["search", "Kamenev", "-c"],
    "person-sergei-kamenev": ["person", "Sergei Kamenev", "-C", "5"],
    "person-kamenev": ["person", "Kamenev"],
    "people": ["people", "--sort", "mentions"],
    "timeline-kolchak": ["timeline", "--person", "Kolchak"],
    "quotes": ["quotes"],
    "info": ["info"],
}
WRITERS = {
    "rich": ([], {"FORCE_COLOR": "1", "COLUMNS": "80", "NO_COLOR": None, "TERM": "xterm-256color"}),
    "md": (["--format", "markdown"], {}),
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("case", CASES)
def test_output_matches_its_golden_file(case, writer, request):
    extra, env = WRITERS[writer]
    result = runner.invoke(app, [*CASES[case], *extra], env=env)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{case}.{writer}.txt"
    if request.config.getoption("--regold"):
        golden.write_text(result.stdout, encoding="utf-8", newline="")
    assert golden.exists(), f"no golden file {golden.name}: run with --regold"
    assert result.stdout == golden.read_text(encoding="utf-8"), f"{golden.name} differs (--regold if meant)"
