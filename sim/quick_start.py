"""A first visit's way in: six answers, or a named starting plan, become a Scenario.

The six answers are platform, niche, followers now, the hours a week the person can give to
creating, day-job hours and day-job pay. Everything else comes from the platform and niche
preset. The hours a week are split the way the preset splits them: posts at the preset's hours
per post, and the rest on comments and messages, admin and pitching in the preset's
proportions, so the plan's creating hours add up to exactly what the person said.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.presets import Plan, plans, preset_values
from sim.scenario import Scenario, field_range

OVERHEAD_FIELDS = ("community_hours_per_week", "admin_hours_per_week", "pitching_hours_per_week")
MAX_OVERHEAD_SHARE = 0.3
"""At most this share of the hours goes to replies, admin and pitching when hours are short."""
QUARTER = 0.25


@dataclass(frozen=True)
class Answers:
    """The quick start's six questions."""

    platform: str
    niche: str
    followers: int
    hours_per_week: float
    """Hours a week the person can give to creating (everything: posts, replies, admin)."""
    job_hours_per_week: float
    wage_usd_per_hour: float


def creating_hours_per_week(scenario: Scenario) -> float:
    """The planned hours a week of creating: posts and the weekly overheads (deals add more)."""
    return scenario.posts_per_week * scenario.hours_per_post + sum(
        float(getattr(scenario, f)) for f in OVERHEAD_FIELDS
    )


def _quarters(x: float) -> float:
    return math.floor(x / QUARTER + 1e-9) * QUARTER


def split_hours(hours: float, platform: str, niche: str) -> dict[str, float]:
    """Posts a week, hours per post and the overheads that add up to ``hours``."""
    base = preset_values(platform, niche)
    per_post = float(base["hours_per_post"])
    weights = [float(base[f]) for f in OVERHEAD_FIELDS]
    overhead = min(sum(weights), MAX_OVERHEAD_SHARE * hours)
    max_posts = field_range("posts_per_week")[1]
    posts = min(math.floor((hours - overhead) / per_post * 2) / 2, max_posts)
    if posts < 1:
        # too few hours for one post at the usual pace: one quicker post a week
        posts = 1.0
        per_post = max(round(hours - overhead, 2), field_range("hours_per_post")[0])
    rest = max(hours - posts * per_post, 0.0)
    total = sum(weights) or 1.0
    shares = weights if sum(weights) > 0 else [1.0, 0.0, 0.0]
    split = [_quarters(rest * w / total) for w in shares[1:]]
    values = {
        "posts_per_week": float(posts),
        "hours_per_post": float(per_post),
        OVERHEAD_FIELDS[1]: split[0],
        OVERHEAD_FIELDS[2]: split[1],
    }
    values[OVERHEAD_FIELDS[0]] = round(rest - sum(split), 4)
    return values


def scenario_from_answers(answers: Answers, start_month: int = 1) -> Scenario:
    """The plan the six answers describe, on top of the platform and niche preset."""
    return Scenario.from_preset(
        answers.platform,
        answers.niche,
        start_followers=int(answers.followers),
        job_hours_per_week=float(answers.job_hours_per_week),
        day_job_wage_usd_per_hour=float(answers.wage_usd_per_hour),
        start_month=start_month,
        **split_hours(answers.hours_per_week, answers.platform, answers.niche),
    )


def plan_scenario(plan: Plan | str, platform: str, niche: str, start_month: int = 1) -> Scenario:
    """A named starting plan on top of a platform and niche preset."""
    chosen = plans()[plan] if isinstance(plan, str) else plan
    return Scenario.from_preset(platform, niche, start_month=start_month, **chosen.values)
