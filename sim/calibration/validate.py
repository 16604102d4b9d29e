"""The model against every outcome target: its figure, a Monte Carlo interval, in or out.

This is the table the methodology page shows ("How the model compares with what creators
report") and the test suite checks. Each target's population is simulated with the current
presets; the interval is a bootstrap over the population's paths, resampled within each
simulated creator, so it says how much the figure would move with another draw of luck.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from sim.calibration.populations import (
    Mapper,
    Params,
    PopulationRun,
    serial_map,
    simulate_population,
    stable_seed,
)
from sim.calibration.rows import Population, Target
from sim.calibration.statistics import STATISTICS
from sim.calibration.targets import TargetSet, default_targets
from sim.model.presets import plans
from sim.model.scenario import Scenario

VALIDATION_FILE = "validation.json"
INTERVAL = 0.9


@dataclass(frozen=True)
class Row:
    """One target with the model's figure."""

    id: str
    section: str
    figure: str
    source: str
    population: str
    statistic: str
    value: float
    tolerance: float
    status: str
    quality: str
    gap_reason: str | None
    model: float
    model_low: float
    model_high: float
    inside: bool

    @classmethod
    def of(cls, t: Target, population: str, model: float, low: float, high: float) -> Row:
        """Target ``t`` (of the population labelled ``population``) with the model's figure
        and its interval."""
        return cls(
            id=t.id,
            section=t.section,
            figure=t.figure,
            source=t.source,
            population=population,
            statistic=t.statistic,
            value=t.value,
            tolerance=t.tolerance,
            status=t.status,
            quality=t.quality,
            gap_reason=t.gap_reason,
            model=model,
            model_low=low,
            model_high=high,
            inside=math.isfinite(model) and t.inside(model),
        )

    @property
    def verdict(self) -> str:
        """'inside', 'outside' or 'documented gap'."""
        if self.status == "gap":
            return "documented gap"
        return "inside" if self.inside else "outside"


def bootstrap_interval(
    run: PopulationRun, target: Target, resamples: int, seed: int
) -> tuple[float, float]:
    """A percentile bootstrap interval of the statistic, resampling paths within creators."""
    stat = STATISTICS[target.statistic]
    rng = np.random.default_rng(stable_seed("bootstrap", seed, target.id))
    groups = [np.flatnonzero(run.variant_of_path == i) for i in range(len(run.variants))]
    values = []
    for _ in range(resamples):
        index = np.concatenate([g[rng.integers(0, g.size, g.size)] for g in groups if g.size])
        value = stat(run.subset(index), target)
        if math.isfinite(value):
            values.append(value)
    if not values:
        return math.nan, math.nan
    tail = (1.0 - INTERVAL) / 2.0
    return float(np.quantile(values, tail)), float(np.quantile(values, 1.0 - tail))


def validate(
    targets: TargetSet | None = None,
    *,
    params: Params | None = None,
    variants: int = 12,
    paths: int = 300,
    seed: int = 0,
    resamples: int = 100,
    only: Iterable[str] | None = None,
    mapper: Mapper = serial_map,
) -> list[Row]:
    """Every target (or those in ``only``) with the model's figure and interval."""
    targets = targets or default_targets()
    chosen = [t for t in targets.targets if only is None or t.id in set(only)]
    runs: dict[str, PopulationRun] = {}
    rows = []
    for t in chosen:
        if t.population not in runs:
            runs[t.population] = simulate_population(
                targets.populations[t.population],
                params,
                variants=variants,
                paths=paths,
                seed=seed,
                mapper=mapper,
            )
        run = runs[t.population]
        model = STATISTICS[t.statistic](run, t)
        low, high = bootstrap_interval(run, t, resamples, seed) if resamples else (model, model)
        rows.append(Row.of(t, targets.populations[t.population].label, model, low, high))
    return rows


def write_validation(rows: list[Row], provenance: dict[str, Any]) -> str:
    """The validation table as JSON, with how it was made."""
    document = {
        "provenance": {
            **provenance,
            "created_utc": datetime.now(UTC).replace(microsecond=0).isoformat(),
        },
        "rows": [asdict(r) for r in rows],
    }
    return json.dumps(document, indent=1, allow_nan=True) + "\n"


def shipped_validation() -> tuple[list[Row], dict[str, Any]]:
    """The validation table shipped with this build (made by ``python -m sim calibrate``)."""
    rows, provenance = _shipped()
    return list(rows), dict(provenance)


@cache
def _shipped() -> tuple[tuple[Row, ...], dict[str, Any]]:
    path = resources.files(__package__).joinpath(VALIDATION_FILE)
    if not path.is_file():
        return (), {}
    document = json.loads(path.read_text("utf-8"))
    return tuple(Row(**r) for r in document["rows"]), dict(document["provenance"])


def _in_population(scenario: Scenario, pop: Population) -> bool:
    """The plan is one of the population's: its platform, a follower count in the range, and
    part- or full-time as the population's plans are."""
    lo, hi = pop.followers
    full_time = scenario.job_hours_per_week <= 0
    kinds = {float(plans()[name].values.get("job_hours_per_week", 40.0)) <= 0 for name in pop.plans}
    return (
        scenario.platform in pop.platforms
        and lo <= scenario.start_followers <= hi
        and (full_time in kinds)
    )


VERDICT_SECTIONS = frozenset({"Who earns money", "Outcomes", "Burnout", "Hours"})
"""Sections whose misses bear on a verdict (engagement and growth definitions, or a price per
post, differ between sources without changing what a plan earns)."""


def known_misses(scenario: Scenario, limit: int = 2) -> list[tuple[Row, Target]]:
    """The documented misses (a target outside its tolerance, with its reason) and gaps whose
    population the plan belongs to, the narrowest population first: where the model is known
    to say something other than the surveys for people like this one."""
    rows, _ = shipped_validation()
    targets = default_targets()
    by_id = {t.id: t for t in targets.targets}
    found: list[tuple[float, Row, Target]] = []
    for row in rows:
        t = by_id.get(row.id)
        if t is None or row.inside or not (t.miss_reason or (t.status == "gap" and t.caveat)):
            continue
        if t.section not in VERDICT_SECTIONS:  # a definition apart, not an outcome
            continue
        pop = targets.populations[t.population]
        if _in_population(scenario, pop):
            width = math.log(pop.followers[1] / pop.followers[0]) * len(pop.platforms)
            found.append((width, row, t))
    found.sort(key=lambda f: f[0])
    out: list[tuple[Row, Target]] = []
    for _, row, t in found:
        if all(t.source != seen.source for _, seen in out):  # one line a survey
            out.append((row, t))
    return out[:limit]
