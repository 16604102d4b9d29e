"""What matters: which of your choices move the chance the plan works out, how much knowing your
own numbers would narrow the answer, and what it would take to reach a goal."""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
import streamlit as st

from sim import RunSettings
from sim import format as fmt
from sim.goal_seek import (
    GOAL_LABELS,
    Goal,
    GoalKind,
    LimitKind,
    SeekResult,
    goal_scenario,
    what_would_it_take,
    with_lever,
)
from sim.results import Summary
from sim.scenario import Scenario, field_range
from sim.settings import MIN_PATHS
from ui import row_charts, sensitivity, state
from ui.entry import ensure_entry_script
from ui.labels import decimals_for, field_label, field_name_words, field_step
from ui.phone import table_ui
from ui.prose import section
from ui.sidebar import request_load

ensure_entry_script()

SWEEP = "wm.sweep"
TRY_LABEL = "Try each input lower and higher"
FUTURES_LABEL = "Simulated futures for each try"
FUTURES_HELP = (
    "How many simulated futures each changed plan is run on: more gives steadier figures and "
    "takes longer."
)
SEEK = "wm.seek"
APPLIED = "wm.applied"
KNOWLEDGE = "wm.knowledge"
# (comments, not docstrings: Streamlit would draw a bare string in a page script)
TORNADO_ROWS = 12  # inputs drawn as bars; the table under the charts lists every one
KNOWLEDGE_PATHS = 1_000  # futures per case of "knowing your numbers" (at most)
SEEK_PATHS = 1_000  # the goal seek's default futures per run (the plan's own when fewer)
LIMITS: dict[str, str] = {
    "none": "No limit",
    "burnout": "Burnout (a break from posting)",
    "quit": "Quitting",
}

scenario, settings = state.current()
st.title("What matters")
st.caption(section("what_matters", "intro"))


# --- a change applied from the goal seek ----------------------------------------------------


def applied_ui(sc: Scenario, run_settings: RunSettings) -> None:
    """After "use this value": what changed in the plan and how its figures moved."""
    applied: dict[str, Any] | None = st.session_state.get(APPLIED)
    if applied is None:
        return
    if applied["after"] != sc:  # the plan has changed again since
        del st.session_state[APPLIED]
        return
    lever = applied["lever"]
    before = state.summary(applied["before"], run_settings.paths, run_settings.seed)
    after = state.summary(sc, run_settings.paths, run_settings.seed)
    st.success(
        f"Your plan now has **{field_name_words(lever)}** at "
        f"**{sensitivity.value_text(lever, applied['after_value'])}** (it was "
        f"{sensitivity.value_text(lever, applied['before_value'])}). With the Plan page's "
        f"{fmt.count(run_settings.paths)} futures the chance it works out went from "
        f"{fmt.pct(before.p_success)} to **{fmt.pct(after.p_success)}** and the median net "
        f"profit from {fmt.money(before.net_profit_usd_p50)} to "
        f"**{fmt.money(after.net_profit_usd_p50)}**."
    )


applied_ui(scenario, settings)


# --- sensitivity ----------------------------------------------------------------------------


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


def tornado_ui(table: pd.DataFrame, base: Summary, include: bool) -> None:
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
            st.info(sensitivity.flat_message(base, scenario.months, include))
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


st.header("Which of your choices move the outcome?")
st.caption(section("what_matters", "tornado"))
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
    tornado_ui(done["table"], done["base"], include)


# --- knowing your own numbers -----------------------------------------------------------------


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


st.header("How much would knowing your numbers narrow the answer?")
st.caption(section("what_matters", "knowledge"))
knowledge_ui(scenario, settings)


# --- goal seeking ---------------------------------------------------------------------------


def goal_ui(sc: Scenario) -> Goal:
    """The target to reach, and a limit on burnout or quitting."""
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
    if kind in ("success_chance", "profit_chance"):
        target = b.slider("With a chance of at least (%)", 5, 95, 50, 5, key="wm.p") / 100
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
                "Median hourly wage at least (USD an hour)",
                min_value=-100.0,
                max_value=1000.0,
                value=float(sc.day_job_wage_usd_per_hour),
                step=1.0,
                key="wm.w",
            )
        )
    d, e = st.columns(2)
    limit_kind: LimitKind = d.selectbox(  # type: ignore[assignment]
        "Keep in check",
        options=list[LimitKind](LIMITS),  # type: ignore[arg-type]
        format_func=LIMITS.__getitem__,
        key="wm.limit_kind",
        help="Only count a value that reaches the goal without more than this share of "
        "futures burning out or quitting.",
    )
    limit = 1.0
    if limit_kind != "none":
        limit = (
            e.slider(
                "In at most this share of futures (%)", 0, 100, 20, 5, key=f"wm.limit.{limit_kind}"
            )
            / 100
        )
    return Goal(cast(GoalKind, kind), int(month), float(target), followers, limit_kind, limit)


def lever_ui(sc: Scenario, run_settings: RunSettings) -> tuple[str, float, float, int, bool]:
    """The input to change, its search range, futures per run and the button."""
    names = sensitivity.levers()
    lever = st.selectbox("Input to change", options=names, format_func=field_label, key="wm.lever")
    a, b, c, d = st.columns([1.5, 1.5, 1.5, 1.2], vertical_alignment="bottom")
    lo_default, hi_default = sensitivity.default_search_range(sc, lever)
    f_lo, f_hi = field_range(lever)
    step = field_step(lever) or 1.0
    number_format = f"%.{decimals_for(step)}f"
    lo = a.number_input(
        "From",
        min_value=f_lo,
        max_value=f_hi,
        value=lo_default,
        step=step,
        format=number_format,
        key=f"wm.lo.{lever}",
    )
    hi = b.number_input(
        "To",
        min_value=f_lo,
        max_value=f_hi,
        value=hi_default,
        step=step,
        format=number_format,
        key=f"wm.hi.{lever}",
    )
    paths = c.number_input(
        FUTURES_LABEL,
        min_value=MIN_PATHS,
        max_value=5_000,
        value=max(MIN_PATHS, min(run_settings.paths, SEEK_PATHS)),
        step=100,
        key="wm.seek_paths",
        help=FUTURES_HELP,
    )
    clicked = d.button("Find it", type="primary")
    return lever, float(lo), float(hi), int(paths), clicked


def apply_ui(sc: Scenario, run_settings: RunSettings, result: SeekResult) -> None:
    """A button that puts the value found into the plan (the sidebar loads it)."""
    value = result.value
    if value is None or result.search.start_met:
        return
    lever = result.lever
    label = f"Use {sensitivity.value_text(lever, value)} in my plan"
    if st.button(label, key=f"apply_lever_{lever}", type="primary"):
        after = with_lever(sc, lever, value)
        st.session_state[APPLIED] = {
            "lever": lever,
            "before": sc,
            "after": after,
            "before_value": float(getattr(sc, lever)),
            "after_value": float(getattr(after, lever)),
        }
        request_load(after, run_settings)
        st.rerun()


def seek_result_ui(result: SeekResult, goal: Goal) -> None:
    base = goal_scenario(scenario, goal)

    def raw(value: float) -> tuple[float, float]:
        candidate = with_lever(base, result.lever, value)
        return state.goal_raw_measures(candidate, goal, result.paths, result.seed)

    (st.success if result.met else st.warning)(sensitivity.describe_seek(result, raw))
    apply_ui(scenario, settings, result)
    wage = goal.kind == "hourly_wage"
    st.altair_chart(
        row_charts.search_curve(
            sensitivity.search_points(result, raw),
            x_title=field_label(result.lever),
            y_title=sensitivity.goal_axis_title(goal),
            target=goal.target,
            current=result.current_value,
            found=result.value,
            y_format="$,.2f" if wage else ".0%",
        ),
        width="stretch",
    )
    st.caption(section("what_matters", "curve"))
    st.caption(sensitivity.search_note(result))


st.header("What would it take?")
st.caption(section("what_matters", "seek"))
goal = goal_ui(scenario)
lever, lo, hi, seek_paths, run_seek = lever_ui(scenario, settings)
seek_key = (scenario.model_dump_json(), goal, lever, lo, hi, seek_paths, settings.seed)
if any(c.what == lever for c in scenario.timeline):
    st.caption(
        f"Note: your timeline changes {field_name_words(lever)} later on; the search sets "
        "its starting value only."
    )

if run_seek:
    if hi < lo:
        st.error("The range is empty: 'From' must not exceed 'To'.")
    else:
        bar = st.progress(0.0, text="Searching…")

        def progress(done: int, total: int, value: float) -> None:
            bar.progress(
                min(done / total, 1.0),
                text=f"Tried {field_name_words(lever)} = "
                f"{sensitivity.value_text(lever, value)} ({done} runs)",
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
            on_eval=progress,
        )
        bar.empty()
        st.session_state[SEEK] = {"key": seek_key, "result": result}

searched = st.session_state.get(SEEK)
if searched is not None and searched["key"] == seek_key:
    seek_result_ui(searched["result"], goal)
elif searched is not None and st.session_state.get(APPLIED) is None:
    st.info("The goal, the input or the plan changed since the last search: search again.")
