"""Issue 11, the first five minutes: the quick start builds the scenario its answers describe,
a link skips it, and each suggested change has a button that applies it and moves the figures
the way the suggestion said (same paths, same seed)."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from sim import Scenario, simulate
from sim.analysis.advice import suggestions
from sim.model.format import money, pct
from sim.model.presets import plans
from sim.model.quick_start import creating_hours_per_week
from tests.app.conftest import (
    APP,
    TEST_PATHS,
    TIMEOUT_S,
    link,
    metrics,
    new_app,
    with_suggestions,
)
from ui.advice_view import NO_CHANGE_MOVES_THE_CHANCE, lever_key, raises_the_chance
from ui.quickstart import GO_KEY, SKIP_KEY, plan_key

WORKS = Scenario.from_preset("youtube", "tech", posts_per_week=2.0, start_followers=10_000)
"""A plan with changes worth making (three suggestions at 200 paths, seed 42)."""


def bare_app() -> AppTest:
    """A first visit without a link."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_first_visit_without_a_link_offers_the_quick_start() -> None:
    at = bare_app()
    assert not metrics(at), "no figures before the person has said anything"
    keys = {b.key for b in at.button}
    assert {GO_KEY, SKIP_KEY} <= keys
    assert {plan_key(name) for name in plans()} <= keys
    # every typical plan shows what it assumes
    assert len(at.main.dataframe) == len(plans())
    assert not at.query_params, "the address bar stays empty, so a reload offers it again"


def test_the_quick_start_builds_the_scenario_its_answers_describe() -> None:
    at = bare_app()
    at.selectbox(key="qs.platform").set_value("tiktok")
    at.selectbox(key="qs.niche").set_value("food")
    at.number_input(key="qs.followers").set_value(2_500)
    at.slider(key="qs.hours").set_value(9)
    at.number_input(key="qs.job").set_value(30)
    at.number_input(key="qs.wage").set_value(35)
    at.button(key=GO_KEY).click().run()
    assert not at.exception, at.exception
    scenario: Scenario = at.session_state["scenario"]
    assert (scenario.platform, scenario.niche) == ("tiktok", "food")
    assert scenario.start_followers == 2_500
    assert scenario.job_hours_per_week == 30.0
    assert scenario.day_job_wage_usd_per_hour == 35.0
    assert creating_hours_per_week(scenario) == pytest.approx(9.0)
    assert scenario.start_month == date.today().month
    # the answer is shown, and the link now carries the plan
    assert metrics(at)["Chance it works out"]
    assert at.query_params["start_followers"] == "2500"
    assert at.query_params["platform"] == "tiktok"


@pytest.mark.parametrize("name", list(plans()))
def test_a_typical_plan_starts_from_its_values(name: str) -> None:
    at = bare_app()
    at.selectbox(key="qs.platform").set_value("youtube").run()
    at.button(key=plan_key(name)).click().run()
    assert not at.exception, at.exception
    scenario: Scenario = at.session_state["scenario"]
    assert scenario.platform == "youtube"
    for field, value in plans()[name].values.items():
        assert getattr(scenario, field) == pytest.approx(value), field
    assert metrics(at)


def test_skipping_goes_straight_to_the_plan() -> None:
    at = bare_app()
    at.button(key=SKIP_KEY).click().run()
    assert not at.exception
    assert metrics(at)["Chance it works out"]
    assert at.session_state["scenario"] == Scenario(start_month=date.today().month)


def test_a_link_skips_the_quick_start(app: AppTest) -> None:
    assert metrics(app), "figures at once"
    assert GO_KEY not in {b.key for b in app.button}


def test_each_suggestion_applies_its_change_and_moves_the_figures_as_it_said() -> None:
    base = simulate(WORKS, TEST_PATHS, 42)
    expected = suggestions(base, lambda sc: simulate(sc, TEST_PATHS, 42).summary)
    assert expected, "this plan has changes worth making"
    for suggestion in expected:
        change = suggestion.change
        at = new_app(link(WORKS))
        with_suggestions(at.run())
        before = metrics(at)
        assert before["Chance it works out"] == pct(suggestion.p_success_before)
        buttons = [b for b in at.button if b.key == lever_key(change.field)]
        assert len(buttons) == 1, (change.field, [b.key for b in at.button])
        buttons[0].click().run()
        assert not at.exception, at.exception
        assert getattr(at.session_state["scenario"], change.field) == pytest.approx(change.value)
        after = metrics(at)
        assert after["Chance it works out"] == pct(suggestion.p_success_after)
        assert after["Median net profit"] == money(suggestion.net_after_usd)
        assert suggestion.p_success_diff > 0 or suggestion.net_diff_usd > 0
        assert change.field in at.query_params or change.field == "months"


@pytest.mark.parametrize("plan", ["losing", "works"])
def test_changes_that_only_cut_losses_are_said_to_be_so(plan: str) -> None:
    """Suggestions that move the chance it works out by less than a point are still shown (they
    cut the loss), with one line saying they do not change the answer; not when one does."""
    # without UGC gigs to take on (the lever that lifts the default plan most)
    sc = Scenario(ugc_fee_usd=0) if plan == "losing" else WORKS
    found = suggestions(simulate(sc, TEST_PATHS, 42), lambda x: simulate(x, TEST_PATHS, 42).summary)
    assert found
    at = new_app(link(sc))
    with_suggestions(at.run())
    said = [c.value for c in at.caption]
    expected = not any(raises_the_chance(s) for s in found)
    assert expected == (plan == "losing"), "choose plans on each side of the line"
    assert (NO_CHANGE_MOVES_THE_CHANCE in said) == expected


def test_reasons_are_written_from_the_run(app: AppTest) -> None:
    text = " ".join(m.value for m in app.markdown)
    assert "of your spending" in text
    assert "paid" in text and "deal" in text


def test_a_typical_plan_keeps_every_typed_answer() -> None:
    """Issue 19: YouTube, tech, 60,000 followers, no day job, then "Going full-time" ran from
    the plan's 1,000 followers. The plan now supplies only what was not answered."""
    at = bare_app()
    at.selectbox(key="qs.platform").set_value("youtube")
    at.selectbox(key="qs.niche").set_value("tech")
    at.number_input(key="qs.followers").set_value(60_000)
    at.number_input(key="qs.job").set_value(0).run()
    at.button(key=plan_key("going_full_time")).click().run()
    assert not at.exception, at.exception
    scenario: Scenario = at.session_state["scenario"]
    assert (scenario.platform, scenario.niche) == ("youtube", "tech")
    assert scenario.start_followers == 60_000
    assert scenario.job_hours_per_week == 0.0
    full_time = plans()["going_full_time"].values
    assert scenario.posts_per_week == full_time["posts_per_week"], "not typed: the plan's"
    assert scenario.goal == full_time["goal"] == "living", "the plan's own measure"


def test_the_quick_start_asks_what_would_make_it_worth_it() -> None:
    at = bare_app()
    at.radio(key="qs.goal").set_value("side_income").run()
    at.number_input(key="qs.amount").set_value(800)
    at.button(key=GO_KEY).click().run()
    assert not at.exception, at.exception
    scenario: Scenario = at.session_state["scenario"]
    assert scenario.goal == "side_income" and scenario.goal_usd_per_month == 800.0
    verdict = " ".join(str(m.value) for m in [*at.error, *at.warning, *at.success])
    assert "at least $800 a month" in verdict


def test_a_plan_the_model_is_known_to_miss_says_so_under_its_figures() -> None:
    """Issue 19: beginners and full-timers, where the validation documents that the model
    misses the surveys, are told so in one line with a link to the comparison."""
    beginner = Scenario.from_preset("instagram", "fashion", start_followers=500)
    at = new_app(link(beginner))
    at.run()
    said = [str(c.value) for c in at.caption if "known to miss" in str(c.value)]
    assert said and "beginners" in said[0] and "/methodology#how-the-model-compares" in said[0]
    far = Scenario.from_preset("instagram", "fashion", start_followers=800_000)
    at = new_app(link(far))
    at.run()
    assert not [c for c in at.caption if "known to miss" in str(c.value)]
