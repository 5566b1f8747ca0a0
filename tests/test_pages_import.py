"""The Import page: upload, see what was understood, map a column, confirm, see the history, undo.

Every irreversible action asks first in a dialog (replacing the demo, undoing, replacing an import),
and its answer shows beside its button.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack.ingest import samples
from mututrack.ingest.kinds import KINDS
from mututrack.store import default_db_path
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


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def first_import(at: AppTest, name: str = "collectivites.csv", data: bytes = ENTITIES) -> AppTest:
    """Upload, confirm, and confirm again in the dialog that says the demo goes."""
    upload(at, name, data)
    button(at, "Confirmer l'import").click().run()
    button(at, "Retirer la démo et importer").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_upload_preview_confirm_and_history(page: AppTest) -> None:
    upload(page, "collectivites.csv", ENTITIES)
    understood = page.dataframe[0].value
    assert understood.iloc[:, 1].tolist()[:6] == [
        "Collectivités",
        "modèle MutuTrack / tableur",
        "CSV",
        "utf-8",
        "point-virgule / semicolon",
        "2",
    ]
    assert any(info.value.startswith("Prêt : 2 lignes") for info in page.info)
    assert "retirera le territoire de démonstration" in page.warning[-1].value
    first_import(page)
    assert page.success[0].value.startswith("Import n° ")
    history = page.dataframe[0].value
    assert history["Fichier"].tolist() == ["collectivites.csv"]
    assert history["État"].tolist() == ["importé"]


def test_the_first_import_says_what_the_demo_loses_and_keeps_a_dated_copy(page: AppTest) -> None:
    upload(page, "collectivites.csv", ENTITIES)
    button(page, "Confirmer l'import").click().run()
    said = " ".join(m.value for m in page.markdown)
    assert (
        "retire tout le territoire de démonstration" in said
        and "agents" in said
        and "vagues d'enquête" in said
    )
    assert labels(page)[-2:] == ["Retirer la démo et importer", "Ne rien faire"]
    button(page, "Retirer la démo et importer").click().run()
    backups = sorted(Path(default_db_path()).parent.glob("*.backup.duckdb"))
    assert len(backups) == 1
    assert str(backups[0]) in page.success[0].value.replace("\\", "")


def test_the_demo_stays_when_the_dialog_is_declined(page: AppTest) -> None:
    upload(page, "collectivites.csv", ENTITIES)
    button(page, "Confirmer l'import").click().run()
    button(page, "Ne rien faire").click().run()
    assert not page.success and "Retirer la démo et importer" not in labels(page)
    assert [i.value for i in page.tabs[1].info] == ["Aucun import pour l'instant."]  # the demo is still there
    assert not list(Path(default_db_path()).parent.glob("*.backup.duckdb"))


def test_later_imports_need_no_dialog(page: AppTest) -> None:
    first_import(page)
    upload(page, "agents.csv", b"matricule;collectivite;service;categorie\n1;CA;RH;A\n")
    button(page, "Confirmer l'import").click().run()
    assert "Retirer la démo et importer" not in labels(page)
    assert page.success[0].value.startswith("Import n° ") and "Copie de la base" not in page.success[0].value
    assert page.dataframe[0].value["Fichier"].tolist() == ["agents.csv", "collectivites.csv"]


def test_problems_are_listed_with_a_report(page: AppTest) -> None:
    upload(page, "agents.csv", b"matricule;collectivite;service;categorie\n1;CA;RH;Z\n")
    assert page.error[0].value.startswith("1 problème ")
    problems = page.dataframe[-1].value
    assert problems.iloc[0]["Ligne"] == 2 and problems.iloc[0]["Colonne"] == "categorie"
    assert [b.proto.label for b in page.get("download_button")][0] == "Télécharger le rapport d'erreurs (CSV)"


def test_a_file_that_is_not_a_table_says_so(page: AppTest) -> None:
    upload(page, "photo.csv", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert "n'est pas un tableau" in page.dataframe[-1].value.iloc[0]["Problème et correction"]


def test_unmatched_survey_columns_can_be_mapped_in_plain_words(page: AppTest) -> None:
    data = samples.limesurvey_csv(samples.answers(12, seed=5), headers="brackets", sep=";", answer_codes=True)
    data = data.replace(b'"COLL"', b'"EMPLOYEURX"', 1)  # a code of HR's own making
    page.text_input[0].set_value("2026-T1").run()
    upload(page, "limesurvey.csv", data)
    mapped = {s.label: s for s in page.selectbox}
    assert "EMPLOYEURX" in mapped and "SERV" not in mapped  # LimeSurvey's short codes are known
    shown = mapped["EMPLOYEURX"].options
    assert "Collectivité (employeur)" in shown and "Date de réponse" in shown
    assert any(o.startswith("Question : Au cours des deux dernières semaines") for o in shown)
    assert not {"entity", "submitted_at", "who5_1"} & {o.split(" ")[0] for o in shown}  # no internal code
    mapped["EMPLOYEURX"].set_value("entity").run()
    assert not page.exception, [e.message for e in page.exception]
    button(page, "Confirmer l'import").click().run()
    button(page, "Retirer la démo et importer").click().run()
    assert page.success[0].value.startswith("Import n° ")
    page.run()
    assert page.dataframe[0].value["Lignes"].tolist() == [12]


def test_undo_from_the_history_asks_first_and_answers_in_place(page: AppTest) -> None:
    first_import(page)
    button(page, "Annuler cet import").click().run()
    assert any("seront retirées de toutes les pages" in m.value for m in page.markdown)
    assert page.dataframe[0].value["État"].tolist() == ["importé"]  # nothing done yet
    buttons = [b for b in page.button if b.label == "Annuler cet import"]
    buttons[-1].click().run()  # the dialog's own button
    assert not page.exception, [e.message for e in page.exception]
    assert any("annulé" in s.value for s in page.tabs[1].success)
    assert page.dataframe[0].value["État"].tolist() == ["annulé"]


def test_templates_and_examples_are_offered(page: AppTest) -> None:
    labels = [b.proto.label for b in page.get("download_button")]
    assert labels.count("CSV") == labels.count("XLSX") == len(KINDS)  # one template of each kind
    assert "Télécharger les exemples (.zip)" in labels


def test_replace_from_the_history(page: AppTest) -> None:
    first_import(page)
    corrected = ENTITIES + b"BEAUCHENE;Beauch\xc3\xaane;commune\n"
    page.file_uploader[-1].set_value(("collectivites-v2.csv", corrected, "text/csv")).run()
    button(page, "Remplacer").click().run()
    assert any("sera annulé et « collectivites-v2.csv » importé à sa place" in m.value for m in page.markdown)
    [b for b in page.button if b.label == "Remplacer"][-1].click().run()
    assert not page.exception, [e.message for e in page.exception]
    assert any("remplacé par l'import" in s.value for s in page.tabs[1].success)
    assert page.dataframe[0].value["État"].tolist() == ["importé", "annulé"]

