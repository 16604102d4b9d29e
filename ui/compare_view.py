"""Tables of the Compare page: headline figures with the plans as columns, and each plan
against the baseline, ranked by the chance it works out.

Figures are written by ``sim.model.format``. A plan whose only advantage is a better median net
while more of its futures quit is called out: stopping early stops the costs too, which is no
success.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.analysis.compare import Difference
from sim.io.safe_text import markdown_safe, quote
from sim.model import format as fmt

ROWS: tuple[tuple[str, str], ...] = (
    # (column of sim.analysis.compare.kpi_table, row label)
    ("p_success", "Chance it works out"),
    ("net_profit_usd_p50", "Median net profit"),
    ("net_profit_usd_p10", "Net profit, 1 future in 10 below"),
    ("net_profit_usd_p90", "Net profit, 1 future in 10 above"),
    ("p_profitable", "Chance of profit"),
    ("break_even_month_p50", "Break-even (median)"),
    ("hourly_wage_usd_p50", "Median pay an hour"),
    ("followers_p50", "Followers (median)"),
    ("p_strain", "Feel burnt out"),
    ("p_burnout", "Burnout that stops posting"),
    ("p_quit", "Quit before the end"),
    ("max_out_of_pocket_usd_p90", "Must be able to lose"),
    ("creator_hours_per_week_p50", "Creating, hours a week"),
)
QUIT_MARGIN = 0.02
"""More futures quitting than this (2 points) makes a higher median net suspect."""


def headline_table(kpis: pd.DataFrame) -> pd.DataFrame:
    """``sim.analysis.compare.kpi_table`` turned on its side: one row per figure, one column per
    plan."""
    out = {}
    for _, row in kpis.iterrows():
        out[str(row["scenario"])] = [fmt.figure(col, _value(row[col])) for col, _ in ROWS]
    index = [label for _, label in ROWS]
    return pd.DataFrame(out, index=pd.Index(index, name="Figure"))


def _value(x: object) -> object:
    return None if x is None or (isinstance(x, float) and pd.isna(x)) else x


def ranked(diffs: Sequence[Difference]) -> list[Difference]:
    """Plans against the baseline, the best chance it works out first (then median net)."""
    return sorted(diffs, key=lambda d: (-d.p_success_other, -d.net_profit_usd_diff.estimate))


def _then_now(before: str, after: str, difference: str) -> str:
    """``-$625 → -$477 (+$148)``; two figures that read the same are "about the same"."""
    if fmt.about_the_same(before, after):
        return f"{after} for both (about the same)"
    return f"{before} → {after} ({difference})"


def differences_table(diffs: Sequence[Difference]) -> pd.DataFrame:
    """Each plan against the baseline in words, ranked by the chance it works out. Every
    difference beside two figures is worked out from the figures as shown (the headline table's
    medians), so it never contradicts them; the range of the difference in the same future
    comes from the paired futures."""
    rows = []
    for d in ranked(diffs):
        works, net = d.p_success_diff, d.net_profit_usd_diff
        rows.append(
            {
                "Plan": d.name,
                "Chance it works out": _then_now(
                    fmt.pct(d.p_success_baseline),
                    fmt.pct(d.p_success_other),
                    fmt.points_between(d.p_success_baseline, d.p_success_other),
                ),
                "Likely range of that difference": f"{fmt.points(works.low)} to "
                f"{fmt.points(works.high)}",
                "Median net profit": _then_now(
                    fmt.money(d.net_profit_usd_p50_baseline),
                    fmt.money(d.net_profit_usd_p50_other),
                    fmt.money_between(d.net_profit_usd_p50_baseline, d.net_profit_usd_p50_other),
                ),
                "Net difference in the same future, 8 in 10": f"{fmt.signed_money(net.low)} "
                f"to {fmt.signed_money(net.high)}",
                "Futures where this plan earns more": fmt.pct(d.share_paths_better),
                "Median followers": _then_now(
                    fmt.count(d.followers_p50_baseline),
                    fmt.count(d.followers_p50_other),
                    fmt.signed_count(
                        round(d.followers_p50_other) - round(d.followers_p50_baseline)
                    ),
                ),
            }
        )
    return pd.DataFrame(rows).set_index("Plan")


def best_plan_text(kpis: pd.DataFrame) -> str:
    """Which plan works out most often, in one sentence (plan names quoted as text); a tie is
    broken by fewer futures quitting, then median net, never by more futures giving up."""
    order = kpis.assign(_quit=-kpis["p_quit"]).sort_values(
        ["p_success", "_quit", "net_profit_usd_p50"], ascending=False
    )
    best = order.iloc[0]
    name, chance = quote(str(best["scenario"])), float(best["p_success"])
    if chance == 0:
        text = "None of these plans works out in any simulated future."
    elif chance < 0.05:
        text = (
            f"None of these plans is likely to work out; the best, {name}, does in "
            f"{fmt.pct(chance)} of futures."
        )
    else:
        text = (
            f"Most likely to work out: {name}, {fmt.pct(chance)} of futures in profit and "
            f"still creating (median net {fmt.money(float(best['net_profit_usd_p50']))})."
        )
    return markdown_safe(text)


def quitting_warnings(kpis: pd.DataFrame) -> list[str]:
    """A plan with a better median net than another that works out more often, while more of
    its futures quit: said in words, so it is never read as the better plan."""
    out = []
    rows = list(kpis.itertuples(index=False))
    for a in rows:
        for b in rows:
            if (
                a.net_profit_usd_p50 > b.net_profit_usd_p50
                and a.p_success <= b.p_success
                and a.p_quit > b.p_quit + QUIT_MARGIN
            ):
                out.append(
                    markdown_safe(
                        f"{quote(str(a.scenario))} has a better median net than "
                        f"{quote(str(b.scenario))} only because more of its futures quit "
                        f"({fmt.pct(a.p_quit)} against {fmt.pct(b.p_quit)}), which stops the "
                        "costs too: it does not work out more often."
                    )
                )
    return out


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
