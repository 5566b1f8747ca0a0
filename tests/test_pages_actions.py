"""The Plans d'action page: a lever's link fills the form in, HR saves it, the council only reads."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mututrack import audit, plans
from mututrack.filters import Filters
from mututrack.store import Store, default_db_path
from mututrack.views import actions
from tests.conftest import ROOT


def test_a_link_fills_the_form_in_and_saving_creates_an_audited_action(demo_app, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.switch_page("app_pages/actions.py")
    for key, value in {"new": "1", "origin": "levier", "ref": "wc_intensity",
                       "indicator": "wc_intensity"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    form = at.text_input
    form[0].set_value("Ateliers sur la charge de travail")
    form[1].set_value("DRH")
    at.button(key="FormSubmitter:action_form_new-Enregistrer").click().run()
    assert not at.exception, [e.message for e in at.exception]
    store = Store(default_db_path())
    listed = plans.listing(store)
    row = listed[listed["title"] == "Ateliers sur la charge de travail"].iloc[0]
    origin = (row["origin_kind"], row["origin_ref"], row["indicator"])
    assert origin == ("levier", "wc_intensity", "wc_intensity")
    new_id = f"PA-{len(listed):04d}"  # numbered after the demo's own actions
    assert row["action_id"] == new_id and audit.history(store)["detail"].tolist() == [f"create · {new_id}"]
    store.close()


def test_the_council_reads_without_a_form(demo_app, monkeypatch) -> None:
    store = Store(default_db_path())
    before = actions.compute(store, Filters())["open"]
    plans.create(store, plans.Action(title="Immersions", owner="DGS"), user="x", role="hr")
    shown = actions.compute(store, Filters())  # the demo's actions too, late or not on the day the test runs
    store.close()
    monkeypatch.setenv("MUTUTRACK_ROLE", "council")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.switch_page("app_pages/actions.py").run()
    assert not at.exception, [e.message for e in at.exception]
    done = int((shown["actions"]["status"] == "fait").sum())
    assert [m.value for m in at.metric] == [str(shown["open"]), str(shown["late"]), str(done)]
    assert shown["open"] == before + 1 and done >= 1  # the new one counted; the demo's story has done ones
    assert not at.get("form") and any("Lecture seule" in c.value for c in at.caption)
