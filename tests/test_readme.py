"""The README's examples are real: each `$ smilga …` line in a console block is run, piped, and its
output compared with what the README shows (a line ending in "[…]" shows only its beginning)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, command_names

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, re.S)


def _examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in BLOCKS:
        for line in block.rstrip("\n").split("\n"):
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples:
                examples[-1][1].append(line)
    return examples


EXAMPLES = _examples()


def test_readme_has_examples_of_every_command():
    shown = " ".join(command for command, _ in EXAMPLES)
    for name in command_names():
        assert f"smilga {name}" in shown, f"no README example of smilga {name}"


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_is_real_output(command, expected, tmp_path):
    script = Path(sys.executable).with_name("smilga")
    folder = str(script.parent) if script.exists() else os.path.dirname(shutil.which("smilga") or "")
    assert folder, "the smilga script is not installed: run the README's test command"
    env = {k: v for k, v in os.environ.items() if k not in ("SMILGA_DOC", "FORCE_COLOR", "COLUMNS")}
    env["PATH"] = folder + os.pathsep + env.get("PATH", "")
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, env=env)
    actual = (done.stdout + done.stderr).rstrip("\n").split("\n")
    assert len(actual) == len(expected), f"{command}:\n" + "\n".join(actual)
    for got, want in zip(actual, expected, strict=True):
        if want.endswith("[…]"):
            assert got.startswith(want.removesuffix("[…]")), f"{command}: {got!r}"
        else:
            assert got == want, f"{command}: {got!r}"


def test_the_quick_start_is_two_commands_each_in_a_virtual_environment_of_its_own():
    quick = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0].strip().split("\n")
    assert len(quick) == 2
    assert quick[0].startswith("python3 -m venv .venv &&") and "smilga source 3" in quick[0]
    assert quick[1].startswith("python3 -m venv .venv-test &&") and quick[1].endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "## Quick start" in ci and 'bash -e "$work/quickstart.sh"' in ci
