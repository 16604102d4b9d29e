"""Creator-economics simulation engine: does micro-influencing pay off for this person?

The engine knows nothing of Streamlit. Use ``Scenario`` to describe a plan and
``simulate(scenario, paths=..., seed=...)`` to get ``Results``: monthly per-path metrics,
sample paths with a weekly diary, and a summary with a plain-language verdict.

This is the public API, re-exported from the model (``sim.model``) and nothing else. The
packages below, each with a docstring saying what it holds and what it may import:
``model`` (the simulation), ``io`` (links, files, exports, safe text), ``analysis``
(comparisons, goal seeking, advice, sensitivity), ``history`` (fitting a creator's history),
``calibration`` (the model against published figures), ``many`` (one executor for many runs)
and ``cli`` (``python -m sim``). See docs/architecture.md.
"""

from sim.model import MODEL_VERSION
from sim.model.presets import PRESET_VERSION
from sim.model.results import Results, Summary
from sim.model.scenario import PlannedChange, Scenario
from sim.model.settings import RunSettings
from sim.model.simulate import simulate, trace_path

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
