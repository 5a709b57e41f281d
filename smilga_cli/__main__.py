"""``python -m smilga_cli``: the same as the ``smilga`` command."""

from smilga_cli.cli.app import main

main()
