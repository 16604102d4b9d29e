"""Every chart writes numbers as the text does: ``-$800``, not Vega's ``−$800``.

d3's number format (what Vega-Lite's ``format`` uses) writes a negative number with U+2212 by
default, the text (``sim.model.format``) with the ASCII hyphen-minus. The text's sign is the one a
person can copy, paste and type, so the charts follow it: ``config.locale`` holds
``sim.model.format.VEGA_LOCALE``.

Altair applies its active theme when a chart becomes a spec, so the locale goes into the two
themes the app's charts are drawn with, each otherwise as it was: ``default`` (the Plan page's
cached specs and the exported images) and ``none`` (what ``st.altair_chart`` switches to while
it converts a chart). Importing ``ui`` registers them.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sim.model import format as fmt

_DEFAULT_VIEW = {"continuousWidth": 300, "continuousHeight": 300}
"""Altair's own default theme: the view size used where a chart sets none."""


def _with_locale(config: dict[str, Any]) -> Any:
    return {"config": {**config, "locale": fmt.VEGA_LOCALE}}


@alt.theme.register("default", enable=alt.theme.active == "default")
def _default() -> Any:
    return _with_locale({"view": dict(_DEFAULT_VIEW)})


@alt.theme.register("none", enable=alt.theme.active == "none")
def _none() -> Any:
    return _with_locale({})
