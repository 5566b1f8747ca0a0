"""The Import page: upload, see what was understood, map a column, confirm, see the history, undo."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from mututrack.ingest import samples
from tests.conftest import open_page

ENTITIES = b"collectivite;nom;type\nCA;Agglo du Val de Sorne;epci\nCAZELLES;Cazelles;commune\n"


@pytest.fixture
def page(demo_app) -> AppTest:  # the app starts on the demo territory, as on a first run
    return open_page("app_pages/import.py", timeout=180)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_upload_preview_confirm_and_history(page: AppTest) -> None:
    upload(page, "collectivites.csv", ENTITIES)
    understood = page.dataframe[0].value
    assert understood.iloc[:, 1].tolist()[:6] == ["Collectivités", "modèle MutuTrack / tableur", "CSV", "utf-8", "point-virgule / semicolon", "2"]
    assert any(info.value.startswith("Prêt : 2 ligne(s)") for info in page.info)
    assert "retirera le territoire de démonstration" in page.warning[-1].value
    button(page, "Confirmer l'import").click().run()
    assert not page.exception, [e.message for e in page.exception]
    assert page.success[0].value.startswith("Import n° ")
    history = page.dataframe[0].value
    assert history["Fichier"].tolist() == ["collectivites.csv"]
    assert history["État"].tolist() == ["importé"]


def test_problems_are_listed_with_a_report(page: AppTest) -> None:
    upload(page, "agents.csv", b"matricule;collectivite;service;categorie\n1;CA;RH;Z\n")
    assert page.error[0].value.startswith("1 problème(s)")
    problems = page.dataframe[-1].value
    assert problems.iloc[0]["Ligne"] == 2 and problems.iloc[0]["Colonne"] == "categorie"
    assert [b.proto.label for b in page.get("download_button")][0] == "Télécharger le rapport d'erreurs (CSV)"


def test_a_file_that_is_not_a_table_says_so(page: AppTest) -> None:
    upload(page, "photo.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert "n'est pas un tableau" in page.dataframe[-1].value.iloc[0]["Problème et correction"]


def test_unmatched_survey_columns_can_be_mapped(page: AppTest) -> None:
    data = samples.limesurvey_csv(samples.answers(12, seed=5), headers="brackets", sep=";", answer_codes=True)
    page.text_input[0].set_value("2026-T1").run()
    upload(page, "limesurvey.csv", data)
    mapped = {s.label: s for s in page.selectbox}
    assert {"COLL", "SERV"} <= mapped.keys()
    mapped["COLL"].set_value("entity").run()
    assert not page.exception, [e.message for e in page.exception]
    button(page, "Confirmer l'import").click().run()
    assert page.success[0].value.startswith("Import n° ")
    page.run()
    assert page.dataframe[0].value["Lignes"].tolist() == [12]


def test_undo_from_the_history(page: AppTest) -> None:
    upload(page, "collectivites.csv", ENTITIES)
    button(page, "Confirmer l'import").click().run()
    button(page, "Annuler cet import").click().run()
    assert not page.exception, [e.message for e in page.exception]
    assert any("annulé" in s.value for s in page.success)
    assert page.dataframe[0].value["État"].tolist() == ["annulé"]


def test_templates_are_offered_for_every_kind(page: AppTest) -> None:
    labels = [b.proto.label for b in page.get("download_button")]
    assert labels.count("CSV") == labels.count("XLSX") == 10


def test_replace_from_the_history(page: AppTest) -> None:
    upload(page, "collectivites.csv", ENTITIES)
    button(page, "Confirmer l'import").click().run()
    corrected = ENTITIES + b"BEAUCHENE;Beauch\xc3\xaane;commune\n"
    page.file_uploader[-1].set_value(("collectivites-v2.csv", corrected, "text/csv")).run()
    button(page, "Remplacer").click().run()
    assert not page.exception, [e.message for e in page.exception]
    assert any("remplacé par l'import" in s.value for s in page.success)
    assert page.dataframe[0].value["État"].tolist() == ["importé", "annulé"]

