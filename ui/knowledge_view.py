"""What matters, second part: how much knowing your own numbers (your fee, how often brands
write) would narrow the answer, each case run only when asked, on the same luck."""

from __future__ import annotations

import streamlit as st

from sim import RunSettings
from sim.analysis import sensitivity
from sim.model import format as fmt
from sim.model.scenario import Scenario
from ui import row_charts, state
from ui.phone import table_ui

KNOWLEDGE = "wm.knowledge"
KNOWLEDGE_PATHS = 1_000  # futures per case of "knowing your numbers" (at most)


def knowledge_ui(sc: Scenario, run_settings: RunSettings) -> None:
    """Runs only when asked (one run per unknown, so several runs): kept per plan."""
    paths = min(run_settings.paths, KNOWLEDGE_PATHS)
    cases = sensitivity.knowledge_rows(sc)
    key = (sc.model_dump_json(), paths, run_settings.seed)
    done = st.session_state.get(KNOWLEDGE)
    if done is None or done["key"] != key:
        button = st.empty()  # cleared once the comparison has run
        if len(cases) > 1 and not button.button(
            "Run the comparison", key="wm.knowledge_run", type="primary"
        ):
            st.info(
                "Press the button to run your plan once per thing you could find out "
                "(your fee, how often brands write), on the same luck."
            )
            return
        button.empty()
        with st.spinner("Running each case…"):
            runs = state.summaries(
                [k.scenario for k in cases], paths, run_settings.seed, lambda *_: None
            )
        summaries = [s for s in runs if s is not None]
        done = {"key": key, "table": sensitivity.knowledge_table(cases, summaries)}
        st.session_state[KNOWLEDGE] = done
    table = done["table"]
    st.markdown(sensitivity.knowledge_summary(table))
    if len(table) > 1:
        rows = table.assign(
            row=[
                f"{label}: {fmt.pct(p)} chance it works out"
                for label, p in zip(table["label"], table["success"], strict=True)
            ]
        )
        st.altair_chart(
            row_charts.ranges(
                rows,
                x_title=f"Net profit after {fmt.months(sc.months)} (USD)",
                value_format="$,.0f",
            ),
            width="stretch",
        )
        st.caption(
            "Each bar holds 8 futures in 10 (1 in 10 does worse, 1 in 10 better); the tick is "
            f"the median. {fmt.count(paths)} futures per case, on the same luck."
        )
    table_ui("knowledge", sensitivity.knowledge_text_table(table))
