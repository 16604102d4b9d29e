"""Running many: one executor for many (scenario, paths, seed) tasks.

``executor`` maps a function over tasks serially, on a local process pool or on a Dask
cluster, with the same numbers wherever they run. Batches, sweeps, goal seeks and the
calibration all run through it.

May import: ``sim.model`` and ``sim.io``; no command, no Streamlit.
"""
