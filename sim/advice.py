"""Why a plan does or doesn't work out, and what the person could change.

Two things, both computed from runs, never typed in:

- ``reasons(results)``: the two or three biggest reasons in words, from the run's own figures
  (the share of spending that goes to one cost line, the month the first paid deal comes in
  the median future, hours above what the person can keep up, futures that stop).
- ``suggestions(scenario, base, evaluate)``: up to three changes the person controls (their
  plan, never a model assumption), each simulated with the same paths and seed as the plan, so
  the difference is the decision and not the luck. They are ranked by the chance the plan
  works out (in profit and still creating), then median net; a change whose only gain is in
  median net while more futures quit is never offered, since stopping early also stops costs.

No Streamlit here: the app passes a cached ``evaluate``; tests pass the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim import format as fmt
from sim.metrics import COST_KINDS, COST_LABELS
from sim.results import Results, Summary
from sim.scenario import Scenario, field_range, is_assumption

MAX_REASONS = 3
MAX_SUGGESTIONS = 3
QUIT_SLACK = 0.01
"""A change may raise the share of futures that quit by at most this and still be offered
for a better median net alone."""
MIN_GAIN = 0.01
"""A gain in the chance it works out smaller than this (one point) counts as no change: it is
within a few futures of luck, and it would be shown as "+<1 point"."""

# cost line -> the plan field that drives it
COST_FIELDS: dict[str, str] = {
    "production": "production_cost_usd_per_post",
    "equipment": "equipment_cost_usd",
    "software": "software_usd_per_month",
    "shoots": "photo_shoots_per_month",
    "events": "events_per_year",
    "agency": "agency_cut_share",
}


# --- reasons -------------------------------------------------------------------------------


def first_paid_deal_months(results: Results) -> NDArray[np.float64]:
    """Per path, the first month with a paid deal (inf for a path that never gets one)."""
    deals = results.monthly["deals_paid"][:, 1:] > 0
    first: NDArray[np.float64] = np.argmax(deals, axis=1).astype(np.float64) + 1
    first[~deals.any(axis=1)] = np.inf
    return first


def cost_shares(results: Results) -> dict[str, float]:
    """Each cost line's share of all spending (means over futures; tax left out)."""
    totals = {c: float(results.total(f"cost_{c}_usd").mean()) for c in COST_KINDS}
    spent = sum(totals.values())
    return {c: t / spent for c, t in totals.items()} if spent > 0 else {}


@dataclass(frozen=True)
class Reason:
    text: str
    weight: float
    """How much it explains, to rank the reasons (0 to 1)."""


def _reason_costs(results: Results) -> Reason | None:
    shares = cost_shares(results)
    if not shares:
        return None
    line, share = max(shares.items(), key=lambda kv: kv[1])
    s = results.summary
    name = COST_LABELS[line].lower()
    if line == "production":
        name = "production costs per post"
    return Reason(
        f"{name[:1].upper() + name[1:]} are {fmt.pct(share)} of your spending "
        f"({fmt.money(s.costs_usd_p50)} in all over {fmt.months(s.months)} in the median "
        f"future, against {fmt.money(s.cash_income_usd_p50)} of cash coming in).",
        share if s.p_success < 0.5 else 0.3 * share,
    )


def _reason_deals(results: Results) -> Reason | None:
    first = first_paid_deal_months(results)
    median = float(np.quantile(first, 0.5, method="inverted_cdf"))
    s = results.summary
    if np.isinf(median):
        return Reason(
            f"In the median future no paid brand deal comes within {fmt.months(s.months)}: "
            f"{fmt.pct(s.p_paid_deal)} of futures get one at all.",
            0.9,
        )
    late = median / max(s.months, 1)
    return Reason(
        f"In the median future the first paid deal comes in {fmt.month(median)} of {s.months}.",
        0.8 * late if s.p_success < 0.5 else 0.4,
    )


def _reason_hours(results: Results) -> Reason | None:
    s = results.summary
    limit = results.scenario.sustainable_hours_per_week
    if s.total_hours_per_week_p50 <= limit and s.p_strain < 0.3:
        return None
    over = s.total_hours_per_week_p50 > limit
    head = (
        f"With the day job you work {fmt.hours_a_week(s.total_hours_per_week_p50)}, above the "
        f"{fmt.hours(limit)} you can keep up"
        if over
        else f"Creating takes {fmt.hours_a_week(s.creator_hours_per_week_p50)} on top of "
        f"the day job"
    )
    return Reason(
        f"{head}: {fmt.pct(s.p_strain)} of futures wear you down, and {fmt.pct(s.p_quit)} "
        f"end with you stopping.",
        max(s.p_quit, 0.5 * s.p_strain),
    )


def _reason_income(results: Results) -> Reason | None:
    s = results.summary
    if s.p_success < 0.5:
        return None
    streams = results.income_and_costs()
    income = streams[streams["kind"] == "income"].set_index("line")["mean"]
    total = float(income.sum())
    if total <= 0:
        return None
    top = str(income.idxmax())
    labels = {
        "sponsorship": "paid brand deals",
        "affiliate": "affiliate commissions",
        "platform": "platform payouts",
        "ugc": "UGC gigs",
    }
    return Reason(
        f"{labels.get(top, top)[:1].upper() + labels.get(top, top)[1:]} bring "
        f"{fmt.pct(float(income[top]) / total)} of your cash income.",
        0.7,
    )


def reasons(results: Results, limit: int = MAX_REASONS) -> list[str]:
    """The biggest reasons the plan does (or doesn't) work out, in words, most telling first."""
    found = [
        r
        for r in (
            _reason_costs(results),
            _reason_deals(results),
            _reason_hours(results),
            _reason_income(results),
        )
        if r is not None
    ]
    found.sort(key=lambda r: -r.weight)
    return [r.text for r in found[:limit]]


# --- changes the person controls ----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Set one plan field to a new value (in the scenario's units)."""

    field: str
    value: float
    current: float
    what: str
    """The change in words: 'Cut production cost per post from $10 to $5'."""

    def apply(self, scenario: Scenario) -> Scenario:
        annotation = Scenario.model_fields[self.field].annotation
        value: Any = round(self.value) if annotation is int else float(self.value)
        return Scenario.model_validate({**scenario.model_dump(), self.field: value})


@dataclass(frozen=True)
class Suggestion:
    """A change with its effect, both runs on the same paths and seed."""

    change: Change
    p_success_before: float
    p_success_after: float
    net_before_usd: float
    net_after_usd: float
    p_quit_before: float
    p_quit_after: float

    @property
    def p_success_diff(self) -> float:
        return self.p_success_after - self.p_success_before

    @property
    def net_diff_usd(self) -> float:
        return self.net_after_usd - self.net_before_usd

    def effect(self) -> str:
        """'Chance it works out 3% → 15% (+12 points); median net -$800 → -$300'."""
        return (
            f"chance it works out {fmt.pct(self.p_success_before)} → "
            f"{fmt.pct(self.p_success_after)} ({fmt.points(self.p_success_diff)}); "
            f"median net {fmt.money(self.net_before_usd)} → {fmt.money(self.net_after_usd)}"
        )


def _on_step(field: str, value: float, step: float) -> float:
    lo, hi = field_range(field)
    snapped = round(value / step) * step if step > 0 else value
    return float(min(max(snapped, lo), hi))


def _money_words(field: str, value: float) -> str:
    if field.endswith("_share"):
        return fmt.pct(value)
    if "_usd" in field:
        return fmt.money(value, cents=not float(value).is_integer())
    return fmt.number(value, None)


def candidate_changes(results: Results) -> list[Change]:
    """Changes worth simulating for this run, most promising first: cheaper versions of the
    biggest cost lines, posting more or less, quicker posts, pitching, a shorter day job when
    hours wear the person down, and a longer horizon. Plan fields only."""
    sc, s = results.scenario, results.summary
    out: list[Change] = []

    def add(field: str, value: float, what: str) -> None:
        if is_assumption(field):
            return
        current = float(getattr(sc, field))
        if abs(value - current) < 1e-9 or any(c.field == field for c in out):
            return
        out.append(Change(field, value, current, what))

    shares = sorted(cost_shares(results).items(), key=lambda kv: -kv[1])
    for line, share in shares[:2]:
        field = COST_FIELDS.get(line)
        if field is None or share < 0.1:
            continue
        now = float(getattr(sc, field))
        if field in ("photo_shoots_per_month", "events_per_year", "agency_cut_share"):
            new = 0.0
        else:
            new = _on_step(field, now / 2, 1.0 if now >= 10 else 0.5)
        words = {
            "production_cost_usd_per_post": "Spend less per post",
            "equipment_cost_usd": "Buy cheaper equipment",
            "software_usd_per_month": "Use cheaper software",
            "photo_shoots_per_month": "Drop the paid photo shoots",
            "events_per_year": "Skip the industry events",
            "agency_cut_share": "Sell without an agency",
        }[field]
        add(field, new, f"{words}: {_money_words(field, now)} → {_money_words(field, new)}")

    strained = s.p_strain >= 0.3 or s.p_quit >= 0.15
    posts = sc.posts_per_week
    if strained and posts > 1:
        fewer = _on_step("posts_per_week", posts * 2 / 3, 0.5)
        add("posts_per_week", fewer, f"Post less: {fmt.number(posts)} → {fmt.number(fewer)} a week")
    else:
        more = _on_step("posts_per_week", max(posts * 1.5, posts + 1), 0.5)
        add("posts_per_week", more, f"Post more: {fmt.number(posts)} → {fmt.number(more)} a week")
    if sc.hours_per_post >= 1:
        quicker = _on_step("hours_per_post", sc.hours_per_post * 0.7, 0.5)
        add(
            "hours_per_post",
            quicker,
            f"Make each post quicker: {fmt.hours(sc.hours_per_post)} → {fmt.hours(quicker)}",
        )
    if strained and sc.job_hours_per_week >= 10:
        job = _on_step("job_hours_per_week", sc.job_hours_per_week - 8, 1)
        add(
            "job_hours_per_week",
            job,
            f"Work less at the day job: {fmt.hours_a_week(sc.job_hours_per_week)} → "
            f"{fmt.hours_a_week(job)}",
        )
    if s.p_paid_deal < 0.8:
        pitch = _on_step("pitching_hours_per_week", sc.pitching_hours_per_week + 2, 0.5)
        add(
            "pitching_hours_per_week",
            pitch,
            f"Pitch brands more: {fmt.hours_a_week(sc.pitching_hours_per_week)} → "
            f"{fmt.hours_a_week(pitch)}",
        )
    if sc.months <= 48:
        longer = sc.months + 12
        add("months", longer, f"Give it a year longer: {fmt.months(sc.months)} → {longer}")
    return out


def suggestions(
    base: Results,
    evaluate: Callable[[Scenario], Summary],
    changes: Sequence[Change] | None = None,
    limit: int = MAX_SUGGESTIONS,
) -> list[Suggestion]:
    """Up to ``limit`` changes that help, best first. ``evaluate`` runs a scenario with the
    same paths and seed as ``base`` and returns its summary (cached in the app)."""
    s = base.summary
    found: list[Suggestion] = []
    for change in candidate_changes(base) if changes is None else changes:
        after = evaluate(change.apply(base.scenario))
        found.append(
            Suggestion(
                change,
                s.p_success,
                after.p_success,
                s.net_profit_usd_p50,
                after.net_profit_usd_p50,
                s.p_quit,
                after.p_quit,
            )
        )
    helpful = [f for f in found if helps(f)]
    helpful.sort(key=lambda f: (-round(f.p_success_diff * 100), -f.net_diff_usd))
    return helpful[:limit]


def helps(f: Suggestion) -> bool:
    """Better odds that it works out; or the same odds and a better median net without more
    futures quitting (quitting early stops the costs too, which is no success)."""
    if f.p_success_diff >= MIN_GAIN - 1e-9:
        return True
    return (
        f.p_success_diff > -MIN_GAIN
        and f.net_diff_usd >= 1
        and f.p_quit_after <= f.p_quit_before + QUIT_SLACK
    )


# --- a results file from an older model ---------------------------------------------------


def figures_moved(old: dict[str, float], new: Summary, old_model: int | None) -> str:
    """How far a results file's figures moved in the re-run, in one sentence: 'Model version 1
    said 91% chance of profit and a median net of $1,200; version 2: 34% chance it works out
    (40% chance of profit), median net -$300.'"""
    made = f"Model version {old_model}" if old_model else "The file"
    said: list[str] = []
    if "p_success" in old:
        said.append(f"{fmt.pct(old['p_success'])} chance it works out")
    if "p_profitable" in old:
        said.append(f"{fmt.pct(old['p_profitable'])} chance of profit")
    if "net_profit_usd_p50" in old:
        said.append(f"a median net of {fmt.money(old['net_profit_usd_p50'])}")
    if not said:
        return ""
    return (
        f"{made} said {' and '.join(said)}; version {new.model_version}: "
        f"{fmt.pct(new.p_success)} chance it works out ({fmt.pct(new.p_profitable)} chance of "
        f"profit), median net {fmt.money(new.net_profit_usd_p50)}."
    )
