"""A life in weeks: one simulated future told week by week."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim.model import format as fmt
from ui import charts, state
from ui.diary_view import (
    CHOICES,
    event_line,
    future_name,
    month_stories,
    outcome_text,
    pick_future,
    rank_text,
)
from ui.entry import ensure_entry_script
from ui.prose import section

ensure_entry_script()

RANDOM_COUNTER = "life.random"
WHICH = "life.which"

scenario, settings = state.current()
results = state.run(scenario, settings)
months = scenario.months

st.title("A life in weeks")
st.caption(section("life", "intro", paths=fmt.count(settings.paths)))


def _another_random() -> None:
    st.session_state[RANDOM_COUNTER] = st.session_state.get(RANDOM_COUNTER, 0) + 1
    st.session_state[WHICH] = "random"


def path_choice_ui() -> str:
    """Worst, median, best or random; a button draws another random future.

    The choice lives in session state only (no ``default=``): the button's callback sets it,
    and a widget given both a default and a value from session state makes Streamlit warn."""
    st.session_state.setdefault(WHICH, "median")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        which = st.segmented_control(
            "Which future", options=list(CHOICES), format_func=CHOICES.__getitem__, key=WHICH
        )
    with right:
        st.button("Another at random", on_click=_another_random)
    return which or "median"


which = path_choice_ui()
path = pick_future(results, which, rng_seed=st.session_state.get(RANDOM_COUNTER, 0))
diary = state.diary(scenario, settings, path)

final_net = float(results.monthly["cumulative_net_usd"][path, -1])
st.subheader(
    f"{future_name(which, results.paths)}: {fmt.money(final_net)} after {fmt.months(months)}"
)
st.markdown(outcome_text(results, path))
st.caption(rank_text(results, path) + f" {fmt.count(len(diary.events))} events.")

left, right = st.columns(2)
with left:
    st.markdown("**Cumulative net cash**")
    line = pd.DataFrame({"value": results.monthly["cumulative_net_usd"][path]}).rename_axis("month")
    st.altair_chart(
        charts.fan(
            results.quantiles("cumulative_net_usd"),
            y_title="Cumulative net cash (USD)",
            months=months,
            zero_line=True,
            path_line=line,
        ),
        width="stretch",
    )
with right:
    st.markdown("**Followers**")
    line = pd.DataFrame({"value": results.monthly["followers"][path]}).rename_axis("month")
    st.altair_chart(
        charts.fan(
            results.quantiles("followers"), y_title="Followers", months=months, path_line=line
        ),
        width="stretch",
    )
st.caption(section("life", "charts", paths=fmt.count(settings.paths)))

st.subheader("Month by month")
for story in month_stories(diary):
    status = "" if story.status_end in (None, "active") else f" · {story.status_end}"
    followers = (
        "" if story.followers_end is None else f" · {fmt.count(story.followers_end)} followers"
    )
    with st.expander(
        f"**Month {story.month}** - {story.headline}{followers}{status}",
        expanded=story.month <= 2,
    ):
        if story.events:
            st.markdown("\n".join(f"- {event_line(e)}" for e in story.events))
        else:
            st.caption("Posting as planned; no offers, payments or surprises this month.")
