"""Tables of the Compare page: headline figures with the plans as columns."""

from __future__ import annotations

import pandas as pd

from sim.safe_text import markdown_safe
from ui.labels import month_text, pct, usd

ROWS: tuple[tuple[str, str, str], ...] = (
    # (column of sim.compare.kpi_table, row label, format)
    ("p_profitable", "Chance of profit at month {months}", "pct"),
    ("break_even_month_p50", "Break-even (median)", "month"),
    ("net_profit_usd_p10", "Net profit, P10 (USD)", "usd"),
    ("net_profit_usd_p50", "Net profit, median (USD)", "usd"),
    ("net_profit_usd_p90", "Net profit, P90 (USD)", "usd"),
    ("hourly_wage_usd_p50", "Hourly wage, median (USD/hour)", "wage"),
    ("followers_p50", "Followers, median", "count"),
    ("p_burnout", "Chance of burnout", "pct"),
    ("p_quit", "Chance of quitting", "pct"),
    ("max_out_of_pocket_usd_p90", "Must be able to lose, P90 (USD)", "usd"),
    ("creator_hours_per_week_p50", "Creating, median (hours/week)", "hours"),
)


def _fmt(kind: str, value: object) -> str:
    x = None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]
    if kind == "month":
        return month_text(x)
    if x is None:
        return "-"
    if kind == "pct":
        return pct(x)
    if kind == "usd":
        return usd(x)
    if kind == "wage":
        return usd(x, cents=True)
    if kind == "hours":
        return f"{x:.1f}"
    return f"{x:,.0f}"


def headline_table(kpis: pd.DataFrame, months: int) -> pd.DataFrame:
    """``sim.compare.kpi_table`` turned on its side: one row per figure, one column per plan."""
    out = {}
    for _, row in kpis.iterrows():
        out[str(row["scenario"])] = [_fmt(kind, row[col]) for col, _, kind in ROWS]
    index = [label.format(months=months) for _, label, _ in ROWS]
    return pd.DataFrame(out, index=pd.Index(index, name="Figure"))


def for_display(table: pd.DataFrame) -> pd.DataFrame:
    """A copy for ``st.table``, which renders every cell, column header and row label as
    markdown: plan names are user text, so all of it is shown as the literal characters."""

    def safe(value: object) -> object:
        return markdown_safe(value) if isinstance(value, str) else value

    out = table.map(safe)
    out.columns = out.columns.map(safe)
    out.index = out.index.map(safe)
    out.index.name = None if table.index.name is None else markdown_safe(table.index.name)
    return out
