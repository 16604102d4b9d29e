"""How a path's diary reads: events grouped by month with an icon and a one-line summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sim.diary import Diary, DiaryEvent

ICONS: dict[str, str] = {
    "deal_paid": ":material/handshake:",
    "deal_gifted": ":material/redeem:",
    "deal_declined": ":material/block:",
    "payment": ":material/payments:",
    "payment_never": ":material/money_off:",
    "ugc": ":material/videocam:",
    "viral": ":material/trending_up:",
    "shock": ":material/trending_down:",
    "burnout": ":material/battery_alert:",
    "rest_over": ":material/battery_charging_full:",
    "quit": ":material/logout:",
    "stop_rule": ":material/front_hand:",
    "purchase": ":material/shopping_cart:",
    "event": ":material/event:",
    "plan": ":material/edit_calendar:",
}


@dataclass(frozen=True)
class MonthStory:
    """One month of a diary: its events and a summary line."""

    month: int
    events: tuple[DiaryEvent, ...]
    headline: str
    followers_end: float | None
    status_end: str | None


def _count(events: list[DiaryEvent], kind: str) -> int:
    return sum(1 for e in events if e.kind == kind)


def month_stories(diary: Diary) -> list[MonthStory]:
    """Every month that has a week or an event, in order."""
    by_month: dict[int, list[DiaryEvent]] = defaultdict(list)
    for event in diary.events:
        by_month[event.month].append(event)
    last_week = {w.month: w for w in diary.weeks}
    months = sorted(set(by_month) | set(last_week))
    stories = []
    for month in months:
        events = sorted(by_month.get(month, []), key=lambda e: e.week)
        offers = _count(events, "deal_paid") + _count(events, "deal_gifted")
        offers += _count(events, "deal_declined")
        paid_in = sum(e.amount_usd for e in events if e.kind in ("payment", "ugc"))
        bits = []
        if offers:
            bits.append(f"{offers} offer{'s' if offers != 1 else ''}")
        if paid_in:
            bits.append(f"${paid_in:,.0f} paid in")
        for kind, word in (
            ("viral", "viral post"),
            ("shock", "algorithm change"),
            ("burnout", "burnout"),
            ("quit", "quit"),
            ("stop_rule", "stopped"),
        ):
            n = _count(events, kind)
            if n:
                bits.append(word if n == 1 else f"{n} {word}s")
        week = last_week.get(month)
        stories.append(
            MonthStory(
                month=month,
                events=tuple(events),
                headline=", ".join(bits) if bits else "a quiet month",
                followers_end=None if week is None else week.followers,
                status_end=None if week is None else week.status,
            )
        )
    return stories


def event_line(event: DiaryEvent) -> str:
    icon = ICONS.get(event.kind, ":material/circle:")
    return f"{icon} Week {event.week + 1}: {event.text}"
