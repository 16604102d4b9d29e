"""The quick start: a first visit without a link answers a few questions or picks a typical plan.

Shown on the Plan page until used or skipped; a link skips it (``ui.sidebar``). The answers
become a scenario through ``sim.model.quick_start``; each typical plan shows what it assumes, and
keeps every answer the person typed (it supplies only the rest). The last question is what
would make it worth it: pays for itself, a side income, or a living (model version 3).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from sim.model.presets import PLATFORMS, niches, plans, preset_values
from sim.model.quick_start import (
    QUERY_MARK,
    QUERY_PREFIX,
    Answers,
    plan_scenario,
    scenario_from_answers,
)
from sim.model.scenario import DEFAULT_PRESET, GOAL_LABELS, Scenario, field_range
from ui import inputs
from ui.sidebar import finish_quickstart

KEY = "qs."
HOURS_START = 6
"""The hours question's starting value."""
GO_KEY = KEY + "go"
SKIP_KEY = KEY + "skip"
RESTORED_KEY = KEY + "restored"
"""Set once the address bar's answers (a reload during the quick start) were put back."""
NUMBER_RANGES: dict[str, tuple[int, int]] = {
    "followers": (0, 1_000_000),
    "hours": (1, 60),
    "job": (0, 80),
    "wage": (0, 1000),
    # the money answers: whole dollars up to the field's maximum
    "amount": (0, int(field_range("goal_usd_per_month")[1])),
    "living": (0, int(field_range("living_costs_usd_per_month")[1])),
    "savings": (0, int(field_range("savings_usd")[1])),
}
"""Each number question's widget key (after ``KEY``) and its range."""
CHOICES = {
    "platform": lambda: list(PLATFORMS),
    "niche": lambda: list(niches()),
    "goal": lambda: list(GOAL_LABELS),
}
"""Each choice question's widget key (after ``KEY``) and its options."""


def _start(name: str, value: Any) -> None:
    """A question's starting value, set before its widget is drawn (and only if the person
    has not answered it, or the address bar has not brought it back): the widgets take no
    ``value=``, so one set from the address bar never clashes with a default."""
    if KEY + name not in st.session_state:
        st.session_state[KEY + name] = value


def restore_from_address() -> None:
    """Put back the answers the address bar holds (``qs_`` parameters beside the quick start's
    mark), once a session: a reload during the quick start keeps what was typed. A value out
    of range is brought into it; an unknown choice or a word where a number goes is ignored."""
    if st.session_state.get(RESTORED_KEY):
        return
    st.session_state[RESTORED_KEY] = True
    if QUERY_MARK not in st.query_params:
        return
    for param in st.query_params:
        if not param.startswith(QUERY_PREFIX):
            continue
        name, text = param.removeprefix(QUERY_PREFIX), st.query_params.get(param, "")
        if name in CHOICES and text in CHOICES[name]():
            st.session_state[KEY + name] = text
        elif name in NUMBER_RANGES:
            try:
                number = float(text)
            except ValueError:
                continue
            if math.isfinite(number):
                lo, hi = NUMBER_RANGES[name]
                st.session_state[KEY + name] = int(min(max(round(number), lo), hi))


def keep_in_address(answered: bool) -> None:
    """Write the answers into the address bar once any was given (the quick start's mark and
    one ``qs_`` parameter an answer), so a reload brings them back; untouched, it stays empty.
    """
    if not answered:
        return
    names = [*CHOICES, *NUMBER_RANGES]
    params = {QUERY_MARK: "1"}
    for name in names:
        if KEY + name in st.session_state:
            value = st.session_state[KEY + name]
            params[QUERY_PREFIX + name] = str(int(value) if name in NUMBER_RANGES else value)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def plan_key(name: str) -> str:
    """Widget key of a typical plan's button."""
    return f"{KEY}plan.{name}"


ANSWER_KEYS = {
    "goal_usd_per_month": "amount",
    "living_costs_usd_per_month": "living",
    "savings_usd": "savings",
}
"""Widget keys (after ``KEY``) of the money answers, by the scenario field each sets."""


def _dollars(where: Any, label: str, field: str, value: float) -> float:
    """A whole-dollar answer within the field's range, stepped as the sidebar steps it."""
    name = ANSWER_KEYS[field]
    lo, hi = NUMBER_RANGES[name]
    step = Scenario.model_fields[field].json_schema_extra["step"]  # type: ignore[index]
    _start(name, int(value))
    return float(
        where.number_input(label, min_value=lo, max_value=hi, step=int(step), key=KEY + name)
    )


def answers_ui() -> tuple[Answers, frozenset[str]]:
    """The questions; returns the answers as they stand and which of them the person changed
    from their starting value (those a typical plan keeps)."""
    restore_from_address()
    left, right = st.columns(2)
    _start("platform", DEFAULT_PRESET[0])
    platform = left.selectbox(
        "Where will you post?",
        list(PLATFORMS),
        format_func=PLATFORMS.__getitem__,
        key=KEY + "platform",
    )
    niche_labels = niches()
    _start("niche", DEFAULT_PRESET[1])
    niche = right.selectbox(
        "About what?",
        list(niche_labels),
        format_func=niche_labels.__getitem__,
        key=KEY + "niche",
    )
    base = preset_values(platform, niche)
    _start("followers", int(base["start_followers"]))
    followers = st.number_input(
        "Followers you have now",
        min_value=NUMBER_RANGES["followers"][0],
        max_value=NUMBER_RANGES["followers"][1],
        step=100,
        key=KEY + "followers",
    )
    _start("hours", HOURS_START)
    hours = st.slider(
        "Hours a week you can give to creating",
        min_value=NUMBER_RANGES["hours"][0],
        max_value=NUMBER_RANGES["hours"][1],
        key=KEY + "hours",
        help="Everything: making posts, replying to comments, admin and pitching brands.",
    )
    left, right = st.columns(2)
    _start("job", int(base["job_hours_per_week"]))
    job = left.number_input(
        "Day-job hours a week",
        min_value=NUMBER_RANGES["job"][0],
        max_value=NUMBER_RANGES["job"][1],
        step=1,
        key=KEY + "job",
    )
    _start("wage", int(base["day_job_wage_usd_per_hour"]))
    wage = right.number_input(
        "Day-job pay ($ an hour)",
        min_value=NUMBER_RANGES["wage"][0],
        max_value=NUMBER_RANGES["wage"][1],
        step=1,
        key=KEY + "wage",
    )
    _start("goal", str(base["goal"]))
    goal = st.radio(
        "What would make it worth it for you?",
        list(GOAL_LABELS),
        format_func=GOAL_LABELS.__getitem__,
        horizontal=True,
        key=KEY + "goal",
        help="It pays for itself: what you spend comes back. A side income: an amount a month "
        "at the end of the plan. A living: with your day job's pay for the hours you keep, it "
        "covers your living costs before your savings run out.",
    )
    amount = float(base["goal_usd_per_month"])
    living = float(base["living_costs_usd_per_month"])
    savings = float(base["savings_usd"])
    if goal == "side_income":
        amount = _dollars(st, "Side income you want ($ a month)", "goal_usd_per_month", amount)
    elif goal == "living":
        left, right = st.columns(2)
        living = _dollars(
            left, "Your living costs ($ a month)", "living_costs_usd_per_month", living
        )
        savings = _dollars(right, "Savings you can live on ($)", "savings_usd", savings)
    answers = Answers(
        platform,
        niche,
        int(followers),
        float(hours),
        float(job),
        float(wage),
        str(goal),
        amount,
        living,
        savings,
    )
    start = {
        "followers": int(base["start_followers"]),
        "hours_per_week": float(HOURS_START),
        "job_hours_per_week": float(base["job_hours_per_week"]),
        "wage_usd_per_hour": float(base["day_job_wage_usd_per_hour"]),
        "goal": str(base["goal"]),
        "goal_usd_per_month": float(base["goal_usd_per_month"]),
        "living_costs_usd_per_month": float(base["living_costs_usd_per_month"]),
        "savings_usd": float(base["savings_usd"]),
    }
    typed = frozenset(k for k, v in start.items() if getattr(answers, k) != v)
    keep_in_address(bool(typed) or (platform, niche) != DEFAULT_PRESET)
    return answers, typed


TYPED_WORDS = {
    "followers": "your followers",
    "hours_per_week": "your hours",
    "job_hours_per_week": "your day-job hours",
    "wage_usd_per_hour": "your pay",
    "goal": "what would make it worth it",
    "goal_usd_per_month": "the side income you want",
    "living_costs_usd_per_month": "your living costs",
    "savings_usd": "your savings",
}


def plan_assumptions(values: dict[str, object]) -> pd.DataFrame:
    """What a typical plan sets, in words: one row per input."""
    rows = [
        {"Input": inputs.label(name), "Value": inputs.show(name, inputs.to_widget(name, value))}
        for name, value in values.items()
    ]
    return pd.DataFrame(rows)


def quickstart_ui() -> None:
    """The quick start; it closes itself and reruns when the person chooses."""
    month = date.today().month
    st.title("Will creating pay off?")
    st.markdown(
        "Answer a few questions and see how your plan works out in 2,000 simulated futures, "
        "or start from a typical plan. You can change everything afterwards in the sidebar."
    )
    with st.container(border=True, key="quickstart"):
        answers, typed = answers_ui()
        if st.button("Show my answer", type="primary", key=GO_KEY, icon=":material/insights:"):
            finish_quickstart(scenario_from_answers(answers, month))
            st.rerun()
    st.subheader("Or start from a typical plan")
    kept = ["platform and niche", *(TYPED_WORDS[k] for k in sorted(typed) if k in TYPED_WORDS)]
    st.caption(
        f"On {PLATFORMS[answers.platform]}, {niches()[answers.niche].lower()}. Each keeps what "
        f"you answered above ({', '.join(kept)}) and fills in the rest."
    )
    for name, plan in plans().items():
        with st.container(border=True):
            st.markdown(f"**{plan.label}**: {plan.summary}")
            with st.expander("What this plan assumes"):
                st.dataframe(plan_assumptions(plan.values), hide_index=True, width="stretch")
            if st.button(f"Start from “{plan.label}”", key=plan_key(name)):
                finish_quickstart(
                    plan_scenario(plan, answers.platform, answers.niche, month, answers, typed)
                )
                st.rerun()
    if st.button("Skip: show an example plan", key=SKIP_KEY, type="tertiary"):
        finish_quickstart()
        st.rerun()
