"""Shared pytest set-up for every test directory.

Hypothesis runs under a fixed, database-less profile so that CI is deterministic: the same
examples every run, nothing written to ``.hypothesis/``. Set ``HYPOTHESIS_PROFILE=explore``
locally to search with fresh random examples instead.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
