"""The console script's door, as light as can be: Ctrl-C while the app is still loading ends the run
as quietly as Ctrl-C later does (exit 130, no traceback), and a finished run ends at once."""

from __future__ import annotations

import sys
from typing import NoReturn


def main() -> None:
    """Load and run the app, then end the process."""
    try:
        from smilga_cli.cli.app import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit as stop:
        leave(stop)


def leave(stop: SystemExit) -> NoReturn:
    """End the process with ``stop``'s status once the run is over, without the interpreter's teardown.

    Why: tearing the interpreter down frees every module and object one by one, some 15 to 20 ms a
    run (a sixth of the frameworks' start-up, ``tests/bench.py``), and nothing of it reaches the user.
    What a normal exit does that matters is done first: the exit handlers run and both streams are
    flushed. Where something could still be left undone (another thread running, a stream that cannot
    be flushed, a status that is not a number), the run ends the normal way, by ``stop``.
    """
    import atexit
    import os

    code = 0 if stop.code is None else stop.code
    threading = sys.modules.get("threading")
    if not isinstance(code, int) or (threading is not None and threading.active_count() > 1):
        raise stop
    atexit._run_exitfuncs()  # what a library registered to run at exit
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise stop from None  # the normal exit reports it as it always has
    os._exit(code)
