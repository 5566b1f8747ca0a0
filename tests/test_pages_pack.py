"""The council pack page: the slide choice is remembered, the pack builds and offers its four files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack import ui
from mututrack.report import slides
from tests.conftest import open_page


@pytest.fixture
def pack_page(demo_app: Path) -> AppTest:
    return open_page("app_pages/pack.py", timeout=120)


def test_page_offers_every_slide_chosen_by_default(pack_page: AppTest) -> None:
    assert pack_page.title[0].value == "Dossier du conseil"
    assert pack_page.multiselect[0].value == slides.DEFAULT_SELECTION


def test_build_offers_pptx_pdf_png_and_csv(pack_page: AppTest) -> None:
    pack_page.button[0].click().run()
    assert not pack_page.exception, [e.message for e in pack_page.exception]
    assert pack_page.success[0].value.startswith(f"Dossier prêt : {len(slides.DEFAULT_SELECTION)} graphiques")
    labels = [button.proto.label for button in pack_page.get("download_button")]
    assert labels == ["PowerPoint (.pptx)", "PDF", "Graphiques (PNG, zip)", "Tableaux (CSV, zip)"]


def test_choice_is_remembered_for_presentation_mode(pack_page: AppTest) -> None:
    chosen = slides.DEFAULT_SELECTION[:1]
    pack_page.multiselect[0].set_value(chosen).run()
    assert not pack_page.exception
    assert json.loads(ui.store().setting("slides_selection")) == chosen  # the app's own store, same process
    assert ui.slide_selection() == chosen


def test_no_slide_chosen_says_so(pack_page: AppTest) -> None:
    pack_page.multiselect[0].set_value([]).run()
    assert "Choisissez au moins une diapositive." in [info.value for info in pack_page.info]
    assert "Construire le dossier" not in [button.label for button in pack_page.button]


@pytest.mark.parametrize(("role", "editable"), [("hr", True), ("director", True), ("council", False)])
def test_only_hr_and_the_director_change_the_shared_slide_choice(demo_app: Path, monkeypatch, role: str,
                                                                 editable: bool) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    page = open_page("app_pages/pack.py", timeout=120)
    choice = page.multiselect[0]
    assert choice.disabled is not editable
    assert choice.value == slides.DEFAULT_SELECTION  # the council sees the shared choice
    if not editable:
        return
    choice.set_value(slides.DEFAULT_SELECTION[:2]).run()
    assert not page.exception
    assert ui.slide_selection() == slides.DEFAULT_SELECTION[:2]


def test_a_council_member_cannot_save_the_shared_slide_choice(demo_app: Path, monkeypatch) -> None:
    """Even past the read-only widget (a forged message), the council's change is refused."""
    monkeypatch.setenv("MUTUTRACK_ROLE", "council")
    with pytest.raises(PermissionError):
        ui.save_setting("slides_selection", json.dumps(slides.DEFAULT_SELECTION[:1]))
    assert ui.store().setting("slides_selection") is None
    assert ui.slide_selection() == slides.DEFAULT_SELECTION
