"""A first visit's way in: the quick start's answers, or a named starting plan, become a
Scenario.

The answers are platform, niche, followers now, the hours a week the person can give to
creating, day-job hours and pay, and what would make it worth it (model version 3: pays for
itself, a side income, a living, with the amount, living costs and savings it needs).
Everything else comes from the platform and niche preset. The hours a week are split the way
the preset splits them: posts at the preset's hours per post, up to the pace a platform's
creators keep (``POSTS_KEPT_PER_WEEK``), then longer posts, and the rest on comments and
messages, admin and pitching in the preset's proportions, so the plan's creating hours add up
to exactly what the person said.

A named plan chosen after typing answers keeps every typed answer: the plan supplies only what
was not answered (``plan_scenario``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.model.presets import Plan, plans, preset_values
from sim.model.scenario import Scenario, field_range

OVERHEAD_FIELDS = ("community_hours_per_week", "admin_hours_per_week", "pitching_hours_per_week")
MAX_OVERHEAD_SHARE = 0.3
"""At most this share of the hours goes to replies, admin and pitching when hours are short."""
QUARTER = 0.25
POSTS_KEPT_PER_WEEK: dict[str, float] = {"instagram": 7.0, "tiktok": 14.0, "youtube": 3.0}
"""The most posts a week a plan asks for; more hours go into longer posts. Assumption: the
sustained pace platform guides (Hootsuite, Later) describe, about a post a day on Instagram,
one or two a day on TikTok, one to three videos a week on YouTube."""
LONGER_POSTS_MAX = 2.0
"""Posts grow to at most this many times the preset's hours per post before the rest goes to
replies, admin and pitching."""
ANSWERED_FIELDS: dict[str, str] = {
    "followers": "start_followers",
    "job_hours_per_week": "job_hours_per_week",
    "wage_usd_per_hour": "day_job_wage_usd_per_hour",
    "goal": "goal",
    "goal_usd_per_month": "goal_usd_per_month",
    "living_costs_usd_per_month": "living_costs_usd_per_month",
    "savings_usd": "savings_usd",
}
"""Answers that are scenario fields as they are (the hours a week are split into several)."""
QUERY_MARK = "quickstart"
"""The address bar's mark of a quick start still open: a reload (or a copied address) reopens
the quick start with the answers in the ``qs_`` parameters beside it, instead of reading the
address as a share link."""
QUERY_PREFIX = "qs_"


@dataclass(frozen=True)
class Answers:
    """The quick start's questions."""

    platform: str
    niche: str
    followers: int
    hours_per_week: float
    """Hours a week the person can give to creating (everything: posts, replies, admin)."""
    job_hours_per_week: float
    wage_usd_per_hour: float
    goal: str = "pays_for_itself"
    goal_usd_per_month: float = 500.0
    living_costs_usd_per_month: float = 2500.0
    savings_usd: float = 10000.0


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
    max_posts = min(field_range("posts_per_week")[1], POSTS_KEPT_PER_WEEK.get(platform, 7.0))
    posts = min(math.floor((hours - overhead) / per_post * 2) / 2, max_posts)
    if posts >= max_posts:
        # at the pace creators keep: longer posts, then replies, admin and pitching
        room = (hours - overhead) / posts
        per_post = _quarters(min(max(per_post, room), LONGER_POSTS_MAX * per_post))
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


def _answered(answers: Answers, which: frozenset[str] | None) -> dict[str, object]:
    """The answers as scenario fields: all of them, or only those in ``which``."""
    out: dict[str, object] = {}
    for name, field in ANSWERED_FIELDS.items():
        if which is None or name in which:
            out[field] = getattr(answers, name)
    if which is None or "hours_per_week" in which:
        out.update(split_hours(answers.hours_per_week, answers.platform, answers.niche))
    return out


def scenario_from_answers(answers: Answers, start_month: int = 1) -> Scenario:
    """The plan the answers describe, on top of the platform and niche preset."""
    return Scenario.from_preset(
        answers.platform, answers.niche, start_month=start_month, **_answered(answers, None)
    )


def plan_scenario(
    plan: Plan | str,
    platform: str,
    niche: str,
    start_month: int = 1,
    answers: Answers | None = None,
    typed: frozenset[str] = frozenset(),
) -> Scenario:
    """A named starting plan on top of a platform and niche preset, keeping every answer the
    person typed (``typed`` names them, as ``Answers`` fields): the plan supplies the rest."""
    chosen = plans()[plan] if isinstance(plan, str) else plan
    values: dict[str, object] = {**chosen.values}
    if answers is not None:
        values.update(_answered(answers, typed))
    return Scenario.from_preset(platform, niche, start_month=start_month, **values)
