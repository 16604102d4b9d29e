"""Calibration of the model to what creators report, kept beside the engine as data and code.

- ``targets.toml``: the outcome targets, one row per published figure (source, population,
  statistic, value, tolerance);
- ``rows``: one target and one population, each checked on its own;
- ``targets``: reads that file and checks it as a whole (every statistic named exists);
- ``populations``: turns a target's population into the creators to simulate;
- ``statistics``: what the model says for a population, one named statistic per survey
  question;
- ``validate``: the model against every target, with Monte Carlo intervals (the table on the
  methodology page);
- ``calibrate``: estimates the uncertain parameters by approximate Bayesian computation and
  writes the current preset version's ``calibrated.toml`` with its posterior and provenance.

The command, ``python -m sim calibrate``, is ``sim.cli.calibrate``. May import: ``sim.model``,
``sim.io`` and ``sim.many``; no command, no Streamlit.
"""
