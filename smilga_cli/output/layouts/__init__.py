"""One module per result module: the layout of each result type, registered with ``blocks.lays_out``."""
