"""A director scoped to one commune, in the app: every page and every slide shows nothing of other
entities (names or codes, in text, tables, charts and the filters' options); a URL asking for
another entity is refused; a misspelt scope stops the app with a message; HR still sees everything."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from mututrack import auth
from mututrack.report import pack, slides
from mututrack.store import Store, default_db_path
from tests.conftest import ROOT
from tests.test_pages_roles import PAGES
from tests.test_scope import MINE, OTHER, leaks, others

TIMEOUT = 90
PRESENT = "app_pages/present.py"
ENTITY_LABELS = ("Collectivité", "Employer")


@pytest.fixture
def scoped(demo_app: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """The app on the demo, as a director scoped to one commune on an office machine."""
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    monkeypatch.setenv("MUTUTRACK_SCOPE", MINE)
    yield AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)


def _elements(block: Any) -> Iterator[Any]:
    for child in getattr(block, "children", {}).values():
        yield child
        yield from _elements(child)


def rendered(at: AppTest) -> str:
    """Everything a run put on screen: each element's message (text, labels, options), each table's
    values and each chart's figure."""
    parts = []
    for root in (at.main, at.sidebar):
        for element in _elements(root):
            kind = getattr(element, "type", "")
            if kind in ("arrow_data_frame", "dataframe") and hasattr(element, "value"):
                parts.append(element.value.to_csv(index=False))
            elif kind == "plotly_chart":
                parts.append(json.dumps(json.loads(element.proto.spec), ensure_ascii=False))
            elif hasattr(element, "proto") and kind not in ("arrow_data_frame", "dataframe"):
                parts.append(json.dumps(MessageToDict(element.proto), ensure_ascii=False))
    return "\n".join(parts)


def entity_filter(at: AppTest) -> Any:
    return next(box for box in at.sidebar.selectbox if box.label in ENTITY_LABELS)


def test_every_page_and_slide_shows_only_the_scope(scoped: AppTest) -> None:
    at = scoped.run()
    assert not at.exception, [e.message for e in at.exception]
    patterns = others(Store(default_db_path()))
    assert entity_filter(at).options == ["Tout le territoire", "Montaigu-les-Vignes"]
    found: dict[str, list[str]] = {}
    for path in PAGES:
        if path == PRESENT or not auth.allowed("director", path):
            continue
        at.switch_page(path).run()
        assert not at.exception, (path, [e.message for e in at.exception])
        found[auth.page_name(path)] = leaks(rendered(at), patterns)
    at.query_params["present"] = "1"
    for position, slide in enumerate(slides.SLIDES):
        at.session_state["slide_position"] = position
        at.run()
        assert not at.exception, (slide.slide_id, [e.message for e in at.exception])
        found[f"slide {slide.slide_id}"] = leaks(rendered(at), patterns)
    assert {page: names for page, names in found.items() if names} == {}


def test_the_pages_still_show_the_scope_itself(scoped: AppTest) -> None:
    at = scoped.switch_page("app_pages/network.py").run()
    assert "Montaigu-les-Vignes" in rendered(at)
    assert any("Périmètre : Montaigu-les-Vignes" in caption.value for caption in at.sidebar.caption)


def test_a_url_naming_another_entity_is_refused(scoped: AppTest) -> None:
    scoped.query_params["entity"] = "Bellerive-sur-Sorne"
    at = scoped.run()
    assert not at.exception
    refusals = [info.value for info in at.main.info if "pas dans votre périmètre" in info.value]
    assert refusals == ["« Bellerive-sur-Sorne » n'est pas dans votre périmètre : les pages montrent "
                        "vos collectivités et tout le territoire."]
    assert entity_filter(at).value == "tous"  # the whole territory, within the scope
    assert leaks(rendered(at).replace(refusals[0], ""), others(Store(default_db_path()))) == []


def test_a_misspelt_scope_stops_the_app_with_a_message(demo_app: Path, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    monkeypatch.setenv("MUTUTRACK_SCOPE", "MONTAIGU-LES-VIGNE")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "MONTAIGU-LES-VIGNE " in message
    assert "Collectivité inconnue" in message and "Unknown entity" in message
    assert not at.metric and not at.get("plotly_chart") and not at.sidebar.selectbox


def test_a_scope_from_the_sign_in_groups(demo_app: Path) -> None:
    from tests.test_pages_roles import AUTH

    settings = {"roles": {"director": ["GRP-MAIRES"]}, "scopes": {"GRP-MONTAIGU": [MINE]}}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.secrets = {"auth": AUTH, "mututrack": settings}
    at.user = {"is_logged_in": True, "name": "Maire", "groups": ["GRP-MAIRES", "GRP-MONTAIGU"]}
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert entity_filter(at).options == ["Tout le territoire", "Montaigu-les-Vignes"]


def test_hr_and_the_council_are_never_scoped(demo_app: Path, monkeypatch) -> None:
    monkeypatch.setenv("MUTUTRACK_SCOPE", MINE)
    for role in ("hr", "council"):
        monkeypatch.setenv("MUTUTRACK_ROLE", role)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
        assert not at.exception
        options = entity_filter(at).options
        assert "Bellerive-sur-Sorne" in options and options[0] == "Toutes les collectivités", role
        at.switch_page("app_pages/network.py").run()
        assert leaks(rendered(at), others(Store(default_db_path()))), "the page's matrix names every entity"


def test_a_single_other_entity_hides_the_territory(demo_app: Path, monkeypatch) -> None:
    codes = Store(default_db_path()).query("scope_entities")
    scope = sorted(set(codes.loc[codes["agents"] > 0, "entity_id"]) - {OTHER})
    monkeypatch.setenv("MUTUTRACK_ROLE", "director")
    monkeypatch.setenv("MUTUTRACK_SCOPE", ",".join(scope))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["entity"] = "Bellerive-sur-Sorne"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    box = entity_filter(at)
    assert "Tout le territoire" not in box.options and "Bellerive-sur-Sorne" not in box.options
    assert box.value in scope  # one of the scope, never the territory
    assert any("Tout le territoire : masqué" in caption.value for caption in at.sidebar.caption)
    assert any("pas dans votre périmètre" in info.value for info in at.main.info)


def test_the_pack_page_builds_within_the_scope(scoped: AppTest, monkeypatch) -> None:
    asked = []
    real = pack.build

    def build(store: Store, **options: Any) -> pack.Pack:
        asked.append(options["filters"])
        return real(store, **{**options, "selection": []})  # no chart to draw: the scope is what is checked

    monkeypatch.setattr(pack, "build", build)
    at = scoped.switch_page("app_pages/pack.py").run()
    next(button for button in at.button if button.label == "Préparer le dossier").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [filters.scope for filters in asked] == [(MINE,)]
    # the agents' results document speaks for every employer: not offered within a scope
    assert not [button for button in at.button if button.label == "Document de restitution aux agents"]
