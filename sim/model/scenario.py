"""The scenario: every input of the simulation, validated once, frozen.

One schema drives the sidebar widgets, the share link, JSON import/export, the command line and
the methodology page. Field names carry their units (``_usd``, ``_per_week``, ``_share``).
Defaults are read from the preset data (``sim/model/presets``), never written here; ranges, help
text and groups are written here and only here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.model.presets import niches, preset_values

# The person's own plan and circumstances, in sidebar order.
PLAN_GROUPS: tuple[str, ...] = (
    "Profile",
    "Your goal",
    "Your time",
    "Your policy",
    "Your numbers",
    "Costs",
    "Other income",
)
# Model assumptions: calibrated to published figures, not chosen by the person.
ASSUMPTION_GROUPS: tuple[str, ...] = (
    "Audience",
    "Authenticity",
    "Deals",
    "Payments",
    "Platform and affiliate",
    "Burnout",
    "Mechanisms",
)
# Sidebar order of the groups; every field names one of these (or "Timeline").
GROUPS: tuple[str, ...] = PLAN_GROUPS + ASSUMPTION_GROUPS

Platform = Literal["instagram", "tiktok", "youtube"]
Goal = Literal["pays_for_itself", "side_income", "living"]
GOAL_LABELS: dict[str, str] = {
    "pays_for_itself": "It pays for itself",
    "side_income": "A side income",
    "living": "A living",
}
"""What would make creating worth it, as the person would say it (model version 3)."""
CHOICE_LABELS: dict[str, dict[str, str]] = {"goal": GOAL_LABELS}
"""Words for the options of the schema's choice fields (besides platform and niche)."""
DEFAULT_PRESET: tuple[Platform, str] = ("instagram", "fashion")
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
    """Everything the engine needs for one person's plan. Immutable; build a new one to change.

    Fields in the plan groups (``PLAN_GROUPS``) are the person's own choices and circumstances;
    the rest are model assumptions, calibrated to published figures (``sim/calibration``).
    """

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
        description="What you post about. Sets crowding, brand demand and price multipliers.",
        json_schema_extra={"group": "Profile", "unit": ""},
    )
    start_followers: int = _field(
        "start_followers",
        label="Followers now",
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
    start_month: int = _field(
        "start_month",
        label="Calendar month you start",
        group="Profile",
        unit="1-12",
        ge=1,
        le=12,
        help="The calendar month the plan starts (1 = January): brands spend most in Nov-Dec.",
    )

    # --- Your goal ----------------------------------------------------------------------
    goal: Goal = Field(
        default=_DEFAULTS["goal"],
        description=(
            "What would make it worth it: it pays for itself (costs covered, at least even); "
            "a side income of at least an amount a month over the plan's last three months; "
            "or a living (with the day job's pay for the hours you keep, it covers your living "
            "costs over the last three months, and your savings never run out)."
        ),
        json_schema_extra={
            "group": "Your goal",
            "unit": "",
            "label": "What would make it worth it",
        },
    )
    goal_usd_per_month: float = _field(
        "goal_usd_per_month",
        label="Side income you want",
        group="Your goal",
        unit="USD/month",
        ge=0,
        le=100_000,
        step=50,
        help="For a side income: net creator income a month, on average over the last three "
        "months of the plan.",
    )
    living_costs_usd_per_month: float = _field(
        "living_costs_usd_per_month",
        label="Your living costs",
        group="Your goal",
        unit="USD/month",
        ge=0,
        le=100_000,
        step=100,
        help="What you need a month to live on (rent, food, bills). For a living, and for the "
        "money worry of anyone whose day job does not cover it.",
    )
    savings_usd: float = _field(
        "savings_usd",
        label="Savings you can live on",
        group="Your goal",
        unit="USD",
        ge=0,
        le=10_000_000,
        step=500,
        help="Savings that carry you while creating does not yet cover your living costs.",
    )
    count_owed_at_horizon: bool = Field(
        default=_DEFAULTS["count_owed_at_horizon"],
        description="Count brand fees still owed at the end of the plan toward it paying off.",
        json_schema_extra={"group": "Your goal", "unit": "", "label": "Count fees still owed"},
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
        label="Replying to comments and messages",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=40,
        step=0.5,
        help="Replying to comments and messages.",
    )
    admin_hours_per_week: float = _field(
        "admin_hours_per_week",
        label="Admin",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=40,
        step=0.5,
        help="Invoices, email, accounting.",
    )
    pitching_hours_per_week: float = _field(
        "pitching_hours_per_week",
        label="Pitching brands",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=40,
        step=0.5,
        help="Time spent writing to brands; adds deals on top of the offers that come to you.",
        key_input=True,
    )
    job_hours_per_week: float = _field(
        "job_hours_per_week",
        label="Day-job hours",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=80,
        step=1,
        help="Hours at your day job (0 if creating is your job); they count toward fatigue.",
        key_input=True,
    )
    day_job_wage_usd_per_hour: float = _field(
        "day_job_wage_usd_per_hour",
        label="Day-job pay",
        group="Your time",
        unit="USD/hour",
        ge=0,
        le=1000,
        step=1,
        help="What an hour of your day job pays (or would pay), to compare with creating.",
        key_input=True,
    )
    sustainable_hours_per_week: float = _field(
        "sustainable_hours_per_week",
        label="Hours a week you can keep up",
        group="Your time",
        unit="hours/week",
        ge=20,
        le=100,
        step=1,
        help="Total weekly hours (job + creating) you can keep up without wearing down.",
    )
    sustainable_hours_sd: float = _field(
        "sustainable_hours_sd",
        label="How sure you are of that limit (give or take)",
        group="Your time",
        unit="hours/week",
        ge=0,
        le=30,
        step=0.5,
        help="Nobody knows their limit exactly: each future draws one within about this much.",
    )

    # --- Your policy --------------------------------------------------------------------
    max_sponsored_share: float = _field(
        "max_sponsored_share",
        label="Most of your posts you let be sponsored",
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
        label="Smallest fee you accept",
        group="Your policy",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Smallest cash fee you accept; cheaper paid offers are declined.",
        key_input=True,
    )
    asking_rate_pct: float = _field(
        "asking_rate_pct",
        label="Your asking price vs the going rate",
        group="Your policy",
        unit="%",
        ge=25,
        le=400,
        step=5,
        help="100% asks what brands usually pay someone like you; asking more wins fewer deals.",
        key_input=True,
    )
    accept_gifted: bool = Field(
        default=_DEFAULTS["accept_gifted"],
        description="Accept product-only (gifted) deals: no cash, hours and a post all the same.",
        json_schema_extra={"group": "Your policy", "unit": ""},
    )
    agency_cut_share: float = _field(
        "agency_cut_share",
        label="Agency or marketplace cut",
        group="Your policy",
        unit="share of fees",
        ge=0,
        le=0.6,
        step=0.05,
        help="Share of paid fees taken by an agency or marketplace (20-30% when used).",
    )
    stop_if_lost_usd: float = _field(
        "stop_if_lost_usd",
        label="Stop if I have lost",
        group="Your policy",
        unit="USD",
        ge=0,
        le=1_000_000,
        step=100,
        help="Stop rule: quit once you are this far out of pocket (0 = no rule).",
    )
    stop_if_no_paid_deal_by_month: int = _field(
        "stop_if_no_paid_deal_by_month",
        label="Stop if no paid deal by month",
        group="Your policy",
        unit="month",
        ge=0,
        le=60,
        help="Stop rule: quit if no paid deal has come by this month (0 = no rule).",
    )

    # --- Your numbers, if you know them -------------------------------------------------
    my_fee_usd_per_post: float = _field(
        "my_fee_usd_per_post",
        label="My usual fee per paid post",
        group="Your numbers",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="If you already sell posts: your usual fee (0 = I don't know; the model draws one).",
        key_input=True,
    )
    my_paid_deals_per_month: float = _field(
        "my_paid_deals_per_month",
        label="Paid deals I get a month",
        group="Your numbers",
        unit="deals/month",
        ge=0,
        le=30,
        step=0.1,
        help="If you already get paid deals: how many a month (0 = I don't know).",
        key_input=True,
    )

    my_fee_log_sd: float = _field(
        "my_fee_log_sd",
        label="How sure you are of that fee (give or take)",
        group="Your numbers",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="0 = exactly; 0.3 = within about a third either way. A fitted history sets it.",
    )
    my_paid_deals_log_sd: float = _field(
        "my_paid_deals_log_sd",
        label="How sure you are of those deals a month (give or take)",
        group="Your numbers",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="0 = exactly; 0.5 = within a factor of about 1.6. A fitted history sets it.",
    )
    start_fatigue: float = _field(
        "start_fatigue",
        label="How worn down you are today",
        group="Your numbers",
        unit="share of burnout",
        ge=0,
        le=0.99,
        step=0.05,
        help="0 = fresh; 1 would be a burnout. A fitted history can say where you start.",
    )
    start_trust: float = _field(
        "start_trust",
        label="Your audience's trust today",
        group="Your numbers",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="1 = full trust; lower after a run of sponsored posts.",
    )

    # --- Costs --------------------------------------------------------------------------
    equipment_cost_usd: float = _field(
        "equipment_cost_usd",
        label="Equipment bought at the start",
        group="Costs",
        unit="USD",
        ge=0,
        le=100_000,
        step=50,
        help="Kit bought at month 0 (a phone you already own costs nothing here).",
        key_input=True,
    )
    equipment_replacement_months: int = _field(
        "equipment_replacement_months",
        label="Replace equipment every",
        group="Costs",
        unit="months",
        ge=1,
        le=120,
        help="Equipment is bought again every this many months.",
    )
    software_usd_per_month: float = _field(
        "software_usd_per_month",
        label="Software and subscriptions",
        group="Costs",
        unit="USD/month",
        ge=0,
        le=10_000,
        step=1,
        help="Editing, design and music subscriptions (free tools cost 0).",
        key_input=True,
    )
    production_cost_usd_per_post: float = _field(
        "production_cost_usd_per_post",
        label="Production cost per post",
        group="Costs",
        unit="USD/post",
        ge=0,
        le=10_000,
        step=1,
        help="Props, ingredients, locations, per post.",
        key_input=True,
    )
    photo_shoots_per_month: float = _field(
        "photo_shoots_per_month",
        label="Paid photo shoots a month",
        group="Costs",
        unit="shoots/month",
        ge=0,
        le=30,
        step=0.25,
        help="Paid photo shoots a month (0.25 = one every four months).",
    )
    photo_shoot_cost_usd: float = _field(
        "photo_shoot_cost_usd",
        label="Cost of one photo shoot",
        group="Costs",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Cost of one photo shoot (assumption: no published figure).",
    )
    events_per_year: float = _field(
        "events_per_year",
        label="Industry events a year",
        group="Costs",
        unit="events/year",
        ge=0,
        le=52,
        step=1,
        help="Industry events attended a year; brand deals come more often for a while after each.",
    )
    event_cost_usd: float = _field(
        "event_cost_usd",
        label="Cost of one event",
        group="Costs",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="Ticket and travel per event (assumption: no published figure).",
    )
    tax_rate: float = _field(
        "tax_rate",
        label="Tax on profit",
        group="Costs",
        unit="share of profit",
        ge=0,
        le=0.7,
        step=0.01,
        help="Income and self-employment tax on positive profit, trued up within each year.",
        key_input=True,
    )

    # --- Other income -------------------------------------------------------------------
    affiliate_link_post_share: float = _field(
        "affiliate_link_post_share",
        label="Posts with an affiliate link",
        group="Other income",
        unit="share of posts",
        ge=0,
        le=1,
        step=0.05,
        help="Share of posts that carry an affiliate link.",
    )
    affiliate_order_value_usd: float = _field(
        "affiliate_order_value_usd",
        label="Average affiliate order",
        group="Other income",
        unit="USD",
        ge=0,
        le=10_000,
        step=5,
        help="Average order value of what you link to.",
    )
    affiliate_commission_share: float = _field(
        "affiliate_commission_share",
        label="Affiliate commission",
        group="Other income",
        unit="share",
        ge=0,
        le=1,
        step=0.01,
        help="Your commission on each order.",
    )
    ugc_gigs_per_month: float = _field(
        "ugc_gigs_per_month",
        label="UGC gigs a month",
        group="Other income",
        unit="gigs/month",
        ge=0,
        le=30,
        step=0.5,
        help="UGC (user-generated content) gigs: photos or videos you make for a brand to use "
        "in its own ads or pages, not posted on your account; paid per gig, whatever your "
        "follower count.",
    )
    ugc_fee_usd: float = _field(
        "ugc_fee_usd",
        label="Fee per UGC gig",
        group="Other income",
        unit="USD",
        ge=0,
        le=100_000,
        step=10,
        help="What a brand pays for one UGC gig (a photo or video made for it, not posted).",
    )
    ugc_hours_per_gig: float = _field(
        "ugc_hours_per_gig",
        label="Hours per UGC gig",
        group="Other income",
        unit="hours",
        ge=0,
        le=100,
        step=0.5,
        help="Hours one UGC gig (a photo or video made for a brand, not posted) takes: brief, "
        "shoot, edit and delivery.",
    )

    # --- Audience (model assumptions) ---------------------------------------------------
    base_followers_per_post: float = _field(
        "base_followers_per_post",
        label="New followers per post at 1,000 followers",
        group="Audience",
        unit="followers/post",
        ge=0,
        le=1000,
        step=0.5,
        help="Median new followers an ordinary post brings a 1,000-follower account.",
    )
    growth_elasticity: float = _field(
        "growth_elasticity",
        label="How growth scales with audience size",
        group="Audience",
        unit="",
        ge=0,
        le=1,
        step=0.05,
        help="1 = gain per post proportional to followers, 0 = flat; concave in between.",
    )
    growth_creator_sigma: float = _field(
        "growth_creator_sigma",
        label="How much creators differ in growth",
        group="Audience",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="Each future draws how well this creator's posts grow an audience (unknown today).",
    )
    churn_creator_sigma: float = _field(
        "churn_creator_sigma",
        label="How much creators differ in losing followers",
        group="Audience",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="Each future draws how fast this creator's audience leaves (0 = the median's).",
    )
    niche_crowding: float = _field(
        "niche_crowding",
        label="Niche crowding",
        group="Audience",
        unit="x",
        ge=0.2,
        le=5,
        step=0.05,
        help="Creators competing for the same audience and brands (1 = average): slows growth "
        "and thins deals.",
    )
    crowding_half_followers: float = _field(
        "crowding_half_followers",
        label="Followers at which growth per post halves",
        group="Audience",
        unit="followers",
        ge=1_000,
        le=100_000_000,
        step=1_000,
        help="Competition for attention: gain per post halves at this audience size.",
    )
    growth_noise_sigma: float = _field(
        "growth_noise_sigma",
        label="How much growth swings from week to week",
        group="Audience",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="How far an ordinary week's new followers stray from the usual, up or down, on a "
        "log scale: 0.35 is about 1.4 times either way; 0 is the same every week.",
    )
    viral_post_probability: float = _field(
        "viral_post_probability",
        label="Chance a post goes viral",
        group="Audience",
        unit="per post",
        ge=0,
        le=0.5,
        step=0.005,
        help="Chance that a post goes viral.",
    )
    viral_multiplier_min: float = _field(
        "viral_multiplier_min",
        label="Smallest viral jump",
        group="Audience",
        unit="x",
        ge=1,
        le=1000,
        step=1,
        help="A viral post gains at least this many times an ordinary one.",
    )
    viral_multiplier_max: float = _field(
        "viral_multiplier_max",
        label="Largest viral jump",
        group="Audience",
        unit="x",
        ge=1,
        le=100_000,
        step=10,
        help="A viral post gains at most this many times an ordinary one.",
    )
    viral_tail_index: float = _field(
        "viral_tail_index",
        label="How wild viral jumps are",
        group="Audience",
        unit="",
        ge=1.05,
        le=10,
        step=0.05,
        help="Pareto tail of viral jumps: smaller means wilder outliers.",
    )
    weekly_churn_rate: float = _field(
        "weekly_churn_rate",
        label="Followers lost a week",
        group="Audience",
        unit="share/week",
        ge=0,
        le=0.2,
        step=0.0005,
        help="Share of followers lost in an ordinary week.",
    )
    rest_churn_multiplier: float = _field(
        "rest_churn_multiplier",
        label="Extra loss in weeks without posts",
        group="Audience",
        unit="x",
        ge=1,
        le=20,
        step=0.5,
        help="Churn multiplier in weeks with no posts (rest, burnout, quitting).",
    )
    distrust_churn_multiplier: float = _field(
        "distrust_churn_multiplier",
        label="Extra loss as trust falls",
        group="Audience",
        unit="x",
        ge=0,
        le=20,
        step=0.5,
        help="Churn x (1 + this x (1 - trust)).",
    )
    shocks_per_year: float = _field(
        "shocks_per_year",
        label="Algorithm changes a year",
        group="Audience",
        unit="per year",
        ge=0,
        le=12,
        step=0.25,
        help="Algorithm changes that cut your reach, on average a year.",
    )
    shock_reach_cut_share: float = _field(
        "shock_reach_cut_share",
        label="Reach lost in an algorithm change",
        group="Audience",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of reach an algorithm change takes away while it lasts.",
    )
    shock_duration_months: float = _field(
        "shock_duration_months",
        label="How long an algorithm change lasts",
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
        step=0.0005,
        help="Engagement rate at 50,000 followers.",
    )
    consistency_engagement_weight: float = _field(
        "consistency_engagement_weight",
        label="Engagement that depends on posting on schedule",
        group="Audience",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of engagement that depends on posting on schedule.",
    )

    # --- Authenticity (model assumptions) -----------------------------------------------
    sponsored_share_tolerance: float = _field(
        "sponsored_share_tolerance",
        label="Sponsored share that costs half the trust at stake",
        group="Authenticity",
        unit="share of posts",
        ge=0.01,
        le=1,
        step=0.01,
        help="Trust falls smoothly with the sponsored share of recent posts; at this share "
        "half of the trust at stake is lost.",
    )
    trust_max_loss: float = _field(
        "trust_max_loss",
        label="Trust at stake",
        group="Authenticity",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="How much trust an all-sponsored feed would lose in the end.",
    )
    trust_fall_per_week: float = _field(
        "trust_fall_per_week",
        label="How fast trust falls",
        group="Authenticity",
        unit="share of gap",
        ge=0,
        le=1,
        step=0.01,
        help="Share of the way to the lower trust level covered each week.",
    )
    trust_recovery_per_week: float = _field(
        "trust_recovery_per_week",
        label="How fast trust recovers",
        group="Authenticity",
        unit="share of gap",
        ge=0,
        le=1,
        step=0.01,
        help="Share of lost trust regained each week once the feed is less sponsored.",
    )

    # --- Deals (model assumptions) ------------------------------------------------------
    inbound_deals_per_month_at_10k: float = _field(
        "inbound_deals_per_month_at_10k",
        label="Brand offers a month at 10k followers",
        group="Deals",
        unit="offers/month",
        ge=0,
        le=50,
        step=0.05,
        help="Median brand offers a month at 10,000 followers with typical engagement.",
    )
    deal_follower_elasticity: float = _field(
        "deal_follower_elasticity",
        label="How offers scale with followers",
        group="Deals",
        unit="",
        ge=0,
        le=2,
        step=0.05,
        help="1 = offers proportional to followers.",
    )
    deal_rate_creator_sigma: float = _field(
        "deal_rate_creator_sigma",
        label="How much creators differ in deals a month",
        group="Deals",
        unit="log-sd",
        ge=0,
        le=3,
        step=0.05,
        help="Each future draws how attractive this creator is to brands (unknown today).",
    )
    deal_price_elasticity: float = _field(
        "deal_price_elasticity",
        label="Deals lost to a higher price",
        group="Deals",
        unit="",
        ge=0,
        le=5,
        step=0.1,
        help="Offers x (asking price / going rate) ^ -this: asking more wins fewer deals.",
    )
    deal_price_elasticity_above: float = _field(
        "deal_price_elasticity_above",
        label="Deals lost to a price above the going rate",
        group="Deals",
        unit="",
        ge=0,
        le=5,
        step=0.1,
        help="Above the going rate, offers x (asking / going rate) ^ -this: past 1, a higher "
        "price loses more deals than it earns.",
    )
    activity_half_posts_per_week: float = _field(
        "activity_half_posts_per_week",
        label="Posting pace brands look for",
        group="Deals",
        unit="posts/week",
        ge=0.1,
        le=21,
        step=0.1,
        help="Offers follow the recent posting pace, saturating at about this pace: an account "
        "that stops posting stops getting offers.",
    )
    niche_deal_demand: float = _field(
        "niche_deal_demand",
        label="Brand demand in the niche",
        group="Deals",
        unit="x",
        ge=0,
        le=5,
        step=0.05,
        help="How much brands in this niche spend on creators, relative to average.",
    )
    seasonality_strength: float = _field(
        "seasonality_strength",
        label="Year-end brand budgets",
        group="Deals",
        unit="x",
        ge=0,
        le=2,
        step=0.1,
        help="1 = the published bunching of brand budgets into Nov-Dec; 0 = flat year.",
    )
    pitches_per_hour: float = _field(
        "pitches_per_hour",
        label="Pitches sent per hour",
        group="Deals",
        unit="pitches/hour",
        ge=0,
        le=20,
        step=0.5,
        help="Pitches you send per hour of pitching.",
    )
    pitch_response_rate_at_10k: float = _field(
        "pitch_response_rate_at_10k",
        label="Pitch success rate at 10k followers",
        group="Deals",
        unit="share",
        ge=0,
        le=1,
        step=0.005,
        help="Share of pitches that become an offer at 10,000 followers.",
    )
    gifted_share_max: float = _field(
        "gifted_share_max",
        label="Gifted share of offers for tiny accounts",
        group="Deals",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of offers that are product-only for the smallest accounts.",
    )
    gifted_share_half_followers: float = _field(
        "gifted_share_half_followers",
        label="Followers at which gifting halves",
        group="Deals",
        unit="followers",
        ge=100,
        le=10_000_000,
        step=1000,
        help="Follower count at which the gifted share has halved.",
    )
    gifted_value_usd: float = _field(
        "gifted_value_usd",
        label="Value of a gifted product",
        group="Deals",
        unit="USD",
        ge=0,
        le=100_000,
        step=5,
        help="Typical value of a gifted product (counted in kind, apart from cash).",
    )
    gifted_taxable: bool = Field(
        default=_DEFAULTS["gifted_taxable"],
        description="Count gifted products as taxable income (US practice).",
        json_schema_extra={"group": "Deals", "unit": ""},
    )
    fee_usd_at_1k_followers: float = _field(
        "fee_usd_at_1k_followers",
        label="Median fee at 1,000 followers",
        group="Deals",
        unit="USD",
        ge=0,
        le=100_000,
        step=1,
        help="Median fee brands pay for one sponsored post at 1,000 followers.",
    )
    fee_follower_elasticity: float = _field(
        "fee_follower_elasticity",
        label="How fees scale with followers",
        group="Deals",
        unit="",
        ge=0,
        le=1.5,
        step=0.05,
        help="Median fee x (followers / 1,000) ^ this.",
    )
    fee_creator_sigma: float = _field(
        "fee_creator_sigma",
        label="How much creators differ in pay",
        group="Deals",
        unit="log-sd",
        ge=0,
        le=3,
        step=0.05,
        help="Each future draws what brands pay this creator relative to the tier's median.",
    )
    niche_fee_multiplier: float = _field(
        "niche_fee_multiplier",
        label="Price level in the niche",
        group="Deals",
        unit="x",
        ge=0.1,
        le=5,
        step=0.05,
        help="Niche price level relative to average.",
    )
    fee_spread_sigma: float = _field(
        "fee_spread_sigma",
        label="Fee spread between deals",
        group="Deals",
        unit="log-sd",
        ge=0,
        le=2,
        step=0.05,
        help="Spread of one creator's fees from deal to deal (log-normal).",
    )
    hours_per_deal: float = _field(
        "hours_per_deal",
        label="Hours per deal",
        group="Deals",
        unit="hours",
        ge=0,
        le=100,
        step=0.5,
        help="Brief, shoot, edits and revisions for one deal.",
    )
    event_deal_boost: float = _field(
        "event_deal_boost",
        label="Deals after an event",
        group="Deals",
        unit="x",
        ge=1,
        le=10,
        step=0.1,
        help="How many times more brand deals come in the months after an event.",
    )
    event_boost_months: float = _field(
        "event_boost_months",
        label="How long the lift after an event lasts",
        group="Deals",
        unit="months",
        ge=0,
        le=12,
        step=0.5,
        help="How long the lift after an event lasts.",
    )

    # --- Payments (model assumptions) ---------------------------------------------------
    share_net60: float = _field(
        "share_net60",
        label="Deals paid net-60",
        group="Payments",
        unit="share of deals",
        ge=0,
        le=1,
        step=0.05,
        help="Share of deals paid 60 days after the post (the rest of net-60/90 is net-30).",
    )
    share_net90: float = _field(
        "share_net90",
        label="Deals paid net-90",
        group="Payments",
        unit="share of deals",
        ge=0,
        le=1,
        step=0.05,
        help="Share of deals paid 90 days after the post.",
    )
    late_payment_probability: float = _field(
        "late_payment_probability",
        label="Chance a payment is late",
        group="Payments",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Chance a payment comes later than its terms.",
    )
    late_extra_days_mean: float = _field(
        "late_extra_days_mean",
        label="Extra days of a late payment",
        group="Payments",
        unit="days",
        ge=0,
        le=365,
        step=5,
        help="Average extra delay of a late payment.",
    )
    nonpayment_probability: float = _field(
        "nonpayment_probability",
        label="Chance a payment never comes",
        group="Payments",
        unit="share",
        ge=0,
        le=1,
        step=0.01,
        help="Chance a payment never arrives.",
    )

    # --- Platform and affiliate (model assumptions) -------------------------------------
    views_per_follower_per_post: float = _field(
        "views_per_follower_per_post",
        label="First-week views per follower",
        group="Platform and affiliate",
        unit="views/follower",
        ge=0,
        le=50,
        step=0.05,
        help="Views a post gets in its first week, per follower.",
    )
    catalogue_views_multiple: float = _field(
        "catalogue_views_multiple",
        label="Later views of a post",
        group="Platform and affiliate",
        unit="x first week",
        ge=0,
        le=100,
        step=0.1,
        help="Views a post keeps earning after its first week, as a multiple of that week "
        "(a back catalogue: large on YouTube).",
    )
    catalogue_weekly_retention: float = _field(
        "catalogue_weekly_retention",
        label="How slowly old posts fade",
        group="Platform and affiliate",
        unit="share/week",
        ge=0,
        le=0.999,
        step=0.005,
        help="Share of last week's back-catalogue views that come again this week.",
    )
    watch_minutes_per_view: float = _field(
        "watch_minutes_per_view",
        label="Minutes watched per view",
        group="Platform and affiliate",
        unit="minutes",
        ge=0,
        le=120,
        step=0.5,
        help="Average watch time of a view (counts toward watch-hour rules).",
    )
    payout_min_followers: float = _field(
        "payout_min_followers",
        label="Programme rule: followers",
        group="Platform and affiliate",
        unit="followers",
        ge=0,
        le=1_000_000,
        step=500,
        help="Followers the platform's creator programme requires.",
    )
    payout_min_watch_hours_12m: float = _field(
        "payout_min_watch_hours_12m",
        label="Programme rule: watch hours in 12 months",
        group="Platform and affiliate",
        unit="hours",
        ge=0,
        le=1_000_000,
        step=500,
        help="Public watch hours in the last 12 months the programme requires (0 = none).",
    )
    payout_alt_min_views_90d: float = _field(
        "payout_alt_min_views_90d",
        label="Programme rule: other route, views in 90 days",
        group="Platform and affiliate",
        unit="views",
        ge=0,
        le=1e9,
        step=1_000_000,
        help="Views in 90 days that qualify instead of watch hours (YouTube Shorts; 0 = none).",
    )
    payout_min_views_30d: float = _field(
        "payout_min_views_30d",
        label="Programme rule: views in 30 days",
        group="Platform and affiliate",
        unit="views",
        ge=0,
        le=1e9,
        step=10_000,
        help="Views in the last 30 days the programme requires (0 = none).",
    )
    payout_qualifying_view_share: float = _field(
        "payout_qualifying_view_share",
        label="Views that qualify for pay",
        group="Platform and affiliate",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Share of views the programme pays for (TikTok: videos of a minute or more).",
    )
    payout_usd_per_1000_views: float = _field(
        "payout_usd_per_1000_views",
        label="Programme pay per 1,000 qualified views",
        group="Platform and affiliate",
        unit="USD",
        ge=0,
        le=100,
        step=0.05,
        help="What the platform pays per 1,000 qualified views once in the programme.",
    )
    affiliate_click_rate: float = _field(
        "affiliate_click_rate",
        label="Link clicks per view",
        group="Platform and affiliate",
        unit="clicks/view",
        ge=0,
        le=0.5,
        step=0.0005,
        help="Clicks on an affiliate link per view of a post that carries one.",
    )
    affiliate_conversion_rate: float = _field(
        "affiliate_conversion_rate",
        label="Orders per click",
        group="Platform and affiliate",
        unit="orders/click",
        ge=0,
        le=1,
        step=0.005,
        help="Orders per affiliate-link click.",
    )

    # --- Burnout (model assumptions) ----------------------------------------------------
    fatigue_capacity_hours: float = _field(
        "fatigue_capacity_hours",
        label="Overload that leads to burnout",
        group="Burnout",
        unit="hours",
        ge=1,
        le=10_000,
        step=10,
        help="Strain beyond the sustainable level, in hour-equivalents, that adds up to a "
        "burnout episode.",
    )
    fatigue_recovery_multiplier: float = _field(
        "fatigue_recovery_multiplier",
        label="How fast strain drains",
        group="Burnout",
        unit="x",
        ge=0,
        le=10,
        step=0.1,
        help="How fast fatigue drains in lighter weeks, relative to how it builds.",
    )
    fatigue_quality_loss: float = _field(
        "fatigue_quality_loss",
        label="Growth lost when tired",
        group="Burnout",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Growth per post lost at the edge of burnout (tired posts are worse posts).",
    )
    hours_noise_sigma: float = _field(
        "hours_noise_sigma",
        label="Week-to-week variation in hours",
        group="Burnout",
        unit="log-sd",
        ge=0,
        le=1.5,
        step=0.05,
        help="Week-to-week variation in creator hours.",
    )
    creative_pressure_hours_per_post: float = _field(
        "creative_pressure_hours_per_post",
        label="Creative pressure per post",
        group="Burnout",
        unit="hour-equivalents",
        ge=0,
        le=40,
        step=0.25,
        help="Strain of having to come up with a post, on top of the hours it takes.",
    )
    money_stress_hours: float = _field(
        "money_stress_hours",
        label="Money worry at its worst",
        group="Burnout",
        unit="hour-equivalents/week",
        ge=0,
        le=100,
        step=0.5,
        help="Weekly strain of being deep out of pocket or losing income.",
    )
    money_worry_usd: float = _field(
        "money_worry_usd",
        label="Out of pocket that weighs most",
        group="Burnout",
        unit="USD",
        ge=1,
        le=1_000_000,
        step=100,
        help="Money worry grows with the amount out of pocket up to this much.",
    )
    shock_stress_hours: float = _field(
        "shock_stress_hours",
        label="Strain of an algorithm change",
        group="Burnout",
        unit="hour-equivalents/week",
        ge=0,
        le=100,
        step=0.5,
        help="Weekly strain while an algorithm change cuts your reach.",
    )
    hostility_stress_hours: float = _field(
        "hostility_stress_hours",
        label="Strain of a hostile audience",
        group="Burnout",
        unit="hour-equivalents/week",
        ge=0,
        le=100,
        step=0.5,
        help="Weekly strain from a distrustful audience, and in weeks a post goes viral.",
    )
    strain_report_fatigue: float = _field(
        "strain_report_fatigue",
        label="Strain people call burnout",
        group="Burnout",
        unit="share of episode level",
        ge=0.05,
        le=1,
        step=0.05,
        help="Fatigue at which a creator would answer a survey 'yes, I experienced burnout' "
        "(an episode that stops posting is 1).",
    )
    burnout_rest_weeks: int = _field(
        "burnout_rest_weeks",
        label="Weeks off after a burnout",
        group="Burnout",
        unit="weeks",
        ge=0,
        le=52,
        help="Weeks without posting after a burnout episode.",
    )
    load_spread_hours: float = _field(
        "load_spread_hours",
        label="How much people differ in the load they can keep up",
        group="Burnout",
        unit="hours/week",
        ge=0,
        le=40,
        step=1,
        help="Each future draws the person's true limit around the one they state, this much "
        "apart between people (on top of their own uncertainty).",
    )
    quit_probability_on_burnout: float = _field(
        "quit_probability_on_burnout",
        label="Chance a burnout ends in quitting",
        group="Burnout",
        unit="share",
        ge=0,
        le=1,
        step=0.05,
        help="Chance that a burnout episode ends in quitting for good.",
    )

    # --- Mechanisms (each switch off = neutral) ----------------------------------------
    model_crowding: bool = _switch("Crowded niches and large audiences grow slower per post.")
    model_growth_noise: bool = _switch("Ordinary week-to-week noise in growth.")
    model_virality: bool = _switch("Rare viral posts with heavy-tailed jumps.")
    model_churn: bool = _switch("Followers leave every week.")
    model_platform_shocks: bool = _switch("Random algorithm changes cut reach for a while.")
    model_engagement_decay: bool = _switch("Engagement rate falls as the account grows.")
    model_trust: bool = _switch("Sponsored content erodes audience trust.")
    model_unknowns: bool = _switch(
        "Each future draws what nobody knows today: your pay, deals a month and growth relative "
        "to the median creator."
    )
    model_parameter_uncertainty: bool = _switch(
        "Each future draws the model's own uncertain parameters (strain, quitting, deals, "
        "fees, growth) from the calibration's posterior, so the bands hold what the surveys "
        "leave open as well as luck."
    )
    model_seasonality: bool = _switch("Brand budgets bunch at the end of the year.")
    model_price_response: bool = _switch("Asking more than the going rate wins fewer deals.")
    model_gifting: bool = _switch("Some offers are product-only, with no cash.")
    model_payment_delays: bool = _switch("Fees arrive net-30/60/90, sometimes late or never.")
    model_affiliate: bool = _switch("Affiliate commissions from link clicks.")
    model_platform_payouts: bool = _switch("Platform creator programmes, by their rules.")
    model_ugc: bool = _switch("UGC gigs: photos or videos made for brands, not posted by you.")
    model_events: bool = _switch("Events cost money and bring more brand deals for a while.")
    model_tax: bool = _switch("Tax on positive profit.")
    model_fatigue: bool = _switch("Fatigue lowers quality and leads to burnout and quitting.")
    model_stress: bool = _switch(
        "Strain from creative pressure, money worries, algorithm changes and a hostile "
        "audience, not only hours."
    )

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
        **overrides: Any,
    ) -> Scenario:
        """The preset's defaults, with any field overridden by keyword."""
        return cls.model_validate({**preset_values(platform, niche), **overrides})

    @classmethod
    def from_partial(cls, data: dict[str, Any]) -> Scenario:
        """Fields given in ``data`` on top of the preset that ``data`` names (or the default)."""
        platform = data.get("platform", DEFAULT_PRESET[0])
        niche = data.get("niche", DEFAULT_PRESET[1])
        try:
            base = preset_values(str(platform), str(niche))
        except KeyError:
            base = {}  # let validation name the bad field
        return cls.model_validate({**base, **data})

    def preset_key(self) -> tuple[str, str]:
        return (self.platform, self.niche)

    def changed_from_preset(self) -> dict[str, Any]:
        """Fields whose value differs from this scenario's own preset."""
        base = preset_values(*self.preset_key())
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


def is_assumption(name: str) -> bool:
    """True for model assumptions (calibrated), False for the person's own plan."""
    return field_group(name) in ASSUMPTION_GROUPS


def plan_fields() -> list[str]:
    """Fields the person chooses or knows (everything but the model assumptions)."""
    return [name for name in Scenario.model_fields if not is_assumption(name)]
