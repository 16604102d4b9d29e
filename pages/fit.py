"""Start from my history: fit the plan to the creator's own follower counts (and deals)."""

from __future__ import annotations

import streamlit as st

from sim.history.fit import left_out, words
from sim.history.read import MAX_HISTORY_BYTES
from sim.io.safe_text import markdown_safe
from sim.model.presets import PLATFORMS, niches
from ui import fit_view, state
from ui.entry import ensure_entry_script
from ui.phone import table_ui
from ui.prose import section
from ui.sidebar import request_load

ensure_entry_script()

USED = "fit.used"

scenario, settings = state.current()
plan = (
    f"{PLATFORMS[scenario.platform]}, {niches()[scenario.niche]}, "
    f"{scenario.posts_per_week:g} posts a week"
)
st.title("Start from my history")
st.markdown(section("fit", "intro", plan=plan))
used = st.session_state.pop(USED, None)
if used:
    st.success(markdown_safe(used), icon=":material/check_circle:")


def files_ui() -> tuple[bytes | None, bytes | None, int | None]:
    """The history, the deals (optional) and today's count (for exports of changes)."""
    st.caption(section("fit", "files"))
    left, right = st.columns(2)
    with left:
        history = st.file_uploader(
            "Follower history (CSV)",
            type=["csv"],
            key="fit_history",
            help=f"Up to {MAX_HISTORY_BYTES:,} bytes.",
        )
    with right:
        deals = st.file_uploader(
            "Deals (CSV, optional)", type=["csv"], key="fit_deals", help="date,fee_usd,kind"
        )
    now = st.number_input(
        "Followers today (only for exports of daily changes: Meta, YouTube)",
        min_value=0,
        max_value=1_000_000,
        value=0,
        step=100,
        key="fit_followers_now",
    )
    return (
        history.getvalue() if history is not None else None,
        deals.getvalue() if deals is not None else None,
        int(now) if now else None,
    )


history, deals, followers_now = files_ui()
if history is None:
    st.info("Upload a follower history to see what it says.", icon=":material/upload_file:")
    st.stop()

with st.spinner("Fitting your history..."):
    result, problem = fit_view.fit(history, deals, scenario, followers_now)
if result is None:
    # the file's own text is quoted: shown as literal characters; the plan is untouched
    st.error(
        markdown_safe(f"Not used: {problem}. Your current plan is unchanged."),
        icon=":material/error:",
    )
    st.stop()

back, ahead, slower = fit_view.pictures(history, deals, scenario, followers_now)
not_used = left_out(result)
if not_used:
    # what the fit left out is said in view, not only in the list of what was read
    st.warning(
        "\n".join(["Not used from your files:", *(f"- {markdown_safe(n)}" for n in not_used)]),
        icon=":material/warning:",
    )
st.subheader("What your history says")
st.markdown("\n".join(f"- {markdown_safe(line)}" for line in words(result, slower)))
st.altair_chart(fit_view.chart(result, back, ahead), width="stretch")
st.caption(section("fit", "chart", stopped=fit_view.stopped_words(ahead)))
table_ui("fit", fit_view.estimates_table(result))
with st.expander("What was used from your files"):
    st.markdown("\n".join(f"- {markdown_safe(note)}" for note in result.notes))

st.caption(section("fit", "link"))
if st.button("Use this as my plan", key="fit_use", type="primary"):
    st.session_state[USED] = (
        f"Your plan now starts from {result.scenario.start_followers:,} followers with the "
        "fitted growth, churn and deal figures. The Plan page shows its forecast."
    )
    request_load(result.scenario, settings)
    st.rerun()
