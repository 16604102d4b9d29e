"""Issue 19, item 9: the four niches added to the version-2 presets (gaming, comedy, lifestyle,
education) load, name where each value comes from, simulate, travel in a share link, and leave
the six older niches, their links and the calibration's populations as they were."""

from __future__ import annotations

import pytest

from sim.calibration.populations import CALIBRATION_NICHES, build_population
from sim.calibration.targets import default_targets
from sim.io.codec import decode_query, encode_query
from sim.model.presets import PLATFORMS, niches, preset
from sim.model.scenario import Scenario
from sim.model.settings import RunSettings
from sim.model.simulate import simulate

NEW = ("gaming", "comedy", "lifestyle", "education")
OLD = ("beauty", "fashion", "fitness", "food", "travel", "tech")
NICHE_FIELDS = (
    "niche_crowding",
    "crowding_half_followers",
    "niche_deal_demand",
    "niche_fee_multiplier",
    "affiliate_order_value_usd",
    "gifted_value_usd",
)


def test_twelve_niches_the_old_six_first() -> None:
    keys = list(niches())
    assert keys[: len(OLD)] == list(OLD)
    assert set(keys) == set(OLD) | set(NEW) | {"food", "travel"}
    assert niches()["gaming"] == "Gaming"


@pytest.mark.parametrize("niche", NEW)
def test_a_new_niche_names_a_reason_for_every_multiplier(niche: str) -> None:
    values = preset("youtube", niche)
    for field in NICHE_FIELDS:
        source = values[field].source
        assert source.startswith("assumption: "), (niche, field, source)
        assert len(source) > len("assumption: ") + 10, (niche, field)


@pytest.mark.parametrize("platform", list(PLATFORMS))
@pytest.mark.parametrize("niche", NEW)
def test_a_new_niche_simulates(platform: str, niche: str) -> None:
    sc = Scenario.from_preset(platform, niche, months=6)
    summary = simulate(sc, 40, 3).summary
    assert 0.0 <= summary.p_profitable <= 1.0
    assert summary.followers_p50 > 0


@pytest.mark.parametrize("niche", NEW)
def test_a_link_to_a_new_niche_round_trips(niche: str) -> None:
    sc = Scenario.from_preset("tiktok", niche, posts_per_week=4.0)
    decoded = decode_query(encode_query(sc, RunSettings()))
    assert decoded.scenario == sc
    assert not decoded.notices


@pytest.mark.parametrize("niche", OLD)
def test_an_old_link_still_resolves_to_the_same_values(niche: str) -> None:
    sc = Scenario.from_preset("instagram", niche)
    decoded = decode_query(encode_query(sc, RunSettings()))
    assert decoded.scenario == sc
    assert (
        decoded.scenario.niche_deal_demand == preset("instagram", niche)["niche_deal_demand"].value
    )


def test_the_calibration_populations_keep_the_six_niches_it_was_run_with() -> None:
    assert set(CALIBRATION_NICHES) == set(OLD)
    population = next(iter(default_targets().populations.values()))
    used = {v.scenario.niche for v in build_population(population, 24)}
    assert used == set(OLD)
