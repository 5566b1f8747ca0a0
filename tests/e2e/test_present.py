"""Presentation mode on the projector: no sidebar, large type, and a slide that refreshes by itself
when HR imports a file from another session."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from mututrack.i18n import t
from tests.e2e.actions import upload, write_csv
from tests.e2e.conftest import ARTIFACTS, assert_no_exception, goto

REFRESH_SECONDS = 2  # instead of 30: the journey waits for one refresh, not half a minute
PROJECTOR = {"width": 1920, "height": 1080}


def _font_px(locator) -> float:
    return float(locator.evaluate("element => parseFloat(getComputedStyle(element).fontSize)"))


def test_presentation_mode_is_projected_and_refreshed_by_another_sessions_import(start, new_page, tmp_path: Path) -> None:
    server = start(env={"MUTUTRACK_PRESENT_REFRESH": str(REFRESH_SECONDS)})
    projector = new_page(viewport=PROJECTOR)
    goto(projector, f"{server.url}/?present=1", timeout=120_000)
    sentence = projector.locator(".st-key-mt-sentence p")
    expect(sentence).to_be_visible()
    assert_no_exception(projector)
    ARTIFACTS.mkdir(exist_ok=True)
    projector.screenshot(path=str(ARTIFACTS / "presentation-mode.png"))

    sidebar = projector.locator("[data-testid='stSidebar']")
    assert sidebar.count() == 0 or not sidebar.is_visible()
    assert projector.locator("[data-testid='stSidebarNav']").count() == 0  # no navigation at all
    title = projector.get_by_role("heading", level=2).first
    assert _font_px(title) >= 36 and _font_px(sentence) >= 28, (_font_px(title), _font_px(sentence))
    expect(projector.get_by_role("button", name=t("present.next"), exact=True)).to_be_visible()
    before = sentence.inner_text()

    hr = new_page()  # HR, at their desk, in their own session
    goto(hr, f"{server.url}/import")
    projects = write_csv(tmp_path / "projets.csv", [
        "code_projet;nom;date_decision;services;objectif",
        "E2E-PROJ;Service commun projeté;15/06/2026;Voirie|Informatique;qualite_service"])
    upload(hr, "projects", projects, 1)

    # Nobody touches the projector: its slide picks up the import on its own (the demo is gone).
    expect(sentence).not_to_have_text(before, timeout=30_000)
    assert_no_exception(projector)
