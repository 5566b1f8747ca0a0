"""HR imports its own files through the Import page's file chooser and sees the Overview change.

The first import replaces the demo territory. A roster of 40 agents, a pooling project with two
workshops before its decision, the attendance sheet of the first one (10 agents present) and a
LimeSurvey export of 12 answers: early involvement 10/40, response rate 12/40.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from mututrack.i18n import fmt_pct, t
from mututrack.ingest import samples
from tests.e2e.actions import NUMBER, message, metric, upload, words, write_csv
from tests.e2e.conftest import assert_no_exception, goto, wait_ready

AGENTS, PRESENT, RESPONDENTS = 40, 10, 12
WAVE = "2026-T1"


def hr_files(folder: Path) -> list[tuple[str, Path]]:
    """(kind, file) in the order HR imports them: the attendance sheet needs its events, and they
    their project."""
    services = ("Ressources humaines", "Finances")
    survey = folder / "limesurvey_2026-T1.csv"
    survey.write_bytes(samples.limesurvey_csv(samples.answers(RESPONDENTS, seed=11)))
    entities = samples.ENTITIES
    roster = [f"E2E{n:03d};{entities[n % len(entities)]};{services[n % 2]};{'ABC'[n % 3]};01/01/2020"
              for n in range(AGENTS)]
    header = "matricule;collectivite;service;categorie;date_entree"
    return [
        ("agents", write_csv(folder / "liste_agents.csv", [header, *roster])),
        ("projects", write_csv(folder / "projets.csv", [
            "code_projet;nom;date_decision;services;objectif",
            "E2E-RHF;Service commun RH et finances;15/06/2026;Ressources humaines|Finances;les_deux"])),
        ("events", write_csv(folder / "evenements.csv", [
            "code_evenement;code_projet;date;type;intitule",
            "E2E-EV1;E2E-RHF;10/03/2026;atelier;Atelier : la paie demain",
            "E2E-EV2;E2E-RHF;24/03/2026;information;Réunion d'information"])),
        ("attendance", write_csv(folder / "emargement_atelier.csv", [
            "code_evenement;matricule;presence", *[f"E2E-EV1;E2E{n:03d};present" for n in range(PRESENT)]])),
        ("responses", survey),
    ]


def test_hr_imports_roster_attendance_and_survey_and_the_overview_changes(
    server, page, tmp_path: Path
) -> None:
    goto(page, server.url, timeout=120_000)
    expect(page.get_by_text(t("ui.demo.banner"))).to_be_visible()
    demo_early = metric(page, t("overview.kpi.early"))

    goto(page, f"{server.url}/import")
    rows = {"agents": AGENTS, "projects": 1, "events": 2, "attendance": PRESENT, "responses": RESPONDENTS}
    for kind, path in hr_files(tmp_path):
        upload(page, kind, path, rows[kind], wave=WAVE if kind == "responses" else None)
    assert page.get_by_text(t("ui.demo.banner")).count() == 0

    goto(page, server.url)
    expect(page.get_by_role("heading", name=t("overview.title"))).to_be_visible()
    assert_no_exception(page)
    assert page.get_by_text(t("ui.demo.banner")).count() == 0
    assert metric(page, t("overview.kpi.early")) == words(fmt_pct(PRESENT / AGENTS)) != demo_early
    # the wave's label goes on with "· en cours"
    response_rate = message("overview.kpi.response_rate", wave=re.compile(re.escape(WAVE) + ".*"))
    assert metric(page, response_rate) == words(fmt_pct(RESPONDENTS / AGENTS))
    assert page.get_by_text("Service commun RH et finances").first.is_visible()


def dropzone_words(page) -> list[str]:
    """What the file chooser shows: Streamlit's own words are hidden (font size 0), ours drawn by CSS."""
    return page.evaluate("""() => {
        const zone = document.querySelector("[data-testid='stFileUploaderDropzone']");
        const parts = [
            zone.querySelector("button p"),
            zone.querySelector("[data-testid='stFileUploaderDropzoneInstructions'] span"),
        ];
        return parts.flatMap(el => [getComputedStyle(el).fontSize, getComputedStyle(el, "::after").content]);
    }""")


def test_the_file_chooser_speaks_the_user_s_language(server, page) -> None:
    goto(page, f"{server.url}/import", timeout=120_000)
    hidden, browse, hidden_too, instructions = dropzone_words(page)
    assert hidden == hidden_too == "0px"
    assert browse == '"Parcourir"' and instructions.startswith('"ou glissez-déposez un fichier ici')
    english = page.context.new_page()  # a tab of its own: a reload would keep the session's language
    goto(english, f"{server.url}/import?lang=English")
    assert dropzone_words(english)[1] == '"Browse"'


def test_undo_asks_in_a_dialog_and_answers_in_the_history_tab(server, page, tmp_path: Path) -> None:
    goto(page, f"{server.url}/import", timeout=120_000)
    entities = write_csv(tmp_path / "collectivites.csv", ["collectivite;nom;type", "CA;Agglo;epci"])
    upload(page, "entities", entities, 1)  # the first import: its dialog is answered by upload()
    page.get_by_role("tab", name=t("ingest.page.tab.history")).click()
    wait_ready(page)
    page.get_by_role("button", name=t("ingest.page.history.undo"), exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(t("ingest.page.history.undo_title", import_id=2))
    dialog.get_by_role("button", name=t("ingest.page.history.undo"), exact=True).click()
    wait_ready(page)
    assert_no_exception(page)
    undone = message("ingest.page.history.undone", import_id=NUMBER, rows=1)
    answer = page.get_by_role("tabpanel").get_by_text(undone)
    expect(answer).to_be_visible()  # in the tab the button was in, with that tab still open
