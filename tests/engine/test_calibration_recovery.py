"""Recovery: targets made by the engine from known parameters are calibrated back.

The deal-flow stage is run at a small scale on targets whose values are the engine's own
statistics at known parameters (every other parameter at its preset value, the same
populations, variants, paths and seed). The known values must fall inside the stage's
stated uncertainty (the accepted draws' 5-95% range), and the estimate must reproduce the
targets better than the prior's centre does.
"""

from __future__ import annotations

import pytest

from sim.calibration.calibrate import (
    PARAMETERS,
    Evaluation,
    distance,
    evaluate,
    run_stage,
    start_values,
    to_params,
)
from sim.calibration.populations import serial_map
from sim.calibration.targets import TargetSet, default_targets

KNOWN = {"deal_scale": 0.4, "deal_follower_elasticity": 1.3}
VARIANTS, PATHS, SEED = 4, 60, 5


def _statistics(targets: TargetSet, values: dict[str, float]) -> dict[str, float]:
    stats: dict[str, float] = {}
    chosen = targets.by_stage("deals")
    for pop in sorted({t.population for t in chosen}):
        stats.update(
            evaluate(
                Evaluation(
                    population=targets.populations[pop],
                    params=to_params(values),
                    targets=tuple(t for t in chosen if t.population == pop),
                    variants=VARIANTS,
                    paths=PATHS,
                    seed=SEED,
                )
            )
        )
    return stats


@pytest.mark.slow
def test_deal_flow_is_recovered_within_its_stated_uncertainty() -> None:
    shipped = default_targets()
    fixed = start_values()
    truth = {**fixed, **KNOWN}
    made = _statistics(shipped, truth)
    targets = TargetSet(
        targets=tuple(
            t.model_copy(update={"value": made[t.id]}) if t.id in made else t
            for t in shipped.targets
        ),
        populations=shipped.populations,
    )
    params = [p for p in PARAMETERS if p.name in KNOWN]
    result = run_stage(
        "deals",
        targets,
        fixed,
        draws=24,
        rounds=2,
        variants=VARIANTS,
        paths=PATHS,
        seed=SEED,
        mapper=serial_map,
        parameters=params,
    )
    for name, value in KNOWN.items():
        low, high = result.interval(name)
        assert low <= value <= high, (name, value, (low, high))
    chosen = targets.by_stage("deals")
    centre = {p.name: (p.low * p.high) ** 0.5 if p.log else (p.low + p.high) / 2 for p in params}
    at_centre = distance(_statistics(targets, {**fixed, **centre}), chosen)
    assert result.best_distance < at_centre
