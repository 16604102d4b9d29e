"""Session state and cached runs.

The sidebar writes the current, validated ``(Scenario, RunSettings)`` to session state on every
rerun; pages read it with ``current()``. Runs are cached with ``st.cache_data`` keyed on the
scenario's JSON, the path count and the seed: identical inputs never simulate twice, in any
session.

Memory is bounded by design, whatever links arrive. A whole run holds every future's monthly
arrays (~10 MB at 2,000 futures over 24 months; 260 MB at 20,000 over 60), so:

- the hosted app runs at most ``path_months_budget()`` futures x months (``capped``);
- the Plan page keeps only what it draws (``PlanView``: the summary, the charts' quantiles and
  the reasons, ~40 kB), simulating without keeping the run;
- whole runs, which the exports, Compare and A life in weeks read, are kept only a few at a
  time and for minutes (``_simulate``): at most ``FULL_RUNS_KEPT`` x ~50 MB.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import streamlit as st

from sim import RunSettings, Scenario, simulate, trace_path
from sim.analysis.advice import reasons
from sim.analysis.goal_seek import Goal, GoalKind, LimitKind, raw_measures, within_limit
from sim.many.executor import RunTask
from sim.model.diary import Diary
from sim.model.results import Results, Summary
from sim.model.settings import APP_PATH_MONTHS, MAX_PATHS, MIN_PATHS, within_budget
from ui import cluster

# --- session-state keys (one place) -----------------------------------------------------
SCENARIO = "scenario"
"""The current valid Scenario, written by the sidebar on every rerun."""
SETTINGS = "settings"
"""The current RunSettings (paths, seed)."""
SAVED = "saved"
"""Saved scenarios for the Compare page: a list of ``Saved``."""
WIDGET_PREFIX = "in."
"""Sidebar widget keys are ``in.<field name>`` (and ``in.paths``, ``in.seed``)."""

LARGE_RUN_PATHS = 5_000
"""Runs at least this big show a spinner while they simulate."""
FULL_RUNS_KEPT = 3
"""Whole runs kept at once (see the module docstring)."""
FULL_RUN_TTL_S = 600
BUDGET_ENV = "CREATOR_SIM_MAX_PATH_MONTHS"
"""Set on a private server to allow bigger runs than the hosted app's ``APP_PATH_MONTHS``."""
MAX_SAVED = 8
MAX_COMPARED = 4


@dataclass(frozen=True)
class Saved:
    """A scenario saved under a name, with the settings it was saved with."""

    name: str
    scenario: Scenario
    settings: RunSettings


def current() -> tuple[Scenario, RunSettings]:
    """The scenario and settings the sidebar built in this rerun."""
    scenario = st.session_state.get(SCENARIO)
    settings = st.session_state.get(SETTINGS)
    if not isinstance(scenario, Scenario) or not isinstance(settings, RunSettings):
        return Scenario(), RunSettings()
    return scenario, settings


def saved() -> list[Saved]:
    return list(st.session_state.get(SAVED, []))


def save(name: str, scenario: Scenario, settings: RunSettings) -> str | None:
    """Save under ``name`` (replacing one of the same name); an error message or None."""
    name = name.strip()
    if not name:
        return "Give the scenario a name."
    if len(name) > 40:
        return "Keep the name under 40 characters."
    kept = [s for s in saved() if s.name != name]
    if len(kept) >= MAX_SAVED:
        return f"At most {MAX_SAVED} saved scenarios; delete one first."
    st.session_state[SAVED] = [*kept, Saved(name, scenario, settings)]
    return None


def delete_saved(name: str) -> None:
    st.session_state[SAVED] = [s for s in saved() if s.name != name]


# --- the run budget -----------------------------------------------------------------------


def path_months_budget() -> int:
    """The most futures x months one run may ask for on this server."""
    raw = os.environ.get(BUDGET_ENV, "").strip()
    try:
        value = int(raw) if raw else APP_PATH_MONTHS
    except ValueError:
        value = APP_PATH_MONTHS
    return min(max(value, MIN_PATHS), MAX_PATHS * 60)


def capped(settings: RunSettings, months: int) -> RunSettings:
    """``settings`` within this server's run budget (the first futures of the same seed)."""
    return within_budget(settings, months, path_months_budget())


def budget_notice(asked: RunSettings, kept: RunSettings, months: int) -> str:
    """What the person is told when a run was cut to the budget."""
    return (
        f"{asked.paths:,} simulated futures over {months} months is more than this shared "
        f"server runs for one plan; showing the first {kept.paths:,} of them (the same seed, "
        "so the same futures). The command line runs up to "
        f"{MAX_PATHS:,}: `python -m sim run`."
    )


# --- the process -------------------------------------------------------------------------

_frozen = False


def freeze_long_lived_objects() -> None:
    """Once per process, after the first run: move every object alive now (the imported
    libraries, the schema, the presets) out of the garbage collector's view.

    Streamlit runs a full collection after every script run (``runner.postScriptGC``) to keep
    memory down. It traverses every tracked object, and with pandas, Altair and the engine
    loaded that took ~70 ms of a ~280 ms rerun, in the one process that serves every visitor.
    Frozen objects are skipped (``gc.freeze``), so the collection costs a few ms and still
    frees what the runs leave behind."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


# --- cached computations ----------------------------------------------------------------


@st.cache_data(max_entries=FULL_RUNS_KEPT, ttl=FULL_RUN_TTL_S, show_spinner=False)
def _simulate(scenario_json: str, paths: int, seed: int) -> Results:
    return simulate(Scenario.model_validate_json(scenario_json), paths, seed)


@dataclass(frozen=True)
class RunKey:
    """What identifies a cached run: a few kB to keep where the run itself (~10 MB at 2,000
    paths) must not be kept, e.g. in a download button's callable, which lives as long as
    its session."""

    scenario_json: str
    paths: int
    seed: int

    @classmethod
    def of(cls, results: Results) -> RunKey:
        return cls(results.scenario.model_dump_json(), results.paths, results.seed)

    def results(self) -> Results:
        """The run, from the cache (simulated again only if it has been evicted)."""
        return _simulate(self.scenario_json, self.paths, self.seed)


T = TypeVar("T")


def _with_spinner(
    cached: Callable[[str, int, int], T], scenario: Scenario, settings: RunSettings
) -> T:
    """``cached(scenario_json, paths, seed)``, under a spinner for large runs (a cache hit
    returns before the spinner shows)."""
    key = scenario.model_dump_json()
    if settings.paths >= LARGE_RUN_PATHS:
        with st.spinner(f"Simulating {settings.paths:,} futures…"):
            return cached(key, settings.paths, settings.seed)
    return cached(key, settings.paths, settings.seed)


def run(scenario: Scenario, settings: RunSettings) -> Results:
    """The cached run of ``scenario`` with ``settings`` (a spinner for large runs)."""
    return _with_spinner(_simulate, scenario, settings)


@st.cache_data(max_entries=2048, ttl=3600, show_spinner=False)
def _summary(scenario_json: str, paths: int, seed: int) -> Summary:
    scenario = Scenario.model_validate_json(scenario_json)
    there: Summary | None = cluster.run_one_there(RunTask(scenario, paths, seed))
    return there if there is not None else simulate(scenario, paths, seed).summary


def summary(scenario: Scenario, paths: int, seed: int) -> Summary:
    """Only the summary of a run: small, so sweeps can cache thousands of them."""
    return _summary(scenario.model_dump_json(), paths, seed)


def summaries(
    scenarios: Sequence[Scenario | None],
    paths: int,
    seed: int,
    on_done: Callable[[int, int], None],
) -> list[Summary | None]:
    """The summaries of many runs in order (None for None); ``on_done(done, index)`` after
    each. On the server's Dask cluster, if it has one (ui/cluster.py), all at once; else
    here, one after the other, each cached as ``summary`` caches it."""
    out: list[Summary | None] = [None] * len(scenarios)
    done = 0

    def finished(index: int) -> None:
        nonlocal done
        done += 1
        on_done(done, index)

    todo = [i for i, s in enumerate(scenarios) if s is not None]
    tasks = [RunTask(s, paths, seed) for s in scenarios if s is not None]
    for k, result in enumerate(cluster.run_there(tasks, lambda k: finished(todo[k])) or []):
        out[todo[k]] = result
    for i, scenario in enumerate(scenarios):
        if scenario is None or out[i] is None:
            out[i] = None if scenario is None else summary(scenario, paths, seed)
            finished(i)
    return out


@st.cache_data(max_entries=2048, ttl=3600, show_spinner=False)
def _goal_measures(
    scenario_json: str,
    paths: int,
    seed: int,
    kind: GoalKind,
    month: int,
    followers: float,
    limit_kind: LimitKind,
) -> tuple[float, float]:
    goal = Goal(kind, month, 0.0, followers, limit_kind)
    scenario = Scenario.model_validate_json(scenario_json)
    reduce = partial(raw_measures, goal=goal)
    there = cluster.run_one_there(RunTask(scenario, paths, seed, reduce))
    if there is not None:
        return float(there[0]), float(there[1])
    return raw_measures(simulate(scenario, paths, seed), goal)


def goal_raw_measures(scenario: Scenario, goal: Goal, paths: int, seed: int) -> tuple[float, float]:
    """The goal's statistic for one candidate scenario and the share of futures that burn out
    or quit (the goal's limit kind), before the target and the limit are applied: cached, so
    moving either reuses every run."""
    return _goal_measures(
        scenario.model_dump_json(),
        paths,
        seed,
        goal.kind,
        goal.month,
        goal.followers,
        goal.limit_kind,
    )


def goal_measure(scenario: Scenario, goal: Goal, paths: int, seed: int) -> float:
    """The goal's statistic for one candidate scenario, within the goal's limit on burnout or
    quitting (what the search compares with the target)."""
    return within_limit(*goal_raw_measures(scenario, goal, paths, seed), goal)


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _diary(scenario_json: str, paths: int, seed: int, path: int) -> Diary:
    return trace_path(Scenario.model_validate_json(scenario_json), paths, seed, path)


def diary(scenario: Scenario, settings: RunSettings, path: int) -> Diary:
    """The weekly diary of one path of the run (scenario, settings)."""
    return _diary(scenario.model_dump_json(), settings.paths, settings.seed, path)


@dataclass(frozen=True)
class PlanView:
    """What the Plan page draws of one run, without its per-future arrays (~40 kB)."""

    summary: Summary
    charts: dict[str, dict[str, Any]]
    """Vega-Lite specs filled with the run's quantiles (``ui.plan_charts``)."""
    reasons: tuple[str, ...]
    """Why the plan does or doesn't work out (``sim.analysis.advice.reasons``)."""


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _plan_view(scenario_json: str, paths: int, seed: int) -> PlanView:
    from ui import plan_charts

    # simulated here, not through ``_simulate``: opening a plan never keeps its whole run
    results = simulate(Scenario.model_validate_json(scenario_json), paths, seed)
    return PlanView(results.summary, plan_charts.specs(results), tuple(reasons(results)))


def plan_view(scenario: Scenario, settings: RunSettings) -> PlanView:
    """The Plan page's figures, charts and reasons for one run (cached; a spinner for large
    runs)."""
    return _with_spinner(_plan_view, scenario, settings)


def run_summary(scenario: Scenario, settings: RunSettings) -> Summary:
    """The summary of ``run(scenario, settings)``, from the Plan page's cached view."""
    return plan_view(scenario, settings).summary
