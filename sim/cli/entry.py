"""Command line: run scenarios headless and write the same exports as the app.

    python -m sim run [--scenario FILE.json] [--preset NAME] [--set FIELD=VALUE ...]
                      [--paths N] [--seed S] [--workers W] [--out FILE] [--paths-out FILE.csv]
    python -m sim presets
    python -m sim schema
    python -m sim batch ...           (see sim/cli/batch.py)
    python -m sim sweep ...           (see sim/cli/sweep.py)
    python -m sim calibrate ...       (see sim/cli/calibrate.py)
    python -m sim fit ...             (see sim/cli/fit.py)

The entry point: ``main`` builds the parser from every command module (the registry below,
``COMMANDS``) and turns a refusal (``BadInput``, a cluster that stops answering) into one
line on stderr and exit status 2 (under 300 characters); never a traceback, and no warning
beside it. The command modules import ``sim.cli.common``, never this module.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

from sim.cli.batch import add_batch_parser
from sim.cli.calibrate import add_calibrate_parser
from sim.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    MAX_MESSAGE_CHARS,
    BadInput,
    Parser,
)
from sim.cli.fit import add_fit_parser
from sim.cli.listing import add_listing_parsers
from sim.cli.run import add_run_parser
from sim.cli.sweep import add_sweep_parser
from sim.io.safe_text import one_line

COMMANDS: tuple[Callable[[Any], None], ...] = (
    add_run_parser,  # run
    add_listing_parsers,  # presets, schema
    add_batch_parser,  # batch
    add_sweep_parser,  # sweep
    lambda sub: add_calibrate_parser(sub, Parser),  # calibrate
    add_fit_parser,  # fit
)
"""Every subcommand, in the order ``--help`` lists them."""


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m sim", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        print("error: --workers: must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    from sim.many.executor import ExecutorError  # a cluster that stops answering mid-run

    try:
        # warnings (numpy's RuntimeWarning on a value that is then refused) are held back: a
        # refusal is its one line alone; a command that succeeds shows them after all
        with warnings.catch_warnings(record=True) as caught:
            code: int = args.func(args)
        for item in caught:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)
    except (BadInput, ExecutorError) as exc:
        print(one_line(f"error: {exc}", MAX_MESSAGE_CHARS), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        # outputs are written all or nothing (sim.io.safe_io), so nothing half-written remains
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader (e.g. `| head`) stopped early: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
