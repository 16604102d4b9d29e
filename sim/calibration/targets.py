"""The outcome targets file, read and checked once.

Each row is a published figure: what it says, its source, the population it describes, the
statistic the model computes for that population, the value and a tolerance reflecting the
source's quality. A documented gap carries the reason it is not met (and is left out of the
calibration); a documented miss is a target the calibration still matches as well as it can
but cannot land inside its tolerance (sources that pull apart), with the reason and figure.
Nothing is dropped silently.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from sim.calibration.rows import Population, Target
from sim.calibration.statistics import STATISTICS

TARGETS_FILE = "targets.toml"


class TargetSet(BaseModel):
    """Every target and the populations they name."""

    model_config = ConfigDict(frozen=True)

    targets: tuple[Target, ...]
    populations: dict[str, Population]

    @model_validator(mode="after")
    def _consistent(self) -> TargetSet:
        ids = [t.id for t in self.targets]
        if len(ids) != len(set(ids)):
            raise ValueError("target ids must be unique")
        for t in self.targets:
            if t.population not in self.populations:
                raise ValueError(f"target {t.id}: unknown population {t.population!r}")
            if t.statistic not in STATISTICS:
                raise ValueError(f"target {t.id}: unknown statistic {t.statistic!r}")
        return self

    def by_stage(self, stage: str) -> list[Target]:
        return [t for t in self.targets if t.stage == stage and t.status == "target"]

    def stages(self) -> list[str]:
        return sorted({t.stage for t in self.targets if t.stage is not None})


def _first_problem(exc: ValidationError) -> str:
    """A validation error's first problem: ``field: reason``, one line."""
    first = exc.errors(include_url=False)[0]
    field = ".".join(str(part) for part in first["loc"])
    reason = str(first["msg"]).removeprefix("Value error, ")
    return f"{field}: {reason}" if field else reason


def _entry(model: type[Population] | type[Target], where: str, data: dict[str, object]) -> Any:
    """``data`` validated as ``model``; ValueError naming the entry and its first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{where} {_first_problem(exc)}") from None


def parse_targets(text: str) -> TargetSet:
    """A targets file's text; ValueError (naming the table or row) when it is not one."""
    data = tomllib.loads(text)
    tables = data.get("population", {})
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise ValueError("population: expected tables, [population.NAME]")
    rows = data.get("target", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ValueError("target: expected an array of tables, [[target]]")
    populations = {
        name: _entry(Population, f"[population.{name}]", {**table, "name": name})
        for name, table in tables.items()
    }
    targets = tuple(
        _entry(Target, f"[[target]] {row.get('id', number)}", row)
        for number, row in enumerate(rows, start=1)
    )
    try:
        return TargetSet(targets=targets, populations=populations)
    except ValidationError as exc:
        raise ValueError(_first_problem(exc)) from None


@cache
def default_targets() -> TargetSet:
    """The targets shipped with the engine (``sim/calibration/targets.toml``)."""
    text = resources.files(__package__).joinpath(TARGETS_FILE).read_text("utf-8")
    return parse_targets(text)


def load_targets(path: str | Path | None = None) -> TargetSet:
    """A targets file, or the shipped one."""
    if path is None:
        return default_targets()
    return parse_targets(Path(path).read_text("utf-8"))
