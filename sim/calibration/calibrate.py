"""Estimate the model's uncertain parameters from the outcome targets.

Method: approximate Bayesian computation (ABC) by rejection, in stages, with one refinement.

- Why ABC: the targets are a handful of published shares and medians of very different
  quality, and the model has no likelihood to write down. ABC needs only the ability to
  simulate, turns each target's tolerance (its source's quality) into the acceptance rule,
  and returns a posterior *sample*: the parameter values that reproduce the surveys, and how
  much they are allowed to vary. Simulated method of moments would give a point and a
  Hessian-based interval that the Monte Carlo noise and the bounds of the tolerances make
  unreliable here.
- Stages: the parameters fall in blocks that each answer to their own targets (growth and
  churn to growth surveys; deal flow and gifting to "who ever got a deal"; fee level and
  spread to price and income surveys; strain to burnout surveys). Each stage draws its block
  over its prior box (Latin hypercube), simulates the stage's populations with the earlier
  stages' estimates fixed, and accepts the draws whose standardised distance to the targets
  is at most 1 (the targets within their tolerances on average); if too few pass, the nearest
  ``min_accept`` are kept (k-nearest ABC). A second round redraws inside the box the
  accepted draws span (widened by a fifth), which sharpens the sample at the same cost.
- Every draw meets the same simulated creators with the same seeds (common random numbers),
  so distances differ because of the parameters, not the luck.
- The estimate is the median of the accepted draws (model version 3: a summary of the
  posterior, inside its own interval; version 2 shipped the single draw nearest the targets,
  which could fall outside it); the uncertainty is the accepted sample's 5-95% range (the
  parameter values that keep every stage's targets within their tolerances on average), and
  the engine draws each future's own parameters from that sample (``Structural``). What a
  creator cannot know (their pay, deal flow and growth relative to the median) is drawn per
  future with the calibrated spread: the surveys
  describe a population of creators, so that spread is what they say, and it is already the
  spread of our ignorance about one person. Widening it by the posterior's own spread was
  tried and dropped: the futures then spread wider than the surveys the spread was fitted to.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, Field, model_validator

from sim.calibration.populations import simulate_population, stable_seed
from sim.calibration.rows import Population, Target
from sim.calibration.statistics import STATISTICS
from sim.calibration.targets import TargetSet
from sim.model.presets import PLATFORMS, preset_values

Kind = Literal["set", "scale"]


@dataclass(frozen=True)
class Parameter:
    """One calibrated parameter: a field set to a value, or each platform's value scaled."""

    name: str
    field: str
    kind: Kind
    low: float
    high: float
    log: bool
    stage: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("growth_scale", "base_followers_per_post", "scale", 0.3, 4.0, True, "growth"),
    Parameter("growth_elasticity", "growth_elasticity", "set", 0.5, 1.0, False, "growth"),
    Parameter("churn_scale", "weekly_churn_rate", "scale", 0.25, 3.0, True, "growth"),
    Parameter("deal_scale", "inbound_deals_per_month_at_10k", "scale", 0.01, 5.0, True, "deals"),
    Parameter("deal_follower_elasticity", "deal_follower_elasticity", "set", 0.5, 2.0, False,
              "deals"),
    Parameter("deal_rate_creator_sigma", "deal_rate_creator_sigma", "set", 0.2, 2.8, False,
              "deals"),
    Parameter("pitch_response_rate_at_10k", "pitch_response_rate_at_10k", "set", 0.001, 0.05,
              True, "deals"),
    Parameter("gifted_share_max", "gifted_share_max", "set", 0.3, 0.95, False, "deals"),
    Parameter("fee_scale", "fee_usd_at_1k_followers", "scale", 0.2, 5.0, True, "fees"),
    Parameter("fee_follower_elasticity", "fee_follower_elasticity", "set", 0.5, 1.2, False,
              "fees"),
    Parameter("fee_creator_sigma", "fee_creator_sigma", "set", 0.3, 2.0, False, "fees"),
    Parameter("creative_pressure_hours_per_post", "creative_pressure_hours_per_post", "set",
              0.0, 6.0, False, "burnout"),
    Parameter("money_stress_hours", "money_stress_hours", "set", 0.0, 30.0, False, "burnout"),
    Parameter("strain_report_fatigue", "strain_report_fatigue", "set", 0.1, 0.8, False,
              "burnout"),
    Parameter("fatigue_capacity_hours", "fatigue_capacity_hours", "set", 80.0, 800.0, True,
              "burnout"),
    Parameter("quit_probability_on_burnout", "quit_probability_on_burnout", "set", 0.0, 0.6,
              False, "burnout"),
)  # fmt: skip
STAGES: tuple[str, ...] = ("growth", "deals", "fees", "burnout")


def stage_parameters(stage: str) -> list[Parameter]:
    return [p for p in PARAMETERS if p.stage == stage]


def _base_value(field_name: str, platform: str) -> float:
    """A field's value in a platform's preset before calibration (any niche: not niche-set)."""
    return float(preset_values(platform, "fashion", calibrated=False)[field_name])


def to_params(values: dict[str, float]) -> dict[str, dict[str, float]]:
    """Calibrated parameter values -> the field values they impose, per platform."""
    out: dict[str, dict[str, float]] = {}
    by_name = {p.name: p for p in PARAMETERS}
    for name, value in values.items():
        p = by_name[name]
        if p.kind == "set":
            out[p.field] = {"*": value}
        else:
            out[p.field] = {pl: _base_value(p.field, pl) * value for pl in PLATFORMS}
    return out


@dataclass
class StageResult:
    """One stage's posterior sample and its estimate."""

    stage: str
    names: list[str]
    draws: list[list[float]]  # accepted draws of the last round
    distances: list[float]
    best: dict[str, float]
    best_distance: float
    evaluated: int
    seconds: float
    target_ids: list[str] = field(default_factory=list)
    best_stats: dict[str, float] = field(default_factory=dict)

    @property
    def estimate(self) -> dict[str, float]:
        """The value shipped for each parameter: the median of the accepted draws (the
        geometric median for a parameter searched on a log scale), a summary of the posterior
        inside its own interval, not the single draw nearest the targets (``best``)."""
        out: dict[str, float] = {}
        logs = {p.name for p in PARAMETERS if p.log}
        for i, name in enumerate(self.names):
            column = np.array([d[i] for d in self.draws], dtype=np.float64)
            if name in logs:
                out[name] = float(np.exp(np.median(np.log(column))))
            else:
                out[name] = float(np.median(column))
        return out

    def interval(self, name: str) -> tuple[float, float]:
        column = np.array([d[self.names.index(name)] for d in self.draws])
        return float(np.quantile(column, 0.05)), float(np.quantile(column, 0.95))


@dataclass(frozen=True)
class Evaluation:
    """A stage's targets evaluated for one population under one parameter draw."""

    population: Population
    params: dict[str, dict[str, float]]
    targets: tuple[Target, ...]
    variants: int
    paths: int
    seed: int


def evaluate(task: Evaluation) -> dict[str, float]:
    """Statistic of every target of one population under one draw (picklable: runs on any
    worker)."""
    run = simulate_population(
        task.population, task.params, variants=task.variants, paths=task.paths, seed=task.seed
    )
    return {t.id: STATISTICS[t.statistic](run, t) for t in task.targets}


def distance(stats: dict[str, float], targets: Sequence[Target]) -> float:
    """Root mean square of (model - published) / tolerance; a missing figure counts 10."""
    terms = []
    for t in targets:
        z = t.miss(stats.get(t.id, math.nan))
        terms.append(z * z)
    return math.sqrt(sum(terms) / len(terms)) if terms else 0.0


def latin_hypercube(
    params: list[Parameter], boxes: dict[str, tuple[float, float]], n: int, seed: int
) -> list[dict[str, float]]:
    """``n`` draws, each parameter's range cut in ``n`` strata (log scale where marked)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for p in params:
        lo, hi = boxes[p.name]
        u = (rng.permutation(n) + rng.random(n)) / n
        if p.log:
            columns[p.name] = np.exp(np.log(lo) + u * (np.log(hi) - np.log(lo)))
        else:
            columns[p.name] = lo + u * (hi - lo)
    return [{p.name: float(columns[p.name][i]) for p in params} for i in range(n)]


MapFn = Callable[[Callable[[Evaluation], dict[str, float]], Sequence[Evaluation]], list[Any]]


def run_stage(
    stage: str,
    targets: TargetSet,
    fixed: dict[str, float],
    *,
    draws: int,
    rounds: int = 2,
    variants: int = 8,
    paths: int = 150,
    seed: int = 0,
    min_accept: int = 5,
    mapper: MapFn,
    progress: Callable[[str], None] | None = None,
    parameters: list[Parameter] | None = None,
) -> StageResult:
    """ABC for one stage: ``rounds`` rounds of ``draws`` draws each."""
    started = time.perf_counter()
    params = parameters or stage_parameters(stage)
    chosen = targets.by_stage(stage)
    pops = sorted({t.population for t in chosen})
    boxes = {p.name: (p.low, p.high) for p in params}
    evaluated = 0
    accepted: list[tuple[float, dict[str, float], dict[str, float]]] = []
    for round_ in range(rounds):
        thetas = latin_hypercube(params, boxes, draws, stable_seed("lhs", seed, stage, round_))
        tasks = [
            Evaluation(
                population=targets.populations[pop],
                params=to_params({**fixed, **theta}),
                targets=tuple(t for t in chosen if t.population == pop),
                variants=variants,
                paths=paths,
                seed=seed,
            )
            for theta in thetas
            for pop in pops
        ]
        results = mapper(evaluate, tasks)
        evaluated += len(thetas)
        scored = []
        for i, theta in enumerate(thetas):
            stats: dict[str, float] = {}
            for part in results[i * len(pops) : (i + 1) * len(pops)]:
                if isinstance(part, dict):
                    stats.update(part)
            scored.append((distance(stats, chosen), theta, stats))
        scored.sort(key=lambda s: s[0])
        keep = max(min_accept, sum(1 for s in scored if s[0] <= 1.0))
        keep = min(keep, len(scored))
        accepted = scored[:keep]
        if progress:
            progress(
                f"{stage}: round {round_ + 1}/{rounds}, {draws} draws, best distance "
                f"{accepted[0][0]:.2f}, {sum(1 for s in scored if s[0] <= 1.0)} within tolerance"
            )
        if round_ + 1 < rounds:
            boxes = _shrunk(params, [a[1] for a in accepted], boxes)
    best_distance, best, best_stats = accepted[0]
    names = [p.name for p in params]
    return StageResult(
        stage=stage,
        names=names,
        draws=[[a[1][n] for n in names] for a in accepted],
        distances=[a[0] for a in accepted],
        best=best,
        best_distance=best_distance,
        evaluated=evaluated,
        seconds=time.perf_counter() - started,
        target_ids=[t.id for t in chosen],
        best_stats=best_stats,
    )


def _shrunk(
    params: list[Parameter],
    kept: list[dict[str, float]],
    boxes: dict[str, tuple[float, float]],
) -> dict[str, tuple[float, float]]:
    """The box spanned by the kept draws, widened by a fifth, inside the prior."""
    out = {}
    for p in params:
        values = np.array([k[p.name] for k in kept])
        lo, hi = (
            (np.log(values) if p.log else values).min(),
            (np.log(values) if p.log else values).max(),
        )
        pad = 0.2 * max(hi - lo, 1e-9)
        lo, hi = lo - pad, hi + pad
        if p.log:
            lo, hi = math.exp(lo), math.exp(hi)
        prior = (p.low, p.high)
        out[p.name] = (max(prior[0], float(lo)), min(prior[1], float(hi)))
    return out


@dataclass
class Calibration:
    """Every stage's result, in order, with how it was run."""

    stages: list[StageResult]
    settings: dict[str, Any]

    def values(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for s in self.stages:
            out.update(s.estimate)
        return out


def calibrate(
    targets: TargetSet,
    *,
    draws: int = 48,
    rounds: int = 2,
    variants: int = 8,
    paths: int = 150,
    seed: int = 0,
    stages: Sequence[str] = STAGES,
    passes: int = 2,
    mapper: MapFn,
    progress: Callable[[str], None] | None = None,
) -> Calibration:
    """All stages in order, each with every other stage's latest estimates fixed; then again
    (``passes``): a later stage moves an earlier stage's figures (the strain stage changes who
    rests or quits, and so what they earn), and a second pass lets each stage answer that."""
    fixed = start_values()
    latest: dict[str, StageResult] = {}
    for number in range(passes):
        for stage in stages:
            result = run_stage(
                stage,
                targets,
                fixed,
                draws=draws,
                rounds=rounds,
                variants=variants,
                paths=paths,
                seed=stable_seed(seed, "pass", number) if number else seed,
                mapper=mapper,
                progress=progress,
            )
            fixed.update(result.estimate)
            latest[stage] = result
    settings = dict(
        draws=draws,
        rounds=rounds,
        variants=variants,
        paths=paths,
        seed=seed,
        stages=list(stages),
        passes=passes,
    )
    return Calibration([latest[s] for s in stages], settings)


def start_values() -> dict[str, float]:
    """Every parameter at its uncalibrated preset value (scales at 1)."""
    base = preset_values("instagram", "fashion", calibrated=False)
    return {p.name: 1.0 if p.kind == "scale" else float(base[p.field]) for p in PARAMETERS}


# --- writing the result ------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return format(x, ".4g")


def calibrated_toml(cal: Calibration, when: str) -> str:
    """The current preset version's ``calibrated.toml``: each calibrated field per platform,
    with its source (the stage, the estimate, the interval and the targets it answers to)."""
    values = cal.values()
    params = to_params(values)
    lines = [
        "# Written by `python -m sim calibrate` on " + when + "; do not edit by hand.",
        "# Each value is the median of the accepted draws that match the outcome targets",
        "# (sim/calibration/targets.toml);",
        "# the full posterior sample and provenance are in sim/calibration/posterior.json.",
        "",
    ]
    by_field = {p.field: p for p in PARAMETERS}
    stage_of = {name: s for s in cal.stages for name in s.names}
    sections: dict[str, list[str]] = {"common": []}
    for field_name, per_platform in sorted(params.items()):
        p = by_field[field_name]
        s = stage_of[p.name]
        lo, hi = s.interval(p.name)
        source = (
            f"calibrated (ABC, stage {s.stage}, {s.evaluated} draws): {p.name} = "
            f"{_fmt(values[p.name])}, 90% interval {_fmt(lo)}-{_fmt(hi)}; targets: "
            + ", ".join(s.target_ids)
        )
        for platform, value in per_platform.items():
            section = "common" if platform == "*" else platform
            sections.setdefault(section, []).append(
                f"{field_name} = {{ value = {_fmt(value)}, source = {json.dumps(source)} }}"
            )
    for section, entries in sections.items():
        if entries:
            lines.append(f"[{section}]")
            lines.extend(entries)
            lines.append("")
    return "\n".join(lines)


def posterior_json(cal: Calibration, provenance: dict[str, Any]) -> str:
    """The posterior sample of every stage, the estimates and how they were made."""
    document = {
        "method": "ABC rejection in stages, Latin hypercube draws, one refinement round",
        "provenance": {
            **provenance,
            "created_utc": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "settings": cal.settings,
        },
        "estimates": cal.values(),
        "imposed": final_params(cal),
        "stages": [
            {
                "stage": s.stage,
                "parameters": s.names,
                "best": s.best,
                "best_distance": s.best_distance,
                "intervals_90": {n: s.interval(n) for n in s.names},
                "draws_evaluated": s.evaluated,
                "seconds": round(s.seconds, 1),
                "targets": s.target_ids,
                "model_at_best": s.best_stats,
                "accepted": [
                    {"distance": d, **dict(zip(s.names, draw, strict=True))}
                    for d, draw in zip(s.distances, s.draws, strict=True)
                ],
            }
            for s in cal.stages
        ],
    }
    return json.dumps(document, indent=1) + "\n"


def final_params(cal: Calibration) -> dict[str, dict[str, float]]:
    """The field values the calibrated preset imposes."""
    return to_params(cal.values())


Finite = Annotated[float, Field(allow_inf_nan=False)]


class _PosteriorStage(BaseModel):
    """One stage of a posterior file, as ``posterior_json`` writes it (other keys ignored)."""

    stage: str
    parameters: list[str] = Field(min_length=1)
    accepted: list[dict[str, Finite]] = Field(min_length=1)
    best: dict[str, Finite]
    best_distance: Finite
    draws_evaluated: int = Field(ge=0)
    seconds: Finite
    targets: list[str]
    model_at_best: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> _PosteriorStage:
        if self.stage not in STAGES:
            raise ValueError(f"unknown stage {self.stage!r}; stages are {', '.join(STAGES)}")
        known = {p.name for p in stage_parameters(self.stage)}
        unknown = set(self.parameters) - known
        if unknown:
            raise ValueError(f"stage {self.stage}: unknown parameters {sorted(unknown)}")
        if set(self.best) != set(self.parameters):
            raise ValueError(f"stage {self.stage}: best must give every parameter")
        for draw in self.accepted:
            if not {"distance", *self.parameters} <= set(draw):
                raise ValueError(f"stage {self.stage}: an accepted draw lacks a parameter")
        # the search draws inside each parameter's prior (up to rounding in log space): a
        # value outside was not calibrated
        for p in stage_parameters(self.stage):
            slack = 1e-9 * max(abs(p.low), abs(p.high))
            for value in [self.best.get(p.name), *(d.get(p.name) for d in self.accepted)]:
                if value is not None and not p.low - slack <= value <= p.high + slack:
                    raise ValueError(
                        f"stage {self.stage}: {p.name} = {value:.4g} is outside its prior "
                        f"{p.low:g} to {p.high:g}"
                    )
        return self


class _PosteriorFile(BaseModel):
    """A posterior file: its provenance and at least one stage (every value finite)."""

    provenance: dict[str, Any]
    stages: list[_PosteriorStage] = Field(min_length=1)


def from_posterior(document: Any) -> Calibration:
    """A calibration read back from its posterior file (``posterior_json``); ValueError
    (pydantic's) when the document is not one: a missing or non-finite value, an unknown stage
    or parameter, no stage at all (a preset calibrated against nothing)."""
    checked = _PosteriorFile.model_validate(document)
    stages = []
    for s in checked.stages:
        names = list(s.parameters)
        stages.append(
            StageResult(
                stage=s.stage,
                names=names,
                draws=[[float(a[n]) for n in names] for a in s.accepted],
                distances=[float(a["distance"]) for a in s.accepted],
                best=dict(s.best),
                best_distance=s.best_distance,
                evaluated=s.draws_evaluated,
                seconds=s.seconds,
                target_ids=list(s.targets),
                best_stats=dict(s.model_at_best),
            )
        )
    settings = checked.provenance.get("settings", {})
    return Calibration(stages, dict(settings) if isinstance(settings, dict) else {})
