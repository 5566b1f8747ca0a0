"""The agents' results document on the council pack page: HR and the director build it for a wave and
download its HTML and PDF; the council does not see it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mututrack import ui
from mututrack.report import restitution
from mututrack.ui.restitution import ROLES
from tests.conftest import open_page

BUILD = "Document de restitution aux agents"


def _section_shown(page) -> bool:
    return BUILD in [button.label for button in page.button]


@pytest.mark.parametrize("role", ["hr", "director", "council"])
def test_only_hr_and_the_director_see_the_section(demo_app: Path, monkeypatch, role: str) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    page = open_page("app_pages/pack.py", timeout=120)
    assert _section_shown(page) is (role in ROLES)


def test_the_document_of_the_chosen_wave_is_built_and_offered_as_html_and_pdf(demo_app: Path) -> None:
    page = open_page("app_pages/pack.py", timeout=180)
    choice = page.selectbox(key="restitution_wave")
    assert choice.value == restitution.default_wave(ui.store())  # the latest closed wave first
    next(b for b in page.button if b.label == BUILD).click().run()
    assert not page.exception, [e.message for e in page.exception]
    assert f"Document de restitution de l'enquête {choice.value} prêt." in [s.value for s in page.success]
    labels = [button.proto.label for button in page.get("download_button")]
    assert labels == ["Page HTML (intranet)", "PDF"]  # the pack itself was not built


def test_a_store_without_any_survey_says_the_document_comes_later(empty_app) -> None:
    page = open_page("app_pages/pack.py")
    said = "Aucune enquête importée : le document de restitution sera disponible après l'import d'une vague."
    assert said in [info.value for info in page.info]
