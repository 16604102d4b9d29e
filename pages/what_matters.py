"""What matters: a sensitivity tornado and "what would it take" goal seeking."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim.goal_seek import GOAL_LABELS, Goal, SeekResult, what_would_it_take
from sim.scenario import Scenario, field_range, field_unit
from sim.settings import MIN_PATHS
from ui import charts, sensitivity, state
from ui.entry import ensure_entry_script
from ui.labels import decimals_for, field_label, field_step, number, pct, usd
from ui.prose import section

ensure_entry_script()

SWEEP = "wm.sweep"
SEEK = "wm.seek"

scenario, settings = state.current()
st.title("What matters")
st.caption(section("what_matters", "intro"))


# --- sensitivity ----------------------------------------------------------------------------


def sweep_controls_ui() -> tuple[bool, float, int, bool]:
    """Include every input?, step size, paths, run clicked."""
    a, b, c, d = st.columns([2, 2, 2, 1.4], vertical_alignment="bottom")
    include_all = a.toggle(
        "Include every numeric input",
        key="wm.all",
        help="By default: the inputs you control and a handful of market inputs.",
    )
    relative = b.select_slider(
        "Step",
        options=[0.1, 0.2, 0.3, 0.5],
        value=0.2,
        format_func=lambda x: f"±{x:.0%}",
        key="wm.step",
    )
    paths = c.number_input(
        "Futures per run",
        min_value=MIN_PATHS,
        max_value=5_000,
        value=500,
        step=100,
        key="wm.paths",
    )
    clicked = d.button("Run the sweep", type="primary", icon=":material/play_arrow:")
    return include_all, float(relative), int(paths), clicked


st.header("Which inputs move the outcome?")
st.caption(section("what_matters", "tornado"))
include_all, relative, sweep_paths, run_sweep = sweep_controls_ui()
sweep_key = (scenario.model_dump_json(), sweep_paths, settings.seed, include_all, relative)

if run_sweep:
    fields = sensitivity.sweep_fields(include_all)
    items = sensitivity.sweep_items(scenario, fields, relative)
    bar = st.progress(0.0, text="Running the base plan…")
    base = state.summary(scenario, sweep_paths, settings.seed)

    def report(done: int, i: int) -> None:
        bar.progress(
            done / len(items),
            text=f"{field_label(items[i].name)} {items[i].side}: run {done} of {len(items)}",
        )

    found = state.summaries([it.scenario for it in items], sweep_paths, settings.seed, report)
    outcomes = {(it.name, it.side): s for it, s in zip(items, found, strict=True)}
    bar.empty()
    table = sensitivity.tornado_table(
        scenario, items, base, lambda it: outcomes.get((it.name, it.side))
    )
    st.session_state[SWEEP] = {"key": sweep_key, "table": table, "base": base}

done = st.session_state.get(SWEEP)
if done is None:
    st.info("Run the sweep to see which inputs matter most for this plan.")
elif done["key"] != sweep_key:
    st.info("The plan or the sweep settings changed since the last sweep: run it again.")
else:
    table: pd.DataFrame = done["table"].copy()
    base = done["base"]

    def fmt(name: str, x: float) -> str:
        return number(x, decimals_for(field_step(name)))

    table["label"] = [
        f"{r.label}: {fmt(r.field, r.low_input)} / {fmt(r.field, r.high_input)}"
        for r in table.itertuples()
    ]

    def tornado_ui(low: str, high: str, base_value: float, x_title: str, fmt: str) -> None:
        st.altair_chart(
            charts.tornado(
                table.assign(low=table[low], high=table[high]),
                low_col="low",
                high_col="high",
                base_value=base_value,
                x_title=x_title,
                value_format=fmt,
            ),
            width="stretch",
        )

    st.subheader("Chance of profit")
    if sensitivity.is_flat(table, "low_p_profit", "high_p_profit", base.p_profitable):
        st.info(
            f"No input moves the chance of profit by one step: it stays at "
            f"{pct(base.p_profitable)}. The median net profit below shows what does move."
        )
    else:
        tornado_ui(
            "low_p_profit",
            "high_p_profit",
            base.p_profitable,
            f"Chance of profit at month {scenario.months}",
            ".0%",
        )
        st.caption(f"The black line is this plan: {pct(base.p_profitable)}.")
    st.subheader("Median net profit")
    tornado_ui(
        "low_net",
        "high_net",
        base.net_profit_usd_p50,
        f"Median net profit after {scenario.months} months (USD)",
        "$,.0f",
    )
    st.caption(f"The black line is this plan: {usd(base.net_profit_usd_p50)}.")
    with st.expander("The numbers"):
        st.dataframe(
            table[["label", "low_p_profit", "high_p_profit", "low_net", "high_net"]].rename(
                columns={
                    "label": "Input: lowered / raised",
                    "low_p_profit": "Chance of profit, lowered",
                    "high_p_profit": "Chance of profit, raised",
                    "low_net": "Median net profit, lowered (USD)",
                    "high_net": "Median net profit, raised (USD)",
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "Chance of profit, lowered": st.column_config.NumberColumn(format="percent"),
                "Chance of profit, raised": st.column_config.NumberColumn(format="percent"),
                "Median net profit, lowered (USD)": st.column_config.NumberColumn(format="dollar"),
                "Median net profit, raised (USD)": st.column_config.NumberColumn(format="dollar"),
            },
        )


# --- goal seeking ---------------------------------------------------------------------------


def goal_ui(sc: Scenario) -> Goal:
    """The target to reach."""
    kind = st.radio(
        "Goal",
        options=list(GOAL_LABELS),
        format_func=GOAL_LABELS.__getitem__,
        horizontal=True,
        key="wm.goal",
    )
    a, b, c = st.columns(3)
    month = a.number_input(
        "By month", min_value=1, max_value=60, value=sc.months, step=1, key="wm.month"
    )
    followers = 0.0
    if kind == "profit_chance":
        target = b.slider("Chance of profit at least (%)", 5, 95, 50, 5, key="wm.p") / 100
    elif kind == "followers_chance":
        followers = float(
            b.number_input(
                "Followers at least",
                min_value=100,
                max_value=10_000_000,
                value=10_000,
                step=1_000,
                key="wm.f",
            )
        )
        target = c.slider("With a chance of at least (%)", 5, 95, 50, 5, key="wm.fp") / 100
    else:
        target = float(
            b.number_input(
                "Median hourly wage at least (USD/hour)",
                min_value=-100.0,
                max_value=1000.0,
                value=float(sc.day_job_wage_usd_per_hour),
                step=1.0,
                key="wm.w",
            )
        )
    return Goal(kind, int(month), float(target), followers)


def lever_ui(sc: Scenario) -> tuple[str, float, float, int, bool]:
    """The lever, its search range, paths per run and the button."""
    a, b, c, d, e = st.columns([3, 1.5, 1.5, 1.5, 1.2], vertical_alignment="bottom")
    names = sensitivity.levers()
    lever = a.selectbox("Lever", options=names, format_func=field_label, key="wm.lever")
    lo_default, hi_default = sensitivity.default_search_range(sc, lever)
    f_lo, f_hi = field_range(lever)
    unit = field_unit(lever)
    step = field_step(lever) or 1.0
    fmt = f"%.{decimals_for(step)}f"
    lo = b.number_input(
        f"From ({unit})" if unit else "From",
        min_value=f_lo,
        max_value=f_hi,
        value=lo_default,
        step=step,
        format=fmt,
        key=f"wm.lo.{lever}",
    )
    hi = c.number_input(
        f"To ({unit})" if unit else "To",
        min_value=f_lo,
        max_value=f_hi,
        value=hi_default,
        step=step,
        format=fmt,
        key=f"wm.hi.{lever}",
    )
    paths = d.number_input(
        "Futures per run",
        min_value=MIN_PATHS,
        max_value=5_000,
        value=500,
        step=100,
        key="wm.seek_paths",
    )
    clicked = e.button("Find it", type="primary", icon=":material/search:")
    return lever, float(lo), float(hi), int(paths), clicked


st.header("What would it take?")
st.caption(section("what_matters", "seek"))
goal = goal_ui(scenario)
lever, lo, hi, seek_paths, run_seek = lever_ui(scenario)
seek_key = (scenario.model_dump_json(), goal, lever, lo, hi, seek_paths, settings.seed)
if any(c.what == lever for c in scenario.timeline):
    st.caption(
        f"Note: your timeline changes {field_label(lever)} later on; the search sets its "
        "starting value only."
    )

if run_seek:
    if hi < lo:
        st.error("The range is empty: 'From' must not exceed 'To'.")
    else:
        bar = st.progress(0.0, text="Searching…")

        def report(done: int, total: int, value: float) -> None:
            bar.progress(
                min(done / total, 1.0),
                text=f"Tried {field_label(lever)} = {value:,.4g} ({done} runs)",
            )

        result = what_would_it_take(
            scenario,
            lever,
            goal,
            paths=seek_paths,
            seed=settings.seed,
            lo=lo,
            hi=hi,
            measure_scenario=lambda sc: state.goal_measure(sc, goal, seek_paths, settings.seed),
            on_eval=report,
        )
        bar.empty()
        st.session_state[SEEK] = {"key": seek_key, "result": result}

found = st.session_state.get(SEEK)
if found is not None and found["key"] == seek_key:
    result: SeekResult = found["result"]
    (st.success if result.met else st.warning)(sensitivity.describe_seek(result))
    points = pd.DataFrame(
        [{"value": p.value, "measured": p.measured, "met": p.met} for p in result.search.curve]
    )
    wage = goal.kind == "hourly_wage"
    st.altair_chart(
        charts.search_curve(
            points,
            x_title=field_label(lever),
            y_title=sensitivity.goal_axis_title(goal),
            target=goal.target,
            current=result.current_value,
            found=result.value,
            y_format="$,.2f" if wage else "%",
        ),
        width="stretch",
    )
    st.caption(section("what_matters", "curve"))
    st.caption(
        f"{len(result.search.curve)} runs of {result.paths:,} futures each, seed {result.seed}; "
        f"method: {result.search.method}."
    )
elif found is not None:
    st.info("The goal, the lever or the plan changed since the last search: search again.")
