"""The Plans d'action view: urgency order, lateness, and the indicator's movement read from the
same published figures as the QVT page (a group the publication cannot show is "masqué")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mututrack import plans
from mututrack.filters import Filters
from mututrack.store import Store
from mututrack.views import actions, qvt

TODAY = dt.date(2026, 12, 4)
CREATED = dt.datetime(2026, 7, 1)  # after 2026-T2 closed (30/06), before 2026-T3


def _add(store: Store, title: str, *, now: dt.datetime = CREATED, **fields) -> str:
    action = plans.Action(title=title, owner="DRH", **fields)
    return plans.create(store, action, user="test", role="hr", now=now)


def test_late_first_then_due_soonest_then_undated_then_closed(store: Store) -> None:
    _add(store, "done", due_date=dt.date(2026, 1, 1), status="fait")
    _add(store, "undated")
    _add(store, "later", due_date=dt.date(2027, 2, 1))
    _add(store, "very late", due_date=dt.date(2026, 9, 1))
    _add(store, "soon", due_date=dt.date(2026, 12, 10), status="en_cours")
    _add(store, "late", due_date=dt.date(2026, 12, 1))
    data = actions.compute(store, Filters(), today=TODAY)
    table = data["actions"]
    assert table["title"].tolist() == ["very late", "late", "soon", "later", "undated", "done"]
    assert table["late"].tolist() == [True, True, False, False, False, False]
    assert table["days_late"].tolist()[:2] == [94, 3]
    assert table["days_left"].tolist()[2] == 6
    assert (data["late"], data["open"], data["total"]) == (2, 5, 6)
    assert table["movement"].iloc[0] == "Aucun indicateur suivi"
    _add(store, "followed", indicator="who5_mean")
    followed = actions.compute(store, Filters(), today=TODAY)["actions"].set_index("title")
    assert followed.loc["followed", "movement"] == "Aucune vague d'enquête encore"


def test_the_movement_is_the_published_qvt_figure(demo_store: Store) -> None:
    _add(demo_store, "org", indicator="who5_mean")
    _add(demo_store, "cat A", indicator="who5_mean", group_kind="category", group_value="A")
    _add(demo_store, "nowhere", indicator="who5_mean", group_kind="entity", group_value="NOWHERE")
    table = actions.compute(demo_store, Filters(), today=TODAY)["actions"].set_index("title")
    waves = demo_store.query("qvt_waves")["wave"].tolist()
    assert table.loc["org", "baseline_wave"] == "2026-T2" and table.loc["org", "latest_wave"] == waves[-1]

    def published(wave: str, **chosen: str) -> float:
        trend = qvt.compute(demo_store, Filters(wave=wave, **chosen))["trend"]
        return float(trend.loc[trend["wave"] == wave, "who5_index_mean"].iloc[0])

    for title, chosen in (("org", {}), ("cat A", {"category": "A"})):
        row = table.loc[title]
        assert row["baseline_value"] == published("2026-T2", **chosen)
        assert row["latest_value"] == published(waves[-1], **chosen)
        assert row["change"] == row["latest_value"] - row["baseline_value"]
    masked = table.loc["nowhere"]
    assert pd.isna(masked["baseline_value"]) and pd.isna(masked["change"])
    assert masked["movement"].startswith("2026-T2 : masqué · ")


def test_the_change_is_written_with_the_typographic_minus_and_points() -> None:
    measures = {"who5_mean": "who5", "inv_heard": "item:inv_heard"}
    assert actions.change_text(-2.54, "who5_mean", measures) == "\u22122,5"
    assert actions.change_text(0.04, "inv_heard", measures) == "+4 pts"
    assert actions.written(0.625, "inv_heard", measures) == "62\u202f%"


def test_an_action_before_any_closed_wave_waits_and_an_unknown_indicator_says_so(demo_store: Store) -> None:
    _add(demo_store, "early", indicator="who5_mean", now=dt.datetime(2026, 1, 5))
    _add(demo_store, "odd", indicator="retired_item")
    table = actions.compute(demo_store, Filters(), today=TODAY)["actions"].set_index("title")
    assert pd.isna(table.loc["early", "baseline_wave"]) and pd.notna(table.loc["early", "latest_value"])
    assert table.loc["odd", "movement"] == "Indicateur inconnu de ce questionnaire"
