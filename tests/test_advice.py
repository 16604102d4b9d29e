"""sim/analysis/advice.py and sim/model/quick_start.py: reasons and changes computed from runs,
never a plan praised for futures that gave up, and quick-start answers that add up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import Scenario, simulate
from sim.analysis.advice import (
    Change,
    Suggestion,
    candidate_changes,
    cost_shares,
    figures_moved,
    first_paid_deal_months,
    helps,
    reasons,
    suggestions,
)
from sim.model.format import pct
from sim.model.presets import PLATFORMS, niches, plans
from sim.model.quick_start import (
    Answers,
    creating_hours_per_week,
    plan_scenario,
    scenario_from_answers,
    split_hours,
)
from sim.model.scenario import is_assumption

PATHS = 300


@pytest.fixture(scope="module")
def losing():  # type: ignore[no-untyped-def]
    return simulate(Scenario(production_cost_usd_per_post=20.0), PATHS, 42)


def test_reasons_come_from_the_run(losing) -> None:  # type: ignore[no-untyped-def]
    found = reasons(losing)
    assert 2 <= len(found) <= 3
    shares = cost_shares(losing)
    assert max(shares, key=shares.__getitem__) == "production"
    assert f"are {pct(shares['production'])} of your spending" in found[0]
    assert any("paid" in r and "deal" in r for r in found)


def test_first_paid_deal_month_per_future(losing) -> None:  # type: ignore[no-untyped-def]
    first = first_paid_deal_months(losing)
    paid = losing.monthly["deals_paid"][:, 1:].sum(axis=1) > 0
    assert ((first < float("inf")) == paid).all()
    assert (first[paid] >= 1).all() and (first[paid] <= losing.months).all()


def test_changes_are_the_persons_own(losing) -> None:  # type: ignore[no-untyped-def]
    changes = candidate_changes(losing)
    assert changes and all(not is_assumption(c.field) for c in changes)
    assert changes[0].field == "production_cost_usd_per_post"  # the biggest cost line first
    assert changes[0].value == 10.0
    for c in changes:
        c.apply(losing.scenario)  # every change is a valid plan


def test_suggestions_are_simulated_on_the_same_seed_and_ranked(losing) -> None:  # type: ignore[no-untyped-def]
    def evaluate(sc: Scenario):  # type: ignore[no-untyped-def]
        return simulate(sc, PATHS, 42).summary

    found = suggestions(losing, evaluate)
    assert 1 <= len(found) <= 3
    for s in found:
        again = evaluate(s.change.apply(losing.scenario))
        assert s.p_success_after == again.p_success
        assert s.net_after_usd == again.net_profit_usd_p50
        assert helps(s)
    gains = [round(s.p_success_diff * 100) for s in found]
    assert gains == sorted(gains, reverse=True)


def _suggestion(**kw: float) -> Suggestion:
    base = {
        "p_success_before": 0.2,
        "p_success_after": 0.2,
        "net_before_usd": -500.0,
        "net_after_usd": -500.0,
        "p_quit_before": 0.1,
        "p_quit_after": 0.1,
    }
    return Suggestion(Change("posts_per_week", 1.0, 3.0, "Post less"), **{**base, **kw})


def test_a_better_net_from_more_quitting_is_never_offered() -> None:
    assert helps(_suggestion(p_success_after=0.3))
    assert helps(_suggestion(net_after_usd=-200.0))  # same odds, better net, no more quitting
    assert not helps(_suggestion(net_after_usd=-200.0, p_quit_after=0.3))
    assert not helps(_suggestion(p_success_after=0.15, net_after_usd=0.0))
    assert not helps(_suggestion(p_success_after=0.205))  # under a point: luck, not a gain


def test_effect_in_words() -> None:
    text = _suggestion(p_success_after=0.35, net_after_usd=120.0).effect()
    assert text == "chance it works out 20% → 35% (+15 points); median net -$500 → $120"


def test_figures_moved() -> None:
    new = simulate(Scenario(months=6), 100, 1).summary
    text = figures_moved({"p_profitable": 0.91, "net_profit_usd_p50": 1200.0}, new, 1)
    assert text.startswith("Model version 1 said 91% chance of profit and a median net of $1,200")
    assert f"version {new.model_version}: {pct(new.p_success)} chance it works out" in text
    assert figures_moved({}, new, 1) == ""


@settings(max_examples=40)
@given(
    hours=st.integers(min_value=1, max_value=80),
    platform=st.sampled_from(list(PLATFORMS)),
    niche=st.sampled_from(list(niches())),
)
def test_the_hours_a_week_add_up(hours: int, platform: str, niche: str) -> None:
    split = split_hours(float(hours), platform, niche)
    answers = Answers(platform, niche, 1500, float(hours), 35.0, 22.0)
    scenario = scenario_from_answers(answers, start_month=11)
    assert creating_hours_per_week(scenario) == pytest.approx(hours, abs=1e-6)
    assert scenario.posts_per_week == split["posts_per_week"] >= 1
    assert scenario.start_followers == 1500 and scenario.start_month == 11
    assert scenario.job_hours_per_week == 35.0 and scenario.day_job_wage_usd_per_hour == 22.0


def test_typical_plans_are_scenarios_with_their_values() -> None:
    for name, plan in plans().items():
        scenario = plan_scenario(name, "tiktok", "beauty", start_month=4)
        assert (scenario.platform, scenario.niche, scenario.start_month) == ("tiktok", "beauty", 4)
        for field, value in plan.values.items():
            assert getattr(scenario, field) == pytest.approx(value)


def test_the_hours_reason_speaks_of_the_persons_situation() -> None:
    """Issue 19: with no day job the reason read 'on top of the day job'."""
    full_time = Scenario.from_preset(
        "youtube", "tech", job_hours_per_week=0.0, posts_per_week=14.0, hours_per_post=2.5
    )
    found = " ".join(reasons(simulate(full_time, 300, 1)))
    assert "Creating takes" in found
    assert "day job" not in found


def test_money_worries_are_named_only_when_the_plan_costs_the_person_money() -> None:
    """Issue 19: a million followers and $86k of median profit read "money worries add to it"."""
    rich = " ".join(reasons(simulate(Scenario(start_followers=1_000_000), 500, 1)))
    assert "wear you down" in rich and "money worries" not in rich
    assert "audience's reactions" in rich
    assert "in all)" in rich  # the day job's hours and creating's, together
    costly = Scenario(
        start_followers=1_000, job_hours_per_week=45.0, production_cost_usd_per_post=150.0
    )
    results = simulate(costly, 500, 1)
    worried = " ".join(reasons(results))
    assert results.summary.max_out_of_pocket_usd_p90 > 5_000
    assert "money worries" in worried and "audience's reactions" not in worried
