"""Analyses built on runs: what a plan's figures mean and what would change them.

``compare`` pairs runs on common random numbers; ``goal_seek`` finds the value of a lever that
reaches a target; ``advice`` gives the reasons and the suggested changes; ``sensitivity``
ranks which inputs move the outcome. Each runs the model, never the app.

May import: ``sim.model`` and ``sim.io``; no command, no Streamlit.
"""
