"""Preset defaults as data: platform x niche, each value with its source.

The TOML files under ``v<N>/`` are the only place a default is written. A version folder is
never edited once released; changed defaults go into a new folder, so a share link that names
``v1`` still resolves to exactly the defaults it was made with.

Since version 2, layers, later ones winning: ``base.toml`` (everyone), ``platforms.toml``,
``niches.toml``, then ``calibrated.toml``, which ``python -m sim calibrate`` writes from the
outcome targets (``sim/calibration``). ``plans.toml`` holds named starting plans.

Version 1 had a third preset key, the price source (two published price camps about tenfold
apart); version 2 folds both camps into one calibrated fee distribution. Version 3 (model
version 3) adds the person's goal, living costs and savings and the new assumptions, and its
own calibration. Older versions are kept only so that old links and files can be read
(``sim.io.migrate``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PRESET_VERSION = 3
"""The newest preset data version; links and files carry the version they were made with."""

V1_PRICE_SOURCES: dict[str, str] = {
    "rate_card": "Common rate card (Influencer Marketing Hub style, 2023)",
    "marketplace": "IZEA marketplace averages (State of Influencer Earnings, 2022 data)",
}
"""Version 1's price sources (a preset key then; evidence for the fee distribution since)."""
PLATFORMS: dict[str, str] = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}


@dataclass(frozen=True)
class Sourced:
    """One default value and where it comes from."""

    value: Any
    source: str


@dataclass(frozen=True)
class Plan:
    """A named starting plan: a few plan fields set on top of a platform and niche preset."""

    key: str
    label: str
    summary: str
    values: dict[str, Any]


def available_versions() -> tuple[int, ...]:
    """Preset data versions shipped with this build, oldest first."""
    root = resources.files(__package__)
    found = [int(p.name[1:]) for p in root.iterdir() if p.name.startswith("v") and p.is_dir()]
    return tuple(sorted(found))


@cache
def _load(version: int, name: str) -> dict[str, Any]:
    path = resources.files(__package__).joinpath(f"v{version}", f"{name}.toml")
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text("utf-8"))


def niches(version: int = PRESET_VERSION) -> dict[str, str]:
    """Niche key -> label."""
    return {key: str(table["label"]) for key, table in _load(version, "niches").items()}


def _sourced(table: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Sourced]:
    return {
        key: Sourced(entry["value"], entry["source"])
        for key, entry in table.items()
        if key not in skip and isinstance(entry, dict) and "value" in entry
    }


@cache
def preset(
    platform: str,
    niche: str,
    version: int = PRESET_VERSION,
    price_source: str | None = None,
    calibrated: bool = True,
) -> dict[str, Sourced]:
    """Every scenario default for one platform and niche, with its source.

    ``price_source`` applies to version 1 only (its default there: the rate card).
    ``calibrated=False`` leaves out ``calibrated.toml``: the calibration's starting point.
    """
    if version not in available_versions():
        raise KeyError(f"preset version {version} is not shipped with this build")
    if platform not in PLATFORMS:
        raise KeyError(f"unknown platform {platform!r}; allowed: {', '.join(PLATFORMS)}")
    niche_table = _load(version, "niches").get(niche)
    if niche_table is None:
        raise KeyError(f"unknown niche {niche!r}; allowed: {', '.join(niches(version))}")
    out: dict[str, Sourced] = {
        "platform": Sourced(platform, "your choice"),
        "niche": Sourced(niche, "your choice"),
    }
    out.update(_sourced(_load(version, "base")))
    platform_table = _load(version, "platforms")[platform]
    out.update(_sourced(platform_table))
    if version == 1:
        source = price_source or "rate_card"
        if source not in V1_PRICE_SOURCES:
            raise KeyError(
                f"unknown price source {source!r}; allowed: {', '.join(V1_PRICE_SOURCES)}"
            )
        out["price_source"] = Sourced(source, V1_PRICE_SOURCES[source])
        out.update(_sourced(platform_table[source]))
    elif price_source is not None:
        raise KeyError("price sources are not a preset key after version 1")
    out.update(_sourced(niche_table, skip=("label",)))
    if calibrated:
        table = _load(version, "calibrated")
        out.update(_sourced(table.get("common", {})))
        out.update(_sourced(table.get(platform, {})))
    return out


def preset_values(
    platform: str,
    niche: str,
    version: int = PRESET_VERSION,
    price_source: str | None = None,
    calibrated: bool = True,
) -> dict[str, Any]:
    """Field -> default value for one preset."""
    return {
        k: v.value for k, v in preset(platform, niche, version, price_source, calibrated).items()
    }


def all_presets(version: int = PRESET_VERSION) -> list[tuple[str, str]]:
    """Every (platform, niche) combination the data defines."""
    return [(p, n) for p in PLATFORMS for n in niches(version)]


@cache
def plans(version: int = PRESET_VERSION) -> dict[str, Plan]:
    """Named starting plans (weekend hobbyist, side hustle, going full-time...)."""
    out: dict[str, Plan] = {}
    for key, table in _load(version, "plans").items():
        values = {k: v for k, v in table.items() if k not in ("label", "summary")}
        out[key] = Plan(key, str(table["label"]), str(table["summary"]), values)
    return out


@dataclass(frozen=True)
class Posterior:
    """The calibration's posterior sample (``sim/calibration/posterior.json``), as the engine
    draws from it: the shipped estimate of each parameter and joint rows of accepted draws
    (row r takes each stage's r-th accepted draw, cycling through a stage with fewer)."""

    estimates: dict[str, float]
    rows: tuple[dict[str, float], ...]


@cache
def posterior() -> Posterior | None:
    """The shipped posterior sample, or None if this build has none."""
    import json

    path = resources.files("sim.calibration").joinpath("posterior.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    stages = [
        [{k: float(v) for k, v in draw.items() if k != "distance"} for draw in stage["accepted"]]
        for stage in data.get("stages", [])
        if stage.get("accepted")
    ]
    if not stages:
        return None
    count = max(len(draws) for draws in stages)
    rows = tuple(
        {k: v for draws in stages for k, v in draws[r % len(draws)].items()} for r in range(count)
    )
    return Posterior({k: float(v) for k, v in data["estimates"].items()}, rows)
