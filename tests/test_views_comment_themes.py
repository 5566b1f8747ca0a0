"""The themes of released comments: what the Commentaires page gets, on a tiny store whose answers
are known. Only released comments shape themes; no count under k is published; the page shows the
themes in French and English and filters its list by theme."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mututrack import i18n
from mututrack.filters import Filters
from mututrack.publication import comment_themes
from mututrack.publication.comment_themes import published_themes
from mututrack.store import Store, default_db_path
from mututrack.views import comments
from mututrack.views.comment_themes import listed
from tests.conftest import ROOT
from tests.fixtures_qvt import add_wave, who5
from tests.test_metrics_themes import CAREERS, WORKLOAD, _comments

SECRET_WORDS = ("zanzibar", "xylophone", "quetzal")  # only in comments of an atom an e1 filter withholds
SECRET = [f"Le {a} et le {b} du {c}, encore une remarque (n°{i})."
          for i, (a, b, c) in enumerate([SECRET_WORDS, SECRET_WORDS[::-1]] * 6)]


def _people(entity: str, category: str, service: str, texts: list[str]) -> list[tuple]:
    return [(entity, category, service, {**who5(3, 3, 3, 3, 3), "comment": text}) for text in texts]


def _fill(store: Store) -> None:
    """Wave 2026-T1: e1 (40 on workload, 3 of them also on computers), e2 (40 on careers), e3 (12
    with words found nowhere else); wave 2026-T2: e1 and e2, 20 comments each."""
    workload = _comments(WORKLOAD, 40, seed=1)
    workload[:3] = [f"{text} Et l'ordinateur est en panne." for text in workload[:3]]
    first = (_people("e1", "A", "s1", workload) + _people("e2", "B", "s2", _comments(CAREERS, 40, seed=2))
             + _people("e3", "C", "s3", SECRET))
    add_wave(store, "2026-T1", first, closed_at=dt.date(2026, 3, 27))
    second = (_people("e1", "A", "s1", _comments(WORKLOAD, 20, seed=3))
              + _people("e2", "B", "s2", _comments(CAREERS, 20, seed=4)))
    add_wave(store, "2026-T2", second, closed_at=dt.date(2026, 6, 30))


@pytest.fixture
def themed(store: Store) -> Store:
    _fill(store)
    return store


def _every_string(value) -> Iterator[str]:
    """Every piece of text inside a view's value (frames, lists, dicts), numbers as text."""
    if isinstance(value, pd.DataFrame):
        for column in value.columns:
            yield str(column)
            for item in value[column]:
                yield from _every_string(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _every_string(item)
    elif isinstance(value, (list, tuple, np.ndarray)):
        for item in value:
            yield from _every_string(item)
    else:
        yield str(value)


def test_the_whole_organisation_sees_every_released_theme(themed):
    data = comments.compute(themed, Filters(wave="2026-T1"))
    assert data["total"] == 92 and data["themes_level"] == "full"
    shown = data["themes"].set_index("theme")
    assert shown.loc["charge", "comments"] == 40 and shown.loc["carrieres", "comments"] == 40
    words = " ".join(_every_string(data["themes"]))
    assert any(word in words for word in SECRET_WORDS), "released here: the test below can fail"


def test_a_withheld_atom_never_reaches_any_theme_output(themed):
    data = comments.compute(themed, Filters(wave="2026-T1", entity="e1"))
    assert data["total"] == 40
    found = " ".join(_every_string({k: v for k, v in data.items()})).lower()
    assert not any(word in found for word in SECRET_WORDS)
    published = published_themes(themed, "2026-T1", Filters(entity="e1"), waves=["2026-T1", "2026-T2"])
    assert not any(word in " ".join(_every_string(vars(published))).lower() for word in SECRET_WORDS)
    assert set(data["themes"]["theme"]) >= {"charge"} and "carrieres" not in set(data["themes"]["theme"])


def test_no_count_under_k_is_published(themed):
    published = published_themes(themed, "2026-T1", Filters(), waves=["2026-T1", "2026-T2"])
    k = published.k
    assert published.themes["comments"].dropna().ge(k).all()
    assert published.trend["comments"].dropna().ge(k).all()
    conditions = published.themes.set_index("theme").loc["conditions"]
    assert not conditions["shown"] and pd.isna(conditions["comments"])  # 3 comments on computers
    data = comments.compute(themed, Filters(wave="2026-T1"))
    assert "Conditions matérielles et outils" in data["themes_hidden"]
    assert "conditions" not in set(data["themes"]["theme"])
    assert all(number >= k for number in data["themes"]["comments"])
    assert not any("conditions" in themes for themes in data["comment_themes"]["themes"])


def test_each_theme_has_its_trend_from_released_comments(themed):
    published = published_themes(themed, "2026-T2", Filters(), waves=["2026-T1", "2026-T2"])
    charge = published.trend[published.trend["theme"].eq("charge")].set_index("wave")
    assert charge["comments"].to_dict() == {"2026-T1": 40.0, "2026-T2": 20.0}
    assert charge.loc["2026-T1", "share"] == pytest.approx(40 / 92)
    assert charge.loc["2026-T2", "share"] == pytest.approx(0.5)
    data = comments.compute(themed, Filters(wave="2026-T2"))
    line = data["themes"].set_index("theme").loc["charge", "trend"]
    assert line == "2026-T1 : 40 (43\u202f%) · 2026-T2 : 20 (50\u202f%)"  # French: a narrow space before %


def test_a_theme_filters_the_list(themed):
    data = comments.compute(themed, Filters(wave="2026-T1"))
    by_group, pooled = listed(data, "charge")
    listed_texts = [text for texts in by_group["comments"] for text in texts] + pooled
    workload = set(_comments(WORKLOAD, 40, seed=1))
    assert len(listed_texts) == 40
    assert all(text in workload or "ordinateur" in text for text in listed_texts)
    everything, _ = listed(data, None)
    pd.testing.assert_frame_equal(everything, data["comments_by_group"])


def test_representative_comments_are_released_ones_of_their_theme(themed):
    data = comments.compute(themed, Filters(wave="2026-T1"))
    careers = set(_comments(CAREERS, 40, seed=2))
    examples = data["themes"].set_index("theme").loc["carrieres", "examples"]
    assert 2 <= len(examples) <= 3 and set(examples) <= careers


@pytest.mark.parametrize("selection", [Filters(wave="2026-T1"), Filters(wave="2026-T1", entity="e1")])
def test_the_page_releases_its_comments_once_and_its_themes_are_the_same(themed, monkeypatch, selection):
    made = []

    def counted(*args, **kwargs):
        made.append(args[1])
        return release(*args, **kwargs)

    release = comments.released
    monkeypatch.setattr(comments, "released", counted)
    monkeypatch.setattr(comment_themes, "released", counted)
    data = comments.compute(themed, selection)
    assert made == [selection]  # one wave in the trend: the view's release serves the themes
    alone = published_themes(themed, "2026-T1", selection, waves=["2026-T1"])
    pd.testing.assert_frame_equal(data["comment_themes"], alone.members)  # the list's order too
    shown = alone.themes[alone.themes["shown"]].set_index("theme")["comments"]
    assert data["themes"].set_index("theme")["comments"].to_dict() == shown.astype("int64").to_dict()


def test_a_selection_with_too_few_comments_has_no_themes(store):
    add_wave(store, "2026-T1", _people("e1", "A", "s1", _comments(WORKLOAD, 9, seed=5)),
             closed_at=dt.date(2026, 3, 27))
    published = published_themes(store, "2026-T1", Filters(), waves=["2026-T1"])
    assert published.level == "none" and published.themes.empty
    assert comments.compute(store, Filters())["cell_hidden"]  # 9 commenters: not even released


@pytest.fixture
def themed_app() -> None:
    built = Store(default_db_path())
    _fill(built)
    built.close()


def _plots(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize(("lang", "title", "theme_label"), [
    ("fr", "Thèmes", "Charge de travail"),
    ("en", "Themes", "Workload"),
])
def test_the_page_shows_themes_and_filters_by_one(themed_app, monkeypatch, lang, title, theme_label):
    monkeypatch.setenv("MUTUTRACK_ROLE", "hr")
    i18n.set_language(lang)  # AppTest calls format_func in this thread: the labels the run drew
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    if lang == "en":
        at.query_params["lang"] = "English"
    at.switch_page("app_pages/comments.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert title in [header.value for header in at.header]
    bars = [trace for chart in _plots(at) for trace in chart["data"]]
    assert theme_label in [label for trace in bars for label in trace["y"]]
    labels = [expander.label for expander in at.expander]
    assert any(label.startswith(theme_label) for label in labels)
    at.selectbox(key="comment_theme").set_value("charge").run()
    assert not at.exception
    # the page opens on the latest wave, 2026-T2: 20 comments on each topic
    assert [e.label for e in at.expander if not e.label.startswith(theme_label)][-1] == "e1 (20)"
    listed_texts = [text.value for text in at.text][-20:]
    assert set(listed_texts) == set(_comments(WORKLOAD, 20, seed=3))
    assert any(m.value.startswith("20 ") and theme_label in m.value for m in at.markdown)
