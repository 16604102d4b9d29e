"""``python -m sim``: the command line (sim/cli/, entry point sim/cli/entry.py)."""

import sys

from sim.cli.entry import main

sys.exit(main())
