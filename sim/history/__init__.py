"""Fitting a creator's own history: follower counts and deals in, an ordinary Scenario out.

``read`` reads the history and deals files (the platforms' exports included), ``fit`` fits
the model's growth, churn and deal equations to them with their uncertainty, and ``check``
holds the recovery and hold-out checks on histories whose truth is known.

May import: ``sim.model`` and ``sim.io``; no command, no Streamlit.
"""
