"""The rows of the targets file: a published figure (``Target``) and who it describes
(``Population``), each checked on its own.

The set of them, checked against the model's statistics and read from the file, is
``sim.calibration.targets``; the statistics (``sim.calibration.statistics``) read these rows,
so this module imports neither.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sim.model.presets import PLATFORMS, plans

Status = Literal["target", "gap", "population", "rule"]
Bound = Literal["both", "at_most", "at_least"]


class Population(BaseModel):
    """Who a survey asked: platforms, follower range, plans (part- or full-time), horizon."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    platforms: dict[str, float]
    followers: tuple[float, float]
    plans: dict[str, float]
    months: int = Field(ge=1, le=60)
    note: str = ""

    @model_validator(mode="after")
    def _known(self) -> Population:
        unknown = set(self.platforms) - set(PLATFORMS)
        if unknown:
            raise ValueError(f"population {self.name}: unknown platforms {sorted(unknown)}")
        missing = set(self.plans) - set(plans())
        if missing:
            raise ValueError(f"population {self.name}: unknown plans {sorted(missing)}")
        lo, hi = self.followers
        if not 0 < lo <= hi:
            raise ValueError(f"population {self.name}: followers must be 0 < low <= high")
        return self


class Target(BaseModel):
    """One published figure and what the model must say about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    section: str
    figure: str
    source: str
    population: str
    statistic: str
    value: float
    tolerance: float = Field(ge=0)
    quality: str
    status: Status = "target"
    bound: Bound = "both"
    """``both``: within value +- tolerance; ``at_most``/``at_least``: a one-sided figure
    (inside when on the right side of value; tolerance scales the miss)."""
    stage: str | None = None
    """The calibration stage that fits parameters to this target (None: checked only)."""
    gap_reason: str | None = None
    miss_reason: str | None = None
    """A calibrated target the shipped calibration leaves outside its tolerance: why, with the
    figure. The calibration still matches it (it is evidence, pulling against others); the
    validation test accepts the miss only while it is documented, and asks for the reason to go
    once the target lands inside."""
    threshold_usd: float | None = None
    threshold_high_usd: float | None = None
    threshold: float | None = None
    """A threshold that is not money: a month or hours a week, as the statistic says."""
    caveat: bool = False
    """A documented gap that a plan in its population is told about under its figures (every
    documented miss is)."""

    @model_validator(mode="after")
    def _gap_has_reason(self) -> Target:
        if self.status == "gap" and not self.gap_reason:
            raise ValueError(f"target {self.id}: a gap needs its gap_reason")
        if self.miss_reason and self.status != "target":
            raise ValueError(f"target {self.id}: only a target can be a documented miss")
        return self

    @property
    def low(self) -> float:
        return (
            -math.inf
            if self.bound == "at_most"
            else self.value - (0.0 if self.bound == "at_least" else self.tolerance)
        )

    @property
    def high(self) -> float:
        return (
            math.inf
            if self.bound == "at_least"
            else self.value + (0.0 if self.bound == "at_most" else self.tolerance)
        )

    def inside(self, model_value: float) -> bool:
        return self.low - 1e-12 <= model_value <= self.high + 1e-12

    def miss(self, model_value: float) -> float:
        """How far outside, in tolerances (0 inside a one-sided bound; signed for both)."""
        if not math.isfinite(model_value) or self.tolerance <= 0:
            return 0.0 if self.inside(model_value) else 10.0
        if self.bound == "at_most":
            return max(0.0, model_value - self.value) / self.tolerance
        if self.bound == "at_least":
            return max(0.0, self.value - model_value) / self.tolerance
        return (model_value - self.value) / self.tolerance
