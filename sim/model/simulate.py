"""The public entry points: run a scenario, and re-run one path with its diary."""

from __future__ import annotations

from sim.model.diary import Diary
from sim.model.engine import run_all
from sim.model.presets import PRESET_VERSION
from sim.model.results import Results, summarise
from sim.model.scenario import Scenario
from sim.model.settings import DEFAULT_PATHS, DEFAULT_SEED, MAX_PATHS

SAMPLE_PATHS: tuple[int, ...] = (0, 1, 2)
"""Paths whose weekly diary every run keeps."""


def simulate(
    scenario: Scenario,
    paths: int = DEFAULT_PATHS,
    seed: int = DEFAULT_SEED,
    *,
    workers: int = 1,
    trace: tuple[int, ...] | None = None,
) -> Results:
    """Simulate ``paths`` futures of ``scenario``; identical for the same (scenario, seed).

    ``trace`` lists paths whose weekly diary to keep (default: the first three). ``workers``
    splits the paths across processes without changing any result.
    """
    from sim.model import MODEL_VERSION

    if not 1 <= paths <= 10 * MAX_PATHS:
        raise ValueError(f"paths must be between 1 and {10 * MAX_PATHS}, got {paths}")
    traced = tuple(i for i in (SAMPLE_PATHS if trace is None else trace) if 0 <= i < paths)
    out = run_all(scenario, paths, seed, workers=workers, trace=traced)
    summary = summarise(
        scenario,
        out.monthly,
        out.ever_burnout,
        out.ever_strain,
        paths,
        seed,
        MODEL_VERSION,
        PRESET_VERSION,
        posterior_row=out.posterior_row,
    )
    return Results(
        scenario=scenario,
        paths=paths,
        seed=seed,
        model_version=MODEL_VERSION,
        preset_version=PRESET_VERSION,
        monthly=out.monthly,
        ever_burnout=out.ever_burnout,
        ever_strain=out.ever_strain,
        burnouts=out.burnouts,
        diaries=out.diaries,
        summary=summary,
    )


def trace_path(scenario: Scenario, paths: int, seed: int, path: int) -> Diary:
    """The weekly diary of one path of the run (scenario, paths, seed).

    Path i's luck depends only on (seed, i), so re-running its block with a trace gives
    exactly the path the full run had.
    """
    from sim.model.streams import BLOCK_PATHS

    if not 0 <= path < paths:
        raise ValueError(f"path must be between 0 and {paths - 1}, got {path}")
    first_block = path // BLOCK_PATHS
    from sim.model.engine import run_paths

    n = min(BLOCK_PATHS, paths - first_block * BLOCK_PATHS)
    out = run_paths(scenario, seed, first_block, n, (path - first_block * BLOCK_PATHS,))
    return out.diaries[path]
