"""The Qualité de vie, Parcours and Commentaires pages render under AppTest, on an empty store and
on the small demo, for each role allowed; masked groups say so."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, open_page

PAGES = {
    "app_pages/qvt.py": "Qualité de vie au travail",
    "app_pages/careers.py": "Parcours et compétences",
    "app_pages/comments.py": "Commentaires",
}


def _open(page: str, monkeypatch: pytest.MonkeyPatch, *, role: str = "hr") -> AppTest:
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = open_page(page)
    assert at.title[0].value == PAGES[page]
    return at


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_on_an_empty_store(empty_app, page, monkeypatch):
    at = _open(page, monkeypatch)
    assert not at.get("plotly_chart")
    assert at.info, "an empty page says why it is empty"


@pytest.mark.parametrize("role", ["hr", "director", "council"])
def test_qvt_page_on_the_demo(demo_app, role, monkeypatch):
    at = _open("app_pages/qvt.py", monkeypatch, role=role)
    titles = [c["layout"]["title"]["text"] for c in _charts(at)]
    assert len(titles) == 7  # WHO-5, poor share, heatmap, adoption, clarity, eNPS, items
    assert any("significati" in m.value for m in at.markdown), "the headline gives the test's verdict"


def test_qvt_page_every_breakdown_and_comparison(demo_app, monkeypatch):
    at = _open("app_pages/qvt.py", monkeypatch)
    for by in ("entity", "category"):
        for against in ("previous", "org"):
            at.radio(key="qvt_by").set_value(by)
            at.radio(key="qvt_against").set_value(against)
            at.run()
            assert not at.exception


def test_hidden_groups_say_so_on_the_heatmap(demo_app, monkeypatch):
    at = _open("app_pages/qvt.py", monkeypatch)
    heatmap = next(c for c in _charts(at) if c["data"][0]["type"] == "heatmap")
    texts = [cell for row in heatmap["data"][1]["text"] for cell in row]
    assert any("masqué" in cell for cell in texts), "the demo's small communes are masked, visibly"


@pytest.mark.parametrize("role", ["hr", "director", "council"])
def test_careers_page_on_the_demo(demo_app, role, monkeypatch):
    at = _open("app_pages/careers.py", monkeypatch, role=role)
    assert len(_charts(at)) == 3  # training and interviews per project, training per group
    for by in ("entity_id", "category"):
        at.radio(key="careers_by").set_value(by).run()
        assert not at.exception


def test_comments_page_for_hr_on_the_demo(demo_app, monkeypatch):
    at = _open("app_pages/comments.py", monkeypatch)
    assert at.expander, "comments are grouped by employer"
    assert "Thèmes" in [header.value for header in at.header]
    (chart,) = _charts(at)  # the themes, and no other chart
    assert chart["layout"]["title"]["text"].startswith("Thèmes des commentaires")


@pytest.mark.parametrize("role", ["director", "council"])
def test_comments_page_is_refused_to_other_roles(demo_app, role, monkeypatch):
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    with pytest.raises(ValueError):  # not in this role's navigation
        at.switch_page("app_pages/comments.py")


def test_every_string_of_these_pages_is_in_french_and_english():
    strings = json.loads((ROOT / "mututrack" / "locales" / "qvt.json").read_text(encoding="utf-8"))
    assert all(key.split(".")[0] in {"qvt", "careers", "comments"} for key in strings)
    assert all(entry.get("fr") and entry.get("en") for entry in strings.values())


def test_views_and_charts_in_english_on_the_demo(demo_store):
    from mututrack import charts, i18n
    from mututrack.filters import Filters
    from mututrack.views import careers, comments, qvt

    i18n.set_language("en")
    data = qvt.compute(demo_store, Filters())
    assert data["heatmaps"]["entity"]["measure_label"].iloc[0] == "Well-being (WHO-5)"
    assert data["headlines"][0].startswith("Between")
    heatmap = charts.qvt_heatmap(data["heatmaps"]["category"], against="org", k=5)
    assert heatmap.layout.title.text.startswith("Score")
    assert careers.compute(demo_store, Filters())["summary"]["period_label"].iloc[0].startswith("Year")
    assert not comments.compute(demo_store, Filters())["cell_hidden"]


@pytest.mark.parametrize(("role", "shown"), [("hr", True), ("director", False), ("council", False)])
def test_only_hr_gets_the_link_to_the_anonymity_settings(demo_app, monkeypatch, role, shown):
    at = _open("app_pages/qvt.py", monkeypatch, role=role)
    assert not at.exception
    links = [el for el in at.get("page_link") if "anonymat" in el.proto.label]
    assert bool(links) is shown


@pytest.mark.parametrize(("params", "hidden"), [
    # The URL holds the sidebar's labels (ui.link_filters).
    # a small commune's category C: no atom inside
    ({"entity": "Saint-Médard-du-Val", "category": "C"}, True),
    ({"entity": "Champagnac"}, True),  # a commune whose respondents share atoms with others
    # a few people at small scale
    ({"project": "Mutualisation de la commande publique", "category": "A"}, True),
    ({"project": "Mutualisation voirie et informatique"}, False),
    ({"entity": "no-such-entity"}, False),  # ignored by the sidebar: the whole organisation
])
def test_qvt_and_comments_pages_on_a_hidden_selection(demo_app, monkeypatch, params, hidden):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MUTUTRACK_ROLE", "hr")
    for page in ("app_pages/qvt.py", "app_pages/comments.py"):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        said = " ".join(str(w.value) for w in [*at.warning, *at.info])
        if page.endswith("qvt.py"):
            assert ("Aucun groupe d'au moins 5 personnes" in said) == hidden, said
        elif hidden:
            assert "masqu" in said or "moins de 10" in said or "10" in said, said
