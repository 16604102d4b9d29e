"""The personas of issue 18 (model version 3), as the model answers them today: prints figures.

    python bench/personas.py [--paths 2000] [--seed 1]

Each row is a plan a person would try; the figures are the chance it meets the person's own
measure (``p_success``, with the measure named), the chance of profit, of reported strain and
of stopping for good, and the median net and followers. Run it on two commits to compare
model versions (the script reads only public entry points).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim import Scenario, simulate  # noqa: E402
from sim.model.presets import plans  # noqa: E402


def side_hustle(platform: str, followers: int, **more: object) -> Scenario:
    values = {**plans()["side_hustle"].values, "start_followers": followers, **more}
    return Scenario.from_preset(platform, "fashion", **values)


def personas() -> list[tuple[str, Scenario]]:
    full_time = plans()["going_full_time"].values
    rows: list[tuple[str, Scenario]] = [
        ("side hustle, Instagram 1k, 40 h job", side_hustle("instagram", 1_000)),
        (
            "side hustle, Instagram 1k, 20 h job",
            side_hustle("instagram", 1_000, job_hours_per_week=20.0),
        ),
    ]
    for job in (30.0, 35.0, 40.0, 45.0):
        rows.append(
            (
                f"side hustle, Instagram 50k, {job:.0f} h job",
                side_hustle("instagram", 50_000, job_hours_per_week=job),
            )
        )
    rows.append(("side hustle, Instagram 200k", side_hustle("instagram", 200_000)))
    for posts in (0.5, 1.0, 3.0, 7.0):
        rows.append(
            (
                f"side hustle, Instagram 50k, {posts:g} posts a week",
                side_hustle("instagram", 50_000, posts_per_week=posts),
            )
        )
    rows.append(("side hustle, TikTok 50k, going rate", side_hustle("tiktok", 50_000)))
    rows.append(
        ("side hustle, TikTok 50k, asking 4x", side_hustle("tiktok", 50_000, asking_rate_pct=400.0))
    )
    for posts in (2.0, 6.0):
        rows.append(
            (
                f"Instagram 3k, {posts:g} posts a week, 12 months",
                Scenario.from_preset(
                    "instagram", "fashion", start_followers=3_000, posts_per_week=posts, months=12
                ),
            )
        )
    rows.append(
        (
            "YouTube 60k, no day job, 40 h creating",
            Scenario.from_preset(
                "youtube",
                "tech",
                **{
                    **full_time,
                    "start_followers": 60_000,
                    "posts_per_week": 4.0,
                    "hours_per_post": 6.0,
                },
            ),
        )
    )
    rows.append(
        (
            "full-time, Instagram 20k, 6 posts x 3 h",
            Scenario.from_preset(
                "instagram",
                "fashion",
                **{
                    **full_time,
                    "start_followers": 20_000,
                    "posts_per_week": 6.0,
                    "hours_per_post": 3.0,
                },
            ),
        )
    )
    for platform, niche in (("instagram", "fashion"), ("tiktok", "beauty"), ("youtube", "tech")):
        for plan in plans().values():
            rows.append(
                (
                    f"quick start: {plan.label}, {platform} {niche}",
                    Scenario.from_preset(platform, niche, **plan.values),
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paths", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    head = ("success", "profit", "strain", "stop")
    print(
        f"{'plan':<52} {'goal':<16} "
        + " ".join(f"{h:>7}" for h in head)
        + f" {'net p50':>10} {'followers p50':>14}"
    )
    for name, scenario in personas():
        s = simulate(scenario, args.paths, args.seed).summary
        goal = getattr(s, "goal", "works out")
        print(
            f"{name:<52} {goal:<16} {s.p_success:7.1%} {s.p_profitable:7.1%} {s.p_strain:7.1%} "
            f"{s.p_quit:7.1%} {s.net_profit_usd_p50:10,.0f} {s.followers_p50:14,.0f}"
        )


if __name__ == "__main__":
    main()
