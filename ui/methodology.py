"""Tables and charts for the Methodology page, read from the engine's data (never copied): the
defaults and their sources, the calibrated price of a post, and the model against every
published outcome target ("How the model compares with what creators report").
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from sim.analysis.sensitivity import value_text
from sim.calibration.rows import Target
from sim.calibration.targets import TargetSet
from sim.calibration.validate import Row
from sim.io.export import field_shown, unit_words
from sim.io.labels import field_label
from sim.model import engine
from sim.model import equations as eq
from sim.model import format as fmt
from sim.model.presets import PLATFORMS, preset
from sim.model.scenario import GROUPS, Scenario, field_group, field_unit
from ui import row_charts

FEE_FOLLOWERS = (1_000, 5_000, 10_000, 50_000, 100_000)
Z_90 = 1.2815515655446004
"""The standard normal's 90th percentile: 8 creators in 10 sit within exp(+-Z_90 sigma)."""


# --- defaults and their sources -------------------------------------------------------------


def _no_published_source(source: str) -> bool:
    return source.strip().lower().startswith(("assumption", "starting point"))


_CALIBRATED = re.compile(r"^calibrated \(ABC, stage (?P<stage>\w+), (?P<draws>\d+) draws\): ")
_INTERVAL = re.compile(r"90% interval (?P<lo>[-\d.e+]+)-(?P<hi>[-\d.e+]+)")
_TARGETS = re.compile(r"; targets: (?P<ids>[\w, ]+)$")


def plain_source(source: str, targets: TargetSet | None = None) -> str:
    """A preset's source in words a person reads: the calibration's own notes ("ABC, stage
    fees, 96 draws ... 90% interval ...; targets: ids") say what they were fitted to, which
    range is likely and the published figures behind them, by source."""
    match = _CALIBRATED.match(source)
    if match is None:
        return source
    text = source[match.end() :]
    text = _INTERVAL.sub(lambda m: f"likely between {m['lo']} and {m['hi']}", text)
    found = _TARGETS.search(text)
    if found is not None:
        text = text[: found.start()]
        ids = [i.strip() for i in found["ids"].split(",")]
        sources = _target_sources(ids, targets)
        if sources:
            text += "; fitted to " + "; ".join(sources)
    return f"Fitted to what creators report ({match['stage']}): {text}"


def _target_sources(ids: Sequence[str], targets: TargetSet | None) -> list[str]:
    if targets is None:
        return []
    by_id = {t.id: t for t in targets.targets}
    seen: list[str] = []
    for i in ids:
        t = by_id.get(i)
        if t is not None and t.source not in seen:
            seen.append(t.source)
    return seen


def parameter_table(scenario: Scenario, targets: TargetSet | None = None) -> pd.DataFrame:
    """Every default of the scenario's own preset (platform x niche): input, default, the
    value now, unit, source and whether it has no published source; in sidebar order."""
    data = preset(*scenario.preset_key())
    rows = []
    for name in Scenario.model_fields:
        if name not in data or name in ("platform", "niche"):
            continue
        src = data[name]
        rows.append(
            {
                "Group": field_group(name),
                "Input": field_label(name),
                "Field": name,
                "Default": _shown(name, src.value),
                "Your value": _shown(name, getattr(scenario, name)),
                "Unit": unit_words(field_unit(name)),
                "Source": plain_source(src.source, targets),
                "No published source": _no_published_source(src.source),
            }
        )
    frame = pd.DataFrame(rows)
    order = {g: i for i, g in enumerate(GROUPS)}
    return frame.sort_values("Group", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def _shown(name: str, value: object) -> str:
    """A default as the sidebar shows it: shares in percent, money in dollars."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field_unit(name) == "log-sd":
        return field_shown(name, value)  # "about 1.6 times either way", not 0.5 log-sd
    if isinstance(value, int | float):
        return value_text(name, float(value), unit=False)
    return str(value)


def fee_table(niche: str) -> pd.DataFrame:
    """The calibrated price of one sponsored post, per platform and follower count, for one
    niche: the median creator's fee, and the range 8 creators in 10 are paid (what each future
    draws from: nobody knows in advance where in it they sit)."""
    rows = []
    followers = np.asarray(FEE_FOLLOWERS, dtype=np.float64)
    for platform, platform_label in PLATFORMS.items():
        p = preset(platform, niche)
        sigma = float(p["fee_creator_sigma"].value)
        medians = eq.median_fee_usd(
            followers,
            float(p["fee_usd_at_1k_followers"].value),
            float(p["fee_follower_elasticity"].value),
            float(p["niche_fee_multiplier"].value),
            np.ones_like(followers),
        )
        for f, median in zip(FEE_FOLLOWERS, medians, strict=True):
            low = float(median) * math.exp(-Z_90 * sigma)
            high = float(median) * math.exp(Z_90 * sigma)
            rows.append(
                {
                    "Platform": platform_label,
                    "Followers": fmt.count(f),
                    "Median creator's fee a post": fmt.money(float(median)),
                    "8 creators in 10 are paid between": f"{fmt.money(low)} and {fmt.money(high)}",
                }
            )
    return pd.DataFrame(rows)


# --- the model against what creators report --------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How a statistic is read: its scale, number format and axis."""

    key: str
    title: str
    vega_format: str
    log: bool

    def show(self, x: float) -> float:
        return 10.0**x if self.key == "fee" else x

    def text(self, x: float) -> str:
        if not math.isfinite(x):
            return "–"
        value = self.show(x)
        if self.key == "fee":
            return fmt.money(value)
        if self.key == "share":
            return fmt.pct(value)
        if self.key in ("growth", "engagement"):
            return fmt.pct(value, decimals=2 if abs(value) < 0.01 else 1)
        if self.key == "month":
            return f"month {value:.0f}"
        if self.key == "deals":
            return f"{value:.1f} a month"
        if self.key == "hours":
            return fmt.hours_a_week(value)
        return fmt.money(value, cents=True)


KINDS: dict[str, Kind] = {
    "share": Kind("share", "Share of creators, deals or money", ".0%", log=False),
    "fee": Kind("fee", "Fee per post in USD (log scale)", "$,.0f", log=True),
    "growth": Kind("growth", "Follower growth a month", ".1%", log=False),
    "engagement": Kind("engagement", "Engagement rate (log scale)", ".1%", log=True),
    "month": Kind("month", "Months", ",.0f", log=False),
    "deals": Kind("deals", "Deals a month", ",.1f", log=False),
    "usd_per_1000": Kind("usd_per_1000", "USD per 1,000 qualified views", "$,.2f", log=False),
    "hours": Kind("hours", "Hours a week", ",.0f", log=False),
}


def kind_of(statistic: str) -> Kind:
    if statistic.startswith("log10_"):
        return KINDS["fee"]
    if statistic == "median_monthly_growth":
        return KINDS["growth"]
    if statistic == "median_engagement":
        return KINDS["engagement"]
    if statistic.startswith("median_month"):
        return KINDS["month"]
    if statistic.startswith("median_deals"):
        return KINDS["deals"]
    if statistic.startswith("platform_usd"):
        return KINDS["usd_per_1000"]
    if statistic.endswith("hours_per_week"):
        return KINDS["hours"]
    return KINDS["share"]


def verdict(target: Target, row: Row | None) -> str:
    """Where the model stands on one target, in words."""
    if row is None or not math.isfinite(row.model):
        return "not checked yet"
    if target.status == "population":
        return "population input"
    if target.status == "gap":
        return "documented gap"
    inside = target.inside(row.model)
    if target.status == "rule":
        return "rule holds" if inside else "rule broken"
    return "inside" if inside else "outside"


def _published_text(t: Target, kind: Kind) -> str:
    if t.bound == "at_most":
        return f"at most {kind.text(t.value)}"
    if t.bound == "at_least":
        return f"at least {kind.text(t.value)}"
    if t.tolerance == 0:
        return kind.text(t.value)
    return f"{kind.text(t.value)} ({kind.text(t.low)} to {kind.text(t.high)})"


def _model_text(row: Row | None, kind: Kind) -> str:
    if row is None or not math.isfinite(row.model):
        return "not checked yet"
    main = kind.text(row.model)
    if kind.text(row.model_low) == kind.text(row.model_high) == main:
        return main
    return f"{main} ({kind.text(row.model_low)} to {kind.text(row.model_high)})"


def _why(t: Target, row: Row | None, verdict_text: str, kind: Kind) -> str:
    if verdict_text == "documented gap":
        return t.gap_reason or ""
    if verdict_text == "outside" and t.miss_reason:
        return t.miss_reason
    if verdict_text in ("outside", "rule broken") and row is not None:
        side = "above" if row.model > t.high else "below"
        return f"The model is {side} the published range. About the source: {t.quality}."
    if verdict_text == "not checked yet":
        return "Added to the targets after the shipped comparison was made."
    return ""


def _stale(t: Target, row: Row | None) -> bool:
    """The shipped comparison was made against another version of this target."""
    return row is not None and (
        row.value != t.value or row.tolerance != t.tolerance or row.statistic != t.statistic
    )


def validation_frame(rows: Sequence[Row], targets: TargetSet) -> pd.DataFrame:
    """One row per target of the targets file, in its order, whether or not the shipped
    comparison has it: nothing is dropped. The model's figures come from ``rows`` by id; the
    published figure, tolerance, status and reason from the targets file."""
    by_id = {r.id: r for r in rows}
    out: list[dict[str, Any]] = []
    for t in targets.targets:
        row = by_id.get(t.id)
        kind = kind_of(t.statistic)
        said = verdict(t, row)
        if _stale(t, row):
            said += " (checked against an earlier version of this target)"
        model = row.model if row is not None else math.nan
        out.append(
            {
                "id": t.id,
                "section": t.section,
                "kind": kind.key,
                "figure": t.figure,
                "source": t.source,
                "population": targets.populations[t.population].label,
                "published_text": _published_text(t, kind),
                "model_text": _model_text(row, kind),
                "verdict": said,
                "verdict_key": verdict(t, row),
                "why": _why(t, row, verdict(t, row), kind),
                "quality": t.quality,
                "status": t.status,
                "value": kind.show(t.value),
                "low": kind.show(t.low) if math.isfinite(t.low) else math.nan,
                "high": kind.show(t.high) if math.isfinite(t.high) else math.nan,
                "model": kind.show(model) if math.isfinite(model) else math.nan,
                "model_low": kind.show(row.model_low) if row is not None else math.nan,
                "model_high": kind.show(row.model_high) if row is not None else math.nan,
            }
        )
    return pd.DataFrame(out)


def verdict_counts(frame: pd.DataFrame) -> str:
    """'Of 57 published figures: 30 inside ..., 5 outside, ...' in one sentence."""
    counts = frame["verdict_key"].value_counts()
    order = [
        ("inside", "inside their tolerance"),
        ("outside", "outside it"),
        ("documented gap", "documented gaps"),
        ("rule holds", "platform rules that hold"),
        ("rule broken", "platform rules broken"),
        ("population input", "used to build the simulated populations"),
        ("not checked yet", "not checked yet"),
    ]
    parts = [f"{counts[k]} {words}" for k, words in order if counts.get(k, 0)]
    return f"Of {len(frame)} published figures: " + ", ".join(parts) + "."


def validation_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison as a person reads it."""
    return pd.DataFrame(
        {
            "Topic": frame["section"],
            "Published": frame["figure"],
            "Source": frame["source"],
            "Who": frame["population"],
            "Published figure": frame["published_text"],
            "Model (range over redraws of luck)": frame["model_text"],
            "Verdict": frame["verdict"],
            "Why": frame["why"],
            "How the figure is read": frame["quality"],
        }
    )


def misses(frame: pd.DataFrame) -> list[str]:
    """Each target the model misses or documents as a gap, as a markdown bullet."""
    out = []
    for r in frame.itertuples(index=False):
        if str(r.verdict).startswith(("outside", "documented gap", "rule broken")):
            out.append(
                f"**{r.figure}** ({r.source}). Published {r.published_text}; the model "
                f"{r.model_text}: {r.verdict}. {r.why}"
            )
    return out


def _domain(kind: Kind, values: pd.DataFrame) -> tuple[float, float]:
    finite = values.to_numpy(dtype=np.float64).ravel()
    finite = finite[np.isfinite(finite)]
    if kind.key == "share":
        return (0.0, 1.0)
    if kind.log:
        positive = finite[finite > 0]
        lo = float(positive.min()) if positive.size else 1.0
        hi = float(positive.max()) if positive.size else 10.0
        return (lo / 1.6, hi * 1.6)
    lo = min(0.0, float(finite.min())) if finite.size else 0.0
    hi = float(finite.max()) if finite.size else 1.0
    pad = 0.08 * (hi - lo or 1.0)
    return (lo - (pad if lo < 0 else 0.0), hi + pad)


FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
"""Fit a chart to the page's width and leave its height to its rows."""


def rows_in_pixels(chart: alt.LayerChart) -> alt.LayerChart:
    """The same rows with the chart's height in pixels instead of a step per row, fitted to
    the page's width only.

    Streamlit's theme asks Vega-Lite to fit charts to their container (autosize "fit"), and
    Vega-Lite cannot fit a stepped height: each such chart logged 'Dropping "fit-y" because
    spec has discrete height' in the browser (eleven on this page), whichever fit was asked. A
    band scale's rows are ``step`` apart over ``n - paddingInner + 2 * paddingOuter`` steps,
    so that many pixels keep every row as high as before; "fit-x" leaves them so."""
    height = chart.height
    if not isinstance(height, alt.Step):
        return chart
    scales = (
        layer.encoding.to_dict(validate=False).get("y", {}).get("scale")
        for layer in chart.layer
        if isinstance(layer, alt.Chart) and layer.encoding is not alt.Undefined
    )
    scale = next((s for s in scales if isinstance(s, dict) and "domain" in s), None)
    if scale is None:
        return chart
    steps = (
        len(scale["domain"]) - scale.get("paddingInner", 0.0) + 2 * scale.get("paddingOuter", 0.0)
    )
    return chart.properties(height=round(height.step * steps, 2), autosize=FIT_WIDTH)


def validation_charts(frame: pd.DataFrame, section: str) -> list[tuple[str, alt.LayerChart]]:
    """The chart(s) of one section: one per kind of figure, each on its own scale (shares on
    0-100%, fees and engagement on log scales), titled by what its axis measures."""
    part = frame[frame["section"] == section]
    charts = []
    for key in dict.fromkeys(part["kind"]):
        kind = KINDS[str(key)]
        rows = part[part["kind"] == key].copy()
        lo, hi = _domain(kind, rows[["low", "high", "value", "model", "model_low", "model_high"]])
        rows["low"] = rows["low"].fillna(lo).clip(lower=lo, upper=hi)
        rows["high"] = rows["high"].fillna(hi).clip(lower=lo, upper=hi)
        rows["row"] = rows["figure"]
        chart = row_charts.published_vs_model(
            rows,
            x_title=kind.title,
            value_format=kind.vega_format,
            log=kind.log,
            domain=(lo, hi),
        )
        charts.append((kind.title, rows_in_pixels(chart)))
    return charts


def provenance_text(provenance: dict[str, Any]) -> str:
    """How the shipped comparison was made, in plain words."""
    when = str(provenance.get("created_utc", ""))[:10] or "an unknown date"
    paths = provenance.get("paths")
    futures = f" with {fmt.count(float(paths))} simulated futures per creator" if paths else ""
    # a table rebuilt from the posterior by a later model says which model checked it
    made_by = provenance.get("rebuilt_by") or provenance
    version = made_by.get("model_version", "?")
    commit = made_by.get("git_commit")
    made = f" (build {commit})" if commit else ""
    return (
        f"Checked on {when}{futures}, model version {version}{made}. Each population is a few "
        "simulated creators spread over the platforms, plans and follower range the survey "
        "describes. The model's range is where its figure lands in 9 of 10 redraws of the "
        "simulated luck."
    )


def programme_table(niche: str) -> pd.DataFrame:
    """Each platform's creator programme as the presets encode its published rules."""
    rows = []
    for platform, label in PLATFORMS.items():
        p = {k: float(v.value) for k, v in preset(platform, niche).items() if _numeric(v.value)}
        pays = p["payout_usd_per_1000_views"] > 0 and p["payout_qualifying_view_share"] > 0
        alt_route = p["payout_alt_min_views_90d"]
        rows.append(
            {
                "Platform": label,
                "Followers needed": fmt.count(p["payout_min_followers"]) if pays else "–",
                "Watch hours in 12 months": fmt.count(p["payout_min_watch_hours_12m"])
                if pays and p["payout_min_watch_hours_12m"]
                else "–",
                "Or views in 90 days": fmt.count(alt_route) if pays and alt_route else "–",
                "Views in 30 days": fmt.count(p["payout_min_views_30d"])
                if pays and p["payout_min_views_30d"]
                else "–",
                "Views that pay": fmt.pct(p["payout_qualifying_view_share"]) if pays else "none",
                "Pay per 1,000 paid views": fmt.money(p["payout_usd_per_1000_views"], cents=True)
                if pays
                else "no programme",
            }
        )
    return pd.DataFrame(rows)


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def text_constants() -> dict[str, str]:
    """The engine's constants as the methodology text writes them (its ``{name}`` fields)."""
    profile = eq.SEASON_PROFILE
    season = eq.FEE_SEASON_SHARE
    return {
        "ewma_weeks": f"{engine.EWMA_WEEKS:g}",
        "max_offers": f"{engine.MAX_OFFERS_PER_WEEK_RATE:g}",
        "max_late_days": f"{engine.MAX_LATE_DAYS:g}",
        "ugc_delay_weeks": f"{engine.UGC_DELAY_WEEKS:d}",
        "fatigue_after_rest": f"{engine.FATIGUE_AFTER_REST:g}",
        "max_known_deal_level": f"{engine.MAX_KNOWN_DEAL_LEVEL:g}",
        "salary_hours": f"{eq.SALARY_HOURS:g}",
        "nov_dec_share": fmt.pct(sum(profile[10:]) / sum(profile)),
        "q4_share": fmt.pct(sum(profile[9:]) / sum(profile)),
        "fee_season_share": f"{season:g}",
        "fee_season_words": "half" if season == 0.5 else f"{season:g} times",
    }
