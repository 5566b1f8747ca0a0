"""Presentation mode on the projector: every slide on one screen at the two usual projector sizes,
moved by a presentation clicker's keys, and a slide that refreshes by itself when HR imports a file
from another session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mututrack.i18n import t
from tests.e2e.actions import upload, write_csv
from tests.e2e.conftest import ARTIFACTS, assert_no_exception, goto, wait_ready

REFRESH_SECONDS = 2  # instead of 30: the journey waits for one refresh, not half a minute
PROJECTORS = {"1366x768": {"width": 1366, "height": 768}, "1920x1080": {"width": 1920, "height": 1080}}
# How far the page reaches down and across: the document's own scroll size, that of any block that
# scrolls by itself (Streamlit's main area does; plotly's own inner boxes do not count) and the
# bottom of the slide's sentence.
EXTENT = """() => {
  let height = document.scrollingElement.scrollHeight, width = document.scrollingElement.scrollWidth;
  for (const element of document.querySelectorAll("body *")) {
    const style = getComputedStyle(element);
    if (element.closest(".js-plotly-plot") || element.clientHeight === 0) continue;
    if (["auto", "scroll"].includes(style.overflowY))
      height = Math.max(height, element.scrollHeight - element.clientHeight + innerHeight);
    if (["auto", "scroll"].includes(style.overflowX))
      width = Math.max(width, element.scrollWidth - element.clientWidth + innerWidth);
  }
  // The slide's last line, wherever it is drawn (nothing may hide under the window's bottom edge).
  const sentence = document.querySelector(".st-key-mt-sentence");
  if (sentence) height = Math.max(height, Math.ceil(sentence.getBoundingClientRect().bottom));
  return {height, width, innerHeight, innerWidth};
}"""


def _font_px(locator) -> float:
    return float(locator.evaluate("element => parseFloat(getComputedStyle(element).fontSize)"))


# The slide counter on screen: while a slide replaces another, Streamlit may keep the previous
# run's counter in the page for a moment beside the new one (seen in full parallel runs), so the
# counters are read together and a slide is taken as shown once every counter on screen says so.
_COUNTERS = """() => [...document.querySelectorAll(".mt-counter")]
  .filter(e => e.getClientRects().length > 0).map(e => e.textContent.trim())"""
_ALL_COUNTERS_SAY = """(number) => {
  const shown = [...document.querySelectorAll(".mt-counter")].filter(e => e.getClientRects().length > 0);
  return shown.length > 0 && shown.every(e => e.textContent.trim().startsWith(number + " /"));
}"""


def _counter(page) -> tuple[int, int]:
    """The slide shown and the number of slides, once a single counter is on screen."""
    page.wait_for_function(f"() => ({_COUNTERS})().length === 1", timeout=60_000)
    shown, total = page.evaluate(_COUNTERS)[0].split("/")
    return int(shown), int(total)


def _wait_for_slide(page, number: int) -> None:
    """Wait until slide ``number`` (from 1) is shown and its chart drawn."""
    # 60 s rather than 5: a rerun on a loaded 2-core machine can take longer (seen in a full run)
    page.wait_for_function(_ALL_COUNTERS_SAY, arg=number, timeout=60_000, polling=100)
    wait_ready(page)
    chart = ".st-key-mt-chart .js-plotly-plot .main-svg, .st-key-mt-chart [data-testid='stAlert']"
    page.locator(chart).first.wait_for()
    page.wait_for_function(_CHART_FILLS_ITS_BOX, polling=100)


# The chart is first drawn at its figure's own height, then resized to the room left (height="stretch").
_CHART_FILLS_ITS_BOX = """() => {
  const box = document.querySelector(".st-key-mt-chart"), plot = box && box.querySelector(".js-plotly-plot");
  return !plot || Math.abs(plot.getBoundingClientRect().height - box.getBoundingClientRect().height) < 2;
}"""


@pytest.mark.parametrize("size", list(PROJECTORS))
def test_every_slide_fits_the_projector_without_scrolling(server, new_page, size: str) -> None:
    projector = new_page(viewport=PROJECTORS[size])
    goto(projector, f"{server.url}/?present=1", timeout=120_000)
    _, total = _counter(projector)
    extents = {}
    for number in range(1, total + 1):
        if number > 1:
            projector.keyboard.press("PageDown")  # what a clicker sends
        _wait_for_slide(projector, number)
        assert_no_exception(projector)
        extents[number] = projector.evaluate(EXTENT)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"presentation-extents-{size}.json").write_text(json.dumps(extents, indent=1))
    projector.screenshot(path=str(ARTIFACTS / f"presentation-{size}.png"))
    too_tall = {n: e["height"] for n, e in extents.items() if e["height"] > e["innerHeight"]}
    too_wide = {n: e["width"] for n, e in extents.items() if e["width"] > e["innerWidth"]}
    assert not too_tall and not too_wide, (too_tall, too_wide)


def test_a_clickers_keys_move_the_slides_and_b_blacks_the_screen(server, new_page) -> None:
    projector = new_page(viewport=PROJECTORS["1366x768"])
    goto(projector, f"{server.url}/?present=1", timeout=120_000)
    _, total = _counter(projector)
    journey = [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2),
               ("End", total), ("Home", 1)]
    for key, number in journey:
        projector.keyboard.press(key)
        _wait_for_slide(projector, number)
    projector.get_by_role("button", name=t("present.next")).click()  # the mouse still works, and
    _wait_for_slide(projector, 2)
    projector.keyboard.press("Space")  # Space on the focused button moves one slide, not two
    _wait_for_slide(projector, 3)
    wait_ready(projector, quiet=1000)
    assert _counter(projector)[0] == 3

    black = projector.locator(".mt-black")
    projector.keyboard.press("b")
    expect(black).to_be_visible(timeout=60_000)
    assert black.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 0)"
    projector.keyboard.press("b")
    expect(black).to_have_count(0, timeout=60_000)
    assert _counter(projector)[0] == 3
    assert_no_exception(projector)


def test_presentation_mode_is_projected_and_refreshed_by_another_sessions_import(
    start, new_page, tmp_path: Path
) -> None:
    server = start(env={"MUTUTRACK_PRESENT_REFRESH": str(REFRESH_SECONDS)})
    projector = new_page(viewport=PROJECTORS["1920x1080"])
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
    expect(projector.get_by_role("button", name=t("present.next"))).to_be_visible()
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
