"""Reading a plan made with model version 1 into the one engine there is (version 3).

Version 1 had a third preset key (the price source) and defaults that version 2 replaced: its
model assumptions were not calibrated to what creators report, and its cost defaults described
creators who already earn. A version-1 link or file opens with the person's *inputs* kept:

- every plan field (``sim.model.scenario.plan_fields``: their time, policy, costs, stop rules,
  timeline...) as the sender saw it, the version-1 default included where they left one;
- every model assumption the sender set themselves, where version 2 still has that field;
- every other model assumption from version 2's calibrated presets.

Fields version 2 no longer has (the price source, the audience ceiling, ...) are dropped and
named. There is no second copy of the old engine: the figures now come from the current model.
A version-2 plan needs no reading of this kind: version 3 kept every input of version 2 (and
its plan defaults) and only added inputs, so its link opens as it is, with a notice that the
model changed (``sim.io.codec``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sim.model.presets import V1_PRICE_SOURCES, preset_values
from sim.model.scenario import Scenario, plan_fields

V1 = 1
V1_DEFAULT_PRICE_SOURCE = "rate_card"


def v1_defaults(platform: str, niche: str, price_source: str | None) -> dict[str, Any]:
    """Version 1's defaults for a platform, niche and price source (KeyError if unknown)."""
    source = price_source if price_source in V1_PRICE_SOURCES else V1_DEFAULT_PRICE_SOURCE
    return preset_values(platform, niche, V1, source)


def changed_from_v1(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> set[str]:
    """Fields whose value differs from version 1's default (the sender's own choices).

    Switches and the timeline are not preset data: on and empty are their defaults."""
    out = set()
    for name, value in values.items():
        if name not in defaults:
            if (name.startswith("model_") and value is not True) or (name == "timeline" and value):
                out.add(name)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if not isinstance(defaults[name], int | float) or float(value) != float(defaults[name]):
                out.add(name)
        elif value != defaults[name]:
            out.add(name)
    return out


def from_v1(
    platform: str,
    niche: str,
    price_source: str | None,
    explicit: Mapping[str, Any],
) -> tuple[dict[str, Any], list[str]]:
    """The version-2 field values for a version-1 plan, and the names it carried that
    version 2 no longer has.

    ``explicit`` holds the fields the sender set (a link's keys, or a file's changed fields).
    """
    old = v1_defaults(platform, niche, price_source)
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


def dropped_names(names: Iterable[str]) -> str:
    """Field names for a sentence: ``audience capacity followers and model saturation``."""
    words = [n.replace("_", " ") for n in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


V1_NOTICE = (
    "This plan was made with model version 1. Your plan's inputs are kept as they were set; "
    "the figures now come from model version 3, which is calibrated to what creators report "
    "(fees no longer depend on a choice of price source) and measures whether it pays off the "
    "way you choose, so they differ from what was seen then."
)
