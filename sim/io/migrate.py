"""Reading a plan made with an older model into the one engine there is (version 3).

A link or a file names the preset data version it was made with (``sim/model/presets/v<N>``, never
edited once released) and the model version. An older plan opens with the person's *inputs*
kept and everything else from today's calibrated presets:

- every plan field (``sim.model.scenario.plan_fields``: their time, policy, costs, stop rules,
  timeline...) as the sender saw it, the old default included where they left one;
- every value the sender set themselves (a link's keys; in a file, the values that differ from
  the old defaults of its preset, or the ones its provenance names), where the current model
  still has that field;
- every other field, the model's assumptions and the inputs added since, from the current
  presets (a version-2 plan: version 3's calibration, and "it pays for itself" as its goal,
  what version 2 measured).

There is no second copy of an old engine: the figures come from the current model, and the
plan says so in one notice (``notice``).

Version 1 had a third preset key (the price source) and defaults that version 2 replaced: its
model assumptions were not calibrated to what creators report, and its cost defaults described
creators who already earn. Fields version 1 had and the current model does not (the price
source, the audience ceiling, ...) are dropped and named.

Version 2's plan defaults are version 3's; version 3 recalibrated the assumptions (strain,
quitting, deal flow, fees, growth) and added inputs (the goal, living costs, savings, ...).
Model version 3 first ran on preset version 2's folder, edited in place, before its data moved
to ``v3``: a plan that names preset version 2 and model version 3 was made against version 3's
data and is read as version 3 (``effective_version``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sim.model.presets import PRESET_VERSION, V1_PRICE_SOURCES, preset_values
from sim.model.scenario import DEFAULT_PRESET, GOAL_LABELS, Scenario, plan_fields

V1 = 1
V2 = 2
V1_DEFAULT_PRICE_SOURCE = "rate_card"
V2_LAST_MODEL = 2
"""The newest model that ran on preset version 2's own data."""


def _current_model() -> int:
    # Imported late: ``sim/__init__`` owns the number and imports the presets this module uses.
    from sim.model import MODEL_VERSION

    return MODEL_VERSION


def effective_version(preset_version: int, model_version: int | None) -> int:
    """The preset data a plan was made against: its own version, except that a plan naming
    preset version 2 and a model after version 2 was made against version 3's data (model
    version 3 first ran on the v2 folder, edited in place)."""
    if preset_version == V2 and model_version is not None and model_version > V2_LAST_MODEL:
        return PRESET_VERSION
    return preset_version


def old_defaults(
    version: int, platform: str, niche: str, price_source: str | None = None
) -> dict[str, Any]:
    """The defaults a plan of preset ``version`` was made on (KeyError if unknown); for
    version 1, those of its price source (the rate card when it names none it knew)."""
    if version == V1:
        return v1_defaults(platform, niche, price_source)
    return preset_values(platform, niche, version)


def v1_defaults(platform: str, niche: str, price_source: str | None) -> dict[str, Any]:
    """Version 1's defaults for a platform, niche and price source (KeyError if unknown)."""
    source = price_source if price_source in V1_PRICE_SOURCES else V1_DEFAULT_PRICE_SOURCE
    return preset_values(platform, niche, V1, source)


def changed_from(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> set[str]:
    """Fields whose value differs from an old version's defaults (the sender's own choices).

    A field the old version had no default for is compared with today's preset (an input
    added since); switches and the timeline are not preset data: on and empty are their
    defaults."""
    out = set()
    current: dict[str, Any] = {}
    if any(name not in defaults for name in values):
        try:
            platform = values.get("platform", DEFAULT_PRESET[0])
            current = preset_values(str(platform), str(values.get("niche", DEFAULT_PRESET[1])))
        except KeyError:
            current = {}
    for name, value in values.items():
        default = defaults.get(name, current.get(name))
        if name not in defaults and name not in current:
            if (name.startswith("model_") and value is not True) or (name == "timeline" and value):
                out.add(name)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not isinstance(default, int | float) or float(value) != float(default):
                out.add(name)
        elif value != default:
            out.add(name)
    return out


changed_from_v1 = changed_from
"""Version 1's name for ``changed_from``."""


def from_old(
    version: int,
    platform: str,
    niche: str,
    price_source: str | None,
    explicit: Mapping[str, Any],
) -> tuple[dict[str, Any], list[str]]:
    """The current field values for a plan of preset ``version``, and the names it carried
    that the current model no longer has.

    ``explicit`` holds the fields the sender set (a link's keys, or a file's changed fields).
    """
    old = old_defaults(version, platform, niche, price_source)
    data = dict(preset_values(platform, niche))
    for name in plan_fields():
        if name in old and name != "timeline":
            data[name] = old[name]
    dropped = sorted(
        name
        for name in explicit
        if name not in Scenario.model_fields and name not in ("price_source",)
    )
    data.update({k: v for k, v in explicit.items() if k in Scenario.model_fields})
    data["platform"], data["niche"] = platform, niche
    return data, dropped


def from_v1(
    platform: str,
    niche: str,
    price_source: str | None,
    explicit: Mapping[str, Any],
) -> tuple[dict[str, Any], list[str]]:
    """``from_old`` for a version-1 plan."""
    return from_old(V1, platform, niche, price_source, explicit)


def dropped_names(names: Iterable[str]) -> str:
    """Field names for a sentence: ``audience capacity followers and model saturation``."""
    words = [n.replace("_", " ") for n in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def dropped_notice(names: list[str], where: str) -> str:
    """The notice for fields an old plan carried that the current model no longer has."""
    return (
        f"Model version {_current_model()} no longer has {dropped_names(names[:5])}"
        + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        + f"; the {where}'s values for them were set aside."
    )


V1_NOTICE = (
    "This plan was made with model version 1. Your plan's inputs are kept as they were set; "
    "the figures now come from model version 3, which is calibrated to what creators report "
    "(fees no longer depend on a choice of price source) and measures whether it pays off the "
    "way you choose, so they differ from what was seen then."
)


def v2_notice(goal: str) -> str:
    """The one notice of a version-2 plan, naming the measure it opened with."""
    label = GOAL_LABELS.get(goal, goal)
    asked = " (at least even and still creating: what version 2 asked)"
    return (
        "This plan was made with model version 2. Your plan's inputs are kept as they were "
        f"set; the figures now come from model version {_current_model()}, with new defaults "
        "calibrated to what creators report (strain, quitting, deals, fees, growth), so they "
        "differ from what was seen then. It measures whether it pays off the way you choose: "
        f"this plan's measure is “{label}”{asked if goal == 'pays_for_itself' else ''}; "
        "change it under Your goal."
    )


def notice(version: int, model_version: int | None, goal: str) -> str | None:
    """The one notice for a plan made with preset ``version`` (as ``effective_version`` reads
    it) and ``model_version`` (None when the plan did not say), or None when it is current."""
    running = _current_model()
    if version == V1:
        return V1_NOTICE
    if version == V2:
        return v2_notice(goal)
    if model_version is not None and model_version < running:
        return (
            f"This plan was made with model version {model_version}; the figures now come "
            f"from model version {running}, so they differ from what was seen then."
        )
    return None
