"""The council pack: built on its page, downloaded as PowerPoint, and a real deck with charts in it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from mututrack.i18n import t
from tests.e2e.actions import message
from tests.e2e.conftest import assert_no_exception, goto, wait_ready

BUILD_TIMEOUT = 180_000  # the charts are drawn by the server's own Chromium: slow on a busy 2-core machine


def _pictures(deck: Presentation) -> int:
    return sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for slide in deck.slides for shape in slide.shapes)


def test_council_pack_is_downloaded_and_opens_as_a_deck_with_charts(server, page, tmp_path: Path) -> None:
    goto(page, f"{server.url}/pack", timeout=120_000)
    expect(page.get_by_role("heading", name=t("pack.page.title"))).to_be_visible()
    page.get_by_role("button", name=t("pack.page.build"), exact=True).click()
    built = message("pack.page.built", charts=re.compile(r"(\d+)"), seconds=re.compile(r"[\d,.]+"))
    page.get_by_text(built).wait_for(timeout=BUILD_TIMEOUT)
    charts = int(built.search(page.get_by_text(built).inner_text()).group(1))  # JavaScript has no (?P<name>)
    wait_ready(page)
    assert_no_exception(page)

    with page.expect_download() as download:
        page.get_by_role("button", name=t("pack.page.pptx"), exact=True).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".pptx" and saved.name.startswith(t("pack.page.file"))

    deck = Presentation(str(saved))
    assert len(deck.slides) >= max(3, charts)
    assert _pictures(deck) >= charts >= 1, (_pictures(deck), charts)
