"""Input and output: share links and scenario files, exports, and text that is safe to show.

``codec`` reads and writes links and scenario files (strictly, with one notice a fix) and
``migrate`` reads older model versions into this one; ``export`` writes results as CSV,
Excel and JSON with their provenance; ``labels`` names fields for people (from the schema);
``safe_text``, ``safe_cells`` and ``safe_io`` quote untrusted text, neutralise spreadsheet
formulas and read and write files with bounds, all or nothing.

May import: ``sim.model``; never a command, an analysis or Streamlit.
"""
