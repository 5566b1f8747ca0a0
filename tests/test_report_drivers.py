"""``mututrack report --format json [--wave W]``: the ``drivers`` key, on generated data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mututrack import cli
from mututrack.store import Store
from tests.fixtures_drivers import CLOSED, PLANTED, add_planted_wave, planted_people
from tests.fixtures_qvt import add_wave

KEYS = {"item", "label", "importance", "low", "high", "n"}


def _report(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    assert cli.main(["report", "--db", str(db), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["drivers"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "planted.duckdb"
    store = Store(path)
    add_planted_wave(store, "2026-T1")
    add_wave(store, "2026-T2", planted_people(30, seed=8), closed_at=CLOSED)  # too few for drivers
    store.close()
    return path


def test_the_planted_driver_comes_first_with_its_interval_above_zero(db, capsys):
    drivers = _report(db, capsys, "--wave", "2026-T1")
    assert drivers["wave"] == "2026-T1"
    for outcome in ("who5", "enps"):
        first = drivers[outcome][0]
        assert set(first) == KEYS
        assert first["item"] == PLANTED and first["label"] == "Autonomie"
        assert first["low"] > 0 and first["n"] == 240
        importances = [row["importance"] for row in drivers[outcome]]
        assert importances == sorted(importances, reverse=True)
        assert f"{outcome}_reason" not in drivers
        assert drivers[f"{outcome}_items"][0]["item"] == PLANTED


def test_the_latest_wave_by_default_with_the_reason_when_too_few_answered(db, capsys):
    drivers = _report(db, capsys)
    assert drivers["wave"] == "2026-T2"
    assert drivers["who5"] == [] and drivers["enps"] == []
    assert drivers["who5_reason"] == "too_few" and drivers["enps_reason"] == "too_few"


def test_an_unknown_wave_gives_no_driver(db, capsys):
    drivers = _report(db, capsys, "--wave", "1999")
    assert drivers["who5"] == [] and drivers["who5_reason"] == "no_wave"
