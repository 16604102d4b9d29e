"""The history readers on files built in the platforms' real export layouts (issue 17): Meta's
per-metric files told apart by their title line, YouTube Studio's per-video chart data summed
per date, TikTok Studio's Overview export, and headers and month names in Spanish, French,
German and Portuguese.

Layouts (as public parsers of these exports record them):
- Meta Business Suite: UTF-16 with a byte-order mark, ``sep=,``, a quoted title line
  ("Instagram follows", "Views", "Facebook follows"...), then ``"Date","Primary"``.
- YouTube Studio advanced mode, Chart data.csv with videos compared:
  ``Date,Content,Video title,Video publish time,Duration,<metric>``, one row per video a day.
- TikTok Studio Overview.csv: ``"Date","Video Views","Profile Views","Likes","Comments",
  "Shares"`` and, in current exports, ``"New followers"`` (the day's net change); dates
  without a year ("28 May", "September 25").
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from sim.history.fit import HistoryProblem, read_and_fit
from sim.history.read import read_history
from sim.model.presets import plans
from sim.model.scenario import Scenario

TODAY = date(2025, 3, 1)
BASE = Scenario.from_preset("youtube", "tech", **plans()["side_hustle"].values)
DAYS = [TODAY - timedelta(days=70 - i) for i in range(70)]


def meta_file(title: str | None, per_day: int = 4) -> bytes:
    lines = ["sep=,"] + ([f'"{title}"'] if title is not None else []) + ['"Date","Primary"']
    lines += [f'"{d.isoformat()}T00:00:00","{per_day + d.day % 3}"' for d in DAYS]
    return ("\n".join(lines) + "\n").encode("utf-16")


def test_meta_files_are_told_apart_by_their_title_line() -> None:
    """Before: every "Date","Primary" file was read as Instagram follows."""
    history = read_history(meta_file("Instagram follows"), followers_now=5000, today=TODAY)
    assert history.layout == "meta" and history.gains_only
    for title, said in [
        ("Views", "counts “Views”, not follows"),
        ("Instagram reach", "not follows"),
        ("Facebook follows", "is “Facebook follows”, not Instagram follows"),
        ("Instagram unfollows", "not follows"),
        (None, "no title line"),
    ]:
        with pytest.raises(HistoryProblem, match=said):
            read_history(meta_file(title), followers_now=5000, today=TODAY)


def youtube_chart_data(header: str, videos: int = 3) -> tuple[bytes, list[int]]:
    """Chart data.csv with ``videos`` compared: a row per video per date; the day's change
    in subscribers is the sum over the videos."""
    rng = np.random.default_rng(5)
    rows, per_day = [header], []
    for d in DAYS:
        gains = rng.integers(0, 400, videos)
        per_day.append(int(gains.sum()))
        for v, g in enumerate(gains):
            rows.append(f'{d.isoformat()},vid{v:08d},"Video {v}, part {v}",{DAYS[0]},612,{g}')
    return ("\n".join(rows) + "\n").encode(), per_day


def test_youtube_per_video_chart_data_is_summed_per_date() -> None:
    """Before: one row per date was kept (the first week 6,078 against a true 5,000)."""
    data, per_day = youtube_chart_data(
        "Date,Content,Video title,Video publish time,Duration,Subscribers"
    )
    now = 100_000
    history = read_history(data, followers_now=now, today=TODAY)
    assert history.layout == "youtube" and history.dates.size == len(DAYS)
    assert np.diff(history.followers).tolist() == per_day[1:]
    assert history.followers[0] == now - sum(per_day[1:])
    assert any("added to that date's change" in n for n in history.notes)


@pytest.mark.parametrize(
    "header",
    [
        "Fecha,Contenido,Título del video,Hora de publicación del video,Duración,Suscriptores",
        "Date,Contenu,Titre de la vidéo,Heure de publication de la vidéo,Durée,Abonnés",
        "Datum,Inhalt,Videotitel,Veröffentlichungszeit des Videos,Dauer,Abonnenten",
        "Data,Conteúdo,Título do vídeo,Horário de publicação do vídeo,Duração,Inscritos",
    ],
    ids=["es", "fr", "de", "pt"],
)
def test_youtube_chart_data_with_localized_headers(header: str) -> None:
    """French "Abonnés" is a daily change here (the file has YouTube's Contenu column) and a
    total in a plain date,abonnés file."""
    data, per_day = youtube_chart_data(header)
    history = read_history(data, followers_now=100_000, today=TODAY)
    assert history.layout == "youtube"
    assert np.diff(history.followers).tolist() == per_day[1:]


def follower_totals(header: str, date_text: object, quote: bool = True) -> bytes:
    q = '"' if quote else ""
    rows = [header]
    for i, d in enumerate(DAYS):
        rows.append(f"{q}{date_text(d)}{q},{q}{1000 + 7 * i}{q}")  # type: ignore[operator]
    return ("\ufeff" + "\n".join(rows) + "\n").encode("utf-8")


ES = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
DE = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
PT = "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"


@pytest.mark.parametrize(
    ("header", "date_text"),
    [
        ('"Fecha","Seguidores"', lambda d: f"{d.day} de {ES.split()[d.month - 1]}"),
        ('"Date","Abonnés"', lambda d: f"{d.day} {FR.split()[d.month - 1]} {d.year}"),
        ('"Datum","Follower"', lambda d: f"{d.day}. {DE.split()[d.month - 1]} {d.year}"),
        (
            '"Data","Seguidores"',
            lambda d: f"{d.day} de {PT.split()[d.month - 1]} de {d.year}",
        ),
    ],
    ids=["es", "fr", "de", "pt"],
)
def test_follower_totals_with_localized_headers_and_month_names(
    header: str, date_text: object
) -> None:
    """Before: 'no date and follower columns' for every one of these."""
    history = read_history(follower_totals(header, date_text), today=TODAY)
    assert history.layout == "plain"
    assert history.dates[0] == np.datetime64(DAYS[0]) and history.dates[-1] == np.datetime64(
        DAYS[-1]
    )
    assert history.followers[-1] == 1000 + 7 * 69
    fit = read_and_fit(follower_totals(header, date_text), BASE, today=TODAY)
    assert fit.scenario.start_followers == 1000 + 7 * 69


def tiktok_overview(with_followers: bool) -> bytes:
    header = '"Date","Video Views","Profile Views","Likes","Comments","Shares"'
    header += ',"New followers"' if with_followers else ""
    rows = [header]
    for i, d in enumerate(DAYS):
        extra = f',"{12 + i % 5 - (3 if i % 9 == 0 else 0)}"' if with_followers else ""
        rows.append(
            f'"{d:%B} {d.day}","{800 + 31 * i}","{i % 7}","{40 + i}","{i % 4}","{i % 3}"{extra}'
        )
    return ("\ufeff" + "\n".join(rows)).encode("utf-8")  # no newline at the end, as TikTok's


def test_tiktok_overview_export_with_new_followers_is_read() -> None:
    """Before: 'no date and follower columns'."""
    history = read_history(tiktok_overview(True), followers_now=3000, today=TODAY)
    assert history.layout == "tiktok_overview" and not history.gains_only
    assert history.followers[-1] == 3000 and history.dates[-1] == np.datetime64(DAYS[-1])
    changes = [12 + i % 5 - (3 if i % 9 == 0 else 0) for i in range(len(DAYS))]
    assert np.diff(history.followers).tolist() == changes[1:]
    with pytest.raises(HistoryProblem, match="follower count today"):
        read_history(tiktok_overview(True), today=TODAY)


def test_tiktok_overview_export_without_followers_says_which_file_to_use() -> None:
    with pytest.raises(HistoryProblem, match=r"FollowerHistory\.csv"):
        read_history(tiktok_overview(False), followers_now=3000, today=TODAY)
