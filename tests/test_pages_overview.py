"""AppTest of the frame, the Overview and presentation mode, on the demo and on an empty store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _app(db: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("MUTUTRACK_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_overview_on_the_demo_shows_the_key_figures_and_the_banner(demo_store: Store, monkeypatch) -> None:
    at = _app(Path(demo_store.path), monkeypatch)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Implication précoce"].endswith("%")
    assert "Taux de réponse 2026-T4" in metrics  # the wave still collecting answers
    assert any("recueille encore des réponses (clôture le 11/12/2026)" in c.value for c in at.caption)
    texts = " ".join(m.value for m in at.markdown)
    assert "Décision dans" in texts and "Étape de la charte en retard" in texts
    assert "attendent une réponse depuis plus de 60 jours" in texts
    assert any("Données de démonstration" in info.value for info in at.info)
    assert at.get("plotly_chart"), "the overview draws its charts"


def test_first_start_on_an_empty_database_creates_the_demo(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "fresh.duckdb"
    at = _app(db, monkeypatch)
    assert not at.exception
    assert any("Données de démonstration" in info.value for info in at.info)
    assert {m.label: m.value for m in at.metric}["Propositions en attente"] != "0"


def test_after_every_import_is_undone_the_demo_does_not_come_back(tmp_path: Path, monkeypatch) -> None:
    from mututrack import ingest
    from mututrack.ingest import territory_samples

    db = tmp_path / "undone.duckdb"
    store = Store(db)
    done = ingest.import_file(store, "entities", territory_samples.files()["01_collectivites.csv"], "e.csv")
    ingest.undo(store, done.import_id, user="test")
    store.close()
    at = _app(db, monkeypatch)
    assert not at.exception
    assert not any("Données de démonstration" in info.value for info in at.info)
    assert any("importez le fichier des projets" in info.value for info in at.info)


def test_overview_in_english(demo_store: Store, monkeypatch) -> None:
    at = _app(Path(demo_store.path), monkeypatch)
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    assert "Early involvement" in {m.label for m in at.metric}


@pytest.mark.parametrize(("asked", "lang"), [("English", "en"), ("en", "en"), ("fr", "fr"), ("de", "fr")])
def test_a_link_s_language_holds_for_the_whole_page(demo_app: Path, monkeypatch, asked, lang) -> None:
    """The switch's label in the URL or a language code typed in a link: the page, not only the
    navigation, is in that language, and the switch says so; an unknown language is French."""
    at = _app(demo_app, monkeypatch, lang=asked)
    assert not at.exception
    words = {"en": ("Overview", "Early involvement"), "fr": ("Vue d'ensemble", "Implication précoce")}
    overview, early = words[lang]
    assert at.title[0].value == overview
    assert early in {m.label for m in at.metric}
    assert at.sidebar.selectbox(key="lang").value == lang


def test_presentation_mode_shows_one_slide_without_sidebar_widgets(demo_store: Store, monkeypatch) -> None:
    at = _app(Path(demo_store.path), monkeypatch, present="1")
    assert not at.exception
    assert len(at.header) == 1
    assert len(at.sidebar.selectbox) == 0, "no filters while projecting"
    next_button = next(b for b in at.button if "Suivant" in b.label)
    first_title = at.header[0].value
    next_button.click().run()
    assert at.header[0].value != first_title


def test_overview_alerts_on_the_demo_cover_the_story(demo_store: Store) -> None:
    import datetime as dt

    from mututrack.filters import Filters
    from mututrack.views import overview

    data = overview.compute(demo_store, Filters(), today=dt.date(2026, 11, 26))
    kinds = set(data["alerts"]["kind"])
    # Every kind of alert the demo's story implies, on the default view (the latest, open wave).
    assert kinds == {
        "decision_soon", "wellbeing_drop", "charter_overdue", "low_response", "proposals_waiting"
    }
    soon = data["alerts"][data["alerts"]["kind"] == "decision_soon"]
    assert soon["project_id"].tolist() == ["ACHATS"]
    assert len(data["alert_texts"]) == len(data["alerts"])
    assert data["summary"].startswith("Depuis le 19/11/2026 :")


def test_thresholds_come_from_the_setting(store: Store) -> None:
    import json

    from mututrack.views import overview

    assert overview.thresholds(store)["early_min"] == 0.5
    store.set_setting("alert_thresholds", json.dumps({"early_min": 0.7}))
    assert overview.thresholds(store) == {
        "decision_days": 30, "early_min": 0.7, "response_min": 0.6, "proposal_days": 60, "drop_min": 5}


def test_wellbeing_alerts_at_the_badly_consulted_decision_wave(demo_store: Store) -> None:
    import datetime as dt

    from mututrack.filters import Filters
    from mututrack.views import overview

    data = overview.compute(demo_store, Filters(wave="2026-T2"), today=dt.date(2026, 11, 26))
    drops = data["alerts"][data["alerts"]["kind"] == "wellbeing_drop"]
    assert "VOIRIE-SI" in set(drops["project_id"])
    assert "RH-FIN" not in set(drops["project_id"])
    assert (drops["value"] < 0).all()


@pytest.mark.parametrize(
    ("now", "before", "percent", "expected"),
    [
        (0.40, 0.35, True, "+5,0 pts"),
        (57.7, 61.2, False, "\u22123,5"),
        (0.4, 0.4, True, None),  # no change: no arrow
        (None, 0.3, True, None),  # a figure that cannot be computed has no change either
    ],
)
def test_change_text(now, before, percent, expected) -> None:
    from mututrack.views.overview import change_text

    assert change_text(now, before, percent=percent) == expected


def test_an_active_filter_shows_as_a_chip_that_removes_it(demo_app):
    from tests.conftest import open_page

    at = open_page("app_pages/qvt.py")
    assert not [b for b in at.button if b.key == "chip_project"]  # no filter, no chip
    at.selectbox(key="project").set_value("VOIRIE-SI").run()
    chip = [b for b in at.button if b.key == "chip_project"]
    assert chip and chip[0].label.startswith("Projet : "), [b.label for b in at.button]
    chip[0].click().run()
    assert at.selectbox(key="project").value == "tous"
    assert not [b for b in at.button if b.key == "chip_project"]
    assert not at.exception


@pytest.mark.parametrize(("text", "inverse", "color", "arrow"), [
    ("\u22123,5", False, "red", "down"),
    ("\u22122", True, "green", "down"),
    ("+5,0 pts", False, "normal", None),
])
def test_a_fall_written_with_the_minus_sign_points_down(text, inverse, color, arrow):
    from mututrack import ui

    args = ui.delta(text, inverse=inverse)
    assert args["delta"] == text and args["delta_color"] == color and args.get("delta_arrow") == arrow
    assert ui.delta(None) == {"delta": None}
