"""The console script's door, as light as can be: Ctrl-C while the app is still loading ends the run
as quietly as Ctrl-C later does (exit 130, no traceback)."""

from __future__ import annotations

import sys


def main() -> None:
    """Load and run the app."""
    try:
        from smilga_cli.cli.app import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(130)
