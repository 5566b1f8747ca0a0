"""The involvement, charter, network, participation and proposals pages render under AppTest, on an
empty store, on the tiny hand-made territory and on the small demo."""

from __future__ import annotations

import importlib
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mututrack import i18n
from mututrack.filters import Filters
from mututrack.store import default_db_path
from tests.conftest import ROOT, open_page
from tests.fixtures_involvement import tiny_store

PAGES = {
    "app_pages/involvement.py": "Implication précoce",
    "app_pages/concertation.py": "Charte et concertation",
    "app_pages/network.py": "Mise en réseau",
    "app_pages/participation.py": "Participation aux enquêtes",
    "app_pages/proposals.py": "Propositions des agents",
}


def _open(page: str) -> AppTest:
    at = open_page(page, timeout=60)
    assert at.title[0].value == PAGES[page]
    return at


def _charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


@pytest.fixture
def tiny_db() -> None:
    tiny_store(str(default_db_path())).close()


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_on_an_empty_store(empty_app, page):
    at = _open(page)
    assert _charts(at) == 0
    assert at.info, "an empty page says why it is empty"


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_on_the_tiny_territory(tiny_db, page):
    _open(page)


@pytest.mark.parametrize(
    ("page", "charts"),
    [
        ("app_pages/involvement.py", 4),  # the curve and one breakdown per project
        ("app_pages/concertation.py", 2),  # the charter timeline and the events by month
        ("app_pages/network.py", 5),  # one bar chart per project, the heatmap and the network
        ("app_pages/participation.py", 2),  # per wave and per group
        ("app_pages/proposals.py", 1),  # the funnel
    ],
)
def test_pages_on_the_demo(demo_app, page, charts):
    at = _open(page)
    assert _charts(at) == charts


def test_participation_refreshes_while_a_wave_is_open(tiny_db):
    at = _open("app_pages/participation.py")  # the tiny territory's wave w2 has no close date
    assert any("w2" in info.value and "en cours" in info.value for info in at.info)


def test_involvement_tells_the_demo_story(demo_app):
    at = _open("app_pages/involvement.py")
    rates = {m.label: _percent(m.value) for m in at.metric if m.value.endswith("%")}
    assert rates["Mutualisation RH et finances"] > 50
    assert rates["Mutualisation voirie et informatique"] < 20


def _percent(text: str) -> float:
    """``68,8 %`` -> 68.8 (French formatting, narrow no-break space before the sign); a bound
    ``< 33 %`` (fewer than k agents behind it) -> 33."""
    return float(text.removeprefix("< ").replace("\u202f%", "").replace(",", "."))


@pytest.mark.parametrize(
    ("page", "key", "by"),
    [
        *[
            ("app_pages/involvement.py", "involvement_by", by)
            for by in ("entity_kind", "size_band", "category", "service")
        ],
        ("app_pages/network.py", "network_by", "entity"),  # the network page starts on size bands
        # inside the self-refreshing fragment
        ("app_pages/participation.py", "participation_by", "size_band"),
    ],
)
def test_breakdowns(demo_app, page, key, by):
    at = _open(page)
    at.radio(key=key).set_value(by).run()
    assert not at.exception, [e.message for e in at.exception]


def test_every_string_of_these_pages_is_in_french_and_english():
    strings = json.loads((ROOT / "mututrack" / "locales" / "involvement.json").read_text(encoding="utf-8"))
    assert all(key.startswith("involvement.") for key in strings)
    assert all(entry.get("fr") and entry.get("en") for entry in strings.values())


def _frames(value, path=""):
    """Every DataFrame inside a view's data, by where it sits."""
    if isinstance(value, pd.DataFrame):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _frames(inner, f"{path}/{key}")


@pytest.mark.parametrize("name", ["involvement", "concertation", "network", "participation", "proposals"])
def test_views_in_english(name):
    """The same figures in both languages, the words translated, no "None" or "nan" for a word."""
    view = importlib.import_module(f"mututrack.views.{name}")
    found = {}
    for lang in ("fr", "en"):
        i18n.set_language(lang)
        found[lang] = dict(_frames(view.compute(tiny_store(), Filters())))
    assert found["fr"].keys() == found["en"].keys() and found["fr"], name
    words = {"fr": set(), "en": set()}
    for where, french in found["fr"].items():
        english = found["en"][where]
        assert list(english.columns) == list(french.columns), where
        numbers = french.select_dtypes("number").columns
        pd.testing.assert_frame_equal(english[numbers], french[numbers], obj=where)
        for lang, frame in (("fr", french), ("en", english)):
            for column in frame.select_dtypes(exclude="number").columns:
                words[lang] |= {v for v in frame[column].dropna() if isinstance(v, str)}
    assert not {w for w in words["en"] if w.strip() in {"None", "nan", "NaN", "<NA>"}}, name
    if words["fr"]:
        assert words["en"] != words["fr"], f"{name}: nothing translated"
    i18n.set_language("fr")


@pytest.mark.parametrize("by", ["entity", "service"])
def test_involvement_never_counts_fewer_than_k_agents(demo_app, by):
    at = _open("app_pages/involvement.py")
    at.radio(key="involvement_by").set_value(by).run()
    counts = [value for table in at.dataframe if "agents_involved_early" in table.value
              for value in table.value["agents_involved_early"]]
    assert counts, "the breakdown tables list the agents involved early"
    shown = [int(str(v).replace("\u202f", "").replace(",", "")) for v in counts
             if pd.notna(v) and str(v) not in ("", "—", "moins de 5")]
    assert all(v == 0 or v >= 5 for v in shown), sorted(shown)[:10]
    assert "moins de 5" in counts or by == "entity"  # the demo's services include some with 1 to 4


def test_late_charter_steps_are_listed_most_urgent_first(demo_app):
    at = _open("app_pages/concertation.py")
    late = [
        table.value for table in at.dataframe if "delay_days" in table.value and "status_label" in table.value
    ]
    assert late, "the demo has late charter steps"
    statuses = late[0]["status_label"].tolist()
    overdue = [i for i, s in enumerate(statuses) if s == "Échéance dépassée"]
    assert overdue == list(range(len(overdue))), statuses  # the steps not done yet come first
