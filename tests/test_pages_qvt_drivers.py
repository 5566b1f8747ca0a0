"""The QVT page's "Leviers du bien-être" section, under AppTest and from its view."""

from __future__ import annotations

import json

import pandas as pd

from mututrack.filters import Filters
from mututrack.store import Store, default_db_path
from mututrack.views import drivers, qvt
from tests.conftest import ROOT, open_page
from tests.fixtures_drivers import CLOSED, add_planted_wave, planted_people
from tests.fixtures_qvt import add_wave


def _section_markdown(at) -> list[str]:
    texts = [m.value for m in at.markdown]
    return [text for text in texts if "explique" in text or "répondants" in text]


def test_the_demo_shows_three_levers_per_outcome_with_their_intervals(demo_app, monkeypatch):
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    at = open_page("app_pages/qvt.py")
    assert "Leviers du bien-être" in [h.value for h in at.header]
    levers = [text for text in _section_markdown(at) if text.startswith("- **")]
    assert len(levers) == 6  # the three strongest, for WHO-5 and for eNPS
    assert all("IC 95 %" in text and "score actuel" in text for text in levers)
    # The demo's latest wave still collects answers: the section says which closed wave it reads.
    assert any("dernière vague close" in c.value for c in at.caption)


def test_too_few_respondents_give_a_calm_message(monkeypatch):
    store = Store(default_db_path())
    add_wave(store, "2026-T1", planted_people(30), closed_at=CLOSED)
    store.close()
    at = open_page("app_pages/qvt.py")
    assert not [text for text in _section_markdown(at) if text.startswith("- **")]
    assert any("pas encore assez" in text for text in _section_markdown(at))


def test_the_planted_lever_comes_first_and_strong_levers_with_a_low_score_lead(store):
    add_planted_wave(store)
    section = qvt.compute(store, Filters())["drivers"]
    assert section["wave"] == "2026-T1"
    for outcome in ("who5", "enps"):
        levers = section[outcome]["levers"]
        assert len(levers) == drivers.TOP and levers.index.equals(pd.RangeIndex(drivers.TOP))
        first = levers.sort_values("importance", ascending=False).iloc[0]
        assert first["item"] == "wc_autonomy" and first["low"] > 0
        flags = levers["strong_low"].tolist()
        assert flags == sorted(flags, reverse=True)  # "fort levier, score bas" first


def test_the_section_is_the_same_under_any_filter(store):
    add_planted_wave(store)
    whole = qvt.compute(store, Filters())["drivers"]
    one_entity = qvt.compute(store, Filters(entity="e1"))["drivers"]
    assert one_entity["who5"]["lines"] == whole["who5"]["lines"]


def test_every_string_of_the_section_is_in_french_and_english():
    strings = json.loads((ROOT / "mututrack" / "locales" / "drivers.json").read_text(encoding="utf-8"))
    assert all(key.startswith("qvt.drivers.") for key in strings)
    assert all(entry.get("fr") and entry.get("en") for entry in strings.values())
