"""``python -m smilga_cli``: the same as the ``smilga`` command."""

from smilga_cli.entry import main

main()
