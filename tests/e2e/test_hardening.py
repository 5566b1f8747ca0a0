"""Hardening seen from outside: XSRF on the upload route, the viewer toolbar, no raw table download."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import Server, start_server, wait_ready


@pytest.fixture(scope="module")
def demo_server(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("hardening") / "hardening.duckdb"
    db.write_bytes(demo_db.read_bytes())
    running = start_server(db, env={"MUTUTRACK_ROLE": "hr"})
    yield running
    running.process.terminate()
    running.process.wait(10)


def test_an_upload_without_the_xsrf_token_is_refused(demo_server: Server) -> None:
    request = urllib.request.Request(
        f"{demo_server.url}/_stcore/upload_file/session/file", data=b"x", method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_the_menu_has_no_developer_entry_and_tables_no_csv_download(demo_server: Server, page) -> None:
    page.goto(demo_server.url)
    wait_ready(page)
    page.get_by_test_id("stMainMenu").click()
    menu = page.get_by_test_id("stMainMenuList").inner_text()
    for developer_entry in ("Rerun", "Settings", "Clear cache", "Developer"):
        assert developer_entry not in menu
    page.keyboard.press("Escape")
    table = page.locator("[data-testid='stDataFrame']:visible").first  # not a folded chart's data
    table.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']:visible").first  # the hovered table's
    toolbar.wait_for()
    labels = [
        toolbar.locator("button").nth(i).get_attribute("aria-label")
        for i in range(toolbar.locator("button").count())
    ]
    assert labels and not any("download" in (label or "").lower() for label in labels), labels
