"""What matters, first part: which inputs move the outcome (each tried lower and higher, one
at a time, on the same luck), drawn as two tornado charts. The sweep's computation is
``sim.analysis.sensitivity``; this module holds its widgets and charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim import RunSettings
from sim.analysis import sensitivity
from sim.io.labels import field_name_words
from sim.model import format as fmt
from sim.model.results import Summary
from sim.model.scenario import Scenario
from sim.model.settings import MIN_PATHS
from ui import row_charts, state
from ui.phone import table_ui

SWEEP = "wm.sweep"
TRY_LABEL = "Try each input lower and higher"
FUTURES_LABEL = "Simulated futures for each try"
FUTURES_HELP = (
    "How many simulated futures each changed plan is run on: more gives steadier figures and "
    "takes longer."
)
TORNADO_ROWS = 12  # inputs drawn as bars; the table under the charts lists every one


def sweep_controls_ui() -> tuple[bool, float, int, bool]:
    """Include the model's assumptions?, step size, futures per run, run clicked."""
    include = st.toggle(
        "Also move the model's assumptions",
        key="wm.assumptions",
        help="By default only your own inputs are moved: your time, policy, costs and other "
        "income. The model's assumptions (how fast audiences grow, how often brands write, "
        "how burnout builds) are calibrated to published figures; moving them shows which of "
        "them the answer leans on.",
    )
    a, b, c = st.columns([2, 2, 1.4], vertical_alignment="bottom")
    relative = a.select_slider(
        "Move each input down and up by",
        options=[0.1, 0.2, 0.3, 0.5],
        value=0.2,
        format_func=lambda x: f"{x:.0%} of its value",
        key="wm.step",
        help="Each input is tried this much lower and this much higher than in your plan, "
        "one at a time, with everything else as it is.",
    )
    paths = b.number_input(
        FUTURES_LABEL,
        min_value=MIN_PATHS,
        max_value=5_000,
        value=500,
        step=100,
        key="wm.paths",
        help=FUTURES_HELP,
    )
    clicked = c.button(TRY_LABEL, type="primary")
    return include, float(relative), int(paths), clicked


def tornado_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows drawn as bars, with their labels and the values tried."""
    rows = sensitivity.shown_rows(table, TORNADO_ROWS)
    return rows.assign(
        row=[sensitivity.row_text(r) for _, r in rows.iterrows()],
        low_text=[
            sensitivity.value_text(str(f), float(v))
            for f, v in zip(rows["field"], rows["low_input"], strict=True)
        ],
        high_text=[
            sensitivity.value_text(str(f), float(v))
            for f, v in zip(rows["field"], rows["high_input"], strict=True)
        ],
    )


def tornado_ui(table: pd.DataFrame, base: Summary, include: bool, months: int) -> None:
    """The two tornado charts (the chance it works out, the median net profit) and their numbers."""
    rows = tornado_rows(table)
    left, right = st.columns(2)
    with left:
        st.markdown("**Chance it works out**")
        if sensitivity.moves_success(table):
            st.altair_chart(
                row_charts.change_tornado(
                    rows,
                    low_col="low_pts",
                    high_col="high_pts",
                    x_title="Change (percentage points)",
                    value_format=",.1~f",
                    tooltip_format="+,.1f",
                    tick_min_step=0.1,
                ),
                width="stretch",
            )
        else:
            st.info(sensitivity.flat_message(base, months, include))
        st.caption(f"0 is your plan: a {fmt.pct(base.p_success)} chance it works out.")
    with right:
        st.markdown("**Median net profit**")
        if sensitivity.moves_net(table):
            st.altair_chart(
                row_charts.change_tornado(
                    rows,
                    low_col="low_net_change",
                    high_col="high_net_change",
                    x_title="Change (USD)",
                    value_format="$,.0f",
                    tooltip_format="$,.0f",
                    tick_min_step=1.0,
                ),
                width="stretch",
            )
        else:
            st.info("No input moves the median net profit by a dollar with one step.")
        st.caption(f"0 is your plan: a median net profit of {fmt.money(base.net_profit_usd_p50)}.")
    still = sensitivity.still_inputs(table)
    if still:
        st.caption("Moved neither figure: " + ", ".join(still) + ".")
    with st.expander("The numbers"):
        table_ui("sweep", sensitivity.numbers_table(table))


def sweep_ui(scenario: Scenario, settings: RunSettings) -> None:
    """The sweep's settings and button; its charts once it ran for this plan (kept in the
    session until the plan or the settings change)."""
    include, relative, sweep_paths, run_sweep = sweep_controls_ui()
    sweep_key = (scenario.model_dump_json(), sweep_paths, settings.seed, include, relative)

    if run_sweep:
        fields = sensitivity.sweep_fields(scenario, include)
        items = sensitivity.sweep_items(scenario, fields, relative)
        bar = st.progress(0.0, text="Running your plan as it is…")
        base = state.summary(scenario, sweep_paths, settings.seed)

        def report(done: int, i: int) -> None:
            side = "lowered" if items[i].side == "low" else "raised"
            bar.progress(
                done / len(items),
                text=f"{field_name_words(items[i].name)} {side}: run {done} of {len(items)}",
            )

        runs = state.summaries([it.scenario for it in items], sweep_paths, settings.seed, report)
        outcomes = {(it.name, it.side): s for it, s in zip(items, runs, strict=True)}
        bar.empty()
        table = sensitivity.tornado_table(
            scenario, items, base, lambda it: outcomes.get((it.name, it.side))
        )
        st.session_state[SWEEP] = {"key": sweep_key, "table": table, "base": base}

    done = st.session_state.get(SWEEP)
    if done is None:
        st.info(f"Press “{TRY_LABEL}” to see which of your choices matter most for this plan.")
    elif done["key"] != sweep_key:
        st.info(
            f"The plan or the settings above changed since the last try: press “{TRY_LABEL}” again."
        )
    else:
        tornado_ui(done["table"], done["base"], include, scenario.months)
