"""The "Propositions des agents" page as a to-do list: HR and the directors read what each proposal
says; the council, presentation mode, the council pack and the restitution document never do."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mututrack import i18n
from mututrack.demo.people import THEME_TEXTS
from mututrack.report import pack, restitution, restitution_html, slides
from mututrack.store import Store, default_db_path
from mututrack.ui import proposals as widgets
from tests.conftest import ROOT, open_page
from tests.fixtures_involvement import tiny_store

PAGE = "app_pages/proposals.py"
DEMO_TEXTS = [text for pair in THEME_TEXTS for text in pair]
LONG = "Réorganiser l'accueil du public " + "x" * 4970


def _waiting_table(at: AppTest) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "days_open" in frame.value.columns)


def _shown(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption", "info", "header") for e in at.get(kind)]
    parts += [frame.value.to_csv() for frame in at.dataframe]
    return "\n".join(parts)


@pytest.fixture
def tiny_app() -> None:
    """The tiny territory (every open proposal is late today), one text of 5,000 characters."""
    store = tiny_store(str(default_db_path()))
    with store.transaction() as cur:
        cur.execute("update proposals set text = ?, owner = 'DRH' where proposal_id = 'pr3'", [LONG])
        cur.execute("update proposals set text = 'Un agenda partagé' where proposal_id = 'pr1'")
    store.close()


@pytest.mark.parametrize("role", ["hr", "director"])
def test_hr_and_directors_read_each_waiting_proposal(demo_app, monkeypatch, role: str) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = open_page(PAGE)
    table = _waiting_table(at)
    assert table["text"].isin(DEMO_TEXTS).all()  # every demo text is short enough to be whole
    assert table["owner"].eq("Non attribuée").any() and table["owner"].ne("Non attribuée").any()
    late = table["late"].ne("")
    assert late.any() and (table.loc[late, "days_open"] > 60).all() and not late[late.idxmin():].any()
    detail = at.selectbox(key="proposal_action")
    assert any(DEMO_TEXTS[0] in md.value or md.value in DEMO_TEXTS for md in at.markdown)
    assert detail.options and len(at.get("download_button")) == 1


def test_the_council_sees_the_list_without_any_text(demo_app, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "council")
    at = open_page(PAGE)
    table = _waiting_table(at)
    assert "text" not in table.columns and len(table) > 0
    assert not any(text in _shown(at) for text in DEMO_TEXTS)
    assert "proposal_action" not in [box.key for box in at.selectbox]


def test_presentation_mode_shows_no_text_even_to_hr(demo_app) -> None:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=90)  # the page itself, ?present=1
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    assert "text" not in _waiting_table(at).columns
    slideshow = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    slideshow.query_params["present"] = "1"
    for position in range(len(slides.SLIDES)):
        slideshow.session_state["slide_position"] = position
        slideshow.run()
        assert not any(text in _shown(slideshow) for text in DEMO_TEXTS)


def test_a_long_text_is_cut_in_the_table_and_whole_in_its_detail(tiny_app) -> None:
    at = open_page(PAGE)
    table = _waiting_table(at).set_index("proposal_id")
    assert len(table.at["pr3", "text"]) <= widgets.SHORT_TEXT and table.at["pr3", "text"].endswith("…")
    assert table.at["pr1", "text"] == "Un agenda partagé" and table.at["pr2", "text"] == ""
    at.selectbox(key="proposal_action").select(table.index.get_loc("pr3")).run()
    assert any(LONG[:40] in md.value and len(md.value) >= 5000 for md in at.markdown)


def test_the_owner_filter_keeps_that_owner_s_proposals(tiny_app) -> None:
    at = open_page(PAGE)
    box = at.selectbox(key="proposals_owner")
    assert box.label == "Responsable"
    box.select("__none__").run()
    assert _waiting_table(at)["owner"].eq("Non attribuée").all()
    at.selectbox(key="proposals_owner").select("DRH").run()
    assert _waiting_table(at)["proposal_id"].tolist() == ["pr3"]


def test_the_page_in_english(tiny_app) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["lang"] = "English"
    i18n.set_language("en")  # AppTest formats a widget's options in this thread
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Waiting for an answer" in [h.value for h in at.header]
    assert set(_waiting_table(at)["late"]) == {"⚠ Late"}
    assert at.selectbox(key="proposals_owner").label == "Owner"


def test_the_export_has_every_whole_text_for_those_who_read_them() -> None:
    waiting = pd.DataFrame({
        "proposal_id": ["P1", "P2"], "theme": ["Horaires", "Outils"], "late": [True, False],
        "days_open": [91, 12], "date": [dt.date(2026, 1, 5), dt.date(2026, 3, 30)],
        "owner_label": ["DRH", "Non attribuée"], "status_label": ["Déposée", "À l'étude"],
    })
    content = widgets.exported(waiting, pd.Series([LONG, "=1+1"])).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(content), sep=";")
    assert list(frame.columns) == [
        "N°", "Retard", "En attente (jours)", "Thème", "Proposition", "Responsable", "Déposée le", "État"]
    assert frame["Proposition"].tolist() == [LONG, "'=1+1"]  # whole, and no formula
    without = pd.read_csv(io.StringIO(widgets.exported(waiting, None).decode("utf-8-sig")), sep=";")
    assert "Proposition" not in without.columns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Court", "Court"),
        ("un  texte\nsur deux lignes", "un texte sur deux lignes"),
        ("mot " * 60, ("mot " * 60)[:155].rstrip() + "…"),  # cut at a word
        ("x" * 400, "x" * 159 + "…"),  # one long word: cut inside it
    ],
)
def test_short(text: str, expected: str) -> None:
    assert widgets.short(text) == expected


def test_neither_the_pack_nor_the_restitution_holds_a_text_or_an_entity(demo_store: Store) -> None:
    built = pack.build(demo_store, selection=["proposals"])
    with zipfile.ZipFile(io.BytesIO(pack.csv_zip(built))) as opened:
        tables = {name: opened.read(name).decode("utf-8-sig") for name in opened.namelist()}
    headers = [text.splitlines()[0] for name, text in tables.items() if name.startswith("proposals")]
    assert headers and not any("entity" in header for header in headers)
    document = restitution_html.to_html(restitution.build(demo_store))
    for text, where in itertools.product(DEMO_TEXTS, [*tables.values(), document]):
        assert text not in where


def test_demo_texts_are_reachable(demo_store: Store) -> None:
    """The checks above bite: the demo's open proposals do carry these texts."""
    waiting = demo_store.sql("select text from proposals where status in ('deposee', 'a_l_etude')")
    assert len(waiting) and set(waiting["text"]) <= set(DEMO_TEXTS)
