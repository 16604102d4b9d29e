"""The quick start: a first visit without a link answers six questions or picks a typical plan.

Shown on the Plan page until used or skipped; a link skips it (``ui.sidebar``). The answers
become a scenario through ``sim.quick_start``; each typical plan shows what it assumes.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from sim.presets import PLATFORMS, niches, plans, preset_values
from sim.quick_start import Answers, plan_scenario, scenario_from_answers
from sim.scenario import DEFAULT_PRESET
from ui import inputs
from ui.sidebar import finish_quickstart

KEY = "qs."
GO_KEY = KEY + "go"
SKIP_KEY = KEY + "skip"


def plan_key(name: str) -> str:
    """Widget key of a typical plan's button."""
    return f"{KEY}plan.{name}"


def answers_ui() -> Answers:
    """The six questions; returns the answers as they stand."""
    left, right = st.columns(2)
    platform = left.selectbox(
        "Where will you post?",
        list(PLATFORMS),
        index=list(PLATFORMS).index(DEFAULT_PRESET[0]),
        format_func=PLATFORMS.__getitem__,
        key=KEY + "platform",
    )
    niche_labels = niches()
    niche = right.selectbox(
        "About what?",
        list(niche_labels),
        index=list(niche_labels).index(DEFAULT_PRESET[1]),
        format_func=niche_labels.__getitem__,
        key=KEY + "niche",
    )
    base = preset_values(platform, niche)
    followers = st.number_input(
        "Followers you have now",
        min_value=0,
        max_value=1_000_000,
        value=int(base["start_followers"]),
        step=100,
        key=KEY + "followers",
    )
    hours = st.slider(
        "Hours a week you can give to creating",
        min_value=1,
        max_value=60,
        value=6,
        key=KEY + "hours",
        help="Everything: making posts, replying to comments, admin and pitching brands.",
    )
    left, right = st.columns(2)
    job = left.number_input(
        "Day-job hours a week",
        min_value=0,
        max_value=80,
        value=int(base["job_hours_per_week"]),
        step=1,
        key=KEY + "job",
    )
    wage = right.number_input(
        "Day-job pay ($ an hour)",
        min_value=0,
        max_value=1000,
        value=int(base["day_job_wage_usd_per_hour"]),
        step=1,
        key=KEY + "wage",
    )
    return Answers(platform, niche, int(followers), float(hours), float(job), float(wage))


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
        "Answer six questions and see how your plan works out in 2,000 simulated futures, "
        "or start from a typical plan. You can change everything afterwards in the sidebar."
    )
    with st.container(border=True, key="quickstart"):
        answers = answers_ui()
        if st.button("Show my answer", type="primary", key=GO_KEY, icon=":material/insights:"):
            finish_quickstart(scenario_from_answers(answers, month))
            st.rerun()
    st.subheader("Or start from a typical plan")
    st.caption(
        f"On {PLATFORMS[answers.platform]}, {niches()[answers.niche].lower()}, as chosen above."
    )
    for name, plan in plans().items():
        with st.container(border=True):
            st.markdown(f"**{plan.label}**: {plan.summary}")
            with st.expander("What this plan assumes"):
                st.dataframe(plan_assumptions(plan.values), hide_index=True, width="stretch")
            if st.button(f"Start from “{plan.label}”", key=plan_key(name)):
                finish_quickstart(plan_scenario(plan, answers.platform, answers.niche, month))
                st.rerun()
    if st.button("Skip: show an example plan", key=SKIP_KEY, type="tertiary"):
        finish_quickstart()
        st.rerun()
