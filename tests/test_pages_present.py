"""Presentation mode and the pages that quote users' names: what users typed is shown, never rendered."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mututrack import ui
from mututrack.store import Store

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["<img src=x onerror=alert(1)>", "**bold** [x](http://e)"]
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """The text a Markdown element displays for ``markdown`` (backslash escapes and entities resolved)."""
    return html.unescape(_ESCAPE.sub(r"\1", markdown))


@pytest.mark.parametrize("text", [*HOSTILE, "A & B :red[x] $1$ `c` #h", "Saint-Jean-de-Sorne (2.0)"])
def test_literal_shows_text_as_typed(text: str) -> None:
    escaped = ui.literal(text)
    assert shown(escaped) == text
    assert "<" not in escaped and "**" not in escaped and "](" not in escaped


@pytest.fixture
def hostile_app(demo_app: Path) -> Path:
    """The demo, with every project and entity named by someone hostile."""
    store = Store(demo_app)
    with store.transaction() as cur:
        cur.execute("update projects set name = $n || ' ' || project_id", {"n": HOSTILE[0]})
        cur.execute("update entities set name = $n || ' ' || entity_id", {"n": HOSTILE[1]})
    store.close()
    return demo_app


def _markdown(at: AppTest) -> list:
    return [*at.markdown, *at.caption, *at.warning, *at.info, *at.error, *at.success]


def test_presentation_mode_quotes_a_hostile_project_name_literally(hostile_app: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    texts = [shown(m.value) for m in _markdown(at)]
    assert any(HOSTILE[0] in text for text in texts), texts
    for element in at.markdown:  # the only elements that can render HTML
        assert not (element.allow_html and "<img" in element.value), element.value


def test_participation_names_a_hostile_entity_literally(hostile_app: Path) -> None:
    from tests.conftest import open_page

    at = open_page("app_pages/participation.py")
    at.radio(key="participation_by").set_value("entity").run()
    warnings = [w.value for w in at.warning]
    assert warnings and any(HOSTILE[1] in shown(w) for w in warnings), warnings
    assert not any("**bold**" in w for w in warnings)  # escaped: \*\*bold\*\*


def _present(demo_app: Path) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "class='mt-counter'" in m.value)


def test_a_clickers_keys_are_the_buttons_shortcuts(demo_app: Path) -> None:
    at = _present(demo_app)
    shortcuts = {button.proto.shortcut for button in at.button}
    clicker = {"right", "left", "pagedown", "pageup", "space", "home", "end", "b"}
    assert clicker <= {s.lower() for s in shortcuts}
    total = len(ui.slide_selection())
    at.button(key="present-End").click().run()
    assert f">{total} / {total}<" in _counter(at)
    at.button(key="present-Home").click().run()
    assert ">1 / " in _counter(at)
    at.button(key="present-black").click().run()
    assert any("class='mt-black'" in m.value for m in at.markdown)


def test_an_open_waves_slide_carries_the_provisional_ribbon(demo_app: Path) -> None:
    at = _present(demo_app)
    at.button(key="present-End").click().run()  # the demo's selection ends on the headcount: no wave
    assert not any("class='mt-ribbon'" in m.value for m in at.markdown)
    for _ in range(len(ui.slide_selection())):
        if any("class='mt-ribbon'" in m.value for m in at.markdown):
            break
        at.button(key="present-PageUp").click().run()
    ribbon = next(m.value for m in at.markdown if "class='mt-ribbon'" in m.value)
    assert "Provisoire" in ribbon and "taux de réponse" in ribbon


def test_every_page_quotes_hostile_names_and_renders_no_markup_of_theirs(hostile_app: Path) -> None:
    """Every page, as HR: names brought by users never become HTML (the only elements that can
    render it are st.markdown/st.html with HTML allowed) and every page still renders."""
    from tests.conftest import open_page
    from tests.test_pages_roles import PAGES

    for page in [p for p in PAGES if p != "app_pages/present.py"]:  # presentation mode: the test above
        at = open_page(page)
        for element in at.markdown:
            assert not (element.allow_html and "<img" in element.value), (page, element.value)
        for element in _markdown(at):
            assert "<img src=x" not in element.value or HOSTILE[0] in shown(element.value), (
                page, element.value)
