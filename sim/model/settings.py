"""How a scenario is run: Monte Carlo precision and the seed, validated like the scenario."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_PATHS = 2000
MIN_PATHS = 100
MAX_PATHS = 20_000
DEFAULT_SEED = 42
MAX_SEED = 2**32 - 1


class RunSettings(BaseModel):
    """Number of simulated futures and the seed that fixes their luck."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    paths: int = Field(
        default=DEFAULT_PATHS,
        ge=MIN_PATHS,
        le=MAX_PATHS,
        description="Simulated futures; more paths, steadier percentiles.",
    )
    seed: int = Field(
        default=DEFAULT_SEED,
        ge=0,
        le=MAX_SEED,
        description="Fixes the luck: the same seed gives the same futures.",
    )


APP_PATH_MONTHS = 240_000
"""The most simulated path-months (futures x months) one run of the hosted app may ask for:
10,000 futures over 24 months, 4,000 over 60. A run holds about 200 bytes a path-month (35
monthly metrics in float32, plus the engine's weekly state while it runs), so this caps one
visitor's run near 50 MB and a few seconds of one core; the command line keeps ``MAX_PATHS``."""


def within_budget(settings: RunSettings, months: int, path_months: int) -> RunSettings:
    """``settings`` with at most ``path_months // months`` futures (in whole hundreds, never
    under ``MIN_PATHS``): the same seed, so the futures kept are the first ones of the run
    asked for (a path's luck does not depend on how many paths a run has)."""
    most = max(MIN_PATHS, (path_months // max(months, 1)) // 100 * 100)
    if settings.paths <= most:
        return settings
    return RunSettings(paths=most, seed=settings.seed)
