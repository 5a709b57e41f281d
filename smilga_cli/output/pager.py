"""Paging on a terminal, as git does: ``$SMILGA_PAGER``, else ``$PAGER``, else ``less``; with
``LESS=FRX`` when ``LESS`` is unset, so that colours pass through (R), output that fits on one
screen is not paged (F) and the screen is not cleared on exit (X). A pager that is missing or fails
is reported (exit 2), never ignored."""

from __future__ import annotations

import os
import shlex
import subprocess

from smilga_cli.document.text import shown
from smilga_cli.output.emit import OutputError

PAGER_ENV = "SMILGA_PAGER"


def pager_command() -> list[str]:
    """The pager to run, as its words."""
    written = os.environ.get(PAGER_ENV) or os.environ.get("PAGER") or "less"
    try:
        words = shlex.split(written)
    except ValueError:
        words = []
    if not words:
        raise OutputError(f"the pager '{shown(written)}' cannot be read as a command")
    return words


def page(text: str, encoding: str = "utf-8") -> None:
    """Show ``text`` (with its escape codes) through the pager, and wait until the reader quits it."""
    command = pager_command()
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError as error:
        reason = "not found" if isinstance(error, FileNotFoundError) else error.strerror or str(error)
        raise OutputError(f"the pager '{shown(' '.join(command))}' cannot run: {reason}") from None
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(encoding, "replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit before the end: that is what a pager is for
    status = process.wait()
    if status not in (0, -2):  # -2: the reader pressed Ctrl-C in it
        raise OutputError(f"the pager '{shown(' '.join(command))}' failed (exit {status})")
