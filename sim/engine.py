"""The simulation: SimPy's calendar advancing the state of every path at once.

SimPy schedules what happens when; numpy does the arithmetic for all paths in one go. The
processes are:

- ``creator_week``: every week, mid-week (t = w + 0.5): posting, growth, churn, shocks,
  deals and the creator's policy, payments falling due, hours, fatigue, burnout and trust;
- ``month_end``: at the end of each month (t = m x 52/12): bills, affiliate and platform
  payouts, tax, stop rules, and recording the month;
- ``equipment_cycle``: the up-front kit at month 0 and its replacement every N months;
- ``industry_events``: events through the year (cost, then a lift in deal flow);
- ``planned_change``: one process for each change on the user's timeline.

Time is in weeks. Anything that happens "from month m" is scheduled just after the end of
month m - 1 (``START_OFFSET``) so that it is never booked into the month before.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from numpy.typing import NDArray

from sim import equations as eq
from sim.diary import Diary, DiaryEvent, WeekSnapshot
from sim.metrics import COST_KINDS, INCOME_CASH_STREAMS, METRICS, Status
from sim.scenario import Scenario
from sim.streams import BLOCK_PATHS, Streams

WEEKS_PER_MONTH = eq.WEEKS_PER_MONTH
START_OFFSET = 1e-6
MAX_OFFERS_PER_WEEK = 6  # fixed-width random slots; more offers use overflow draws
MAX_COUNT = 1000  # Poisson counts per week are exact up to this
PAYMENT_RING_WEEKS = 128  # longer than net-90 plus a year of lateness
UGC_DELAY_WEEKS = 5  # UGC invoices are paid net-30
MAX_LATE_DAYS = 365.0
EWMA_WEEKS = 8.0
MAX_FOLLOWERS = 1e9  # more than any account has; stops runaway growth when saturation is off
FATIGUE_AFTER_REST = 0.5

Array = NDArray[np.float64]
ProcessGen = Generator[simpy.Event, Any, None]


def horizon_weeks(months: int) -> int:
    """Number of weekly steps whose mid-week falls inside the horizon."""
    return math.ceil(months * WEEKS_PER_MONTH - 0.5)


def month_end_time(month: int) -> float:
    return month * WEEKS_PER_MONTH


@dataclass
class Levers:
    """Settings the user's timeline can change; the same for every path."""

    job_hours_per_week: float
    posts_per_week: float
    hours_per_post: float
    pitching_hours_per_week: float
    rate_multiplier: float = 1.0


@dataclass
class State:
    """Mutable per-path state of one run. Never stored on the Scenario."""

    n: int
    followers: Array
    trust: Array
    fatigue: Array
    consistency: Array
    sponsored_ewma: Array
    posts_ewma: Array
    sponsor_budget: Array
    sustainable_hours: Array
    status: NDArray[np.int8]
    rest_weeks_left: NDArray[np.int64]
    shock_weeks_left: Array
    boost_weeks_left: Array
    had_paid_deal: NDArray[np.bool_]
    ever_burnout: NDArray[np.bool_]
    burnouts: NDArray[np.int64]
    cumulative_net: Array
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

        state = cls(
            n=n,
            followers=np.full(n, float(scenario.start_followers)),
            trust=np.ones(n),
            fatigue=zeros(),
            consistency=np.ones(n),
            sponsored_ewma=zeros(),
            posts_ewma=np.full(n, scenario.posts_per_week),
            sponsor_budget=np.full(n, 1.0 if scenario.max_sponsored_share > 0 else 0.0),
            # each future has its own limit: nobody knows theirs exactly
            sustainable_hours=np.maximum(
                scenario.sustainable_hours_per_week
                + scenario.sustainable_hours_sd * streams.normal("capacity"),
                1.0,
            ),
            status=np.zeros(n, dtype=np.int8),
            rest_weeks_left=np.zeros(n, dtype=np.int64),
            shock_weeks_left=zeros(),
            boost_weeks_left=zeros(),
            had_paid_deal=np.zeros(n, dtype=bool),
            ever_burnout=np.zeros(n, dtype=bool),
            burnouts=np.zeros(n, dtype=np.int64),
            cumulative_net=zeros(),
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
        state.reset_month()
        return state

    def reset_month(self) -> None:
        names = (
            [f"income_cash_{s}_usd" for s in INCOME_CASH_STREAMS]
            + [f"cost_{k}_usd" for k in COST_KINDS]
            + [
                "income_booked_sponsorship_usd",
                "income_booked_gifted_usd",
                "income_booked_affiliate_usd",
                "income_booked_platform_usd",
                "income_booked_ugc_usd",
                "posts",
                "deals_paid",
                "deals_gifted",
                "deals_declined",
                "creator_hours",
                "total_hours",
                "weeks",
                "written_off_usd",
            ]
        )
        self.acc = {name: np.zeros(self.n) for name in names}

    @property
    def active(self) -> NDArray[np.bool_]:
        return np.asarray(self.status == Status.ACTIVE, dtype=np.bool_)

    @property
    def not_quit(self) -> NDArray[np.bool_]:
        return np.asarray(self.status != Status.QUIT, dtype=np.bool_)


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

    def log(self, path: int, kind: str, text: str, amount_usd: float = 0.0) -> None:
        diary = self.trace.get(path)
        if diary is not None:
            month = month_of_week(self.week)
            diary.events.append(DiaryEvent(self.week, month, kind, text, amount_usd))

    def log_many(self, mask: NDArray[np.bool_], kind: str, text: str) -> None:
        for path in self.trace:
            if mask[path]:
                self.log(path, kind, text)


def month_of_week(week: int) -> int:
    """Calendar month (1-based) in which week ``week``'s mid-point falls."""
    return int((week + 0.5) / WEEKS_PER_MONTH) + 1


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
# The weekly step
# --------------------------------------------------------------------------------------


def weekly_step(run: Run) -> None:
    sc, st, lv, rs = run.scenario, run.state, run.levers, run.streams
    n = st.n
    active = st.active
    active_f = active.astype(np.float64)
    trust = st.trust if sc.model_trust else np.ones(n)

    # --- engagement and deal flow -------------------------------------------------------
    base_er = eq.engagement_rate(
        st.followers,
        sc.engagement_rate_nano,
        sc.engagement_rate_micro,
        sc.model_engagement_decay,
    )
    st.consistency = st.consistency + (active_f - st.consistency) / EWMA_WEEKS
    er = eq.effective_engagement(base_er, trust, st.consistency, sc.consistency_engagement_weight)
    boost = np.where(sc.model_events & (st.boost_weeks_left > 0), sc.event_deal_boost, 1.0)
    rate_in = (
        eq.inbound_deal_rate_per_week(
            st.followers,
            er,
            sc.engagement_rate_nano,
            trust,
            sc.inbound_deals_per_month_at_10k,
            sc.deal_follower_elasticity,
            sc.niche_deal_demand,
            boost,
        )
        * active_f
    )
    rate_pitch = (
        eq.pitch_deal_rate_per_week(
            st.followers,
            np.full(n, lv.pitching_hours_per_week),
            sc.pitches_per_hour,
            sc.pitch_response_rate_at_10k,
            trust,
        )
        * active_f
    )
    k = MAX_OFFERS_PER_WEEK
    # One uniform per path for the combined Poisson count: more deal flow from any source
    # never means fewer offers on the same luck.
    offers = eq.poisson_from_uniform(rate_in + rate_pitch, rs.uniform("deals"), MAX_COUNT)
    # Per-slot draws have a fixed width k (common random numbers); only the slots that hold
    # an offer are computed, as flat arrays of length m (offers are sparse). The rare offers
    # beyond k in one week draw from overflow streams of their own block.
    fixed = {
        "deal_kind": rs.uniform("deal_kind", k),
        "deal_value": rs.normal("deal_value", k),
        "payment_terms": rs.uniform("payment_terms", k),
        "payment_late": rs.uniform("payment_late", k),
        "payment_default": rs.uniform("payment_default", k),
    }
    rows, cols = np.nonzero(np.arange(int(offers.max(initial=0)))[None, :] < offers[:, None])
    overflow = cols >= k

    def per_offer(mechanism: str) -> Array:
        values = fixed[mechanism][rows, np.minimum(cols, k - 1)]
        if overflow.any():
            values[overflow] = rs.for_rows(
                f"{mechanism}_extra", rows[overflow], normal=mechanism == "deal_value"
            )
        return values

    g_share = (
        eq.gifted_share(st.followers[rows], sc.gifted_share_max, sc.gifted_share_half_followers)
        if sc.model_gifting
        else np.zeros(rows.size)
    )
    gift = per_offer("deal_kind") < g_share
    median_fee = eq.median_fee_usd(
        st.followers[rows],
        sc.fee_usd_at_1k_followers,
        sc.fee_follower_elasticity,
        sc.niche_fee_multiplier,
        trust[rows],
        lv.rate_multiplier,
    )
    z = per_offer("deal_value")
    fee = np.where(gift, 0.0, median_fee * np.exp(sc.fee_spread_sigma * z))
    gift_value = np.where(gift, sc.gifted_value_usd * np.exp(0.5 * z - 0.125), 0.0)
    acceptable = np.where(gift, sc.accept_gifted, fee >= sc.min_fee_usd)

    # The sponsored-post limit is a token bucket: each organic post earns share/(1-share)
    # of a sponsored slot, saved up to four weeks' worth; offers are taken in arrival order.
    share = sc.max_sponsored_share
    accrual = lv.posts_per_week * share / (1.0 - share) if share < 1.0 else np.inf
    cap = max(1.0, 4.0 * accrual) if accrual > 0 else 0.0
    st.sponsor_budget = np.minimum(st.sponsor_budget + accrual, cap)
    # Taking acceptable offers in order while a whole token is left = taking the first
    # floor(budget) of them: rank each acceptable offer within its path (rows are sorted).
    wanted = acceptable.astype(np.int64)
    running = np.cumsum(wanted)
    first = np.searchsorted(rows, rows, side="left")
    rank = running - (running[first] - wanted[first])
    accepted = acceptable & (rank <= np.floor(st.sponsor_budget[rows] + 1e-9))
    st.sponsor_budget = st.sponsor_budget - _count(rows, accepted, n)
    paid_acc = accepted & ~gift
    gift_acc = accepted & gift
    n_paid = _count(rows, paid_acc, n)
    n_gift = _count(rows, gift_acc, n)
    n_declined = _count(rows, ~accepted, n)
    sponsored = n_paid + n_gift
    st.had_paid_deal |= n_paid > 0
    booked_total = _count(rows, np.where(paid_acc, fee, 0.0), n)
    gifted_total = _count(rows, np.where(gift_acc, gift_value, 0.0), n)

    # --- payments: terms, lateness, never -------------------------------------------------
    week = run.week
    if sc.model_payment_delays:
        ut = per_offer("payment_terms")
        terms_days = np.where(
            ut < sc.share_net90, 90.0, np.where(ut < sc.share_net90 + sc.share_net60, 60.0, 30.0)
        )
        ul = per_offer("payment_late")
        p_late = sc.late_payment_probability
        late = ul < p_late
        # given a late payment, ul / p_late is again uniform: reuse it for the extra delay
        extra = -sc.late_extra_days_mean * np.log(np.maximum(ul / max(p_late, 1e-12), 1e-300))
        days = terms_days + np.where(late, np.minimum(extra, MAX_LATE_DAYS), 0.0)
        delay_weeks = np.ceil(days / 7.0).astype(np.int64)
        never = per_offer("payment_default") < sc.nonpayment_probability
        due = (week + delay_weeks) % PAYMENT_RING_WEEKS
        pay = paid_acc & ~never
        lost = paid_acc & never
        np.add.at(st.ring_cash, (due[pay], rows[pay]), fee[pay])
        np.add.at(st.ring_writeoff, (due[lost], rows[lost]), fee[lost])
    else:
        terms_days = np.zeros(rows.size)
        late = never = np.zeros(rows.size, dtype=bool)
        delay_weeks = np.zeros(rows.size, dtype=np.int64)
    st.receivables += booked_total

    # --- UGC gigs (invoiced net-30, not posted, independent of followers) ---------------
    u_ugc = rs.uniform("ugc")
    if sc.model_ugc and sc.ugc_gigs_per_month > 0:
        rate_ugc = np.full(n, sc.ugc_gigs_per_month / WEEKS_PER_MONTH) * active_f
        ugc = eq.poisson_from_uniform(rate_ugc, u_ugc, MAX_COUNT).astype(np.float64)
    else:
        ugc = np.zeros(n)
    ugc_income = ugc * sc.ugc_fee_usd
    st.receivables += ugc_income
    if sc.model_payment_delays:
        st.ring_ugc[(week + UGC_DELAY_WEEKS) % PAYMENT_RING_WEEKS] += ugc_income

    # --- posting and growth -------------------------------------------------------------
    organic = lv.posts_per_week * active_f
    posts = organic + sponsored
    competition = sc.niche_competition if sc.model_competition else 1.0
    capacity = sc.audience_capacity_followers if sc.model_saturation else None
    g = eq.gain_per_post(
        st.followers, sc.base_followers_per_post, sc.growth_elasticity, competition, capacity
    )
    quality = eq.output_quality(st.fatigue, sc.fatigue_quality_loss) if sc.model_fatigue else 1.0
    shock_on = (st.shock_weeks_left > 0) if sc.model_platform_shocks else np.zeros(n, bool)
    reach = np.where(shock_on, 1.0 - sc.shock_reach_cut_share, 1.0)
    z = rs.normal("growth")
    sigma = sc.growth_noise_sigma if sc.model_growth_noise else 0.0
    noise = np.exp(sigma * z - 0.5 * sigma * sigma)
    per_post = g * quality * reach * trust
    u_viral = rs.uniform("virality")
    u_size = rs.uniform("viral_size")
    if sc.model_virality:
        n_viral = eq.poisson_from_uniform(posts * sc.viral_post_probability, u_viral, MAX_COUNT)
        jump = sc.viral_multiplier_min * np.power(1.0 - u_size, -1.0 / sc.viral_tail_index)
        viral_gain = n_viral * (jump - 1.0) * per_post
    else:
        n_viral = np.zeros(n, dtype=np.int64)
        jump = np.ones(n)
        viral_gain = np.zeros(n)
    gain = posts * per_post * noise + viral_gain
    churn = (
        eq.churn_rate(
            sc.weekly_churn_rate,
            posts > 0,
            trust,
            sc.rest_churn_multiplier,
            sc.distrust_churn_multiplier,
        )
        if sc.model_churn
        else np.zeros(n)
    )
    st.followers = np.clip(st.followers + gain - churn * st.followers, 0.0, MAX_FOLLOWERS)

    # --- platform shocks ----------------------------------------------------------------
    u_shock = rs.uniform("shocks")
    new_shock = np.zeros(n, dtype=bool)
    if sc.model_platform_shocks:
        new_shock = (u_shock < sc.shocks_per_year / 52.0) & (st.shock_weeks_left <= 0)
        st.shock_weeks_left = np.where(
            new_shock, sc.shock_duration_months * WEEKS_PER_MONTH, st.shock_weeks_left - 1.0
        )
    st.boost_weeks_left = st.boost_weeks_left - 1.0

    # --- other income booked this week ------------------------------------------------
    if sc.model_affiliate:
        # an algorithm change cuts views and engagement as well as growth
        aff = eq.affiliate_income_usd(
            st.followers,
            er * reach,
            posts,
            sc.affiliate_link_post_share,
            sc.affiliate_conversion_rate,
            sc.affiliate_order_value_usd,
            sc.affiliate_commission_share,
        )
    else:
        aff = np.zeros(n)
    if sc.model_platform_payouts:
        plat = eq.platform_payout_usd(
            st.followers,
            posts * reach,
            sc.platform_payout_threshold_followers,
            sc.payout_usd_per_1000_views,
            sc.views_per_follower_per_post,
        )
    else:
        plat = np.zeros(n)
    st.accrued_affiliate += aff
    st.accrued_platform += plat
    st.receivables += aff + plat

    # --- payments arriving this week ------------------------------------------------------
    now = week % PAYMENT_RING_WEEKS
    if sc.model_payment_delays:
        sponsorship_cash = st.ring_cash[now].copy()
        ugc_cash = st.ring_ugc[now].copy()
        written_off = st.ring_writeoff[now].copy()
        st.ring_cash[now] = 0.0
        st.ring_ugc[now] = 0.0
        st.ring_writeoff[now] = 0.0
    else:
        sponsorship_cash, ugc_cash, written_off = booked_total, ugc_income, np.zeros(n)
    st.receivables -= sponsorship_cash + ugc_cash + written_off
    agency = sponsorship_cash * sc.agency_cut_share

    # --- hours, fatigue, burnout --------------------------------------------------------
    u_hours = rs.normal("hours")
    hsig = sc.hours_noise_sigma
    hours_noise = np.exp(hsig * u_hours - 0.5 * hsig * hsig)
    creator_hours = (
        organic * lv.hours_per_post
        + sponsored * sc.hours_per_deal
        + ugc * sc.ugc_hours_per_gig
        + active_f
        * (sc.community_hours_per_week + sc.admin_hours_per_week + lv.pitching_hours_per_week)
    ) * hours_noise
    total_hours = creator_hours + lv.job_hours_per_week
    u_quit = rs.uniform("burnout_quit")
    burnout = np.zeros(n, dtype=bool)
    quit_now = np.zeros(n, dtype=bool)
    back = np.zeros(n, dtype=bool)
    if sc.model_fatigue:
        st.fatigue = eq.update_fatigue(
            st.fatigue,
            total_hours,
            st.sustainable_hours,
            sc.fatigue_capacity_hours,
            sc.fatigue_recovery_multiplier,
        )
        resting = st.status == Status.RESTING
        st.rest_weeks_left = np.where(resting, st.rest_weeks_left - 1, st.rest_weeks_left)
        back = resting & (st.rest_weeks_left <= 0)
        st.status = np.where(back, Status.ACTIVE, st.status).astype(np.int8)
        st.fatigue = np.where(back, np.minimum(st.fatigue, FATIGUE_AFTER_REST), st.fatigue)
        burnout = active & (st.fatigue >= 1.0)
        quit_now = burnout & (u_quit < sc.quit_probability_on_burnout)
        st.ever_burnout |= burnout
        st.burnouts += burnout
        rest_next = burnout & ~quit_now
        if sc.burnout_rest_weeks == 0:
            st.fatigue = np.where(rest_next, FATIGUE_AFTER_REST, st.fatigue)
        else:
            st.status = np.where(rest_next, Status.RESTING, st.status).astype(np.int8)
            st.rest_weeks_left = np.where(rest_next, sc.burnout_rest_weeks, st.rest_weeks_left)
        st.status = np.where(quit_now, Status.QUIT, st.status).astype(np.int8)

    # --- trust --------------------------------------------------------------------------
    st.sponsored_ewma += (sponsored - st.sponsored_ewma) / EWMA_WEEKS
    st.posts_ewma += (posts - st.posts_ewma) / EWMA_WEEKS
    # the audience judges what it sees: in weeks without posts trust recovers
    recent_share = np.divide(
        st.sponsored_ewma,
        st.posts_ewma,
        out=np.zeros(n),
        where=(st.posts_ewma > 1e-9) & (posts > 0),
    )
    if sc.model_trust:
        st.trust = eq.update_trust(
            st.trust,
            recent_share,
            sc.sponsored_share_tolerance,
            sc.trust_loss_per_excess_share,
            sc.trust_recovery_per_week,
        )

    # --- accumulate the month -----------------------------------------------------------
    a = st.acc
    a["income_booked_sponsorship_usd"] += booked_total
    a["income_booked_gifted_usd"] += gifted_total
    a["income_booked_affiliate_usd"] += aff
    a["income_booked_platform_usd"] += plat
    a["income_booked_ugc_usd"] += ugc_income
    a["income_cash_sponsorship_usd"] += sponsorship_cash
    a["income_cash_ugc_usd"] += ugc_cash
    a["cost_production_usd"] += posts * sc.production_cost_usd_per_post
    a["cost_agency_usd"] += agency
    a["posts"] += posts
    a["deals_paid"] += n_paid
    a["deals_gifted"] += n_gift
    a["deals_declined"] += n_declined
    a["creator_hours"] += creator_hours
    a["total_hours"] += total_hours
    a["weeks"] += 1.0
    a["written_off_usd"] += written_off
    st.ytd_taxable += np.where(sc.gifted_taxable, gifted_total, 0.0)

    if run.trace:
        trace_week(
            run,
            rows=rows,
            gift=gift,
            accepted=accepted,
            fee=fee,
            gift_value=gift_value,
            acceptable=acceptable,
            terms_days=terms_days,
            late=late,
            delay_weeks=delay_weeks,
            never=never,
            n_viral=n_viral,
            jump=jump,
            new_shock=new_shock,
            burnout=burnout,
            quit_now=quit_now,
            back=back,
            ugc=ugc,
            posts=posts,
            er=er,
            creator_hours=creator_hours,
            total_hours=total_hours,
        )


def _count(rows: NDArray[np.intp], weights: NDArray[Any], n: int) -> Array:
    """Per-path sums of per-offer values."""
    return np.asarray(np.bincount(rows, weights=weights, minlength=n), dtype=np.float64)


def trace_week(run: Run, **w: Any) -> None:
    """Write this week's events of the traced paths into their diaries."""
    sc, st = run.scenario, run.state
    week = run.week
    month = month_of_week(week)
    for path, diary in run.trace.items():
        for i in np.flatnonzero(w["rows"] == path):
            run.deal_counter[path] = run.deal_counter.get(path, 0) + 1
            label = f"deal #{run.deal_counter[path]}"
            accepted = bool(w["accepted"][i])
            if not w["gift"][i]:
                fee = float(w["fee"][i])
                if accepted:
                    run.log(path, "deal_paid", f"Accepted a paid {label}: ${fee:,.0f}", fee)
                    if sc.model_payment_delays:
                        terms = int(w["terms_days"][i])
                        due = week + int(w["delay_weeks"][i])
                        kind = "never" if w["never"][i] else ("late" if w["late"][i] else "on_time")
                        run.trace_pending.setdefault(path, []).append(
                            (due, fee, f"{label} (net-{terms})", kind)
                        )
                    else:
                        run.log(path, "payment", f"Paid at once for {label}: ${fee:,.0f}", fee)
                else:
                    why = (
                        "below your minimum fee"
                        if not w["acceptable"][i]
                        else "over your sponsored-post limit"
                    )
                    run.log(
                        path, "deal_declined", f"Declined a paid offer of ${fee:,.0f}: {why}", fee
                    )
            else:
                value = float(w["gift_value"][i])
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
                        if not w["acceptable"][i]
                        else "over your sponsored-post limit"
                    )
                    run.log(path, "deal_declined", f"Declined a gifted offer: {why}", value)
        still: list[tuple[int, float, str, str]] = []
        for due, amount, label, kind in run.trace_pending.get(path, []):
            if due != week:
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
                run.log(
                    path, "payment", f"Payment arrived {note} for {label}: ${amount:,.0f}", amount
                )
        run.trace_pending[path] = still
        if w["ugc"][path] > 0:
            run.log(
                path,
                "ugc",
                f"UGC gig(s): {int(w['ugc'][path])} x ${sc.ugc_fee_usd:,.0f}",
                float(w["ugc"][path] * sc.ugc_fee_usd),
            )
        if w["n_viral"][path] > 0:
            run.log(
                path,
                "viral",
                f"A post went viral: {float(w['jump'][path]):.0f}x the usual follower gain",
            )
        if w["new_shock"][path]:
            run.log(
                path,
                "shock",
                f"Algorithm change: reach cut {sc.shock_reach_cut_share:.0%} for "
                f"{sc.shock_duration_months:g} months",
            )
        if w["burnout"][path]:
            if w["quit_now"][path]:
                run.log(path, "quit", "Burned out and quit for good")
            else:
                run.log(
                    path, "burnout", f"Burned out: resting {sc.burnout_rest_weeks} weeks, no posts"
                )
        if w["back"][path]:
            run.log(path, "rest_over", "Back to posting after rest")
        diary.weeks.append(
            WeekSnapshot(
                week=week,
                month=month,
                followers=float(st.followers[path]),
                engagement_rate=float(w["er"][path]),
                trust=float(st.trust[path]),
                fatigue=float(st.fatigue[path]),
                status=Status(int(st.status[path])).name.lower(),
                posts=float(w["posts"][path]),
                creator_hours=float(w["creator_hours"][path]),
                total_hours=float(w["total_hours"][path]),
            )
        )


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

    for name in list(a):
        if name.endswith("_usd"):
            a[name] = np.round(a[name], 2)
    cash_in = sum((a[f"income_cash_{s}_usd"] for s in INCOME_CASH_STREAMS), np.zeros(st.n))
    costs = sum((a[f"cost_{c}_usd"] for c in COST_KINDS), np.zeros(st.n))
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
    if month > 0 and month % 12 == 0:
        st.ytd_taxable = np.zeros(st.n)
        st.ytd_tax_paid = np.zeros(st.n)

    if month > 0:
        going = st.not_quit
        lost = going & (sc.stop_if_lost_usd > 0) & (st.cumulative_net < -sc.stop_if_lost_usd)
        no_deal = (
            going
            & (sc.stop_if_no_paid_deal_by_month > 0)
            & (month >= sc.stop_if_no_paid_deal_by_month)
            & ~st.had_paid_deal
        )
        st.status = np.where(lost | no_deal, Status.QUIT, st.status).astype(np.int8)
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
                    f"Stop rule: no paid deal by month {sc.stop_if_no_paid_deal_by_month}, "
                    "so I quit",
                )

    base_er = eq.engagement_rate(
        st.followers,
        sc.engagement_rate_nano,
        sc.engagement_rate_micro,
        sc.model_engagement_decay,
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
        "posts": a["posts"],
        "deals_paid": a["deals_paid"],
        "deals_gifted": a["deals_gifted"],
        "deals_declined": a["deals_declined"],
        "tax_usd": tax,
        "net_cash_usd": net,
        "cumulative_net_usd": st.cumulative_net,
        "receivables_usd": np.round(np.maximum(st.receivables, 0.0), 2),
        "creator_hours": a["creator_hours"],
        "total_hours": a["total_hours"],
        "creator_hours_per_week": a["creator_hours"] / weeks,
        "total_hours_per_week": a["total_hours"] / weeks,
    }
    for metric in METRICS:
        value = record.get(metric.name)
        if value is None:
            value = a[metric.name]
        run.monthly[metric.name][month] = value
    st.reset_month()


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockOutput:
    """What one run over a range of paths produces (picklable, for worker processes)."""

    monthly: dict[str, NDArray[Any]]
    ever_burnout: NDArray[np.bool_]
    burnouts: NDArray[np.int64]
    diaries: dict[int, Diary]


def _dtype(metric: str) -> type[np.generic]:
    if metric == "status":
        return np.int8
    if metric.endswith("_usd"):
        return np.float64  # cents must add up exactly in the cash identity
    return np.float32


def run_paths(
    scenario: Scenario, seed: int, first_block: int, n_paths: int, trace: tuple[int, ...] = ()
) -> BlockOutput:
    """Simulate ``n_paths`` paths starting at block ``first_block``; ``trace`` indices are
    local to this range."""
    months = scenario.months
    # recorded as (month, path) so that closing a month writes contiguous rows
    monthly = {m.name: np.zeros((months + 1, n_paths), dtype=_dtype(m.name)) for m in METRICS}
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
    return BlockOutput(
        monthly={name: values.T for name, values in monthly.items()},  # (path, month) views
        ever_burnout=run.state.ever_burnout,
        burnouts=run.state.burnouts,
        diaries={first_block * BLOCK_PATHS + i: d for i, d in run.trace.items()},
    )


def _run_chunk(args: tuple[Scenario, int, int, int, tuple[int, ...]]) -> BlockOutput:
    return run_paths(*args)


def run_all(
    scenario: Scenario, paths: int, seed: int, workers: int = 1, trace: tuple[int, ...] = ()
) -> BlockOutput:
    """All paths, in one process or split by blocks across ``workers`` processes.

    Streams are per block of paths, so the split never changes a single bit.
    """
    n_blocks = -(-paths // BLOCK_PATHS)
    workers = max(1, min(workers, n_blocks))
    if workers == 1:
        return run_paths(scenario, seed, 0, paths, trace)
    per = -(-n_blocks // workers)
    jobs = []
    for first in range(0, n_blocks, per):
        lo = first * BLOCK_PATHS
        hi = min(paths, (first + per) * BLOCK_PATHS)
        local = tuple(i - lo for i in trace if lo <= i < hi)
        jobs.append((scenario, seed, first, hi - lo, local))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_run_chunk, jobs))
    return BlockOutput(
        monthly={k: np.concatenate([p.monthly[k] for p in parts]) for k in parts[0].monthly},
        ever_burnout=np.concatenate([p.ever_burnout for p in parts]),
        burnouts=np.concatenate([p.burnouts for p in parts]),
        diaries={k: v for p in parts for k, v in p.diaries.items()},
    )
