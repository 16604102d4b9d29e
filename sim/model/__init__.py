"""The model: a plan in, its simulated futures out.

Holds the one validated input schema (``scenario``) with its defaults as data (``presets``,
each value with its source), the run settings (``settings``), the pure equations
(``equations``), one random stream per mechanism (``streams``), the SimPy engine over
vectorised paths (``engine``) and its weekly diary (``diary``), what is recorded
(``metrics``), the summary and the verdict in words (``results``, written with ``format``),
the entry point ``simulate``, and the quick start's way from a few answers to a scenario
(``quick_start``).

May import: numpy, SimPy, pydantic and the standard library; no other part of ``sim``, and
nothing that draws (no Streamlit, no Altair). Everything else in ``sim`` builds on this.
"""

MODEL_VERSION = 3
"""Bumped whenever the engine's equations change what a given scenario produces."""
