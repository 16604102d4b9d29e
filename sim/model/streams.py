"""Random streams: one per mechanism, split into fixed blocks of paths.

``SeedSequence(seed)`` spawns one child per block of ``BLOCK_PATHS`` paths, and each block
spawns one child per mechanism. Every draw has a fixed shape per week whatever the state, so

- changing one parameter never reshuffles another mechanism's luck (common random numbers);
- path i's luck depends only on (seed, i): 1,000 paths are the first 1,000 of 10,000, and a
  run split across workers by blocks gives the same bits as one run.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

BLOCK_PATHS = 512

MECHANISMS: tuple[str, ...] = (
    "growth",
    "virality",
    "viral_size",
    "shocks",
    "deals",
    "deal_kind",
    "deal_value",
    "payment_terms",
    "payment_late",
    "payment_default",
    "ugc",
    "hours",
    "burnout_quit",
    "capacity",
    # overflow draws for the rare weeks with more offers than the fixed slots hold
    "deal_kind_extra",
    "deal_value_extra",
    "payment_terms_extra",
    "payment_late_extra",
    "payment_default_extra",
    # drawn once per future: what nobody knows in advance (pay, deal flow, growth)
    "unknowns",
    "unknowns_churn",
    # drawn once per future: which of the calibration's posterior draws this future lives in
    # (appended last, so every earlier mechanism keeps its numbers)
    "posterior",
)


class Streams:
    """Per-mechanism generators for blocks ``first_block .. first_block + n_blocks``."""

    def __init__(self, seed: int, first_block: int, n_paths: int) -> None:
        self.n_paths = n_paths
        n_blocks = -(-n_paths // BLOCK_PATHS)
        root = np.random.SeedSequence(seed)
        # spawn() numbers children by position, so derive the block's sequence explicitly
        # from (seed, block) to make it independent of how many blocks a run has.
        self._gens: dict[str, list[np.random.Generator]] = {m: [] for m in MECHANISMS}
        for b in range(first_block, first_block + n_blocks):
            block_seq = np.random.SeedSequence(root.entropy, spawn_key=(b,))
            for name, child in zip(MECHANISMS, block_seq.spawn(len(MECHANISMS)), strict=True):
                self._gens[name].append(np.random.Generator(np.random.PCG64(child)))

    def _fill(self, mechanism: str, width: int, normal: bool) -> NDArray[np.float64]:
        """Every block draws a full block of values, so a path's draws never depend on how
        many paths the run has; the tail of the last block is cut off."""
        out = np.empty((len(self._gens[mechanism]) * BLOCK_PATHS, width))
        for i, gen in enumerate(self._gens[mechanism]):
            block = out[i * BLOCK_PATHS : (i + 1) * BLOCK_PATHS]
            if normal:
                gen.standard_normal(out=block)
            else:
                gen.random(out=block)
        out = out[: self.n_paths]
        return out[:, 0] if width == 1 else out

    def uniform(self, mechanism: str, width: int = 1) -> NDArray[np.float64]:
        """Uniform(0, 1) draws, shape (paths,) or (paths, width)."""
        return self._fill(mechanism, width, normal=False)

    def normal(self, mechanism: str, width: int = 1) -> NDArray[np.float64]:
        """Standard normal draws, shape (paths,) or (paths, width)."""
        return self._fill(mechanism, width, normal=True)

    def for_rows(
        self, mechanism: str, rows: NDArray[np.intp], normal: bool = False
    ) -> NDArray[np.float64]:
        """One draw for each entry of ``rows`` (sorted path indices, repeats allowed), each
        from its own block's generator, so a path's draws never depend on other blocks."""
        counts = np.bincount(rows // BLOCK_PATHS, minlength=len(self._gens[mechanism]))
        parts = [
            gen.standard_normal(int(c)) if normal else gen.random(int(c))
            for gen, c in zip(self._gens[mechanism], counts, strict=False)
            if c
        ]
        return np.concatenate(parts) if parts else np.zeros(0)
