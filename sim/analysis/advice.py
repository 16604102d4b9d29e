"""Why a plan does or doesn't work out, and what the person could change.

Two things, both computed from runs, never typed in:

- ``reasons(results)``: the two or three biggest reasons in words, from the run's own figures
  (the share of spending that goes to one cost line, the month the first paid deal comes in
  the median future, hours above what the person can keep up, futures that stop).
- ``suggestions(base, evaluate)``: up to three changes the person controls (their plan, never
  a model assumption), each simulated with the same paths and seed as the plan, so the
  difference is the decision and not the luck. They are ranked by the chance the plan works
  out (the person's own measure, still creating), then median net; a change whose only gain
  is in median net while more futures quit is never offered, since stopping early also stops
  costs. Each says what it costs beside what it gains: the hours a week it adds or saves (and
  whether the total stays within the hours the person said they can keep up), the day job's
  pay it gives up, and the money it spends.
- ``suggest(scenario, plan, seed)``: the same on the plan's first ``SUGGESTION_PATHS``
  futures (a path's luck does not depend on how many paths a run has), each change's effect
  added to the full run's figures: what the app computes, off the critical path of a change.

No Streamlit here: the app passes a cached ``evaluate``; tests pass the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.model import format as fmt
from sim.model.engine import WEEKS_PER_MONTH, horizon_weeks
from sim.model.metrics import COST_KINDS, COST_LABELS
from sim.model.quick_start import creating_hours_per_week
from sim.model.results import Results, Summary
from sim.model.scenario import Scenario, field_range, is_assumption
from sim.model.simulate import simulate
from sim.model.streams import BLOCK_PATHS

MAX_REASONS = 3
MAX_SUGGESTIONS = 3
QUIT_SLACK = 0.01
"""A change may raise the share of futures that quit by at most this and still be offered
for a better median net alone."""
MIN_GAIN = 0.01
"""A gain in the chance it works out smaller than this (one point) counts as no change: it is
within a few futures of luck, and it would be shown as "+<1 point"."""
SUGGESTION_PATHS = BLOCK_PATHS
"""Futures each suggested change is tried on in the app: the plan's first block. Paired on the
same futures, a change's effect is measured far more precisely than either figure alone. In
three plans tried (YouTube tech 10k, an Instagram 50k side hustle, TikTok 20k full-time) the
first change on 512 futures was the first on 2,000; the second and third can differ, where
changes lie within a point or two of each other."""

# cost line -> the plan field that drives it
COST_FIELDS: dict[str, str] = {
    "production": "production_cost_usd_per_post",
    "equipment": "equipment_cost_usd",
    "software": "software_usd_per_month",
    "shoots": "photo_shoots_per_month",
    "events": "events_per_year",
    "agency": "agency_cut_share",
}

SPENDING_FIELDS = frozenset({*COST_FIELDS.values(), "posts_per_week", "months"})
"""Changes whose spending is their own (see ``Cost.of``)."""


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


LARGE_AUDIENCE = 100_000
"""Followers from which the reasons name the audience's reactions (comments, pile-ons) as a
strain of its own."""


def _reason_hours(results: Results) -> Reason | None:
    s = results.summary
    limit = results.scenario.sustainable_hours_per_week
    if s.total_hours_per_week_p50 <= limit and s.p_strain < 0.3:
        return None
    over = s.total_hours_per_week_p50 > limit
    job = results.scenario.job_hours_per_week > 0
    if over:
        head = (
            f"With the day job you work {fmt.hours_a_week(s.total_hours_per_week_p50)}, above "
            f"the {fmt.hours(limit)} you can keep up"
            if job
            else f"Creating takes {fmt.hours_a_week(s.creator_hours_per_week_p50)}, above the "
            f"{fmt.hours(limit)} you can keep up"
        )
    else:
        # within the hours: what wears the person down is pressure (and money, when the plan
        # puts the person out of pocket by a month's pay or more), not the load alone
        monthly_pay = (
            results.scenario.job_hours_per_week
            * results.scenario.day_job_wage_usd_per_hour
            * WEEKS_PER_MONTH
        )
        worry_floor = max(monthly_pay, results.scenario.money_worry_usd)
        money = s.max_out_of_pocket_usd_p90 >= 0.25 * worry_floor
        if money:
            adds = "the pressure to post and money worries add to it"
        elif results.scenario.start_followers >= LARGE_AUDIENCE:
            adds = "the pressure to post and a large audience's reactions add to it"
        else:
            adds = "the pressure to post adds to it"
        head = (
            f"Creating takes {fmt.hours_a_week(s.creator_hours_per_week_p50)} on top of the "
            f"day job ({fmt.hours_a_week(s.total_hours_per_week_p50)} in all), and {adds}"
            if job
            else f"Creating takes {fmt.hours_a_week(s.creator_hours_per_week_p50)}, and {adds}"
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


def planned_hours_per_week(scenario: Scenario) -> float:
    """The hours a week of creating the person plans: posts, replies, admin, pitching and UGC
    gigs (brand deals add their own hours when they come)."""
    ugc = scenario.ugc_gigs_per_month * scenario.ugc_hours_per_gig if scenario.model_ugc else 0.0
    return creating_hours_per_week(scenario) + ugc / WEEKS_PER_MONTH


def day_job_pay_usd(scenario: Scenario) -> float:
    """The day job's pay over the horizon at the plan's hours and wage (planned changes of the
    timeline left out)."""
    weeks = horizon_weeks(scenario.months)
    return scenario.job_hours_per_week * scenario.day_job_wage_usd_per_hour * weeks


@dataclass(frozen=True)
class Cost:
    """What a change asks of the person, beside what it gains."""

    hours_before: float
    """Planned hours a week of creating, before and after the change."""
    hours_after: float
    job_hours_after: float
    limit_hours: float
    """The total hours a week (job and creating) the person said they can keep up."""
    pay_given_up_usd: float
    """Day-job pay over the horizon given up (negative: earned)."""
    spending_usd: float
    """Extra spending over the horizon in the median future (negative: saved)."""

    @classmethod
    def of(cls, change: Change, before: Scenario, after: Scenario, spending_usd: float) -> Cost:
        """The cost of ``change``; its spending only where the change itself spends (a cost
        line, the posts that each cost money, a longer plan): other changes move the median
        future's spending by luck and knock-on effects, which would read as a price."""
        spends = change.field in SPENDING_FIELDS
        return cls(
            planned_hours_per_week(before),
            planned_hours_per_week(after),
            after.job_hours_per_week,
            after.sustainable_hours_per_week,
            day_job_pay_usd(before) - day_job_pay_usd(after),
            spending_usd if spends else 0.0,
        )

    @property
    def total_after(self) -> float:
        return self.hours_after + self.job_hours_after

    @property
    def breaks_limit(self) -> bool:
        """More hours than before, and more in all than the person can keep up."""
        return self.hours_after > self.hours_before + 1e-9 and self.total_after > self.limit_hours

    def words(self) -> list[str]:
        """The costs in words, one phrase each: hours, pay, money."""
        out: list[str] = []
        extra = fmt.shown_hours(self.hours_after) - fmt.shown_hours(self.hours_before)
        if extra > 0:
            where = (
                f"{fmt.hours(self.total_after)} a week with the day job, above the "
                f"{fmt.hours(self.limit_hours)} you said you can keep up"
                if self.breaks_limit
                else f"{fmt.hours(self.total_after)} a week in all, within the "
                f"{fmt.hours(self.limit_hours)} you can keep up"
            )
            out.append(
                f"adds {fmt.hours_between(self.hours_before, self.hours_after)} a week of "
                "creating "
                f"({where})"
            )
        elif extra < 0:
            out.append(f"saves {fmt.hours_between(self.hours_before, self.hours_after)} a week")
        if fmt.money(self.pay_given_up_usd) != fmt.money(0):
            out.append(
                f"gives up {fmt.money(self.pay_given_up_usd)} of day-job pay"
                if self.pay_given_up_usd > 0
                else f"earns {fmt.money(-self.pay_given_up_usd)} more at the day job"
            )
        if fmt.money(self.spending_usd) != fmt.money(0):
            out.append(
                f"spends {fmt.money(self.spending_usd)} more"
                if self.spending_usd > 0
                else f"spends {fmt.money(-self.spending_usd)} less"
            )
        return out


@dataclass(frozen=True)
class Suggestion:
    """A change with its effect, both runs on the same paths and seed, and its cost."""

    change: Change
    p_success_before: float
    p_success_after: float
    net_before_usd: float
    net_after_usd: float
    p_quit_before: float
    p_quit_after: float
    cost: Cost | None = None
    paths_tried: int | None = None
    """Futures the change was tried on, when fewer than the plan's (its effect is then the
    difference on those futures, added to the plan's own figures)."""

    @property
    def p_success_diff(self) -> float:
        return self.p_success_after - self.p_success_before

    @property
    def net_diff_usd(self) -> float:
        return self.net_after_usd - self.net_before_usd

    def effect(self) -> str:
        """'Chance it works out 3% → 15% (+12 points); median net -$800 → -$300': the points
        are the difference of the two shown percentages, so the line adds up as read."""
        return (
            f"chance it works out {fmt.pct(self.p_success_before)} → "
            f"{fmt.pct(self.p_success_after)} "
            f"({fmt.points_between(self.p_success_before, self.p_success_after)}); "
            f"median net {fmt.money(self.net_before_usd)} → {fmt.money(self.net_after_usd)}"
        )

    def cost_text(self) -> str:
        """'It adds 3.8 h a week of creating (...) and spends $400 more.', or '' for free."""
        words = self.cost.words() if self.cost is not None else []
        if not words:
            return "It costs no extra hours, pay or money."
        return "It " + (", ".join(words[:-1]) + " and " if len(words) > 1 else "") + words[-1] + "."


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


def candidate_changes(results: Results, plan: Summary | None = None) -> list[Change]:
    """Changes worth simulating for this run, most promising first: cheaper versions of the
    biggest cost lines, posting more or less, quicker posts, UGC gigs, pitching, asking the
    going rate, a shorter day job when hours wear the person down, and a longer horizon. Plan
    fields only. ``plan``: the full run's figures when ``results`` holds only its first
    futures (the thresholds read them; the cost shares come from ``results``)."""
    sc = results.scenario
    s = plan if plan is not None else results.summary
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
    if sc.model_ugc and sc.ugc_fee_usd > 0:
        gigs = _on_step("ugc_gigs_per_month", sc.ugc_gigs_per_month + 2, 0.5)
        add(
            "ugc_gigs_per_month",
            gigs,
            "Take on UGC gigs (content made for brands, not posted): "
            f"{fmt.number(sc.ugc_gigs_per_month)} → {fmt.number(gigs)} a month",
        )
    if sc.asking_rate_pct > 100:
        add(
            "asking_rate_pct",
            100.0,
            f"Ask the going rate: {fmt.number(sc.asking_rate_pct)}% → 100% of it",
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


def _shifted(plan: float, base: float, after: float, *, chance: bool) -> float:
    """The plan's figure moved by the paired difference ``after - base`` (``after`` itself
    when the plan is the base run)."""
    if plan == base:
        return after
    moved = plan + after - base
    return min(max(moved, 0.0), 1.0) if chance else moved


def suggestions(
    base: Results,
    evaluate: Callable[[Scenario], Summary],
    changes: Sequence[Change] | None = None,
    limit: int = MAX_SUGGESTIONS,
    plan: Summary | None = None,
) -> list[Suggestion]:
    """Up to ``limit`` changes that help, best first. ``evaluate`` runs a scenario with the
    same paths and seed as ``base`` and returns its summary (cached in the app). With
    ``plan`` (the full run's figures, when ``base`` is its first futures only), each change's
    figures are the plan's own moved by the difference the change makes on ``base``."""
    s = base.summary
    p = plan if plan is not None else s
    tried = base.paths if plan is not None and base.paths < plan.paths else None
    found: list[Suggestion] = []
    for change in candidate_changes(base, plan) if changes is None else changes:
        changed = change.apply(base.scenario)
        after = evaluate(changed)
        found.append(
            Suggestion(
                change,
                p.p_success,
                _shifted(p.p_success, s.p_success, after.p_success, chance=True),
                p.net_profit_usd_p50,
                _shifted(
                    p.net_profit_usd_p50,
                    s.net_profit_usd_p50,
                    after.net_profit_usd_p50,
                    chance=False,
                ),
                p.p_quit,
                _shifted(p.p_quit, s.p_quit, after.p_quit, chance=True),
                Cost.of(change, base.scenario, changed, after.costs_usd_p50 - s.costs_usd_p50),
                tried,
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


def suggest(scenario: Scenario, plan: Summary, seed: int) -> list[Suggestion]:
    """The app's suggestions for a plan whose full run gave ``plan``: every change tried on
    the plan's first ``SUGGESTION_PATHS`` futures (all of them for a smaller run), with the
    same seed, so each effect is the change's and not the luck's."""
    paths = min(plan.paths, SUGGESTION_PATHS)
    base = simulate(scenario, paths, seed)
    return suggestions(base, lambda sc: _summary_of(sc.model_dump_json(), paths, seed), plan=plan)


@lru_cache(maxsize=256)
def _summary_of(scenario_json: str, paths: int, seed: int) -> Summary:
    """Runs already tried, kept by the process that tries them (the app's background worker):
    a plan the person moves back to, or a change they apply, is not run twice."""
    return simulate(Scenario.model_validate_json(scenario_json), paths, seed).summary


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
