"""The scenario: every input of the simulation, validated once, frozen.

One schema drives the sidebar widgets, the share link, JSON import/export, the command line and
the methodology page. Field names carry their units (``_usd``, ``_per_week``, ``_share``).
Defaults are read from the preset data (``sim/presets``), never written here; ranges, help text
and groups are written here and only here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.presets import PRESET_VERSION, niches, preset_values

# Sidebar order of the groups; every field names one of these.
GROUPS: tuple[str, ...] = (
    "Profile",
    "Your time",
    "Your policy",
    "Costs",
    "Audience",
    "Deals and pay",
    "Other income",
    "Burnout",
    "Mechanisms",
)

Platform = Literal["instagram", "tiktok", "youtube"]
PriceSource = Literal["rate_card", "marketplace"]
DEFAULT_PRESET: tuple[Platform, str, PriceSource] = ("instagram", "fashion", "rate_card")
_DEFAULTS = preset_values(*DEFAULT_PRESET)
ChangeKind = Literal[
    "job_hours_per_week",
    "posts_per_week",
    "hours_per_post",
    "pitching_hours_per_week",
    "raise_rate_pct",
    "purchase_usd",
]
CHANGE_LABELS: dict[str, str] = {
    "job_hours_per_week": "set day-job hours per week to",
    "posts_per_week": "set posts per week to",
    "hours_per_post": "set hours per post to",
    "pitching_hours_per_week": "set pitching hours per week to",
    "raise_rate_pct": "raise my rate by (%)",
    "purchase_usd": "buy equipment for ($)",
}


def _field(
    name: str,
    *,
    group: str,
    help: str,
    unit: str = "",
    ge: float | None = None,
    le: float | None = None,
    step: float | None = None,
    key_input: bool = False,
    label: str | None = None,
) -> Any:
    """A schema field whose default comes from the preset data."""
    extra: dict[str, Any] = {"group": group, "unit": unit}
    if label is not None:
        extra["label"] = label
    if step is not None:
        extra["step"] = step
    if key_input:
        extra["key_input"] = True
    return Field(default=_DEFAULTS[name], ge=ge, le=le, description=help, json_schema_extra=extra)


def _switch(help: str) -> Any:
    return Field(default=True, description=help, json_schema_extra={"group": "Mechanisms"})


class PlannedChange(BaseModel):
    """One planned change from a given month on: a setting, a rate rise or a purchase."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    month: int = Field(ge=1, le=60, description="First month the change applies (1 = first).")
    what: ChangeKind = Field(description="What changes.")
    value: float = Field(description="New value, percentage rise, or purchase price in USD.")

    @model_validator(mode="after")
    def _value_in_range(self) -> PlannedChange:
        lo, hi = change_range(self.what)
        if not lo <= self.value <= hi:
            raise ValueError(f"{self.what} must be between {lo:g} and {hi:g}, got {self.value:g}")
        return self

    def describe(self) -> str:
        return f"From month {self.month}: {CHANGE_LABELS[self.what]} {self.value:g}"


class Scenario(BaseModel):
    """Everything the engine needs for one person's plan. Immutable; build a new one to change."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, validate_default=True
    )

    # --- Profile ------------------------------------------------------------------------
    platform: Platform = Field(
        default=DEFAULT_PRESET[0],
        description="Where you post. Sets growth, engagement, payouts and fee defaults.",
        json_schema_extra={"group": "Profile", "unit": ""},
    )
    niche: str = Field(
        default=DEFAULT_PRESET[1],
        description="What you post about. Sets competition, brand demand and price multipliers.",
        json_schema_extra={"group": "Profile", "unit": ""},
    )
    price_source: PriceSource = Field(
        default=DEFAULT_PRESET[2],
        description="Which published prices set the fee per post. The two camps differ ~10x.",
        json_schema_extra={"group": "Profile", "unit": ""},
    )
    start_followers: int = _field(
        "start_followers",
        group="Profile",
        unit="followers",
        ge=0,
        le=1_000_000,
        help="Followers you have today.",
        step=100,
        key_input=True,
    )
    months: int = _field(
        "months",
        group="Profile",
        unit="months",
        ge=1,
        le=60,
        help="How far ahead to simulate.",
        key_input=True,
    )

    # --- Your time ----------------------------------------------------------------------
    posts_per_week: float = _field(
        "posts_per_week",
        group="Your time",
        unit="posts/week",
        ge=0,
        le=21,
        step=0.5,
        help="Organic posts you plan a week (sponsored posts come on top).",
        key_input=True,
    )
    hours_per_post: float = _field(
        "hours_per_post",
        group="Your time",
        unit="hours",
        ge=0.1,
        le=40,
        step=0.5,
        help="Idea, shoot, edit and publish, per post.",
        key_input=True,
    )
    community_hours_per_week: float = _field(
        "community_hours_per_week",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=40,
        step=0.5,
        help="Replying to comments and messages.",
    )
    admin_hours_per_week: float = _field(
        "admin_hours_per_week",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=40,
        step=0.5,
        help="Invoices, email, accounting.",
    )
    pitching_hours_per_week: float = _field(
        "pitching_hours_per_week",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=40,
        step=0.5,
        help="Time spent pitching brands; adds outbound deals.",
        key_input=True,
    )
    job_hours_per_week: float = _field(
        "job_hours_per_week",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=80,
        step=1,
        help="Hours at your day job; they count toward fatigue.",
        key_input=True,
    )
    day_job_wage_usd_per_hour: float = _field(
        "day_job_wage_usd_per_hour",
        group="Your time",
        unit="USD/hour",
        ge=0,
        le=1000,
        step=1,
        help="What an hour of your day job pays, to compare with the creator's hourly wage.",
        key_input=True,
    )
    sustainable_hours_sd: float = _field(
        "sustainable_hours_sd",
        label="Uncertainty about your limit",
        group="Burnout",
        unit="hours/week",
        ge=0,
        le=30,
        step=0.5,
        help="Uncertainty about your own sustainable level: each future draws one around it.",
    )
    sustainable_hours_per_week: float = _field(
        "sustainable_hours_per_week",
        group="Your time",
        unit="hours/week",
        ge=20,
        le=100,
        step=1,
        help="Total weekly hours (job + creating) you can keep up without wearing down.",
    )

    # --- Your policy --------------------------------------------------------------------
    max_sponsored_share: float = _field(
        "max_sponsored_share",
        group="Your policy",
        unit="share of posts",
        ge=0,
        le=1,
        step=0.05,
        help="Largest share of your posts you let be sponsored; deals beyond it are declined.",
        key_input=True,
    )
    min_fee_usd: float = _field(
        "min_fee_usd",
        group="Your policy",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Smallest cash fee you accept; cheaper paid offers are declined.",
        key_input=True,
    )
    accept_gifted: bool = Field(
        default=_DEFAULTS["accept_gifted"],
        description="Accept product-only (gifted) deals: no cash, hours and a post all the same.",
        json_schema_extra={"group": "Your policy", "unit": ""},
    )
    agency_cut_share: float = _field(
        "agency_cut_share",
        group="Your policy",
        unit="share of fees",
        ge=0,
        le=0.6,
        step=0.05,
        help="Share of paid fees taken by an agency or marketplace (20-30% when used).",
    )
    stop_if_lost_usd: float = _field(
        "stop_if_lost_usd",
        group="Your policy",
        unit="USD",
        ge=0,
        le=1_000_000,
        step=100,
        help="Stop rule: quit once cumulative net cash falls below minus this (0 = no rule).",
    )
    stop_if_no_paid_deal_by_month: int = _field(
        "stop_if_no_paid_deal_by_month",
        group="Your policy",
        unit="month",
        ge=0,
        le=60,
        help="Stop rule: quit if no paid deal has come by this month (0 = no rule).",
    )

    # --- Costs --------------------------------------------------------------------------
    equipment_cost_usd: float = _field(
        "equipment_cost_usd",
        group="Costs",
        unit="USD",
        ge=0,
        le=100_000,
        step=50,
        help="Up-front equipment bought at month 0.",
        key_input=True,
    )
    equipment_replacement_months: int = _field(
        "equipment_replacement_months",
        group="Costs",
        unit="months",
        ge=1,
        le=120,
        help="Equipment is bought again every this many months.",
    )
    software_usd_per_month: float = _field(
        "software_usd_per_month",
        group="Costs",
        unit="USD/month",
        ge=0,
        le=10_000,
        step=1,
        help="Editing, design and music subscriptions.",
        key_input=True,
    )
    production_cost_usd_per_post: float = _field(
        "production_cost_usd_per_post",
        group="Costs",
        unit="USD/post",
        ge=0,
        le=10_000,
        step=1,
        help="Props, ingredients, locations, per post.",
    )
    photo_shoots_per_month: float = _field(
        "photo_shoots_per_month",
        group="Costs",
        unit="shoots/month",
        ge=0,
        le=30,
        step=0.5,
        help="Paid photo shoots a month.",
    )
    photo_shoot_cost_usd: float = _field(
        "photo_shoot_cost_usd",
        group="Costs",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Cost of one photo shoot (assumption: no published figure).",
    )
    events_per_year: float = _field(
        "events_per_year",
        group="Costs",
        unit="events/year",
        ge=0,
        le=52,
        step=1,
        help="Industry events attended a year; deal flow rises for a while after each.",
    )
    event_cost_usd: float = _field(
        "event_cost_usd",
        group="Costs",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Ticket and travel per event (assumption: no published figure).",
    )
    tax_rate: float = _field(
        "tax_rate",
        group="Costs",
        unit="share of profit",
        ge=0,
        le=0.7,
        step=0.01,
        help="Income and self-employment tax on positive profit, trued up within each year.",
        key_input=True,
    )

    # --- Audience -----------------------------------------------------------------------
    base_followers_per_post: float = _field(
        "base_followers_per_post",
        group="Audience",
        unit="followers/post",
        ge=0,
        le=1000,
        step=0.5,
        help="New followers an ordinary post brings a 1,000-follower account.",
    )
    growth_elasticity: float = _field(
        "growth_elasticity",
        group="Audience",
        unit="",
        ge=0,
        le=1,
        step=0.05,
        help="How gain per post scales with audience: 1 = proportional, 0 = flat (concave < 1).",
    )
    niche_competition: float = _field(
        "niche_competition",
        group="Audience",
        unit="x",
        ge=0.1,
        le=3,
        step=0.05,
        help="Crowded niches (<1) grow slower per post.",
    )
    audience_capacity_followers: float = _field(
        "audience_capacity_followers",
        group="Audience",
        unit="followers",
        ge=10_000,
        le=100_000_000,
        step=10_000,
        help="Saturation: growth per post falls to zero here.",
    )
    growth_noise_sigma: float = _field(
        "growth_noise_sigma",
        label="Growth randomness",
        group="Audience",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="Week-to-week randomness of ordinary growth.",
    )
    viral_post_probability: float = _field(
        "viral_post_probability",
        group="Audience",
        unit="per post",
        ge=0,
        le=0.5,
        step=0.005,
        help="Chance that a post goes viral.",
    )
    viral_multiplier_min: float = _field(
        "viral_multiplier_min",
        group="Audience",
        unit="x",
        ge=1,
        le=1000,
        step=1,
        help="A viral post gains at least this many times an ordinary one.",
    )
    viral_tail_index: float = _field(
        "viral_tail_index",
        label="Viral tail index",
        group="Audience",
        unit="",
        ge=1.05,
        le=10,
        step=0.05,
        help="Pareto tail of viral jumps: smaller means wilder outliers.",
    )
    weekly_churn_rate: float = _field(
        "weekly_churn_rate",
        group="Audience",
        unit="share/week",
        ge=0,
        le=0.2,
        step=0.001,
        help="Share of followers lost each ordinary week.",
    )
    rest_churn_multiplier: float = _field(
        "rest_churn_multiplier",
        group="Audience",
        unit="x",
        ge=1,
        le=20,
        step=0.5,
        help="Churn multiplier in weeks with no posts (rest, burnout, quitting).",
    )
    distrust_churn_multiplier: float = _field(
        "distrust_churn_multiplier",
        group="Audience",
        unit="x",
        ge=0,
        le=20,
        step=0.5,
        help="Extra churn as trust falls: churn x (1 + this x (1 - trust)).",
    )
    shocks_per_year: float = _field(
        "shocks_per_year",
        group="Audience",
        unit="per year",
        ge=0,
        le=12,
        step=0.25,
        help="Algorithm changes that cut your reach, on average a year.",
    )
    shock_reach_cut_share: float = _field(
        "shock_reach_cut_share",
        group="Audience",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of reach an algorithm change takes away while it lasts.",
    )
    shock_duration_months: float = _field(
        "shock_duration_months",
        group="Audience",
        unit="months",
        ge=0,
        le=24,
        step=0.5,
        help="How long an algorithm change lasts.",
    )
    engagement_rate_nano: float = _field(
        "engagement_rate_nano",
        label="Engagement rate at 5k followers",
        group="Audience",
        unit="share",
        ge=0.0001,
        le=0.5,
        step=0.001,
        help="Engagement rate at 5,000 followers (per follower; YouTube per view).",
    )
    engagement_rate_micro: float = _field(
        "engagement_rate_micro",
        label="Engagement rate at 50k followers",
        group="Audience",
        unit="share",
        ge=0.0001,
        le=0.5,
        step=0.001,
        help="Engagement rate at 50,000 followers.",
    )
    consistency_engagement_weight: float = _field(
        "consistency_engagement_weight",
        group="Audience",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of engagement that depends on posting on schedule.",
    )
    sponsored_share_tolerance: float = _field(
        "sponsored_share_tolerance",
        group="Audience",
        unit="share of posts",
        ge=0,
        le=1,
        step=0.05,
        help="Sponsored share the audience tolerates before trust falls.",
    )
    trust_loss_per_excess_share: float = _field(
        "trust_loss_per_excess_share",
        group="Audience",
        unit="per week",
        ge=0,
        le=5,
        step=0.05,
        help="Trust lost a week per unit of sponsored share above tolerance.",
    )
    trust_recovery_per_week: float = _field(
        "trust_recovery_per_week",
        group="Audience",
        unit="share of gap",
        ge=0,
        le=1,
        step=0.01,
        help="Share of lost trust regained each week below tolerance.",
    )

    # --- Deals and pay ------------------------------------------------------------------
    inbound_deals_per_month_at_10k: float = _field(
        "inbound_deals_per_month_at_10k",
        label="Brand offers a month at 10k followers",
        group="Deals and pay",
        unit="offers/month",
        ge=0,
        le=50,
        step=0.1,
        help="Brand offers a month at 10,000 followers, typical engagement.",
    )
    deal_follower_elasticity: float = _field(
        "deal_follower_elasticity",
        group="Deals and pay",
        unit="",
        ge=0,
        le=2,
        step=0.05,
        help="How inbound offers scale with followers (1 = proportional).",
    )
    niche_deal_demand: float = _field(
        "niche_deal_demand",
        group="Deals and pay",
        unit="x",
        ge=0,
        le=5,
        step=0.05,
        help="How much brands in this niche spend on creators, relative to average.",
    )
    pitches_per_hour: float = _field(
        "pitches_per_hour",
        group="Deals and pay",
        unit="pitches/hour",
        ge=0,
        le=20,
        step=0.5,
        help="Pitches you send per hour of pitching.",
    )
    pitch_response_rate_at_10k: float = _field(
        "pitch_response_rate_at_10k",
        label="Pitch success rate at 10k followers",
        group="Deals and pay",
        unit="share",
        ge=0,
        le=1,
        step=0.005,
        help="Share of pitches that become an offer at 10,000 followers.",
    )
    gifted_share_max: float = _field(
        "gifted_share_max",
        group="Deals and pay",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of offers that are gifted (product only) for the smallest accounts.",
    )
    gifted_share_half_followers: float = _field(
        "gifted_share_half_followers",
        label="Followers at which gifting halves",
        group="Deals and pay",
        unit="followers",
        ge=100,
        le=10_000_000,
        step=1000,
        help="Follower count at which the gifted share has halved.",
    )
    gifted_value_usd: float = _field(
        "gifted_value_usd",
        group="Deals and pay",
        unit="USD",
        ge=0,
        le=100_000,
        step=5,
        help="Typical value of a gifted product.",
    )
    gifted_taxable: bool = Field(
        default=_DEFAULTS["gifted_taxable"],
        description="Count gifted products as taxable income.",
        json_schema_extra={"group": "Deals and pay", "unit": ""},
    )
    fee_usd_at_1k_followers: float = _field(
        "fee_usd_at_1k_followers",
        label="Median fee at 1,000 followers",
        group="Deals and pay",
        unit="USD",
        ge=0,
        le=100_000,
        step=1,
        help="Median fee for one sponsored post at 1,000 followers (set by the price source).",
    )
    fee_follower_elasticity: float = _field(
        "fee_follower_elasticity",
        group="Deals and pay",
        unit="",
        ge=0,
        le=1.5,
        step=0.05,
        help="How the median fee scales with followers.",
    )
    niche_fee_multiplier: float = _field(
        "niche_fee_multiplier",
        group="Deals and pay",
        unit="x",
        ge=0.1,
        le=5,
        step=0.05,
        help="Niche price level relative to average.",
    )
    fee_spread_sigma: float = _field(
        "fee_spread_sigma",
        label="Fee spread",
        group="Deals and pay",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="Spread of fees around the median (log-normal).",
    )
    hours_per_deal: float = _field(
        "hours_per_deal",
        group="Deals and pay",
        unit="hours",
        ge=0,
        le=100,
        step=0.5,
        help="Brief, shoot, edits and revisions for one deal.",
    )
    share_net60: float = _field(
        "share_net60",
        group="Deals and pay",
        unit="share of deals",
        ge=0,
        le=1,
        step=0.05,
        help="Share of deals paid net-60 (the rest of net-30 and net-90 is net-30).",
    )
    share_net90: float = _field(
        "share_net90",
        group="Deals and pay",
        unit="share of deals",
        ge=0,
        le=1,
        step=0.05,
        help="Share of deals paid net-90.",
    )
    late_payment_probability: float = _field(
        "late_payment_probability",
        group="Deals and pay",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Chance a payment comes later than its terms.",
    )
    late_extra_days_mean: float = _field(
        "late_extra_days_mean",
        group="Deals and pay",
        unit="days",
        ge=0,
        le=365,
        step=5,
        help="Average extra delay of a late payment.",
    )
    nonpayment_probability: float = _field(
        "nonpayment_probability",
        group="Deals and pay",
        unit="share",
        ge=0,
        le=1,
        step=0.01,
        help="Chance a payment never arrives.",
    )
    event_deal_boost: float = _field(
        "event_deal_boost",
        group="Deals and pay",
        unit="x",
        ge=1,
        le=10,
        step=0.1,
        help="Deal-flow multiplier in the months after an event.",
    )
    event_boost_months: float = _field(
        "event_boost_months",
        group="Deals and pay",
        unit="months",
        ge=0,
        le=12,
        step=0.5,
        help="How long the lift after an event lasts.",
    )

    # --- Other income -------------------------------------------------------------------
    affiliate_link_post_share: float = _field(
        "affiliate_link_post_share",
        group="Other income",
        unit="share of posts",
        ge=0,
        le=1,
        step=0.05,
        help="Share of posts that carry an affiliate link.",
    )
    affiliate_conversion_rate: float = _field(
        "affiliate_conversion_rate",
        group="Other income",
        unit="orders/engagement",
        ge=0,
        le=0.5,
        step=0.005,
        help="Orders per engagement on a post with a link.",
    )
    affiliate_order_value_usd: float = _field(
        "affiliate_order_value_usd",
        group="Other income",
        unit="USD",
        ge=0,
        le=10_000,
        step=5,
        help="Average order value.",
    )
    affiliate_commission_share: float = _field(
        "affiliate_commission_share",
        group="Other income",
        unit="share",
        ge=0,
        le=1,
        step=0.01,
        help="Your commission on each order.",
    )
    platform_payout_threshold_followers: float = _field(
        "platform_payout_threshold_followers",
        group="Other income",
        unit="followers",
        ge=0,
        le=1_000_000,
        step=500,
        help="Followers needed before the platform pays you.",
    )
    payout_usd_per_1000_views: float = _field(
        "payout_usd_per_1000_views",
        group="Other income",
        unit="USD/1000 views",
        ge=0,
        le=100,
        step=0.1,
        help="What the platform pays per 1,000 views once eligible.",
    )
    views_per_follower_per_post: float = _field(
        "views_per_follower_per_post",
        group="Other income",
        unit="views/follower",
        ge=0,
        le=50,
        step=0.05,
        help="Views a post gets per follower.",
    )
    ugc_gigs_per_month: float = _field(
        "ugc_gigs_per_month",
        group="Other income",
        unit="gigs/month",
        ge=0,
        le=30,
        step=0.5,
        help="Content made for brands without posting it; independent of followers.",
    )
    ugc_fee_usd: float = _field(
        "ugc_fee_usd",
        group="Other income",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Fee per UGC gig.",
    )
    ugc_hours_per_gig: float = _field(
        "ugc_hours_per_gig",
        group="Other income",
        unit="hours",
        ge=0,
        le=100,
        step=0.5,
        help="Hours per UGC gig.",
    )

    # --- Burnout ------------------------------------------------------------------------
    fatigue_capacity_hours: float = _field(
        "fatigue_capacity_hours",
        group="Burnout",
        unit="hours",
        ge=1,
        le=10_000,
        step=10,
        help="Overtime hours beyond the sustainable level that add up to burnout.",
    )
    fatigue_recovery_multiplier: float = _field(
        "fatigue_recovery_multiplier",
        group="Burnout",
        unit="x",
        ge=0,
        le=10,
        step=0.1,
        help="How fast fatigue drains in lighter weeks, relative to how it builds.",
    )
    fatigue_quality_loss: float = _field(
        "fatigue_quality_loss",
        group="Burnout",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Growth per post lost at the edge of burnout (tired posts are worse posts).",
    )
    hours_noise_sigma: float = _field(
        "hours_noise_sigma",
        label="Weekly hours randomness",
        group="Burnout",
        unit="log-sd",
        ge=0,
        le=1.5,
        step=0.05,
        help="Week-to-week variation in creator hours.",
    )
    burnout_rest_weeks: int = _field(
        "burnout_rest_weeks",
        group="Burnout",
        unit="weeks",
        ge=0,
        le=52,
        help="Weeks without posting after a burnout.",
    )
    quit_probability_on_burnout: float = _field(
        "quit_probability_on_burnout",
        group="Burnout",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Chance that a burnout ends in quitting for good.",
    )

    # --- Mechanisms (each switch off = neutral) ----------------------------------------
    model_saturation: bool = _switch("Growth per post falls as the account nears capacity.")
    model_competition: bool = _switch("Crowded niches grow slower per post.")
    model_growth_noise: bool = _switch("Ordinary week-to-week noise in growth.")
    model_virality: bool = _switch("Rare viral posts with heavy-tailed jumps.")
    model_churn: bool = _switch("Followers leave every week.")
    model_platform_shocks: bool = _switch("Random algorithm changes cut reach for a while.")
    model_engagement_decay: bool = _switch("Engagement rate falls as the account grows.")
    model_trust: bool = _switch("Too much sponsored content erodes audience trust.")
    model_gifting: bool = _switch("Some offers are product-only, with no cash.")
    model_payment_delays: bool = _switch("Fees arrive net-30/60/90, sometimes late or never.")
    model_affiliate: bool = _switch("Affiliate commissions from engaged followers.")
    model_platform_payouts: bool = _switch("Platform revenue share once eligible.")
    model_ugc: bool = _switch("UGC gigs made for brands without posting.")
    model_events: bool = _switch("Events cost money and lift deal flow for a while.")
    model_tax: bool = _switch("Tax on positive profit.")
    model_fatigue: bool = _switch("Fatigue lowers quality and leads to burnout and quitting.")

    # --- Timeline -----------------------------------------------------------------------
    timeline: tuple[PlannedChange, ...] = Field(
        default=(),
        max_length=24,
        description="Planned changes over time, e.g. job hours drop from month 6.",
        json_schema_extra={"group": "Timeline", "unit": ""},
    )

    @field_validator("niche")
    @classmethod
    def _known_niche(cls, value: str) -> str:
        known = niches()
        if value not in known:
            raise ValueError(f"unknown niche {value!r}; allowed: {', '.join(known)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.share_net60 + self.share_net90 > 1 + 1e-9:
            raise ValueError("share_net60 + share_net90 must be at most 1")
        return self

    # --- Construction helpers -----------------------------------------------------------
    @classmethod
    def from_preset(
        cls,
        platform: str = DEFAULT_PRESET[0],
        niche: str = DEFAULT_PRESET[1],
        price_source: str = DEFAULT_PRESET[2],
        version: int = PRESET_VERSION,
        **overrides: Any,
    ) -> Scenario:
        """The preset's defaults, with any field overridden by keyword."""
        return cls.model_validate(
            {**preset_values(platform, niche, price_source, version), **overrides}
        )

    @classmethod
    def from_partial(cls, data: dict[str, Any], version: int = PRESET_VERSION) -> Scenario:
        """Fields given in ``data`` on top of the preset that ``data`` names (or the default)."""
        platform = data.get("platform", DEFAULT_PRESET[0])
        niche = data.get("niche", DEFAULT_PRESET[1])
        price_source = data.get("price_source", DEFAULT_PRESET[2])
        try:
            base = preset_values(str(platform), str(niche), str(price_source), version)
        except KeyError:
            base = {}  # let validation name the bad field
        return cls.model_validate({**base, **data})

    def preset_key(self) -> tuple[str, str, str]:
        return (self.platform, self.niche, self.price_source)

    def changed_from_preset(self, version: int = PRESET_VERSION) -> dict[str, Any]:
        """Fields whose value differs from this scenario's own preset."""
        base = preset_values(*self.preset_key(), version)
        out: dict[str, Any] = {}
        for name, value in self.model_dump(mode="json").items():
            default = base[name] if name in base else Scenario.model_fields[name].default
            if name == "timeline":
                default = []
            if not _same(default, value):
                out[name] = value
        return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return float(a) == float(b)
    return bool(a == b)


def field_range(name: str) -> tuple[float, float]:
    """The (lower, upper) bound of a numeric field, from the schema."""
    info = Scenario.model_fields[name]
    lo = hi = None
    for meta in info.metadata:
        lo = getattr(meta, "ge", lo) if getattr(meta, "ge", None) is not None else lo
        hi = getattr(meta, "le", hi) if getattr(meta, "le", None) is not None else hi
    if lo is None or hi is None:
        raise KeyError(f"{name} has no numeric range")
    return float(lo), float(hi)


CHANGE_RANGES: dict[str, tuple[float, float]] = {
    "raise_rate_pct": (-90.0, 500.0),
    "purchase_usd": (0.0, 100_000.0),
}


def change_range(what: str) -> tuple[float, float]:
    """Allowed values of a timeline change: its own range, or the field's it sets."""
    return CHANGE_RANGES.get(what) or field_range(what)


def field_group(name: str) -> str:
    extra = Scenario.model_fields[name].json_schema_extra
    assert isinstance(extra, dict)
    return str(extra["group"])


def field_unit(name: str) -> str:
    extra = Scenario.model_fields[name].json_schema_extra
    assert isinstance(extra, dict)
    return str(extra.get("unit", ""))


def fields_in_group(group: str) -> list[str]:
    return [name for name in Scenario.model_fields if field_group(name) == group]


def numeric_fields() -> list[str]:
    """Fields with a numeric range (the ones a sensitivity sweep can move)."""
    out = []
    for name, info in Scenario.model_fields.items():
        if info.annotation in (int, float):
            out.append(name)
    return out
