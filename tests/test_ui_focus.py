"""Alerts that land on what they explain, and the app's own CSS (mututrack/ui/focus.py)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack.i18n import t, text_in
from mututrack.metrics import alerts
from mututrack.ui import focus
from mututrack.ui.navigation import PAGE_TITLES

ROOT = Path(__file__).resolve().parent.parent
NAMES = sorted({*alerts.FOCUS.values(), *alerts._FOCUS_BY_MEASURE.values()})


@pytest.mark.parametrize("kind", list(alerts.KINDS))
def test_every_alert_points_at_an_element_its_page_draws(kind: str) -> None:
    page = alerts.KINDS[kind][1]
    source = (ROOT / "app_pages" / f"{page}.py").read_text()
    assert f'ui.focus_point("{alerts.FOCUS[kind]}")' in source
    assert page in PAGE_TITLES  # a page of the navigation: its title makes the link's name


@pytest.mark.parametrize(("alert", "expected"), [
    ({"kind": "wellbeing_drop", "details": {"measure": "who5", "wave": "T4"}}, "qvt_who5"),
    # job security is one item: read on the items' chart, not on the WHO-5 trend
    ({"kind": "wellbeing_drop", "details": {"measure": "wc_security", "wave": "T4"}}, "qvt_items"),
    ({"kind": "proposals_waiting", "details": {}}, "proposals_waiting"),
    ({"kind": "low_response", "details": float("nan")}, "participation_groups"),  # a frame's missing dict
])
def test_focus_names_the_element_that_explains_an_alert(alert: dict, expected: str) -> None:
    assert alerts.focus(alert) == expected


def test_the_security_items_chart_is_drawn_by_the_qvt_page() -> None:
    assert 'ui.focus_point("qvt_items")' in (ROOT / "app_pages" / "qvt.py").read_text()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_element_says_what_it_is_in_both_languages(lang: str) -> None:
    notes = [text_in(lang, "focus.note", what=text_in(lang, f"focus.what.{name}")) for name in NAMES]
    assert len(set(notes)) == len(NAMES)


def test_captions_are_opaque_and_dark_enough() -> None:
    # Streamlit's caption: the text colour at 60 % opacity (3.9:1); the app's: opaque #5C5B59 (6.8:1)
    assert '[data-testid="stCaptionContainer"] { color: #5C5B59; opacity: 1; }' in focus.APP_CSS


def _concertation(db: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("MUTUTRACK_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("app_pages/concertation.py")
    return at.run()


def test_the_element_an_alert_points_at_says_so_once(demo_store, monkeypatch) -> None:
    note = t("focus.note", what=t("focus.what.charter_late_steps"))
    demo_store.close()
    at = _concertation(Path(demo_store.path), monkeypatch, focus="charter_late_steps")
    assert not at.exception
    assert note in [c.value for c in at.caption]
    assert "focus" not in at.query_params  # dropped: a reload does not highlight it again
    at.run()  # the rerun that applies the alert's filters still draws it (the script must finish)...
    assert note in [c.value for c in at.caption]
    for _ in range(focus.LANDING_RUNS):  # ...and the page's later runs no longer do
        at.run()
    assert note not in [c.value for c in at.caption]


def test_a_page_opened_without_focus_highlights_nothing(demo_store, monkeypatch) -> None:
    demo_store.close()
    at = _concertation(Path(demo_store.path), monkeypatch)
    assert not at.exception
    assert not [c.value for c in at.caption if c.value.startswith("Cette alerte porte sur")]
