"""The presets and the calibration that produced them.

- Every preset builds and names a source for every value; assumptions say so.
- The calibrated values shipped in the presets are the calibration's estimates
  (sim/model/presets/v3/calibrated.toml against sim/calibration/posterior.json).
- The outcome targets file describes every figure of CALIBRATION.md's outcome sections, with
  a population, a statistic the model computes and a reason for every gap.
"""

from __future__ import annotations

import json
import math
import tomllib
from importlib import resources

import pytest

from sim import Scenario
from sim.calibration.calibrate import PARAMETERS, final_params, to_params
from sim.calibration.populations import build_population
from sim.calibration.statistics import STATISTICS
from sim.calibration.targets import default_targets
from sim.model.presets import (
    PLATFORMS,
    PRESET_VERSION,
    all_presets,
    niches,
    plans,
    preset,
    preset_values,
)


def test_there_are_30_presets() -> None:
    assert len(all_presets()) == len(PLATFORMS) * len(niches()) == 30


@pytest.mark.parametrize(("platform", "niche"), all_presets(), ids="-".join)
def test_every_preset_builds_and_names_its_sources(platform: str, niche: str) -> None:
    sc = Scenario.from_preset(platform, niche)
    values = preset(platform, niche)
    for name in Scenario.model_fields:
        if name == "timeline" or name.startswith("model_"):
            continue
        assert name in values, f"{name} has no preset value"
        assert values[name].source.strip(), f"{name} names no source"
    assert sc.changed_from_preset() == {}


def test_assumptions_say_so() -> None:
    """A value without a published figure behind it says 'assumption' in its source."""
    values = preset("instagram", "fashion")
    for name in ("photo_shoot_cost_usd", "event_cost_usd", "viral_multiplier_max"):
        assert "assumption" in values[name].source.lower(), name


def test_plans_set_only_plan_fields() -> None:
    """Named starting plans are the person's choices, never model assumptions."""
    from sim.model.scenario import plan_fields

    allowed = set(plan_fields())
    for plan in plans().values():
        assert set(plan.values) <= allowed, plan.key
        Scenario.from_preset("instagram", "fashion", **plan.values)


def test_beginner_defaults_describe_a_beginner() -> None:
    """Version 2's defaults are a phone and free tools (version 1 assumed ~$3,000 a year)."""
    sc = Scenario()
    yearly = (
        sc.equipment_cost_usd
        + 12 * sc.software_usd_per_month
        + 52 * sc.posts_per_week * sc.production_cost_usd_per_post
        + 12 * sc.photo_shoots_per_month * sc.photo_shoot_cost_usd
        + sc.events_per_year * sc.event_cost_usd
    )
    assert yearly < 600


# --- the calibrated values ----------------------------------------------------------------------


def _shipped(name: str) -> str:
    return resources.files("sim").joinpath(name).read_text("utf-8")


def test_shipped_calibration_is_the_posteriors_estimate() -> None:
    """calibrated.toml holds, per platform, the field values the posterior's estimates
    impose (scales times the uncalibrated platform values, widened per-future spreads)."""
    posterior = json.loads(_shipped("calibration/posterior.json"))
    table = tomllib.loads(_shipped(f"model/presets/v{PRESET_VERSION}/calibrated.toml"))
    estimates = posterior["estimates"]
    assert set(estimates) == {p.name for p in PARAMETERS}
    imposed = posterior["imposed"]
    assert set(to_params(estimates)) <= set(imposed)
    for field, per_platform in imposed.items():
        for platform in PLATFORMS:
            expected = per_platform.get(platform, per_platform.get("*"))
            assert expected is not None
            section = table.get(platform, {}) if platform in per_platform else table["common"]
            if field not in section:  # a widened spread is written in common
                section = table["common"]
            shipped = section[field]["value"]
            assert shipped == pytest.approx(expected, rel=1e-3), (field, platform)
            assert preset_values(platform, "fashion")[field] == shipped


def test_shipped_posterior_has_its_provenance_and_a_sample() -> None:
    posterior = json.loads(_shipped("calibration/posterior.json"))
    prov = posterior["provenance"]
    for key in ("command", "model_version", "git_commit", "created_utc", "settings"):
        assert key in prov, key
    assert prov["model_version"] == 2
    for stage in posterior["stages"]:
        assert len(stage["accepted"]) >= 5, stage["stage"]
        for name, (low, high) in stage["intervals_90"].items():
            assert low <= high, name
        assert stage["model_at_best"], stage["stage"]


def test_a_posterior_file_reads_back_as_the_calibration_it_describes() -> None:
    """``--from-posterior`` rebuilds the preset and validation from a posterior file: the file
    must hold every stage's sample, estimate and targets."""
    from sim.calibration.calibrate import Calibration, StageResult, from_posterior, posterior_json

    stage = StageResult(
        "deals",
        ["deal_scale", "gifted_share_max"],
        [[0.5, 0.6], [0.7, 0.5]],
        [0.4, 0.9],
        {"deal_scale": 0.5, "gifted_share_max": 0.6},
        0.4,
        12,
        3.5,
        ["linktree_never_partnered"],
        {"linktree_never_partnered": 0.66},
    )
    cal = Calibration([stage], {"draws": 6})
    back = from_posterior(json.loads(posterior_json(cal, {"command": "test"})))
    assert back.values() == cal.values()
    assert back.stages[0].interval("deal_scale") == stage.interval("deal_scale")
    assert final_params(back) == to_params(cal.values())


# --- the targets --------------------------------------------------------------------------------

REQUIRED_SECTIONS = (
    "Who earns money",
    "Burnout",
    "Follower growth",
    "Engagement rate",
    "Outcome targets",
    "Price of a post",
)


def test_targets_cover_the_required_sections_and_name_their_sources() -> None:
    targets = default_targets()
    sections = {t.section for t in targets.targets}
    assert set(REQUIRED_SECTIONS) <= sections
    for t in targets.targets:
        assert t.source.strip() and t.figure.strip() and t.quality.strip(), t.id
        assert t.statistic in STATISTICS, t.id
        if t.status == "gap":
            assert t.gap_reason and len(t.gap_reason) > 40, t.id
        assert math.isfinite(t.value) and t.tolerance >= 0, t.id


def test_every_calibrated_stage_has_targets() -> None:
    targets = default_targets()
    for p in PARAMETERS:
        assert targets.by_stage(p.stage), p.stage


@pytest.mark.parametrize("name", sorted(default_targets().populations))
def test_populations_build_as_described(name: str) -> None:
    """A population spreads its creators over its platforms and plans in proportion, inside
    its follower range, over its horizon."""
    pop = default_targets().populations[name]
    variants = build_population(pop, 12)
    lo, hi = pop.followers
    for v in variants:
        assert lo - 1 <= v.scenario.start_followers <= hi + 1
        assert v.scenario.months == pop.months
        assert v.platform in pop.platforms and v.plan in pop.plans
    total = sum(pop.platforms.values())
    for platform, weight in pop.platforms.items():
        count = sum(v.platform == platform for v in variants)
        assert abs(count - 12 * weight / total) <= 1, platform
