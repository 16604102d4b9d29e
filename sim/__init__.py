"""Creator-economics simulation engine: does micro-influencing pay off for this person?

The engine knows nothing of Streamlit. Use ``Scenario`` to describe a plan and
``simulate(scenario, paths=..., seed=...)`` to get ``Results``: monthly per-path metrics,
sample paths with a weekly diary, and a summary with a plain-language verdict.
"""

from sim.presets import PRESET_VERSION
from sim.scenario import PlannedChange, Scenario

MODEL_VERSION = 1
"""Bumped whenever the engine's equations change what a given scenario produces."""

__all__ = ["MODEL_VERSION", "PRESET_VERSION", "PlannedChange", "Scenario"]
