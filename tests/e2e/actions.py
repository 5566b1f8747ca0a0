"""What the journeys do on a page, named as a user would say it (locators by role, label and text)."""

from __future__ import annotations

import re
from pathlib import Path

from mututrack.i18n import t
from mututrack.ingest.display import kind_label
from tests.e2e.conftest import assert_no_exception, wait_ready

NUMBER = re.compile(r"\d+")


def message(key: str, **values: object) -> re.Pattern[str]:
    """The message ``key`` as a regular expression: each value given as a ``re.Pattern`` stands for itself."""
    tokens = {name: f"VALUE{i}VALUE" for i, name in enumerate(values)}
    text = re.escape(t(key, **{n: tokens[n] if isinstance(v, re.Pattern) else v for n, v in values.items()}))
    for name, value in values.items():
        if isinstance(value, re.Pattern):
            text = text.replace(tokens[name], value.pattern)
    return re.compile(text)


def words(text: str) -> str:
    """``text`` with every run of spaces (narrow, non-breaking) as one space: "25 %" whatever the locale."""
    return " ".join(text.split())


def metric(page, label: str | re.Pattern[str]) -> str:
    """The value of the key figure whose label contains ``label``."""
    card = page.get_by_test_id("stMetric").filter(has_text=label)
    return words(card.get_by_test_id("stMetricValue").inner_text())


def upload(page, kind: str, path: Path, rows: int, *, wave: str | None = None) -> None:
    """On the Import page: drop ``path`` in the file chooser, check the preview, confirm, check the result."""
    if wave:
        page.get_by_label(t("ingest.page.wave")).fill(wave)
        page.get_by_label(t("ingest.page.wave")).press("Enter")
        wait_ready(page)
    chooser = page.get_by_label(t("ingest.page.upload"), exact=True)  # not the history tab's "replace" one
    chooser.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(path)
    wait_ready(page)
    assert_no_exception(page)
    page.get_by_text(t("ingest.page.ready", rows=rows, kind=kind_label(kind))).wait_for()
    page.get_by_role("button", name=t("ingest.page.confirm"), exact=True).click()
    wait_ready(page)
    dialog = page.get_by_role("dialog")
    replace_demo = dialog.get_by_role("button", name=t("ingest.page.demo.confirm"), exact=True)
    if replace_demo.count():  # the first import asks before it replaces the demo territory
        replace_demo.click()
        wait_ready(page)
    done = message("ingest.page.done", import_id=NUMBER, rows=rows, kind=kind_label(kind))
    page.get_by_text(done).wait_for()
    assert_no_exception(page)


def write_csv(path: Path, rows: list[str]) -> Path:
    """``rows`` as a French Excel "CSV UTF-8" file (``;``, BOM, CRLF)."""
    path.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8-sig")
    return path
