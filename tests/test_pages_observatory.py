"""The Observatoire app mode: a territory against the territories exported into one folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack import i18n, observatory
from mututrack.report import parquet
from mututrack.store import Store

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "mututrack" / "locales" / "observatory.json"


@pytest.fixture(scope="module")
def folder(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo exported as two territories (the second a copy filed as a metropolis)."""
    root = tmp_path_factory.mktemp("observatory-page")
    copy = root / "demo.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    store = Store(copy)
    parquet.write(store, root / "shared", "val-de-sorne")
    parquet.write(store, root / "shared", "grand-lac", kind="metropole")
    store.close()
    return root / "shared"


def app(folder: Path | str, monkeypatch: pytest.MonkeyPatch, *, lang: str = "fr") -> AppTest:
    monkeypatch.setenv("MUTUTRACK_OBSERVATORY", str(folder))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    return at.run()


def test_observatory_mode_shows_the_territory_against_the_others(folder: Path, monkeypatch) -> None:
    at = app(folder, monkeypatch)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Observatoire des territoires"
    assert at.selectbox(key="observatory_territory").options == ["grand-lac", "val-de-sorne"]
    assert at.selectbox(key="observatory_wave").value == "2026-T4"
    charts = at.get("plotly_chart")
    assert len(charts) == len(observatory.MEASURES)
    spec = json.loads(charts[0].proto.spec)
    assert spec["data"][1]["name"] == "grand-lac"  # the chosen territory, highlighted
    table = at.dataframe[0].value
    assert table.iloc[0, 0] == "Indice de bien-être WHO-5 (0–100)" and (table.iloc[:, 3] == 2).all()
    assert not at.sidebar.selectbox  # no store, no filters: nothing of a territory's own data


def test_comparable_groups_narrow_the_distribution(folder: Path, monkeypatch) -> None:
    at = app(folder, monkeypatch)
    at.radio(key="observatory_peers").set_value("same_pooling_kind").run()
    assert not at.exception
    assert (at.dataframe[0].value.iloc[:, 3] == 1).all()  # the only metropolis
    at.radio(key="observatory_peers").set_value("same_size_band").run()
    assert (at.dataframe[0].value.iloc[:, 3] == 2).all()


def test_observatory_in_english(folder: Path, monkeypatch) -> None:
    at = app(folder, monkeypatch, lang="en")
    assert not at.exception
    assert at.title[0].value == "Observatory of territories"
    profile = "2 territories in the folder. grand-lac: under 1,000 agents, metropolis"
    assert any(profile in c.value for c in at.caption)
    assert at.dataframe[0].value.iloc[0, 0] == "WHO-5 well-being index (0–100)"


def test_a_folder_without_export_says_so_without_a_traceback(tmp_path: Path, monkeypatch) -> None:
    at = app(tmp_path, monkeypatch)
    assert not at.exception
    assert at.error[0].value == "Impossible de lire les exports de ce dossier."
    assert "No territory export" in at.caption[-1].value


def test_a_new_export_is_seen_at_the_next_run(folder: Path, tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared"
    shutil.copytree(folder / "territory=val-de-sorne", shared / "territory=val-de-sorne")
    at = app(shared, monkeypatch)
    assert at.selectbox(key="observatory_territory").options == ["val-de-sorne"]
    shutil.copytree(folder / "territory=grand-lac", shared / "territory=grand-lac")
    at.run()
    assert at.selectbox(key="observatory_territory").options == ["grand-lac", "val-de-sorne"]


def test_every_observatory_string_is_in_french_and_english() -> None:
    for key, entry in json.loads(LOCALE.read_text(encoding="utf-8")).items():
        assert entry.get("fr") and entry.get("en"), key
    for band in (label for _, label in parquet.SIZE_BANDS):
        assert f"observatory.size.{band}" in i18n.strings()
    for kind in {kind for _, kind in parquet.POOLING_KINDS} | {"autre"}:
        assert f"observatory.kind.{kind}" in i18n.strings()
