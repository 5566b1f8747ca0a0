"""The Plans d'action page: a lever's link fills the form in, HR saves it, the council only reads."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from mututrack import audit, plans
from mututrack.store import Store, default_db_path
from tests.conftest import ROOT


def test_a_link_fills_the_form_in_and_saving_creates_an_audited_action(demo_app, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    at.switch_page("app_pages/actions.py")
    for key, value in {"new": "1", "origin": "levier", "ref": "wc_intensity",
                       "indicator": "wc_intensity"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Aucune action pour l'instant" in at.info[-1].value
    form = at.text_input
    form[0].set_value("Ateliers sur la charge de travail")
    form[1].set_value("DRH")
    at.button(key="FormSubmitter:action_form_new-Enregistrer").click().run()
    assert not at.exception, [e.message for e in at.exception]
    store = Store(default_db_path())
    row = plans.listing(store).iloc[0]
    assert (row["title"], row["origin_kind"], row["origin_ref"], row["indicator"]) == (
        "Ateliers sur la charge de travail", "levier", "wc_intensity", "wc_intensity")
    assert audit.history(store)["detail"].tolist() == ["create · PA-0001"]
    store.close()


def test_the_council_reads_without_a_form(demo_app, monkeypatch) -> None:
    store = Store(default_db_path())
    plans.create(store, plans.Action(title="Immersions", owner="DGS"), user="x", role="hr")
    store.close()
    monkeypatch.setenv("MUTUTRACK_ROLE", "council")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    at.switch_page("app_pages/actions.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [m.value for m in at.metric] == ["1", "0", "0"]
    assert not at.get("form") and any("Lecture seule" in c.value for c in at.caption)
