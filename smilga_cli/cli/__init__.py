"""The command line: the app and its exit contract (``app``), what a run reads (``session``),
shell completion (``completion``) and the commands (``commands``)."""
