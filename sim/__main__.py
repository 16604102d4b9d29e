"""``python -m sim``: see sim/cli/."""

import sys

from sim.cli.entry import main

sys.exit(main())
