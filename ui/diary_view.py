"""How one simulated future reads: its name in words, how it ended, and its diary's events
grouped by month with an icon and a one-line summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from sim.model import format as fmt
from sim.model.diary import Diary, DiaryEvent
from sim.model.metrics import Status
from sim.model.results import Results, goal_words

CHOICES: dict[str, str] = {
    "worst": "Worst",
    "median": "Median",
    "best": "Best",
    "random": "At random",
}
"""The futures a person can pick, and their button labels."""

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
    "programme": ":material/monetization_on:",
    "strain": ":material/sentiment_stressed:",
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
            ("programme", "joined the creator programme"),
            ("strain", "worn down"),
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


def future_name(which: str, paths: int) -> str:
    """A future named in words: 'The median future of 2,000'."""
    of = f"of {fmt.count(paths)}"
    if which == "random":
        return f"A future picked at random from {fmt.count(paths)}"
    return f"The {which} future {of}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,d}{suffix}"


def outcome_text(results: Results, path: int) -> str:
    """How the future ended, in words: whether it works out (the person's own measure met at
    the end, still creating), and when it stopped if it did."""
    monthly = results.monthly
    net = float(monthly["cumulative_net_usd"][path, -1])
    status = monthly["status"][path]
    quit_at = np.flatnonzero(status == Status.QUIT)
    if quit_at.size:
        ahead = " (in profit when it stopped)" if net > 0 else ""
        return f"It does not work out: you stopped in month {int(quit_at[0])}{ahead}."
    measure = goal_words(results.summary, third_person=True)
    if bool(results.works_out()[path]):
        return f"It works out: still creating at the end, and it {measure}."
    resting = ", resting after a burnout" if status[-1] == Status.RESTING else ""
    short = "out of pocket at the end" if net < 0 else f"it does not {goal_words(results.summary)}"
    return f"It does not work out: still creating{resting}, but {short}."


def future_order(results: Results) -> np.ndarray:
    """Futures from worst to best: those that work out (the person's own measure, still
    creating) above those that do not, then by net cash at the end. By net cash alone, a
    future that gave up in month 2 could rank as the best, having stopped paying first."""
    net = results.final("cumulative_net_usd")
    works = results.works_out()
    order: np.ndarray = np.lexsort((np.arange(results.paths), net, works))
    return order


def pick_future(results: Results, which: str, rng_seed: int = 0) -> int:
    """The worst, median or best future by ``future_order``, or one at random."""
    if which == "random":
        return results.pick_path("random", rng_seed=rng_seed)
    order = future_order(results)
    index = {"worst": 0, "median": (len(order) - 1) // 2, "best": len(order) - 1}[which]
    return int(order[index])


def rank_text(results: Results, path: int) -> str:
    """Where the future ranks among all of the run's (``future_order``)."""
    rank = int(np.flatnonzero(future_order(results) == path)[0]) + 1
    followers = fmt.count(float(results.monthly["followers"][path, -1]))
    return (
        f"{ordinal(rank)} of {fmt.count(results.paths)} from worst to best (futures that work "
        f"out first, then by net cash at the end); {followers} followers at the end."
    )
