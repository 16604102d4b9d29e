"""A life in weeks: one simulated future told week by week."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts, state
from ui.diary_view import event_line, month_stories
from ui.entry import ensure_entry_script
from ui.labels import usd
from ui.prose import section

ensure_entry_script()

RANDOM_COUNTER = "life.random"
WHICH = "life.which"
CHOICES = {"worst": "Worst", "median": "Median", "best": "Best", "random": "At random"}

scenario, settings = state.current()
results = state.run(scenario, settings)
months = scenario.months

st.title("A life in weeks")
st.caption(section("life", "intro", paths=f"{settings.paths:,}"))


def _another_random() -> None:
    st.session_state[RANDOM_COUNTER] = st.session_state.get(RANDOM_COUNTER, 0) + 1
    st.session_state[WHICH] = "random"


def path_choice_ui() -> str:
    """Worst, median, best or random; a button draws another random future."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    with left:
        which = st.segmented_control(
            "Which future",
            options=list(CHOICES),
            format_func=CHOICES.__getitem__,
            default="median",
            key=WHICH,
        )
    with right:
        st.button("Another at random", icon=":material/casino:", on_click=_another_random)
    return which or "median"


which = path_choice_ui()
path = results.pick_path(
    which,  # type: ignore[arg-type]
    rng_seed=st.session_state.get(RANDOM_COUNTER, 0),
)
diary = state.diary(scenario, settings, path)

final_net = float(results.monthly["cumulative_net_usd"][path, -1])
final_followers = float(results.monthly["followers"][path, -1])
rank = int((results.path_order() == path).nonzero()[0][0]) + 1
st.subheader(f"Future #{path + 1}: {usd(final_net)} after {months} months")
st.caption(
    f"Ranked {rank:,} of {results.paths:,} from worst to best by cumulative net cash; "
    f"{final_followers:,.0f} followers at the end; {len(diary.events)} events."
)

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
st.caption(section("life", "charts", paths=f"{settings.paths:,}"))

st.subheader("Month by month")
stories = month_stories(diary)
for story in stories:
    status = "" if story.status_end in (None, "active") else f" · {story.status_end}"
    followers = "" if story.followers_end is None else f" · {story.followers_end:,.0f} followers"
    with st.expander(
        f"**Month {story.month}** - {story.headline}{followers}{status}",
        expanded=story.month <= 2,
    ):
        if story.events:
            st.markdown("\n".join(f"- {event_line(e)}" for e in story.events))
        else:
            st.caption("Posting as planned; no offers, payments or surprises this month.")
