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
    assert metrics["Projets de mutualisation"] == "3"
    assert any(label.startswith("Taux de réponse (") for label in metrics)
    assert any("Données de démonstration" in info.value for info in at.info)
    assert at.get("plotly_chart"), "the overview draws its charts"


def test_first_start_on_an_empty_database_creates_the_demo(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "fresh.duckdb"
    at = _app(db, monkeypatch)
    assert not at.exception
    assert any("Données de démonstration" in info.value for info in at.info)
    assert {m.label: m.value for m in at.metric}["Projets de mutualisation"] != "0"


def test_overview_in_english(demo_store: Store, monkeypatch) -> None:
    at = _app(Path(demo_store.path), monkeypatch)
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    assert "Pooling projects" in {m.label for m in at.metric}


def test_presentation_mode_shows_one_slide_without_sidebar_widgets(demo_store: Store, monkeypatch) -> None:
    at = _app(Path(demo_store.path), monkeypatch, present="1")
    assert not at.exception
    assert len(at.header) == 1
    assert len(at.sidebar.selectbox) == 0, "no filters while projecting"
    next_button = next(b for b in at.button if "Suivant" in b.label)
    first_title = at.header[0].value
    next_button.click().run()
    assert at.header[0].value != first_title
