"""A survey's population as creators to simulate, and running them.

A population is spread evenly, not sampled: its ``variants`` creators take the platforms and
plans in proportion to their weights (largest remainder), cycle through the niches and the
start months, and spread their starting followers log-uniformly over the range. The same
population with the same variant count is always the same set of creators, and each creator's
seed derives from the root seed and its name, so every calibration draw meets the same luck
(common random numbers) and the statistic moves only because the parameters did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.calibration.rows import Population
from sim.model.engine import BlockOutput, FeeLog, run_all
from sim.model.presets import niches, plans
from sim.model.scenario import Scenario

PACE_SPREAD = (0.6, 1.6)
"""Creators on the same plan post between 0.6 and 1.6 times its pace (an assumption: the hours
surveys find a spread, ConvertKit 2022's 28% of full-time creators at 40+ hours a week among
them)."""
CALIBRATION_NICHES = ("beauty", "fashion", "fitness", "food", "tech", "travel")
"""The niches the populations cycle through: the six the calibration was run with. Niches added
later (gaming, comedy, lifestyle, education: assumptions placed relative to these, see
sim/model/presets/v3/niches.toml) stay out, so adding a niche changes no population, no calibrated
value and no validation figure."""
Params = Mapping[str, Mapping[str, float]]
"""Parameter values to impose: field -> {platform or "*": value}."""


@dataclass(frozen=True)
class Variant:
    """One simulated creator of a population."""

    index: int
    platform: str
    plan: str
    scenario: Scenario

    @property
    def part_time(self) -> bool:
        return self.scenario.job_hours_per_week > 0


def _counts(weights: Mapping[str, float], total: int) -> list[str]:
    """``total`` labels in proportion to ``weights`` (largest remainder), in a fixed order."""
    keys = sorted(weights)
    norm = sum(weights.values())
    exact = [weights[k] / norm * total for k in keys]
    counts = [int(x) for x in exact]
    order = sorted(range(len(keys)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return [k for k, c in zip(keys, counts, strict=True) for _ in range(c)]


def stable_seed(*parts: object) -> int:
    """A 32-bit seed from text, the same on every machine and Python version."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "little")


def param_values(params: Params, platform: str) -> dict[str, float]:
    """The imposed values for one platform (a platform's own value beats ``"*"``)."""
    out: dict[str, float] = {}
    for name, by_platform in params.items():
        if platform in by_platform:
            out[name] = by_platform[platform]
        elif "*" in by_platform:
            out[name] = by_platform["*"]
    return out


def build_population(pop: Population, variants: int, params: Params | None = None) -> list[Variant]:
    """The population's creators, with ``params`` imposed on each."""
    rng = np.random.default_rng(stable_seed("population", pop.name))
    platforms = _counts(pop.platforms, variants)
    plan_names = _counts(pop.plans, variants)
    rng.shuffle(plan_names)  # mix plans across platforms
    quantiles = (rng.permutation(variants) + 0.5) / variants
    paces = (rng.permutation(variants) + 0.5) / variants
    lo, hi = np.log(pop.followers[0]), np.log(pop.followers[1])
    niche_keys = sorted(n for n in niches() if n in CALIBRATION_NICHES)
    all_plans = plans()
    out = []
    for i in range(variants):
        platform = platforms[i]
        fields: dict[str, Any] = dict(all_plans[plan_names[i]].values)
        # creators on one plan differ in pace (model version 3): posts a week spread
        # log-uniformly over PACE_SPREAD times the plan's, so hours differ as surveys find
        pace = float(
            np.exp(np.log(PACE_SPREAD[0]) + paces[i] * np.log(PACE_SPREAD[1] / PACE_SPREAD[0]))
        )
        fields.update(
            months=pop.months,
            start_followers=round(float(np.exp(lo + quantiles[i] * (hi - lo)))),
            start_month=(i * 5) % 12 + 1,
            posts_per_week=round(float(fields.get("posts_per_week", 3.0)) * pace * 2) / 2,
            model_parameter_uncertainty=False,
        )
        fields.update(param_values(params or {}, platform))
        scenario = Scenario.from_preset(platform, niche_keys[i % len(niche_keys)], **fields)
        out.append(Variant(i, platform, plan_names[i], scenario))
    return out


@dataclass(frozen=True)
class PopulationRun:
    """Every path of every creator of a population, pooled."""

    population: Population
    variants: tuple[Variant, ...]
    monthly: dict[str, NDArray[Any]]  # (path, month), paths of all variants in turn
    variant_of_path: NDArray[np.int64]
    ever_strain: NDArray[np.bool_]
    ever_burnout: NDArray[np.bool_]
    fees: FeeLog  # paths numbered within the pooled run

    @property
    def paths(self) -> int:
        return int(self.variant_of_path.size)

    def subset(self, index: NDArray[np.int64]) -> PopulationRun:
        """The run restricted to (or resampled as) ``index``: repeats allowed, fees follow."""
        order = np.argsort(self.fees.path, kind="stable")
        counts = np.bincount(self.fees.path, minlength=self.paths)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        take = counts[index]
        rows = order[np.repeat(starts[index], take) + _ranges(take)]
        new_path = np.repeat(np.arange(index.size), take)
        return PopulationRun(
            population=self.population,
            variants=self.variants,
            monthly={k: v[index] for k, v in self.monthly.items()},
            variant_of_path=self.variant_of_path[index],
            ever_strain=self.ever_strain[index],
            ever_burnout=self.ever_burnout[index],
            fees=FeeLog(new_path, self.fees.month[rows], self.fees.fee_usd[rows]),
        )


def _ranges(lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """0..n-1 for each n in ``lengths``, concatenated."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    offsets = np.repeat(ends - lengths, lengths)
    return np.arange(total, dtype=np.int64) - offsets


VariantTask = tuple[Scenario, int, int]
"""(scenario, paths, seed): one creator's run."""


def run_variant(task: VariantTask) -> BlockOutput:
    """One creator's futures, keeping every paid fee (a top-level function: picklable)."""
    scenario, paths, seed = task
    return run_all(scenario, paths, seed, collect_fees=True)


Mapper = Callable[[Callable[[VariantTask], BlockOutput], Sequence[VariantTask]], list[Any]]
"""Maps a function over tasks in order (``Executor.map``: a failed task gives a ``TaskError``)."""


def serial_map(fn: Callable[[VariantTask], BlockOutput], tasks: Sequence[VariantTask]) -> list[Any]:
    return [fn(t) for t in tasks]


def variant_tasks(
    pop: Population, variants: list[Variant], paths: int, seed: int
) -> list[VariantTask]:
    """Each creator's run; its seed derives from the root seed and the creator's identity."""
    return [(v.scenario, paths, stable_seed(seed, pop.name, v.index)) for v in variants]


def pool_outputs(
    pop: Population, variants: list[Variant], outputs: Sequence[BlockOutput]
) -> PopulationRun:
    """Pool the creators' outputs into one run."""
    sizes = [o.ever_strain.size for o in outputs]
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    logs = [o.fee_log for o in outputs]
    fees = FeeLog(
        np.concatenate([lg.path + off for lg, off in zip(logs, offsets, strict=True) if lg]),
        np.concatenate([lg.month for lg in logs if lg]),
        np.concatenate([lg.fee_usd for lg in logs if lg]),
    )
    return PopulationRun(
        population=pop,
        variants=tuple(variants),
        monthly={k: np.concatenate([o.monthly[k] for o in outputs]) for k in outputs[0].monthly},
        variant_of_path=np.repeat(np.arange(len(outputs)), sizes).astype(np.int64),
        ever_strain=np.concatenate([o.ever_strain for o in outputs]),
        ever_burnout=np.concatenate([o.ever_burnout for o in outputs]),
        fees=fees,
    )


def simulate_population(
    pop: Population,
    params: Params | None = None,
    *,
    variants: int = 12,
    paths: int = 200,
    seed: int = 0,
    mapper: Mapper = serial_map,
) -> PopulationRun:
    """Simulate every creator of ``pop`` with ``params`` imposed."""
    built = build_population(pop, variants, params)
    outputs = mapper(run_variant, variant_tasks(pop, built, paths, seed))
    failed = [o for o in outputs if not isinstance(o, BlockOutput)]
    if failed:
        raise RuntimeError(f"{len(failed)} creators of {pop.name} failed: {failed[0]}")
    return pool_outputs(pop, built, outputs)
