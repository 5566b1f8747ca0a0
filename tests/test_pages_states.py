"""Every page renders on every store state, for every role (issue 14, item 5).

Each state is built once per test session through the real import path (``mututrack.ingest`` and
its sample files), then copied for each test. A test opens the app as one role on one state and
visits every page of the navigation (``ui.navigation.PAGES``): an allowed page must render with no
exception, no traceback, no raw i18n key, and show content or a message saying why it is empty; a
refused page must show the refusal. Presentation mode is walked slide by slide.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mututrack import auth, i18n, ingest, ui
from mututrack.filters import Filters
from mututrack.ingest import samples, territory_samples
from mututrack.publication import build as publication
from mututrack.report import slides
from mututrack.store import Store, default_db_path
from mututrack.views import VIEWS, filter_options
from tests.conftest import ROOT
from tests.test_pages_roles import PAGES

TIMEOUT = 90
PRESENT = "app_pages/present.py"
TERRITORY = territory_samples.files()
ENTITIES, ROSTER = "01_collectivites.csv", "04_liste_agents_excel.csv"


def _imported(store: Store, kind: str | None, name: str, data: bytes, **options: str) -> ingest.ImportResult:
    result = ingest.import_file(store, kind, data, name, **options)
    assert result.ok, [problem.message() for problem in result.problems]
    return result


def _roster(store: Store) -> None:
    _imported(store, "entities", ENTITIES, TERRITORY[ENTITIES])
    _imported(store, "agents", ROSTER, TERRITORY[ROSTER])


def _closed_wave(store: Store) -> None:
    answers = samples.template_csv(samples.answers(60, seed=3))
    _imported(store, "responses", "vague.csv", answers, wave="2026-T1")


def _responses_only(store: Store) -> None:
    _closed_wave(store)


def _one_wave(store: Store) -> None:
    """The whole sample territory (projects, charter, events, attendance...) and one closed wave."""
    for name, data in TERRITORY.items():
        _imported(store, "entities" if name == ENTITIES else None, name, data)
    _closed_wave(store)


def _open_wave(store: Store) -> None:
    """A roster and a wave whose answers arrive until today: it is still collecting."""
    _roster(store)
    answers = samples.answers(60, seed=5)
    today = pd.Timestamp(dt.date.today())
    minutes = np.linspace(-5 * 24 * 60, -60, len(answers)).round()
    answers["submitted_at"] = today + pd.Timedelta(hours=8) + pd.to_timedelta(minutes, unit="min")
    _imported(store, "responses", "vague-en-cours.csv", samples.template_csv(answers), wave="2026-T4")
    assert publication.open_waves(store) == {"2026-T4"}


def _all_undone(store: Store) -> None:
    _one_wave(store)
    for import_id in ingest.history(store)["import_id"]:
        assert ingest.undo(store, int(import_id), user="test").ok


# state -> (how it is built, the secret the app runs with). "new": a database file nobody ever wrote
# to, where the first start creates the demo territory; "secret_changed": the one-wave store opened
# after MUTUTRACK_SECRET changed (its sealed original files can no longer be read).
STATES: dict[str, tuple[Callable[[Store], None] | None, str]] = {
    "new": (None, "test-secret"),
    "roster_only": (_roster, "test-secret"),
    "responses_without_roster": (_responses_only, "test-secret"),
    "one_wave": (_one_wave, "test-secret"),
    "open_wave": (_open_wave, "test-secret"),
    "all_undone": (_all_undone, "test-secret"),
    "secret_changed": (_one_wave, "another-secret"),
}
# Pages that must say why they are empty (an st.info) on a state with nothing for them to show.
EMPTY = {
    "all_undone": [
        "overview", "involvement", "concertation", "network", "proposals", "participation", "qvt", "careers",
        "comments", "settings", "present", "actions",
    ],
    "roster_only": [
        "overview", "involvement", "concertation", "network", "proposals", "participation", "qvt", "careers",
        "comments", "settings", "present", "actions",
    ],
    "responses_without_roster": [
        "overview", "involvement", "concertation", "network", "proposals", "careers"
    ],
}
# What counts as showing something beyond the page's title and caption.
CONTENT = ("info", "warning", "error", "success", "metric", "plotly_chart", "dataframe", "markdown", "slider",
           "multiselect", "button")
I18N_KEY = re.compile(r"[a-z_]+(\.[a-z0-9_]+)+")


@pytest.fixture(scope="session")
def state_files() -> dict[str, Path]:
    """Each state's database, built once (lazily: a worker builds only the states its tests use)."""
    return {}


@pytest.fixture
def state_app(
    request: pytest.FixtureRequest, state_files: dict[str, Path], tmp_path_factory, monkeypatch
) -> str:
    """The app's database is a private copy of the state ``request.param``; the app's secret is set."""
    state = request.param
    build, secret = STATES[state]
    if state not in state_files:
        path = tmp_path_factory.mktemp("states") / f"{state}.duckdb"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("MUTUTRACK_SECRET", "test-secret")
            built = Store(path)
            if build is not None:
                build(built)
            built.close()
        state_files[state] = path
    shutil.copyfile(state_files[state], default_db_path())
    monkeypatch.setenv("MUTUTRACK_SECRET", secret)
    return state


def _texts(at: AppTest) -> list[str]:
    """Every piece of text the run showed (markdown, titles, captions, alerts, labels, metrics)."""
    found: list[str] = []
    shown = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")
    for kind in shown:
        found += [str(element.value) for element in at.get(kind)]
    found += [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("selectbox", "multiselect", "radio", "button", "text_input", "slider", "tabs"):
        found += [str(getattr(element, "label", "")) for element in at.get(kind)]
    return found


def _problems(at: AppTest) -> list[str]:
    """What is wrong with a rendered page: an exception, a traceback, a raw i18n key, or nothing shown."""
    if at.exception:
        return [f"exception: {e.message[:300]}" for e in at.exception]
    texts = _texts(at)
    keys = set(i18n.strings())
    problems = [f"traceback: {text[:120]}" for text in texts if "Traceback" in text]
    problems += [
        f"raw i18n key: {text}" for text in texts if I18N_KEY.fullmatch(text.strip()) and text.strip() in keys
    ]
    if not any(at.get(kind) for kind in CONTENT):
        problems.append("nothing shown: no content and no message")
    return problems


def _main_infos(at: AppTest) -> list[str]:
    return [info.value for info in at.main.info]


def _visit(at: AppTest, role: str, state: str, *, first: bool = True, present: bool = True
           ) -> dict[str, list[str]]:
    """Open every page the role may open, then presentation mode's slides (``present``); page name ->
    its problems (empty when fine). ``first``: the app's first run is the first page's (as its URL
    opens it); otherwise one run first draws this role's navigation (after presentation mode, the
    app knows no other page)."""
    found: dict[str, list[str]] = {}
    if not first:
        at.run()
    for path in PAGES:
        name = auth.page_name(path)
        if path == PRESENT or not auth.allowed(role, path):
            continue  # presentation mode leaves the navigation: walked by _present
        at.switch_page(path).run()
        found[name] = _problems(at) + ([] if at.main.title else ["no page title: the page did not render"])
        if name in EMPTY.get(state, []) and not _main_infos(at):
            found[name].append("an empty page says nothing about why it is empty")
    if present:
        found["present"] = _present(at, state)
    return found


def _refusals(roles: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], list[str]]:
    """Each page file a role may not open, opened directly (its URL typed by hand): a polite refusal,
    nothing else. (role, page) -> problems."""
    found = {}
    for path in PAGES:
        refused = [role for role in roles if not auth.allowed(role, path)]
        at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT) if refused else None
        for role in refused:
            monkeypatch.setenv("MUTUTRACK_ROLE", role)
            at.run()
            problems = [f"exception: {e.message[:300]}" for e in at.exception]
            if len(at.warning) != 1 or at.dataframe or at.get("plotly_chart") or at.metric:
                problems.append("a refused page shows more than the refusal")
            found[(role, auth.page_name(path))] = problems
    return found


def _present(at: AppTest, state: str) -> list[str]:
    """Presentation mode, every slide in turn."""
    at.query_params["present"] = "1"
    problems = []
    for position, slide in enumerate(slides.SLIDES):
        at.session_state["slide_position"] = position
        at.run()
        problems += [f"slide {slide.slide_id}: {p}" for p in _problems(at)]
        if slide.title() not in [header.value for header in at.header]:
            problems.append(f"slide {slide.slide_id}: not shown")
        if "present" in EMPTY.get(state, []) and not (at.get("plotly_chart") or _main_infos(at)):
            problems.append(f"slide {slide.slide_id}: neither a chart nor a message")
    at.query_params.pop("present")
    at.session_state["slide_position"] = 0
    return problems


@pytest.mark.slow  # 7 states x 3 roles x 14 pages, 12 slides each: 55 s of CPU, 70-170 s on 2 busy cores
@pytest.mark.parametrize("state_app", list(STATES), indirect=True)
def test_every_page_renders_on_every_state_for_every_role(state_app: str, monkeypatch) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    found: dict[tuple[str, str], list[str]] = {}
    for number, role in enumerate(auth.ROLES):  # the role is read at every run: one app, each role in turn
        monkeypatch.setenv("MUTUTRACK_ROLE", role)
        # presentation mode shows every role the same slides: walked once, as the council watches it
        visited = _visit(at, role, state_app, first=number == 0, present=role == auth.ROLES[-1])
        found |= {(role, page): problems for page, problems in visited.items()}
    found |= _refusals(auth.ROLES, monkeypatch)
    assert {cell: problems for cell, problems in found.items() if problems} == {}
    assert len(found) == len(auth.ROLES) * len(PAGES) - (len(auth.ROLES) - 1)  # presentation: once


@pytest.mark.parametrize("state_app", ["open_wave", "all_undone"], indirect=True)
def test_every_page_renders_in_english(state_app: str) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = "English"
    # AppTest calls a widget's format_func in this thread to send its value back: the labels must
    # be the English ones the run drew (a browser sends an index, not a label).
    i18n.set_language("en")
    at.switch_page("app_pages/participation.py").run()
    assert at.title[0].value == "Survey participation"
    found = _visit(at, "hr", state_app, first=False)
    assert {page: problems for page, problems in found.items() if problems} == {}


@pytest.mark.parametrize("state_app", ["secret_changed"], indirect=True)
def test_after_a_changed_secret_the_history_still_offers_undo(state_app: str) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page("app_pages/import.py").run()
    assert not at.exception
    assert any("n'est pas disponible" in caption.value for caption in at.caption)  # key of the base not found
    assert "Annuler cet import" in [button.label for button in at.button]


def _filter_choices(store: Store) -> list[Filters]:
    """Each filter alone on its first value, and all four on values nothing matches."""
    options = filter_options.compute(store, Filters())
    chosen = [Filters(**{name: next(iter(options[source]))}) for name, source in ui.FILTER_OPTIONS.items()
              if options[source]]
    return [*chosen, Filters(project="NONE", entity="NONE", category="Z", wave="NONE")]


@pytest.mark.slow  # about 25 s of CPU
@pytest.mark.parametrize(
    "state_app", ["roster_only", "responses_without_roster", "one_wave", "open_wave"], indirect=True
)
def test_every_view_computes_on_a_partial_store_whatever_the_filters(state_app: str) -> None:
    """The pages' data under filters the AppTests above never choose (no filter: those tests)."""
    store = Store(default_db_path())
    failed = {}
    for chosen in _filter_choices(store):
        for name, module in VIEWS.items():
            try:
                importlib.import_module(module).compute(store, chosen)
            except Exception as error:  # noqa: BLE001 - every failure is listed, not just the first
                failed[(name, chosen.key())] = f"{type(error).__name__}: {error}"
    store.close()
    assert failed == {}
