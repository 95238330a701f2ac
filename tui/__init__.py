"""The two faces over the store: the Textual console and, in ``tui.cli``, the ``profiles`` command line."""
