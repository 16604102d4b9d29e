"""The simulation: SimPy's calendar advancing the state of every path at once.

SimPy schedules what happens when; numpy does the arithmetic for all paths in one go. The
processes are:

- ``creator_week``: every week, mid-week (t = w + 0.5), the weekly step, which calls one
  function per mechanism section of MODEL.md, in its order: ``audience``, ``authenticity``,
  ``deals``, ``other_income``, ``payments``, ``weekly_costs``, ``hours_and_burnout``;
- ``month_end``: at the end of each month (t = m x 52/12): bills, affiliate and platform
  payouts, tax, stop rules, and recording the month;
- ``equipment_cycle``: the up-front kit at month 0 and its replacement every N months;
- ``industry_events``: events through the year (cost, then a lift in deal flow);
- ``planned_change``: one process for each change on the user's timeline.

What nobody can know in advance (how much brands pay this creator relative to the tier, how
often they come, how well the posts grow an audience) is drawn once per future from its own
random stream (``unknowns``), unless the person says they know it.

Time is in weeks. Anything that happens "from month m" is scheduled just after the end of
month m - 1 (``START_OFFSET``) so that it is never booked into the month before.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from sim.model import equations as eq
from sim.model.diary import Diary, DiaryEvent, WeekSnapshot
from sim.model.metrics import COST_KINDS, INCOME_CASH_STREAMS, METRICS, Status
from sim.model.presets import Posterior, posterior
from sim.model.scenario import Scenario
from sim.model.streams import BLOCK_PATHS, Streams

WEEKS_PER_MONTH = eq.WEEKS_PER_MONTH
START_OFFSET = 1e-6
MAX_OFFERS_PER_WEEK = 6  # fixed-width random slots; more offers use overflow draws
MAX_COUNT = 1000  # Poisson counts per week are exact up to this
MAX_OFFERS_PER_WEEK_RATE = 30.0  # more offers a week than anyone could answer
MAX_KNOWN_DEAL_LEVEL = 100.0  # a stated deal flow at most 100x the median creator's
PAYMENT_RING_WEEKS = 128  # longer than net-90 plus a year of lateness
VIEW_RING_WEEKS = 52  # the longest programme window: watch hours in 12 months
UGC_DELAY_WEEKS = 5  # UGC invoices are paid net-30
MAX_LATE_DAYS = 365.0
EWMA_WEEKS = 8.0
MAX_FOLLOWERS = 1e9  # more than any account has
FATIGUE_AFTER_REST = 0.5
WEEKS_30_DAYS = 4
WEEKS_90_DAYS = 13
RUNWAY_COMFORT_MONTHS = 6.0
"""Months of living costs in savings below which money worries someone whose day job does
not cover their costs (assumption: the common advice to keep six months of expenses)."""

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
ProcessGen = Generator[simpy.Event, Any, None]

_EMPTY = np.zeros(0)
# the statuses as int8 scalars: comparing with these is what comparing with the enum does,
# without the enum's attribute look-up in the weekly loop
_ACTIVE = np.int8(Status.ACTIVE)
_RESTING = np.int8(Status.RESTING)
_QUIT = np.int8(Status.QUIT)
_STATUS_NAMES = {int(s): s.name.lower() for s in Status}
_EMPTY_INT = np.zeros(0, dtype=np.int64)
_EMPTY_MASK = np.zeros(0, dtype=bool)


def _empty() -> Array:
    return _EMPTY


def _empty_int() -> NDArray[np.int64]:
    return _EMPTY_INT


def _empty_mask() -> Mask:
    return _EMPTY_MASK


def horizon_weeks(months: int) -> int:
    """Number of weekly steps whose mid-week falls inside the horizon."""
    return math.ceil(months * WEEKS_PER_MONTH - 0.5)


def month_end_time(month: int) -> float:
    return month * WEEKS_PER_MONTH


def month_of_week(week: int) -> int:
    """Month of the run (1-based) in which week ``week``'s mid-point falls."""
    return int((week + 0.5) / WEEKS_PER_MONTH) + 1


def calendar_month(start_month: int, run_month: int) -> int:
    """Calendar month (1-12) of month ``run_month`` (1-based) of a plan that starts in
    ``start_month``."""
    return (start_month - 1 + run_month - 1) % 12 + 1


@dataclass
class Levers:
    """Settings the user's timeline can change; the same for every path."""

    job_hours_per_week: float
    posts_per_week: float
    hours_per_post: float
    pitching_hours_per_week: float
    rate_multiplier: float = 1.0


# --------------------------------------------------------------------------------------
# What nobody knows: drawn once per future
# --------------------------------------------------------------------------------------


def paid_offers_per_month(sc: Scenario, followers: float) -> float:
    """Paid offers a month the median creator gets at ``followers`` (average season)."""
    f = np.array([float(followers)])
    er = eq.engagement_rate(
        f, sc.engagement_rate_nano, sc.engagement_rate_micro, sc.model_engagement_decay
    )
    demand = np.array([_demand_base(sc)])
    inbound = eq.inbound_deal_rate_per_week(
        f,
        er,
        sc.engagement_rate_nano,
        sc.inbound_deals_per_month_at_10k,
        sc.deal_follower_elasticity,
        sc.niche_deal_demand,
        demand,
    )
    pitch = eq.pitch_deal_rate_per_week(
        f,
        np.array([sc.pitching_hours_per_week]),
        sc.pitches_per_hour,
        sc.pitch_response_rate_at_10k,
        demand,
    )
    gifted = (
        eq.gifted_share(f, sc.gifted_share_max, sc.gifted_share_half_followers)
        if sc.model_gifting
        else np.zeros(1)
    )
    return float(((inbound + pitch) * (1.0 - gifted) * WEEKS_PER_MONTH)[0])


def _demand_base(sc: Scenario) -> float:
    """Deal-flow factors that do not change week to week: crowding and the asking price."""
    crowd = 1.0 / sc.niche_crowding if sc.model_crowding else 1.0
    price = (
        float(
            eq.price_response(
                sc.asking_rate_pct / 100.0, sc.deal_price_elasticity, sc.deal_price_elasticity_above
            )
        )
        if sc.model_price_response
        else 1.0
    )
    activity = float(
        eq.activity_factor(np.array([sc.posts_per_week]), sc.activity_half_posts_per_week)[0]
    )
    return crowd * price * activity


POSTERIOR_LEVELS: dict[str, str] = {
    "growth_scale": "growth_level",
    "churn_scale": "churn_level",
    "deal_scale": "deal_level",
    "fee_scale": "fee_usd_at_1k",
}
"""Calibrated scales that each future's posterior draw moves, as multipliers of its unknowns."""
POSTERIOR_BURNOUT: tuple[str, ...] = (
    "creative_pressure_hours_per_post",
    "money_stress_hours",
    "strain_report_fatigue",
    "fatigue_capacity_hours",
    "quit_probability_on_burnout",
)
"""Calibrated strain and quitting parameters that each future's posterior draw sets."""


def _odds_ratio(post: Posterior, row: NDArray[np.int64], name: str) -> Array:
    """Each future's posterior draw of a probability, as odds against the shipped estimate's."""
    centre = min(max(post.estimates.get(name, 0.5), 1e-9), 1 - 1e-9)
    values = np.clip([r.get(name, centre) for r in post.rows], 1e-9, 1 - 1e-9)
    out: Array = (values / (1 - values))[row] / (centre / (1 - centre))
    return out


@dataclass(frozen=True)
class Structural:
    """Per future: the model's own uncertain parameters, drawn from the calibration's posterior
    (each as a multiple of the scenario's value, so a value the person set stays the centre),
    or the scenario's values for every future with the mechanism off. ``row`` is the posterior
    draw a future lives in (-1: none)."""

    row: NDArray[np.int64]
    levels: dict[str, Array]
    burnout: dict[str, Array]

    @classmethod
    def draw(cls, sc: Scenario, streams: Streams) -> Structural:
        n = streams.n_paths
        u = streams.uniform("posterior")
        post = posterior() if sc.model_parameter_uncertainty else None
        if post is None or not post.rows:
            ones = {k: np.ones(n) for k in POSTERIOR_LEVELS.values()}
            burnout = {k: np.full(n, float(getattr(sc, k))) for k in POSTERIOR_BURNOUT}
            return cls(np.full(n, -1, dtype=np.int64), ones, burnout)
        row = np.minimum((u * len(post.rows)).astype(np.int64), len(post.rows) - 1)

        def ratio(name: str) -> Array:
            centre = post.estimates.get(name)
            if not centre:
                return np.ones(n)
            values = np.array([r.get(name, centre) for r in post.rows], dtype=np.float64)
            out: Array = values[row] / centre
            return out

        levels = {field_: ratio(name) for name, field_ in POSTERIOR_LEVELS.items()}
        burnout = {name: float(getattr(sc, name)) * ratio(name) for name in POSTERIOR_BURNOUT}
        # a probability moves by the draw's odds ratio: a certain or impossible quit stays so
        quit_ = float(sc.quit_probability_on_burnout)
        if 0.0 < quit_ < 1.0:
            odds = quit_ / (1.0 - quit_) * _odds_ratio(post, row, "quit_probability_on_burnout")
            burnout["quit_probability_on_burnout"] = odds / (1.0 + odds)
        else:
            burnout["quit_probability_on_burnout"] = np.full(n, quit_)
        return cls(row, levels, burnout)


@dataclass(frozen=True)
class Unknowns:
    """Per future: this creator's fee at 1,000 followers, and multipliers of the median
    creator's deal flow, growth and churn (moved by the future's posterior draw, except where
    the person said what they know)."""

    fee_usd_at_1k: Array
    deal_level: Array
    growth_level: Array
    churn_level: Array

    @classmethod
    def draw(cls, sc: Scenario, streams: Streams, structural: Structural) -> Unknowns:
        z = streams.normal("unknowns", 3)
        z_churn = streams.normal("unknowns_churn")
        on = 1.0 if sc.model_unknowns else 0.0
        fee = sc.fee_usd_at_1k_followers * np.exp(on * sc.fee_creator_sigma * z[:, 0])
        deal = np.exp(on * sc.deal_rate_creator_sigma * z[:, 1])
        growth = np.exp(on * sc.growth_creator_sigma * z[:, 2])
        churn = np.exp(on * sc.churn_creator_sigma * z_churn)
        start = max(float(sc.start_followers), 100.0)
        if sc.my_fee_usd_per_post > 0:
            # the stated fee at today's followers, scaled along the tier's curve from here,
            # give or take the spread the person (or a fit of their deals) puts on it
            size = (start / 1000.0) ** sc.fee_follower_elasticity * sc.niche_fee_multiplier
            fee = sc.my_fee_usd_per_post / size * np.exp(on * sc.my_fee_log_sd * z[:, 0])
        if sc.my_paid_deals_per_month > 0:
            typical = paid_offers_per_month(sc, start)
            level = sc.my_paid_deals_per_month / typical if typical > 0 else 1.0
            spread = np.exp(on * sc.my_paid_deals_log_sd * z[:, 1])
            deal = np.minimum(level * spread, MAX_KNOWN_DEAL_LEVEL)
        lv = structural.levels
        if sc.my_fee_usd_per_post <= 0:
            fee = fee * lv["fee_usd_at_1k"]
        if sc.my_paid_deals_per_month <= 0:
            deal = deal * lv["deal_level"]
        return cls(
            fee_usd_at_1k=fee,
            deal_level=deal,
            growth_level=growth * lv["growth_level"],
            churn_level=churn * lv["churn_level"],
        )


ACC_NAMES: tuple[str, ...] = (
    *(f"income_cash_{s}_usd" for s in INCOME_CASH_STREAMS),
    *(f"cost_{k}_usd" for k in COST_KINDS),
    "income_booked_sponsorship_usd",
    "income_booked_gifted_usd",
    "income_booked_affiliate_usd",
    "income_booked_platform_usd",
    "income_booked_ugc_usd",
    "posts",
    "deals_paid",
    "deals_gifted",
    "deals_declined",
    "views",
    "creator_hours",
    "total_hours",
    "weeks",
    "active_weeks",
    "written_off_usd",
    "job_pay_usd",
    "engaged_people",
)
"""What each month adds up, path by path (reset at every month end)."""
_CASH_NAMES = tuple(f"income_cash_{s}_usd" for s in INCOME_CASH_STREAMS)
_COST_NAMES = tuple(f"cost_{c}_usd" for c in COST_KINDS)


@dataclass
class State:
    """Mutable per-path state of one run. Never stored on the Scenario."""

    n: int
    structural: Structural
    unknowns: Unknowns
    followers: Array
    trust: Array
    fatigue: Array
    consistency: Array
    sponsored_ewma: Array
    posts_ewma: Array
    sponsor_budget: Array
    queued_sponsored: Array  # deliverables accepted, posted from next week
    sustainable_hours: Array
    status: NDArray[np.int8]
    rest_weeks_left: NDArray[np.int64]
    shock_weeks_left: Array
    boost_weeks_left: Array
    had_paid_deal: Mask
    ever_burnout: Mask
    ever_strain: Mask
    burnouts: NDArray[np.int64]
    eligible: Mask  # in the platform's creator programme (once in, stays in)
    catalogue_views: Array
    ring_views: Array  # (week slot, path): views by week, for the programme windows
    ring_watch_hours: Array
    views_30d: Array
    views_90d: Array
    watch_hours_12m: Array
    cumulative_net: Array
    savings: Array  # the person's savings: start, plus job pay and creator net, less living
    last_net: Array  # last month's creator net cash (for the months of savings left)
    queued_fees: Array  # fees of paid deals accepted and not yet delivered
    receivables: Array
    ytd_taxable: Array
    ytd_tax_paid: Array
    accrued_affiliate: Array  # earned this month
    accrued_platform: Array
    pending_affiliate: Array  # earned last month, paid at this month's end (net-30)
    pending_platform: Array
    ring_cash: Array
    ring_ugc: Array
    ring_writeoff: Array
    acc: dict[str, Array] = field(default_factory=dict)

    @classmethod
    def initial(cls, scenario: Scenario, n: int, streams: Streams) -> State:
        def zeros() -> Array:
            return np.zeros(n)

        def no() -> Mask:
            return np.zeros(n, dtype=bool)

        structural = Structural.draw(scenario, streams)
        state = cls(
            n=n,
            structural=structural,
            unknowns=Unknowns.draw(scenario, streams, structural),
            followers=np.full(n, float(scenario.start_followers)),
            # where the creator starts, when those mechanisms are on
            trust=np.full(n, scenario.start_trust if scenario.model_trust else 1.0),
            fatigue=np.full(n, scenario.start_fatigue if scenario.model_fatigue else 0.0),
            consistency=np.ones(n),
            sponsored_ewma=zeros(),
            posts_ewma=np.full(n, scenario.posts_per_week),
            sponsor_budget=np.full(n, 1.0 if scenario.max_sponsored_share > 0 else 0.0),
            queued_sponsored=zeros(),
            # each future has its own limit: nobody knows theirs exactly
            # and people differ in what they can keep up (model version 3: no knife-edge)
            sustainable_hours=np.maximum(
                scenario.sustainable_hours_per_week
                + math.hypot(scenario.sustainable_hours_sd, scenario.load_spread_hours)
                * streams.normal("capacity"),
                1.0,
            ),
            status=np.zeros(n, dtype=np.int8),
            rest_weeks_left=np.zeros(n, dtype=np.int64),
            shock_weeks_left=zeros(),
            boost_weeks_left=zeros(),
            had_paid_deal=no(),
            ever_burnout=no(),
            ever_strain=no(),
            burnouts=np.zeros(n, dtype=np.int64),
            eligible=no(),
            catalogue_views=zeros(),
            ring_views=np.zeros((VIEW_RING_WEEKS, n)),
            ring_watch_hours=np.zeros((VIEW_RING_WEEKS, n)),
            views_30d=zeros(),
            views_90d=zeros(),
            watch_hours_12m=zeros(),
            cumulative_net=zeros(),
            savings=np.full(n, scenario.savings_usd),
            last_net=zeros(),
            queued_fees=zeros(),
            receivables=zeros(),
            ytd_taxable=zeros(),
            ytd_tax_paid=zeros(),
            accrued_affiliate=zeros(),
            accrued_platform=zeros(),
            pending_affiliate=zeros(),
            pending_platform=zeros(),
            # (week slot, path): one week's payments are one contiguous row
            ring_cash=np.zeros((PAYMENT_RING_WEEKS, n)),
            ring_ugc=np.zeros((PAYMENT_RING_WEEKS, n)),
            ring_writeoff=np.zeros((PAYMENT_RING_WEEKS, n)),
        )
        state.start_catalogue(scenario)
        state.reset_month()
        return state

    def start_catalogue(self, sc: Scenario) -> None:
        """An existing account starts with the back catalogue, views and watch hours its
        size and pace imply (a year of posting as now), and with the creator programme status
        those imply; a new account (0 followers or no posts) starts with none."""
        weekly_new = eq.first_week_views(
            self.followers, np.full(self.n, sc.posts_per_week), sc.views_per_follower_per_post
        )
        if not weekly_new.any():
            return
        self.catalogue_views = sc.catalogue_views_multiple * weekly_new
        weekly = weekly_new + self.catalogue_views
        watch = weekly * sc.watch_minutes_per_view / 60.0
        self.ring_views[:] = weekly
        self.ring_watch_hours[:] = watch
        self.views_30d = WEEKS_30_DAYS * weekly
        self.views_90d = WEEKS_90_DAYS * weekly
        self.watch_hours_12m = VIEW_RING_WEEKS * watch
        pays = sc.payout_usd_per_1000_views > 0 and sc.payout_qualifying_view_share > 0
        if sc.model_platform_payouts and pays:
            self.eligible = programme_qualifies(sc, self) & self.not_quit

    def reset_month(self) -> None:
        self.acc = {name: np.zeros(self.n) for name in ACC_NAMES}

    @property
    def active(self) -> Mask:
        return np.asarray(self.status == _ACTIVE, dtype=np.bool_)

    @property
    def not_quit(self) -> Mask:
        return np.asarray(self.status != _QUIT, dtype=np.bool_)


@dataclass
class Run:
    """One simulation run: inputs, streams, state, recorded output and traced diaries."""

    scenario: Scenario
    streams: Streams
    state: State
    levers: Levers
    monthly: dict[str, NDArray[Any]]  # (month, path) while recording
    trace: dict[int, Diary]
    week: int = 0
    # per traced path: (due week, amount, deal label, kind) of payments still expected
    trace_pending: dict[int, list[tuple[int, float, str, str]]] = field(default_factory=dict)
    deal_counter: dict[int, int] = field(default_factory=dict)
    fee_log: list[tuple[NDArray[np.intp], NDArray[np.int64], Array]] | None = None
    price_cache: dict[float, Any] = field(default_factory=dict)  # price response by asking rate
    programme: bool = False  # the platform's creator programme can pay (its windows matter)
    ugc: bool = False  # UGC gigs can come (else their income and cash are zero every week)
    events: bool = False  # industry events happen (else no lift in deal flow, ever)

    def log(self, path: int, kind: str, text: str, amount_usd: float = 0.0) -> None:
        diary = self.trace.get(path)
        if diary is not None:
            month = month_of_week(self.week)
            diary.events.append(DiaryEvent(self.week, month, kind, text, amount_usd))

    def log_many(self, mask: Mask, kind: str, text: str) -> None:
        for path in self.trace:
            if mask[path]:
                self.log(path, kind, text)


# --------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------


def creator_week(env: simpy.Environment, run: Run, weeks: int) -> ProcessGen:
    """The weekly step, mid-week, for every path at once."""
    yield env.timeout(0.5)
    for week in range(weeks):
        run.week = week
        weekly_step(run)
        if week + 1 < weeks:
            yield env.timeout(1.0)


def month_end(env: simpy.Environment, run: Run, months: int) -> ProcessGen:
    """Close month 0 (set-up) at t = 0, then each month at m x 52/12."""
    close_month(run, 0)
    for month in range(1, months + 1):
        yield env.timeout(month_end_time(month) - env.now)
        close_month(run, month)


def equipment_cycle(env: simpy.Environment, run: Run) -> ProcessGen:
    """Buy the kit at month 0, then again every ``equipment_replacement_months``."""
    sc = run.scenario
    buy = np.full(run.state.n, sc.equipment_cost_usd)
    run.state.acc["cost_equipment_usd"] += buy
    for path in run.trace:
        if sc.equipment_cost_usd > 0:
            run.log(
                path,
                "purchase",
                f"Bought equipment for ${sc.equipment_cost_usd:,.0f}",
                sc.equipment_cost_usd,
            )
    every = sc.equipment_replacement_months
    month = every
    while month < sc.months:
        yield env.timeout(month_end_time(month) + START_OFFSET - env.now)
        run.week = max(run.week, int(env.now))
        buying = run.state.not_quit
        run.state.acc["cost_equipment_usd"] += np.where(buying, sc.equipment_cost_usd, 0.0)
        for path in run.trace:
            if buying[path] and sc.equipment_cost_usd > 0:
                run.log(
                    path,
                    "purchase",
                    f"Replaced equipment for ${sc.equipment_cost_usd:,.0f}",
                    sc.equipment_cost_usd,
                )
        month += every


def industry_events(env: simpy.Environment, run: Run, weeks: int) -> ProcessGen:
    """Events spread evenly over the year: a cost now, more deals for a while after."""
    sc = run.scenario
    interval = 52.0 / sc.events_per_year
    if interval / 2.0 >= weeks:
        return  # no event falls within the horizon
    # a quarter into a week: never on a month end (those fall on whole or third weeks), so
    # an event's cost always lands in one well-defined month
    t = math.floor(interval / 2.0) + 0.25
    while t < weeks:
        yield env.timeout(t - env.now)
        st = run.state
        going = st.active
        st.acc["cost_events_usd"] += np.where(going, sc.event_cost_usd, 0.0)
        st.boost_weeks_left = np.where(
            going, sc.event_boost_months * WEEKS_PER_MONTH, st.boost_weeks_left
        )
        run.week = min(int(env.now), weeks - 1)
        for path in run.trace:
            if going[path]:
                run.log(
                    path,
                    "event",
                    f"Went to an industry event (${sc.event_cost_usd:,.0f})",
                    sc.event_cost_usd,
                )
        t = math.floor(t + interval) + 0.25


def planned_change(
    env: simpy.Environment, run: Run, month: int, what: str, value: float
) -> ProcessGen:
    """Apply one timeline change from the start of ``month``."""
    yield env.timeout(month_end_time(month - 1) + START_OFFSET - env.now)
    lv = run.levers
    run.week = max(run.week, int(env.now))
    if what == "raise_rate_pct":
        lv.rate_multiplier *= 1.0 + value / 100.0
        text = f"Raised my rate by {value:g}%"
    elif what == "purchase_usd":
        buying = run.state.not_quit
        run.state.acc["cost_purchases_usd"] += np.where(buying, value, 0.0)
        run.log_many(buying, "purchase", f"Planned purchase: ${value:,.0f}")
        return
    else:
        setattr(lv, what, float(value))
        text = f"Planned change: {what.replace('_', ' ')} = {value:g}"
    run.log_many(run.state.not_quit, "plan", text)


# --------------------------------------------------------------------------------------
# The weekly step: one function per mechanism section of MODEL.md, in its order
# --------------------------------------------------------------------------------------


@dataclass
class Week:
    """What one week's mechanisms hand to each other (per path unless said otherwise)."""

    active: Mask
    active_f: Array
    trust: Array  # trust in force this week (1 with the mechanism off)
    engagement: Array
    reach: Array  # 1, or less during an algorithm change
    shock_on: Mask
    season: float  # deal-flow multiplier of this calendar month (same for every path)
    going: Mask  # not quit (at the start of the week: status changes only at its end)
    any_shock: bool  # any path's reach cut this week (else ``reach`` is 1 everywhere)
    organic: Array = field(default_factory=_empty)
    sponsored_posted: Array = field(default_factory=_empty)
    posts: Array = field(default_factory=_empty)
    views: Array = field(default_factory=_empty)
    n_viral: NDArray[np.int64] = field(default_factory=_empty_int)
    jump: Array = field(default_factory=_empty)
    new_shock: Mask = field(default_factory=_empty_mask)
    joined: Mask = field(default_factory=_empty_mask)
    offers: dict[str, NDArray[Any]] = field(default_factory=dict)
    n_paid: Array = field(default_factory=_empty)
    n_gift: Array = field(default_factory=_empty)
    n_declined: Array = field(default_factory=_empty)
    booked_total: Array = field(default_factory=_empty)
    gifted_total: Array = field(default_factory=_empty)
    ugc: Array = field(default_factory=_empty)
    ugc_income: Array = field(default_factory=_empty)
    affiliate: Array = field(default_factory=_empty)
    platform: Array = field(default_factory=_empty)
    sponsorship_cash: Array = field(default_factory=_empty)
    ugc_cash: Array = field(default_factory=_empty)
    written_off: Array = field(default_factory=_empty)
    agency: Array = field(default_factory=_empty)
    creator_hours: Array = field(default_factory=_empty)
    total_hours: Array = field(default_factory=_empty)
    burnout: Mask = field(default_factory=_empty_mask)
    strained: Mask = field(default_factory=_empty_mask)
    quit_now: Mask = field(default_factory=_empty_mask)
    back: Mask = field(default_factory=_empty_mask)


def weekly_step(run: Run) -> None:
    wk = start_week(run)
    audience(run, wk)
    authenticity(run, wk)
    deals(run, wk)
    other_income(run, wk)
    payments(run, wk)
    weekly_costs(run, wk)
    hours_and_burnout(run, wk)
    accumulate(run, wk)
    if run.trace:
        trace_week(run, wk)


def start_week(run: Run) -> Week:
    """The week's shared conditions: who is active, trust, engagement, reach, the season."""
    sc, st = run.scenario, run.state
    status = st.status
    active: Mask = status == _ACTIVE
    going: Mask = status != _QUIT
    active_f = active.astype(np.float64)
    trust = st.trust if sc.model_trust else np.ones(st.n)
    base_er = eq.engagement_rate(
        st.followers, sc.engagement_rate_nano, sc.engagement_rate_micro, sc.model_engagement_decay
    )
    st.consistency = st.consistency + (active_f - st.consistency) / EWMA_WEEKS
    er = eq.effective_engagement(base_er, trust, st.consistency, sc.consistency_engagement_weight)
    shock_on = (st.shock_weeks_left > 0) if sc.model_platform_shocks else np.zeros(st.n, bool)
    any_shock = bool(shock_on.any())
    reach = np.where(shock_on, 1.0 - sc.shock_reach_cut_share, 1.0) if any_shock else np.ones(st.n)
    month = calendar_month(sc.start_month, month_of_week(run.week))
    season = eq.season_multiplier(month, sc.seasonality_strength) if sc.model_seasonality else 1.0
    return Week(active, active_f, trust, er, reach, shock_on, season, going, any_shock)


def audience(run: Run, wk: Week) -> None:
    """Posting, growth (concave, noisy, viral), churn, views and algorithm changes."""
    sc, st, lv, rs = run.scenario, run.state, run.levers, run.streams
    n = st.n
    # deliverables accepted last week go out this week (while resting they wait)
    wk.sponsored_posted = np.where(wk.active, st.queued_sponsored, 0.0)
    st.queued_fees = np.where(wk.active, 0.0, st.queued_fees)  # delivered: owed for real
    st.queued_sponsored = np.where(wk.going, st.queued_sponsored - wk.sponsored_posted, 0.0)
    wk.organic = lv.posts_per_week * wk.active_f
    wk.posts = wk.organic + wk.sponsored_posted

    crowding = sc.niche_crowding if sc.model_crowding else 1.0
    half = sc.crowding_half_followers if sc.model_crowding else None
    g = eq.gain_per_post(
        st.followers, sc.base_followers_per_post, sc.growth_elasticity, crowding, half
    )
    quality = eq.output_quality(st.fatigue, sc.fatigue_quality_loss) if sc.model_fatigue else 1.0
    # the algorithm rewards consistency, as the audience's engagement does
    steady = 1.0 - sc.consistency_engagement_weight * (1.0 - st.consistency)
    # (a reach of exactly 1 everywhere changes no bit: the product skips it)
    # (in place on one temporary: the same products in the same order)
    per_post = g * st.unknowns.growth_level
    per_post *= quality
    if wk.any_shock:
        per_post *= wk.reach
    per_post *= wk.trust
    per_post *= steady
    z = rs.normal("growth")
    sigma = sc.growth_noise_sigma if sc.model_growth_noise else 0.0
    noise = sigma * z
    noise -= 0.5 * sigma * sigma
    np.exp(noise, out=noise)
    u_viral = rs.uniform("virality")
    u_size = rs.uniform("viral_size")
    if sc.model_virality:
        wk.n_viral = eq.poisson_from_uniform(
            wk.posts * sc.viral_post_probability, u_viral, MAX_COUNT
        )
        # a jump matters only for the few paths with a viral post this week
        viral = np.flatnonzero(wk.n_viral)
        wk.jump = np.ones(n)
        wk.jump[viral] = eq.viral_jump(
            u_size[viral], sc.viral_multiplier_min, sc.viral_multiplier_max, sc.viral_tail_index
        )
    else:
        wk.n_viral = np.zeros(n, dtype=np.int64)
        wk.jump = np.ones(n)
        viral = _EMPTY_INT
    gain = wk.posts * per_post * noise
    if viral.size:
        # elsewhere the viral gain is a zero, and adding it changes nothing
        gain[viral] += wk.n_viral[viral] * (wk.jump[viral] - 1.0) * per_post[viral]
    churn = (
        eq.churn_rate(
            sc.weekly_churn_rate * st.unknowns.churn_level,
            wk.posts > 0,
            wk.trust,
            sc.rest_churn_multiplier,
            sc.distrust_churn_multiplier,
        )
        if sc.model_churn
        else np.zeros(n)
    )
    followers_before = st.followers
    followers = st.followers + gain
    followers -= churn * st.followers
    st.followers = np.clip(followers, 0.0, MAX_FOLLOWERS, out=followers)
    views_this_week(run, wk, followers_before)

    u_shock = rs.uniform("shocks")
    if not sc.model_platform_shocks:
        wk.new_shock = np.zeros(n, dtype=bool)
    else:
        wk.new_shock = (u_shock < sc.shocks_per_year / 52.0) & (st.shock_weeks_left <= 0)
        st.shock_weeks_left = np.where(
            wk.new_shock, sc.shock_duration_months * WEEKS_PER_MONTH, st.shock_weeks_left - 1.0
        )
    if run.events:  # (without events the lift's weeks are never read)
        st.boost_weeks_left = st.boost_weeks_left - 1.0


def views_this_week(run: Run, wk: Week, followers: Array) -> None:
    """First-week views of this week's posts plus the back catalogue, and the trailing
    windows the platforms' creator programmes look at (30 and 90 days, 12 months)."""
    sc, st = run.scenario, run.state
    new = eq.first_week_views(followers, wk.posts, sc.views_per_follower_per_post)
    if wk.any_shock:
        new = new * wk.reach
        wk.views = new + st.catalogue_views * wk.reach
    else:
        wk.views = new + st.catalogue_views
    st.catalogue_views = eq.update_catalogue(
        st.catalogue_views, new, sc.catalogue_views_multiple, sc.catalogue_weekly_retention
    )
    if not run.programme:
        return  # the programme's windows are read by nothing else
    slot = run.week % VIEW_RING_WEEKS
    watch = wk.views * sc.watch_minutes_per_view / 60.0
    st.views_30d += wk.views - st.ring_views[(run.week - WEEKS_30_DAYS) % VIEW_RING_WEEKS]
    st.views_90d += wk.views - st.ring_views[(run.week - WEEKS_90_DAYS) % VIEW_RING_WEEKS]
    st.watch_hours_12m += watch - st.ring_watch_hours[slot]
    st.ring_views[slot] = wk.views
    st.ring_watch_hours[slot] = watch


def authenticity(run: Run, wk: Week) -> None:
    """Trust moves toward the level the recent sponsored share of posts allows."""
    sc, st = run.scenario, run.state
    st.sponsored_ewma += (wk.sponsored_posted - st.sponsored_ewma) / EWMA_WEEKS
    st.posts_ewma += (wk.posts - st.posts_ewma) / EWMA_WEEKS
    # the audience judges what it sees: in weeks without posts trust recovers
    share = np.divide(
        st.sponsored_ewma,
        st.posts_ewma,
        out=np.zeros(st.n),
        where=(st.posts_ewma > 1e-9) & (wk.posts > 0),
    )
    if sc.model_trust:
        target = eq.trust_target(share, sc.sponsored_share_tolerance, sc.trust_max_loss)
        st.trust = eq.update_trust(
            st.trust, target, sc.trust_fall_per_week, sc.trust_recovery_per_week
        )


def deals(run: Run, wk: Week) -> None:
    """Offers arrive (Poisson), are gifted or paid, priced, and accepted or declined."""
    sc, st, lv, rs = run.scenario, run.state, run.levers, run.streams
    n = st.n
    asking = sc.asking_rate_pct / 100.0 * lv.rate_multiplier
    price: Any = 1.0
    if sc.model_price_response:
        # the same for every week until the timeline raises the rate: computed once per rate
        price = run.price_cache.get(asking)
        if price is None:
            price = eq.price_response(
                asking, sc.deal_price_elasticity, sc.deal_price_elasticity_above
            )
            run.price_cache[asking] = price
    crowd = 1.0 / sc.niche_crowding if sc.model_crowding else 1.0
    # brands look for active accounts: offers follow the recent posting pace
    activity = eq.activity_factor(st.posts_ewma, sc.activity_half_posts_per_week)
    # the product in its order; a factor of exactly 1 changes no bit, so it is left out
    demand = st.unknowns.deal_level
    for factor in (wk.season, price, crowd):
        if not (isinstance(factor, float) and factor == 1.0):
            demand = demand * factor
    if run.events and (st.boost_weeks_left > 0).any():
        demand = demand * np.where(st.boost_weeks_left > 0, sc.event_deal_boost, 1.0)
    demand = demand * activity
    rate_in = eq.inbound_deal_rate_per_week(
        st.followers,
        wk.engagement,
        sc.engagement_rate_nano,
        sc.inbound_deals_per_month_at_10k,
        sc.deal_follower_elasticity,
        sc.niche_deal_demand,
        demand,
    )
    rate_pitch = eq.pitch_deal_rate_per_week(
        st.followers,
        lv.pitching_hours_per_week,  # the same for every path
        sc.pitches_per_hour,
        sc.pitch_response_rate_at_10k,
        demand,
    )
    # One uniform per path for the combined Poisson count: more deal flow from any source
    # never means fewer offers on the same luck.
    rate = np.minimum(rate_in + rate_pitch, MAX_OFFERS_PER_WEEK_RATE) * wk.active_f
    offers = eq.poisson_from_uniform(rate, rs.uniform("deals"), MAX_COUNT)
    rows, per_offer = _offer_draws(rs, offers)
    g_share = (
        eq.gifted_share(st.followers[rows], sc.gifted_share_max, sc.gifted_share_half_followers)
        if sc.model_gifting
        else np.zeros(rows.size)
    )
    gift = per_offer("deal_kind") < g_share
    fee_season = 1.0 + eq.FEE_SEASON_SHARE * (wk.season - 1.0)
    median_fee = eq.median_fee_usd(
        st.followers[rows],
        1.0,
        sc.fee_follower_elasticity,
        sc.niche_fee_multiplier,
        st.unknowns.fee_usd_at_1k[rows] * wk.trust[rows] * fee_season * asking,
    )
    z = per_offer("deal_value")
    fee = np.where(gift, 0.0, median_fee * np.exp(sc.fee_spread_sigma * z))
    gift_value = np.where(gift, sc.gifted_value_usd * np.exp(0.5 * z - 0.125), 0.0)
    acceptable = np.where(gift, sc.accept_gifted, fee >= sc.min_fee_usd)
    accepted = _within_sponsored_limit(run, rows, acceptable)
    paid_acc = accepted & ~gift
    gift_acc = accepted & gift
    wk.n_paid = _count(rows, paid_acc, n)
    wk.n_gift = _count(rows, gift_acc, n)
    wk.n_declined = _count(rows, ~accepted, n)
    st.queued_sponsored = st.queued_sponsored + wk.n_paid + wk.n_gift
    st.had_paid_deal |= wk.n_paid > 0
    wk.booked_total = _count(rows, np.where(paid_acc, fee, 0.0), n)
    st.queued_fees = st.queued_fees + wk.booked_total
    wk.gifted_total = _count(rows, np.where(gift_acc, gift_value, 0.0), n)
    wk.offers = {
        "rows": rows,
        "gift": gift,
        "fee": fee,
        "gift_value": gift_value,
        "acceptable": acceptable,
        "accepted": accepted,
        "paid_acc": paid_acc,
        "terms_u": per_offer("payment_terms"),
        "late_u": per_offer("payment_late"),
        "default_u": per_offer("payment_default"),
    }
    if run.fee_log is not None and paid_acc.any():
        month = np.full(int(paid_acc.sum()), month_of_week(run.week), dtype=np.int64)
        run.fee_log.append((rows[paid_acc], month, fee[paid_acc]))


def _offer_draws(rs: Streams, offers: NDArray[np.int64]) -> tuple[NDArray[np.intp], Any]:
    """Each offer's path (sorted), and a getter of its per-offer draws by mechanism.

    Per-slot draws have a fixed width (common random numbers); only the slots that hold an
    offer are read, as flat arrays (offers are sparse). The rare offers beyond the fixed
    slots in one week draw from overflow streams of their own block.
    """
    k = MAX_OFFERS_PER_WEEK
    fixed = {
        "deal_kind": rs.uniform("deal_kind", k),
        "deal_value": rs.normal("deal_value", k),
        "payment_terms": rs.uniform("payment_terms", k),
        "payment_late": rs.uniform("payment_late", k),
        "payment_default": rs.uniform("payment_default", k),
    }
    # each offer's path and its slot in that path's week (0, 1, ...), in path order: the
    # paths with offers, each repeated once per offer
    with_offers = np.flatnonzero(offers)
    per_path = offers[with_offers]
    rows = np.repeat(with_offers, per_path)
    cols = np.arange(rows.size) - np.repeat(np.cumsum(per_path) - per_path, per_path)
    overflow = cols >= k
    any_overflow = bool(overflow.any())
    slot = np.minimum(cols, k - 1) if any_overflow else cols

    def per_offer(mechanism: str) -> Array:
        values = fixed[mechanism][rows, slot]
        if any_overflow:
            values[overflow] = rs.for_rows(
                f"{mechanism}_extra", rows[overflow], normal=mechanism == "deal_value"
            )
        return values

    return rows, per_offer


def _within_sponsored_limit(run: Run, rows: NDArray[np.intp], acceptable: Mask) -> Mask:
    """The sponsored-post limit as a token bucket: each organic post earns share/(1-share)
    of a sponsored slot, saved up to four weeks' worth; acceptable offers are taken in
    arrival order while a whole token is left."""
    sc, st, lv = run.scenario, run.state, run.levers
    share = sc.max_sponsored_share
    accrual = lv.posts_per_week * share / (1.0 - share) if share < 1.0 else np.inf
    cap = max(1.0, 4.0 * accrual) if accrual > 0 else 0.0
    st.sponsor_budget = np.minimum(st.sponsor_budget + accrual, cap)
    # taking offers in order while a token is left = taking the first floor(budget) of them:
    # rank each acceptable offer within its path (rows are sorted)
    wanted = acceptable.astype(np.int64)
    running = np.cumsum(wanted)
    first = np.searchsorted(rows, rows, side="left")
    rank = running - (running[first] - wanted[first])
    accepted: Mask = acceptable & (rank <= np.floor(st.sponsor_budget[rows] + 1e-9))
    st.sponsor_budget = st.sponsor_budget - _count(rows, accepted, st.n)
    return accepted


def other_income(run: Run, wk: Week) -> None:
    """Affiliate commissions from clicks, the platform's creator programme by its rules, and
    UGC gigs (made for brands without posting, independent of followers)."""
    sc, st, rs = run.scenario, run.state, run.streams
    n = st.n
    going = wk.going
    if sc.model_affiliate:
        wk.affiliate = (
            eq.affiliate_income_usd(
                wk.views,
                wk.trust,
                sc.affiliate_link_post_share,
                sc.affiliate_click_rate,
                sc.affiliate_conversion_rate,
                sc.affiliate_order_value_usd,
                sc.affiliate_commission_share,
            )
            * going
        )
    else:
        wk.affiliate = np.zeros(n)
    wk.joined = np.zeros(n, dtype=bool)
    if run.programme:
        qualifies = going & programme_qualifies(sc, st)
        wk.joined = qualifies & ~st.eligible
        st.eligible |= qualifies
        wk.platform = eq.platform_payout_usd(
            wk.views,
            st.eligible & going,
            sc.payout_qualifying_view_share,
            sc.payout_usd_per_1000_views,
        )
    else:
        wk.platform = np.zeros(n)
    st.accrued_affiliate += wk.affiliate
    if run.programme:
        st.accrued_platform += wk.platform
        st.receivables += wk.affiliate + wk.platform
    else:
        st.receivables += wk.affiliate  # (the platform pays nothing: a zero)

    u_ugc = rs.uniform("ugc")
    if run.ugc:
        rate_ugc = np.full(n, sc.ugc_gigs_per_month / WEEKS_PER_MONTH) * wk.active_f
        wk.ugc = eq.poisson_from_uniform(rate_ugc, u_ugc, MAX_COUNT).astype(np.float64)
    else:
        wk.ugc = np.zeros(n)
    wk.ugc_income = wk.ugc * sc.ugc_fee_usd


def _programme_pays(sc: Scenario) -> bool:
    """Whether the platform's creator programme is on and pays anything."""
    pays = sc.payout_usd_per_1000_views > 0 and sc.payout_qualifying_view_share > 0
    return bool(sc.model_platform_payouts and pays)


def programme_qualifies(sc: Scenario, st: State) -> Mask:
    """The platform's creator programme rules: followers, views in 30 days, and watch hours in
    12 months or the other route's views in 90 days."""
    watch_route = st.watch_hours_12m >= sc.payout_min_watch_hours_12m
    views_route = (sc.payout_alt_min_views_90d > 0) & (st.views_90d >= sc.payout_alt_min_views_90d)
    out: Mask = (
        (st.followers >= sc.payout_min_followers)
        & (st.views_30d >= sc.payout_min_views_30d)
        & (watch_route | views_route)
    )
    return out


def drop_undelivered(run: Run, quitting: Mask) -> None:
    """A creator who stops does not deliver the deals still queued: their fees are never paid
    (taken off what is owed, spread over the payments still due), and the posts never go out."""
    st = run.state
    q = np.flatnonzero(quitting)
    if not q.size:
        return  # nothing to cancel or drop (the common week)
    # only a quitting path with fees queued can have anything cancelled (elsewhere the
    # cancelled amount is zero, and taking off or adding a zero changes nothing)
    owed = q[st.queued_fees[q] > 0]
    if owed.size:
        if st.n > 1:
            # what is still due, for those paths only; a running sum down the ring adds in
            # the same order as the full ring's column sums (one row after another)
            due = (
                np.cumsum(st.ring_cash[:, owed], axis=0)[-1]
                + np.cumsum(st.ring_writeoff[:, owed], axis=0)[-1]
            )
        else:
            due = (st.ring_cash.sum(axis=0) + st.ring_writeoff.sum(axis=0))[owed]
        # (without payment terms a fee was paid on acceptance: nothing is left to cancel)
        cancel = np.minimum(st.queued_fees[owed], due)
        some = cancel > 0
        if some.any():
            c, cancel, due = owed[some], cancel[some], due[some]
            keep = np.clip(1.0 - cancel / due, 0.0, 1.0)
            st.ring_cash[:, c] *= keep
            st.ring_writeoff[:, c] *= keep
            st.receivables[c] -= cancel
            # never paid: written off, as a fee that never arrives is
            st.acc["written_off_usd"][c] += cancel
    st.queued_fees[q] = 0.0
    st.queued_sponsored[q] = 0.0


def payments(run: Run, wk: Week) -> None:
    """Fees fall due net-30/60/90, sometimes late or never; UGC net-30; cash arrives."""
    sc, st = run.scenario, run.state
    o = wk.offers
    rows, fee, paid_acc = o["rows"], o["fee"], o["paid_acc"]
    week = run.week
    if sc.model_payment_delays:
        ut = o["terms_u"]
        terms_days = np.where(
            ut < sc.share_net90, 90.0, np.where(ut < sc.share_net90 + sc.share_net60, 60.0, 30.0)
        )
        ul = o["late_u"]
        p_late = sc.late_payment_probability
        late = ul < p_late
        # given a late payment, ul / p_late is again uniform: reuse it for the extra delay
        extra = -sc.late_extra_days_mean * np.log(np.maximum(ul / max(p_late, 1e-12), 1e-300))
        days = terms_days + np.where(late, np.minimum(extra, MAX_LATE_DAYS), 0.0)
        delay_weeks = np.ceil(days / 7.0).astype(np.int64)
        never = o["default_u"] < sc.nonpayment_probability
        due = (week + delay_weeks) % PAYMENT_RING_WEEKS
        pay = paid_acc & ~never
        lost = paid_acc & never
        np.add.at(st.ring_cash, (due[pay], rows[pay]), fee[pay])
        np.add.at(st.ring_writeoff, (due[lost], rows[lost]), fee[lost])
        if run.ugc:
            st.ring_ugc[(week + UGC_DELAY_WEEKS) % PAYMENT_RING_WEEKS] += wk.ugc_income
    else:
        terms_days = np.zeros(rows.size)
        late = never = np.zeros(rows.size, dtype=bool)
        delay_weeks = np.zeros(rows.size, dtype=np.int64)
    o.update(terms_days=terms_days, late=late, never=never, delay_weeks=delay_weeks)
    st.receivables += wk.booked_total + wk.ugc_income

    now = week % PAYMENT_RING_WEEKS
    if sc.model_payment_delays:
        wk.sponsorship_cash = st.ring_cash[now].copy()
        wk.written_off = st.ring_writeoff[now].copy()
        st.ring_cash[now] = 0.0
        st.ring_writeoff[now] = 0.0
        if run.ugc:
            wk.ugc_cash = st.ring_ugc[now].copy()
            st.ring_ugc[now] = 0.0
        else:
            wk.ugc_cash = np.zeros(st.n)  # (the ring never holds anything)
    else:
        wk.sponsorship_cash = wk.booked_total
        wk.ugc_cash = wk.ugc_income
        wk.written_off = np.zeros(st.n)
    st.receivables -= wk.sponsorship_cash + wk.ugc_cash + wk.written_off
    wk.agency = wk.sponsorship_cash * sc.agency_cut_share


def weekly_costs(run: Run, wk: Week) -> None:
    """Production cost of every post made this week (bills come at month end)."""
    run.state.acc["cost_production_usd"] += wk.posts * run.scenario.production_cost_usd_per_post


def hours_and_burnout(run: Run, wk: Week) -> None:
    """Hours, strain (hours, creative pressure, money, the algorithm, the audience), fatigue,
    self-reported burnout, burnout episodes (rest), and quitting."""
    sc, st, lv, rs = run.scenario, run.state, run.levers, run.streams
    n = st.n
    u_hours = rs.normal("hours")
    hsig = sc.hours_noise_sigma
    hours_noise = hsig * u_hours
    hours_noise -= 0.5 * hsig * hsig
    np.exp(hours_noise, out=hours_noise)
    # (in place on one temporary: the same sums in the same order)
    hours = wk.organic * lv.hours_per_post
    hours += wk.sponsored_posted * sc.hours_per_deal
    hours += wk.ugc * sc.ugc_hours_per_gig
    hours += wk.active_f * (
        sc.community_hours_per_week + sc.admin_hours_per_week + lv.pitching_hours_per_week
    )
    hours *= hours_noise
    wk.creator_hours = hours
    wk.total_hours = wk.creator_hours + lv.job_hours_per_week
    u_quit = rs.uniform("burnout_quit")
    wk.burnout = np.zeros(n, dtype=bool)
    wk.strained = np.zeros(n, dtype=bool)
    wk.quit_now = np.zeros(n, dtype=bool)
    wk.back = np.zeros(n, dtype=bool)
    if not sc.model_fatigue:
        return
    bp = st.structural.burnout
    if sc.model_stress:
        monthly_pay = lv.job_hours_per_week * sc.day_job_wage_usd_per_hour * WEEKS_PER_MONTH
        worry = eq.money_worry(
            st.cumulative_net,
            max(monthly_pay, sc.money_worry_usd),
            lv.job_hours_per_week,
            months_of_savings(st, sc, monthly_pay),
            RUNWAY_COMFORT_MONTHS,
        )
        hostility = (1.0 - wk.trust) + (wk.n_viral > 0)
        strain = eq.strain_hours(
            wk.total_hours,
            wk.posts,
            worry,
            (wk.reach < 1.0).astype(np.float64) if wk.any_shock else np.zeros(n),
            hostility,
            bp["creative_pressure_hours_per_post"],
            bp["money_stress_hours"],
            sc.shock_stress_hours,
            sc.hostility_stress_hours,
        )
    else:
        strain = wk.total_hours
    st.fatigue = eq.update_fatigue(
        st.fatigue,
        strain,
        st.sustainable_hours,
        bp["fatigue_capacity_hours"],
        sc.fatigue_recovery_multiplier,
    )
    wk.strained = wk.going & ~st.ever_strain & (st.fatigue >= bp["strain_report_fatigue"])
    st.ever_strain |= wk.strained
    resting = st.status == _RESTING
    if resting.any():  # (otherwise nothing below changes: nobody is resting)
        st.rest_weeks_left = np.where(resting, st.rest_weeks_left - 1, st.rest_weeks_left)
        wk.back = resting & (st.rest_weeks_left <= 0)
        st.status = np.where(wk.back, _ACTIVE, st.status)
        st.fatigue = np.where(wk.back, np.minimum(st.fatigue, FATIGUE_AFTER_REST), st.fatigue)
    wk.burnout = wk.active & (st.fatigue >= 1.0)
    if not wk.burnout.any():
        return  # nobody burns out, rests or quits this week
    wk.quit_now = wk.burnout & (u_quit < bp["quit_probability_on_burnout"])
    st.ever_burnout |= wk.burnout
    st.burnouts += wk.burnout
    rest_next = wk.burnout & ~wk.quit_now
    if sc.burnout_rest_weeks == 0:
        st.fatigue = np.where(rest_next, FATIGUE_AFTER_REST, st.fatigue)
    else:
        st.status = np.where(rest_next, _RESTING, st.status)
        st.rest_weeks_left = np.where(rest_next, sc.burnout_rest_weeks, st.rest_weeks_left)
    st.status = np.where(wk.quit_now, _QUIT, st.status)
    drop_undelivered(run, wk.quit_now)


def months_of_savings(st: State, sc: Scenario, monthly_pay: float) -> Array | None:
    """Months the savings last at the current shortfall (living costs less the day job's pay
    and last month's creator net); None when the day job covers the living costs."""
    if monthly_pay >= sc.living_costs_usd_per_month:
        return None
    shortfall = sc.living_costs_usd_per_month - monthly_pay - st.last_net
    left: Array = np.where(
        shortfall > 0,
        np.maximum(st.savings, 0.0) / np.maximum(shortfall, 1e-9),
        np.inf,
    )
    return left


def accumulate(run: Run, wk: Week) -> None:
    """Add the week into the month being recorded."""
    sc, st = run.scenario, run.state
    a = st.acc
    a["income_booked_sponsorship_usd"] += wk.booked_total
    a["income_booked_gifted_usd"] += wk.gifted_total
    a["income_booked_affiliate_usd"] += wk.affiliate
    # (income that cannot come is zero every week: adding it would change nothing)
    if run.programme:
        a["income_booked_platform_usd"] += wk.platform
    if run.ugc:
        a["income_booked_ugc_usd"] += wk.ugc_income
    a["income_cash_sponsorship_usd"] += wk.sponsorship_cash
    if run.ugc:
        a["income_cash_ugc_usd"] += wk.ugc_cash
    a["cost_agency_usd"] += wk.agency
    a["posts"] += wk.posts
    a["deals_paid"] += wk.n_paid
    a["deals_gifted"] += wk.n_gift
    a["deals_declined"] += wk.n_declined
    a["views"] += wk.views
    a["creator_hours"] += wk.creator_hours
    a["total_hours"] += wk.total_hours
    a["weeks"] += 1.0
    a["active_weeks"] += wk.active_f
    a["job_pay_usd"] += run.levers.job_hours_per_week * sc.day_job_wage_usd_per_hour
    # people who engage in a week: engagement per post reaches them once, more posts reach
    # more of the audience (1 - e^-posts of it), and nobody engages with an account at rest
    reached = np.negative(wk.posts)
    np.expm1(reached, out=reached)
    np.negative(reached, out=reached)
    engaged = st.followers * wk.engagement
    engaged *= reached
    a["engaged_people"] += engaged
    a["written_off_usd"] += wk.written_off
    # gifts are income in kind: taxed where the source says so, never cash
    if sc.gifted_taxable:
        st.ytd_taxable += wk.gifted_total


def _count(rows: NDArray[np.intp], weights: NDArray[Any], n: int) -> Array:
    """Per-path sums of per-offer values."""
    return np.asarray(np.bincount(rows, weights=weights, minlength=n), dtype=np.float64)


# --------------------------------------------------------------------------------------
# Diaries of traced paths
# --------------------------------------------------------------------------------------


def trace_week(run: Run, wk: Week) -> None:
    """Write this week's events of the traced paths into their diaries."""
    sc, st = run.scenario, run.state
    week = run.week
    for path, diary in run.trace.items():
        _trace_offers(run, wk, path)
        _trace_payments(run, path)
        if wk.ugc[path] > 0:
            run.log(
                path,
                "ugc",
                f"UGC gigs (content made for brands, not posted): {int(wk.ugc[path])} x "
                f"${sc.ugc_fee_usd:,.0f}",
                float(wk.ugc[path] * sc.ugc_fee_usd),
            )
        if wk.n_viral[path] > 0:
            run.log(
                path,
                "viral",
                f"A post went viral: about {float(wk.jump[path]):,.0f} times the usual "
                "follower gain",
            )
        if wk.new_shock[path]:
            run.log(
                path,
                "shock",
                f"Algorithm change: reach cut {sc.shock_reach_cut_share:.0%} for "
                f"{sc.shock_duration_months:g} months",
            )
        if wk.joined[path]:
            run.log(path, "programme", "Joined the platform's creator programme: views now pay")
        if wk.strained[path]:
            run.log(path, "strain", "Worn down: this is what surveys call burnout")
        if wk.burnout[path]:
            if wk.quit_now[path]:
                run.log(path, "quit", "Burned out and quit for good")
            else:
                run.log(
                    path, "burnout", f"Burned out: resting {sc.burnout_rest_weeks} weeks, no posts"
                )
        if wk.back[path]:
            run.log(path, "rest_over", "Back to posting after rest")
        diary.weeks.append(
            WeekSnapshot(
                week=week,
                month=month_of_week(week),
                followers=float(st.followers[path]),
                engagement_rate=float(wk.engagement[path]),
                trust=float(st.trust[path]),
                fatigue=float(st.fatigue[path]),
                status=_STATUS_NAMES[int(st.status[path])],
                posts=float(wk.posts[path]),
                creator_hours=float(wk.creator_hours[path]),
                total_hours=float(wk.total_hours[path]),
            )
        )


def _trace_offers(run: Run, wk: Week, path: int) -> None:
    sc, o = run.scenario, wk.offers
    rows = o["rows"]  # sorted by path
    for i in range(int(rows.searchsorted(path)), int(rows.searchsorted(path, "right"))):
        run.deal_counter[path] = run.deal_counter.get(path, 0) + 1
        label = f"deal #{run.deal_counter[path]}"
        accepted = bool(o["accepted"][i])
        if not o["gift"][i]:
            fee = float(o["fee"][i])
            if accepted:
                run.log(path, "deal_paid", f"Accepted a paid {label}: ${fee:,.0f}", fee)
                if sc.model_payment_delays:
                    terms = int(o["terms_days"][i])
                    due = run.week + int(o["delay_weeks"][i])
                    kind = "never" if o["never"][i] else ("late" if o["late"][i] else "on_time")
                    run.trace_pending.setdefault(path, []).append(
                        (due, fee, f"{label} (net-{terms})", kind)
                    )
                else:
                    run.log(path, "payment", f"Paid at once for {label}: ${fee:,.0f}", fee)
            else:
                why = (
                    "below your minimum fee"
                    if not o["acceptable"][i]
                    else "over your sponsored-post limit"
                )
                run.log(path, "deal_declined", f"Declined a paid offer of ${fee:,.0f}: {why}", fee)
        else:
            value = float(o["gift_value"][i])
            if accepted:
                run.log(
                    path,
                    "deal_gifted",
                    f"Accepted a gifted {label}: product worth ${value:,.0f}, no cash",
                    value,
                )
            else:
                why = (
                    "you decline gifted deals"
                    if not o["acceptable"][i]
                    else "over your sponsored-post limit"
                )
                run.log(path, "deal_declined", f"Declined a gifted offer: {why}", value)


def _trace_payments(run: Run, path: int) -> None:
    still: list[tuple[int, float, str, str]] = []
    for due, amount, label, kind in run.trace_pending.get(path, []):
        if due != run.week:
            still.append((due, amount, label, kind))
        elif kind == "never":
            run.log(
                path,
                "payment_never",
                f"Gave up on the ${amount:,.0f} for {label}: never paid",
                amount,
            )
        else:
            note = "late" if kind == "late" else "on time"
            run.log(path, "payment", f"Payment arrived {note} for {label}: ${amount:,.0f}", amount)
    run.trace_pending[path] = still


# --------------------------------------------------------------------------------------
# Month end
# --------------------------------------------------------------------------------------


def close_month(run: Run, month: int) -> None:
    """Month-end bills, payouts, tax and stop rules; then record the month for every path."""
    sc, st = run.scenario, run.state
    a = st.acc
    if month > 0:
        paying = st.not_quit
        a["cost_software_usd"] += np.where(paying, sc.software_usd_per_month, 0.0)
        a["cost_shoots_usd"] += np.where(
            st.active, sc.photo_shoots_per_month * sc.photo_shoot_cost_usd, 0.0
        )
        # affiliate networks and platforms pay last month's earnings (net-30)
        a["income_cash_affiliate_usd"] += st.pending_affiliate
        a["income_cash_platform_usd"] += st.pending_platform
        st.receivables -= st.pending_affiliate + st.pending_platform
        st.pending_affiliate = st.accrued_affiliate
        st.pending_platform = st.accrued_platform
        st.accrued_affiliate = np.zeros(st.n)
        st.accrued_platform = np.zeros(st.n)

    for name, values in a.items():
        if name.endswith("_usd"):
            values.round(2, out=values)  # (the month's own sums: nothing else holds them)
    cash_in = sum((a[name] for name in _CASH_NAMES), np.zeros(st.n))
    costs = sum((a[name] for name in _COST_NAMES), np.zeros(st.n))
    st.ytd_taxable += cash_in - costs
    if sc.model_tax:
        # tax on positive year-to-date profit, trued up monthly within each tax year
        owed = np.round(sc.tax_rate * np.maximum(st.ytd_taxable, 0.0), 2)
        tax = owed - st.ytd_tax_paid
        st.ytd_tax_paid = owed
    else:
        tax = np.zeros(st.n)
    net = np.round(cash_in - costs - tax, 2)
    st.cumulative_net = np.round(st.cumulative_net + net, 2)
    st.last_net = net
    if month > 0:
        st.savings = np.round(
            st.savings + a["job_pay_usd"] + net - sc.living_costs_usd_per_month, 2
        )
    if month > 0 and calendar_month(sc.start_month, month) == 12:
        # the tax year is the calendar year: it closes with December, whenever the plan began
        st.ytd_taxable = np.zeros(st.n)
        st.ytd_tax_paid = np.zeros(st.n)

    if month > 0:
        apply_stop_rules(run, month)

    base_er = eq.engagement_rate(
        st.followers, sc.engagement_rate_nano, sc.engagement_rate_micro, sc.model_engagement_decay
    )
    trust = st.trust if sc.model_trust else np.ones(st.n)
    er = eq.effective_engagement(base_er, trust, st.consistency, sc.consistency_engagement_weight)
    weeks = np.maximum(a["weeks"], 1.0)
    record = {
        "followers": st.followers,
        "engagement_rate": er,
        "trust": st.trust,
        "fatigue": st.fatigue,
        "status": st.status,
        "platform_eligible": st.eligible,
        "tax_usd": tax,
        "net_cash_usd": net,
        "cumulative_net_usd": st.cumulative_net,
        "receivables_usd": np.round(np.maximum(st.receivables, 0.0), 2),
        # hours a week of the weeks spent creating (a month of rest or after stopping is not
        # a month of lighter weeks)
        "creator_hours_per_week": np.divide(
            a["creator_hours"], a["active_weeks"], out=np.zeros(st.n), where=a["active_weeks"] > 0
        ),
        "total_hours_per_week": a["total_hours"] / weeks,
        "savings_usd": st.savings,
        "engaged_people_per_week": a["engaged_people"] / weeks,
    }
    for metric in METRICS:
        value = record.get(metric.name)
        if value is None:
            value = a[metric.name]
        run.monthly[metric.name][month] = value
    st.reset_month()


def apply_stop_rules(run: Run, month: int) -> None:
    """The person's own stop rules: out of pocket beyond a limit, or no paid deal by a month."""
    sc, st = run.scenario, run.state
    by_month = sc.stop_if_no_paid_deal_by_month
    if sc.stop_if_lost_usd <= 0 and not (by_month > 0 and month >= by_month):
        return  # no rule can stop anyone this month
    going = st.not_quit
    lost = going & (sc.stop_if_lost_usd > 0) & (st.cumulative_net < -sc.stop_if_lost_usd)
    no_deal = (
        going
        & (sc.stop_if_no_paid_deal_by_month > 0)
        & (month >= sc.stop_if_no_paid_deal_by_month)
        & ~st.had_paid_deal
    )
    quitting = lost | no_deal
    st.status = np.where(quitting, Status.QUIT, st.status).astype(np.int8)
    drop_undelivered(run, quitting)
    for path in run.trace:
        if lost[path]:
            run.log(
                path,
                "stop_rule",
                f"Stop rule: lost more than ${sc.stop_if_lost_usd:,.0f}, so I quit",
            )
        elif no_deal[path]:
            run.log(
                path,
                "stop_rule",
                f"Stop rule: no paid deal by month {sc.stop_if_no_paid_deal_by_month}, so I quit",
            )


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeLog:
    """Every accepted paid fee of a run: its path, the month it was booked, the fee."""

    path: NDArray[np.intp]
    month: NDArray[np.int64]
    fee_usd: Array

    @classmethod
    def concat(cls, parts: list[FeeLog]) -> FeeLog:
        return cls(
            np.concatenate([p.path for p in parts]),
            np.concatenate([p.month for p in parts]),
            np.concatenate([p.fee_usd for p in parts]),
        )


@dataclass(frozen=True)
class BlockOutput:
    """What one run over a range of paths produces (picklable, for worker processes)."""

    monthly: dict[str, NDArray[Any]]
    ever_burnout: Mask
    ever_strain: Mask
    burnouts: NDArray[np.int64]
    diaries: dict[int, Diary]
    fee_log: FeeLog | None = None
    posterior_row: NDArray[np.int64] | None = None
    """Per path, the posterior draw it lived in (-1: the point values)."""


def _dtype(metric: str) -> type[np.generic]:
    if metric in ("status", "platform_eligible"):
        return np.int8
    if metric.endswith("_usd"):
        return np.float64  # cents must add up exactly in the cash identity
    return np.float32


def _monthly_arrays(months: int, n_paths: int) -> dict[str, NDArray[Any]]:
    """Zeroed (month, path) arrays, one per metric: the metrics of one dtype share one block,
    which the kernel can back with large pages (far fewer page faults as the months are
    written than one allocation per metric)."""
    names: dict[type[np.generic], list[str]] = {}
    for m in METRICS:
        names.setdefault(_dtype(m.name), []).append(m.name)
    arrays: dict[str, NDArray[Any]] = {}
    for dtype, group in names.items():
        block = np.zeros((len(group), months + 1, n_paths), dtype=dtype)
        arrays.update(zip(group, block, strict=True))
    return {m.name: arrays[m.name] for m in METRICS}


def run_paths(
    scenario: Scenario,
    seed: int,
    first_block: int,
    n_paths: int,
    trace: tuple[int, ...] = (),
    collect_fees: bool = False,
) -> BlockOutput:
    """Simulate ``n_paths`` paths starting at block ``first_block``; ``trace`` indices are
    local to this range. ``collect_fees`` keeps every accepted paid fee (for calibration)."""
    months = scenario.months
    # recorded as (month, path) so that closing a month writes contiguous rows
    monthly = _monthly_arrays(months, n_paths)
    streams = Streams(seed, first_block, n_paths)
    run = Run(
        scenario=scenario,
        streams=streams,
        state=State.initial(scenario, n_paths, streams),
        levers=Levers(
            job_hours_per_week=scenario.job_hours_per_week,
            posts_per_week=scenario.posts_per_week,
            hours_per_post=scenario.hours_per_post,
            pitching_hours_per_week=scenario.pitching_hours_per_week,
        ),
        monthly=monthly,
        trace={i: Diary(path=first_block * BLOCK_PATHS + i) for i in trace},
        fee_log=[] if collect_fees else None,
        programme=_programme_pays(scenario),
        ugc=bool(scenario.model_ugc and scenario.ugc_gigs_per_month > 0),
        events=bool(scenario.model_events and scenario.events_per_year > 0),
    )
    weeks = horizon_weeks(months)
    env = simpy.Environment()
    env.process(equipment_cycle(env, run))
    env.process(month_end(env, run, months))
    env.process(creator_week(env, run, weeks))
    if scenario.model_events and scenario.events_per_year > 0:
        env.process(industry_events(env, run, weeks))
    for change in scenario.timeline:
        if change.month <= months:
            env.process(planned_change(env, run, change.month, change.what, change.value))
    env.run(until=month_end_time(months) + 2 * START_OFFSET)
    fee_log = None
    if run.fee_log is not None:
        offset = first_block * BLOCK_PATHS
        fee_log = FeeLog(
            np.concatenate([p for p, _, _ in run.fee_log] or [np.zeros(0, np.intp)]) + offset,
            np.concatenate([m for _, m, _ in run.fee_log] or [np.zeros(0, np.int64)]),
            np.concatenate([f for _, _, f in run.fee_log] or [np.zeros(0)]),
        )
    return BlockOutput(
        monthly={name: values.T for name, values in monthly.items()},  # (path, month) views
        ever_burnout=run.state.ever_burnout,
        ever_strain=run.state.ever_strain,
        burnouts=run.state.burnouts,
        diaries={first_block * BLOCK_PATHS + i: d for i, d in run.trace.items()},
        fee_log=fee_log,
        posterior_row=run.state.structural.row,
    )


def _run_chunk(args: tuple[Scenario, int, int, int, tuple[int, ...], bool]) -> BlockOutput:
    return run_paths(*args)


def run_all(
    scenario: Scenario,
    paths: int,
    seed: int,
    workers: int = 1,
    trace: tuple[int, ...] = (),
    collect_fees: bool = False,
) -> BlockOutput:
    """All paths, in one process or split by blocks across ``workers`` processes.

    Streams are per block of paths, so the split never changes a single bit.
    """
    n_blocks = -(-paths // BLOCK_PATHS)
    workers = max(1, min(workers, n_blocks))
    if workers == 1:
        return run_paths(scenario, seed, 0, paths, trace, collect_fees)
    per = -(-n_blocks // workers)
    jobs = []
    for first in range(0, n_blocks, per):
        lo = first * BLOCK_PATHS
        hi = min(paths, (first + per) * BLOCK_PATHS)
        local = tuple(i - lo for i in trace if lo <= i < hi)
        jobs.append((scenario, seed, first, hi - lo, local, collect_fees))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_run_chunk, jobs))
    return merge_blocks(parts)


def merge_blocks(parts: Sequence[BlockOutput]) -> BlockOutput:
    """Consecutive ranges of paths, in path order, as one output (diaries keep the path
    numbers their parts gave them)."""
    logs = [p.fee_log for p in parts if p.fee_log is not None]
    return BlockOutput(
        monthly={k: np.concatenate([p.monthly[k] for p in parts]) for k in parts[0].monthly},
        ever_burnout=np.concatenate([p.ever_burnout for p in parts]),
        ever_strain=np.concatenate([p.ever_strain for p in parts]),
        burnouts=np.concatenate([p.burnouts for p in parts]),
        diaries={k: v for p in parts for k, v in p.diaries.items()},
        fee_log=FeeLog.concat(logs) if logs else None,
        posterior_row=np.concatenate(
            [
                p.posterior_row if p.posterior_row is not None else np.full(p.burnouts.size, -1)
                for p in parts
            ]
        ),
    )
