"""The verdict and the headline figures of one run."""

from __future__ import annotations

import streamlit as st

from sim.results import Summary
from ui.labels import month_text, number, pct, usd


def verdict_ui(s: Summary) -> None:
    """The plain-language verdict, coloured by how likely a profit is."""
    if s.p_profitable >= 0.6:
        st.success(s.verdict, icon=":material/thumb_up:")
    elif s.p_profitable >= 0.3:
        st.warning(s.verdict, icon=":material/balance:")
    else:
        st.error(s.verdict, icon=":material/money_off:")


def break_even_spread(s: Summary) -> str:
    """How spread out break-even is, in words, also when most futures never break even."""
    if s.p_break_even == 0:
        return f"no future breaks even within {s.months} months"
    if s.break_even_month_p25 is None:
        return f"only {pct(s.p_break_even)} of futures break even within {s.months} months"
    if s.break_even_month_p75 is None:
        return (
            f"a quarter by {month_text(s.break_even_month_p25)}; {pct(1 - s.p_break_even)} never do"
        )
    return (
        f"half of futures between {month_text(s.break_even_month_p25)} and "
        f"{month_text(s.break_even_month_p75)}"
    )


def _figure(label: str, value: str, note: str, help_text: str, **metric: object) -> None:
    with st.container(border=True):
        st.metric(label, value, help=help_text, **metric)  # type: ignore[arg-type]
        st.caption(note)


def kpis_ui(s: Summary) -> None:
    """Eight figures in two rows; each says its spread underneath."""
    n = s.months
    row = st.columns(4)
    with row[0]:
        _figure(
            f"Chance of profit at month {n}",
            pct(s.p_profitable),
            f"{pct(s.p_paid_deal)} of futures land at least one paid deal",
            "Share of simulated futures whose cumulative net cash is above zero at the end.",
        )
    with row[1]:
        _figure(
            "Break-even (median)",
            month_text(s.break_even_month_p50).capitalize(),
            break_even_spread(s),
            "First month from which cumulative net cash stays at or above zero to the end.",
        )
    with row[2]:
        _figure(
            "Net profit (median)",
            usd(s.net_profit_usd_p50),
            f"P10 {usd(s.net_profit_usd_p10)} · P90 {usd(s.net_profit_usd_p90)}",
            f"Cumulative net cash after {n} months: cash received minus costs and tax.",
        )
    with row[3]:
        gap = s.hourly_wage_usd_p50 - s.day_job_wage_usd_per_hour
        _figure(
            "Hourly wage (median)",
            usd(s.hourly_wage_usd_p50, cents=True),
            f"P10 {usd(s.hourly_wage_usd_p10, cents=True)} · "
            f"P90 {usd(s.hourly_wage_usd_p90, cents=True)}",
            "Net profit divided by the hours spent creating. Compared with your day job's wage.",
            delta=f"{usd(gap, cents=True)} vs your day job",
            delta_color="normal",
        )
    row = st.columns(4)
    with row[0]:
        _figure(
            "Chance of burnout",
            pct(s.p_burnout),
            f"{pct(s.p_quit)} of futures end with you quitting",
            "Share of futures with at least one burnout (fatigue past its threshold).",
        )
    with row[1]:
        _figure(
            "Must be able to lose",
            usd(s.max_out_of_pocket_usd_p90),
            "the deepest point out of pocket in 9 futures of 10; "
            f"median {usd(s.max_out_of_pocket_usd_p50)}",
            "The cash you must be able to lose: the lowest point of cumulative net cash along "
            "the way, which 9 futures in 10 never go below.",
        )
    with row[2]:
        _figure(
            "Followers (median)",
            number(round(s.followers_p50)),
            f"P10 {number(round(s.followers_p10))} · P90 {number(round(s.followers_p90))}",
            f"Followers at the end of month {n}.",
        )
    with row[3]:
        _figure(
            "Creating, hours a week",
            f"{s.creator_hours_per_week_p50:.1f} h",
            f"median; {s.total_hours_per_week_p50:.1f} h a week with the day job",
            "Average weekly hours over the horizon, median over futures.",
        )
