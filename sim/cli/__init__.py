"""The command line, ``python -m sim``: one module a command.

``common`` holds what every command shares (``BadInput``, the parser, ``build_scenario``);
``run``, ``listing`` (presets, schema), ``batch`` (batch and sweep), ``calibrate`` and
``fit`` are the commands, each importing ``common`` and never ``entry``; ``entry`` is the
entry point: it lists the commands (its registry) and runs one. This file imports nothing,
so importing a command never imports the others.

May import: every other part of ``sim``; nothing imports it (but ``sim.__main__``).
"""
