"""Creator-economics simulation engine: does micro-influencing pay off for this person?

The engine knows nothing of Streamlit. Use ``Scenario`` to describe a plan and
``simulate(scenario, paths=..., seed=...)`` to get ``Results``: monthly per-path metrics,
sample paths with a weekly diary, and a summary with a plain-language verdict.
"""

MODEL_VERSION = 3
"""Bumped whenever the engine's equations change what a given scenario produces."""

from sim.presets import PRESET_VERSION  # noqa: E402
from sim.results import Results, Summary  # noqa: E402
from sim.scenario import PlannedChange, Scenario  # noqa: E402
from sim.settings import RunSettings  # noqa: E402
from sim.simulate import simulate, trace_path  # noqa: E402

__all__ = [
    "MODEL_VERSION",
    "PRESET_VERSION",
    "PlannedChange",
    "Results",
    "RunSettings",
    "Scenario",
    "Summary",
    "simulate",
    "trace_path",
]
