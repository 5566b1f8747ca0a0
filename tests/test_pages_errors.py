"""An unexpected error shows the app's own page: a calm message and an error id, the trace in the
server's log only (issue 14, item 8)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack import i18n
from mututrack.views import overview, participation
from tests.conftest import ROOT

# What a real failure may carry: a server path and a process id, neither of which a user may see.
LEAK = "/srv/mututrack/data/mututrack.duckdb (PID 4242)"
ERROR_ID = re.compile(r"Code de l'erreur : ([0-9a-f]{8})")


def _broken(*args, **kwargs):
    raise RuntimeError(f"could not read {LEAK}")


def _texts(at: AppTest) -> str:
    kinds = ("title", "header", "caption", "markdown", "info", "warning", "error", "success")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def _shown_error_id(at: AppTest) -> str:
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [i18n.t("ui.error.unexpected")]
    ids = [m.group(1) for c in at.caption if (m := ERROR_ID.fullmatch(c.value))]
    assert len(ids) == 1, [c.value for c in at.caption]
    shown = _texts(at)
    assert not any(leak in shown for leak in ("Traceback", "/srv", "4242", "RuntimeError"))
    return ids[0]


def _logged(caplog: pytest.LogCaptureFixture, error_id: str) -> logging.LogRecord:
    records = [r for r in caplog.records if r.name == "mututrack" and error_id in r.getMessage()]
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize("role", ["hr", "council"])
def test_an_error_in_a_page_shows_an_error_id_and_logs_the_trace(
    role: str, cold_demo_app: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    monkeypatch.setattr(participation, "compute", _broken)
    at.switch_page("app_pages/participation.py").run()
    error_id = _shown_error_id(at)
    record = _logged(caplog, error_id)
    assert record.exc_info is not None and LEAK in str(record.exc_info[1])
    assert at.sidebar.selectbox, "the sidebar still lets the user go elsewhere"


def test_an_error_in_presentation_mode_shows_an_error_id(cold_demo_app: Path, monkeypatch, caplog) -> None:
    monkeypatch.setattr(overview, "compute", _broken)  # the first slide's view
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["present"] = "1"
    _logged(caplog, _shown_error_id(at.run()))


def test_the_error_page_in_english(cold_demo_app: Path, monkeypatch) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["lang"] = "English"
    monkeypatch.setattr(participation, "compute", _broken)
    at.switch_page("app_pages/participation.py").run()
    assert not at.exception
    assert at.error[0].value.startswith("An unexpected error prevents this page from being shown.")
    assert any(re.fullmatch(r"Error code: [0-9a-f]{8}", c.value) for c in at.caption)


@pytest.mark.parametrize("role", ["hr", "council"])
def test_a_chart_the_browser_failed_to_draw_names_no_browser_file_or_process(
    role: str, cold_demo_app: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mututrack.report import pack
    from mututrack.report.render import RenderError

    def failing(*args, **kwargs):
        raise RenderError(f"Le graphique n'a pas pu être dessiné / the chart could not be drawn: {LEAK}")

    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    monkeypatch.setattr(pack, "build", failing)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.switch_page("app_pages/pack.py").run()
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [i18n.t("ui.error.render")]
    assert LEAK not in _texts(at)
    error_id = next(m.group(1) for c in at.caption if (m := ERROR_ID.fullmatch(c.value)))
    _logged(caplog, error_id)
