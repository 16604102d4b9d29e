"""Preset defaults as data: platform x niche x price source, each value with its source.

The TOML files under ``v<N>/`` are the only place a default is written. A version folder is
never edited once released; changed defaults go into a new folder, so a share link that names
``v1`` still resolves to exactly the defaults it was made with.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PRESET_VERSION = 1
"""The newest preset data version; links and files carry the version they were made with."""

PRICE_SOURCES: dict[str, str] = {
    "rate_card": "Common rate card (Influencer Marketing Hub style, 2023)",
    "marketplace": "IZEA marketplace averages (State of Influencer Earnings, 2022 data)",
}
PLATFORMS: dict[str, str] = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}


@dataclass(frozen=True)
class Sourced:
    """One default value and where it comes from."""

    value: Any
    source: str


def available_versions() -> tuple[int, ...]:
    """Preset data versions shipped with this build, oldest first."""
    root = resources.files(__package__)
    found = [int(p.name[1:]) for p in root.iterdir() if p.name.startswith("v") and p.is_dir()]
    return tuple(sorted(found))


@cache
def _load(version: int, name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(f"v{version}", f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def niches(version: int = PRESET_VERSION) -> dict[str, str]:
    """Niche key -> label."""
    return {key: str(table["label"]) for key, table in _load(version, "niches").items()}


@cache
def preset(
    platform: str, niche: str, price_source: str, version: int = PRESET_VERSION
) -> dict[str, Sourced]:
    """Every scenario default for one platform x niche x price source, with its source."""
    if version not in available_versions():
        raise KeyError(f"preset version {version} is not shipped with this build")
    if platform not in PLATFORMS:
        raise KeyError(f"unknown platform {platform!r}; allowed: {', '.join(PLATFORMS)}")
    if price_source not in PRICE_SOURCES:
        raise KeyError(
            f"unknown price source {price_source!r}; allowed: {', '.join(PRICE_SOURCES)}"
        )
    niche_table = _load(version, "niches").get(niche)
    if niche_table is None:
        raise KeyError(f"unknown niche {niche!r}; allowed: {', '.join(niches(version))}")

    out: dict[str, Sourced] = {
        "platform": Sourced(platform, "your choice"),
        "niche": Sourced(niche, "your choice"),
        "price_source": Sourced(price_source, PRICE_SOURCES[price_source]),
    }
    for key, entry in _load(version, "base").items():
        out[key] = Sourced(entry["value"], entry["source"])
    platform_table = _load(version, "platforms")[platform]
    for key, entry in platform_table.items():
        if key in PRICE_SOURCES:
            continue
        out[key] = Sourced(entry["value"], entry["source"])
    for key, entry in platform_table[price_source].items():
        out[key] = Sourced(entry["value"], entry["source"])
    for key, entry in niche_table.items():
        if key != "label":
            out[key] = Sourced(entry["value"], entry["source"])
    return out


def preset_values(
    platform: str, niche: str, price_source: str, version: int = PRESET_VERSION
) -> dict[str, Any]:
    """Field -> default value for one preset."""
    return {k: v.value for k, v in preset(platform, niche, price_source, version).items()}


def all_presets(version: int = PRESET_VERSION) -> list[tuple[str, str, str]]:
    """Every (platform, niche, price_source) combination the data defines."""
    return [(p, n, s) for p in PLATFORMS for n in niches(version) for s in PRICE_SOURCES]
