"""Shared Streamlit pieces of the app: the scenario sidebar, cached runs, charts, exports.

The engine (``sim``) knows nothing of Streamlit; everything here turns its objects into widgets
and pictures. Pages only compose these pieces.
"""

from ui import chart_locale as _chart_locale  # noqa: F401  (charts write -$800, as the text)
