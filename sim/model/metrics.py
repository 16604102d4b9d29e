"""Names, units and labels of everything the engine records per path and month.

One place for each metric's label and unit: exports, charts and the methodology page read
them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Status(IntEnum):
    """Where a path stands at the end of a month."""

    ACTIVE = 0
    RESTING = 1
    QUIT = 2


STATUS_LABELS = {Status.ACTIVE: "active", Status.RESTING: "resting", Status.QUIT: "quit"}

INCOME_CASH_STREAMS: tuple[str, ...] = ("sponsorship", "affiliate", "platform", "ugc")
INCOME_BOOKED_STREAMS: tuple[str, ...] = ("sponsorship", "gifted", "affiliate", "platform", "ugc")
COST_KINDS: tuple[str, ...] = (
    "equipment",
    "software",
    "production",
    "shoots",
    "events",
    "agency",
    "purchases",
)
STREAM_LABELS = {
    "sponsorship": "Paid brand deals",
    "gifted": "Gifted products (in kind)",
    "affiliate": "Affiliate commissions",
    "platform": "Platform payouts",
    "ugc": "UGC gigs",
}
COST_LABELS = {
    "equipment": "Equipment",
    "software": "Software",
    "production": "Production per post",
    "shoots": "Photo shoots",
    "events": "Events",
    "agency": "Agency cut",
    "purchases": "Planned purchases",
}


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str
    money: bool = False


METRICS: tuple[Metric, ...] = (
    Metric("followers", "Followers", "followers"),
    Metric("engagement_rate", "Engagement rate", "share"),
    Metric("trust", "Audience trust", "0-1"),
    Metric("fatigue", "Fatigue", "burnout thresholds"),
    Metric("status", "Status", "0 active, 1 resting, 2 quit"),
    Metric("posts", "Posts", "posts/month"),
    Metric("deals_paid", "Paid deals", "deals/month"),
    Metric("deals_gifted", "Gifted deals", "deals/month"),
    Metric("deals_declined", "Declined offers", "offers/month"),
    Metric("views", "Views", "views/month"),
    Metric("platform_eligible", "In the platform's creator programme", "0 no, 1 yes"),
    *(
        Metric(f"income_booked_{s}_usd", f"{STREAM_LABELS[s]} (booked)", "USD/month", True)
        for s in INCOME_BOOKED_STREAMS
    ),
    *(
        Metric(f"income_cash_{s}_usd", f"{STREAM_LABELS[s]} (cash)", "USD/month", True)
        for s in INCOME_CASH_STREAMS
    ),
    *(Metric(f"cost_{c}_usd", COST_LABELS[c], "USD/month", True) for c in COST_KINDS),
    Metric("tax_usd", "Tax", "USD/month", True),
    Metric("net_cash_usd", "Net cash", "USD/month", True),
    Metric("cumulative_net_usd", "Cumulative net cash", "USD", True),
    Metric("receivables_usd", "Receivables outstanding", "USD", True),
    Metric("creator_hours", "Creator hours", "hours/month"),
    Metric("total_hours", "Total hours (job + creating)", "hours/month"),
    Metric("creator_hours_per_week", "Creator hours per week", "hours/week"),
    Metric("total_hours_per_week", "Total hours per week", "hours/week"),
    Metric("active_weeks", "Weeks creating", "weeks/month"),
    Metric("job_pay_usd", "Day-job pay", "USD/month", True),
    Metric("savings_usd", "Savings", "USD", True),
    Metric("engaged_people_per_week", "People who engage each week", "people/week"),
)
METRIC_BY_NAME = {m.name: m for m in METRICS}
MONEY_METRICS = tuple(m.name for m in METRICS if m.money)
