"""The failure contract: exit statuses, and the one error base that every layer raises.

Each error carries its exit status and a message of one line; the app catches them in one place
(``cli/app.py``), writes the message on stderr and exits with the status. Nothing found is an
error of its own kind, carrying the suggestions that "did you mean" offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit statuses, as grep's: found, nothing found, bad input or bad data; and Ctrl-C."""

    FOUND = 0
    NOTHING = 1
    ERROR = 2
    INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it


def did_you_mean(suggestions: Iterable[str]) -> str:
    """ "; did you mean: A, B?" for a message, or "" when there is nothing to suggest."""
    listed = ", ".join(suggestions)
    return f"; did you mean: {listed}?" if listed else ""


class SmilgaError(Exception):
    """Bad input or bad data: one line on stderr, exit 2. Subclasses say what went wrong."""

    status = ExitStatus.ERROR

    def __init__(self, message: str, suggestions: Iterable[str] = ()) -> None:
        self.suggestions = tuple(suggestions)
        super().__init__(message)

    @property
    def message(self) -> str:
        """The line to show: the message, and the suggestions if any."""
        return f"{self.args[0]}{did_you_mean(self.suggestions)}"

    def __str__(self) -> str:
        return self.message


class NothingFound(SmilgaError):
    """What was asked for is not in the text: one line on stderr, exit 1, as grep."""

    status = ExitStatus.NOTHING
