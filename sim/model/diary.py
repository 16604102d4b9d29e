"""The diary of one simulated path: a weekly snapshot and the events that happened."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DiaryEvent:
    """Something that happened to the creator in one week."""

    week: int
    month: int
    kind: str
    text: str
    amount_usd: float = 0.0


@dataclass(frozen=True)
class WeekSnapshot:
    """State of the path at the end of one week."""

    week: int
    month: int
    followers: float
    engagement_rate: float
    trust: float
    fatigue: float
    status: str
    posts: float
    creator_hours: float
    total_hours: float


@dataclass
class Diary:
    """Everything recorded for one traced path."""

    path: int
    weeks: list[WeekSnapshot] = field(default_factory=list)
    events: list[DiaryEvent] = field(default_factory=list)
