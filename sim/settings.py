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
