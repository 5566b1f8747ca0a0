"""A mayor's director, scoped to their commune on an office machine: the employer filter offers their
commune and the whole territory only, a page shows no other entity, and a link naming another
entity is refused on the page."""

from __future__ import annotations

from mututrack.i18n import t
from tests.e2e.conftest import assert_no_exception, goto

MINE = "MONTAIGU-LES-VIGNES"
OTHERS = ("Bellerive-sur-Sorne", "Sornac-la-Ville", "Communauté d'agglomération du Val de Sorne",
          "Champagnac")


def test_a_scoped_director_sees_their_commune_and_the_territory(start, page) -> None:
    server = start(env={"MUTUTRACK_ROLE": "director", "MUTUTRACK_SCOPE": MINE})
    goto(page, server.url, timeout=120_000)
    assert_no_exception(page)
    employer = page.get_by_role("combobox", name=t("ui.filters.entity"), exact=True)
    employer.evaluate("element => element.scrollIntoView({block: 'center'})")  # low in the sidebar
    employer.click()
    page.get_by_role("option").first.wait_for()  # the list is drawn after the click
    options = page.get_by_role("option").all_inner_texts()
    assert options == ["Tout le territoire", "Montaigu-les-Vignes"]
    page.keyboard.press("Escape")

    goto(page, f"{server.url}/network")
    assert_no_exception(page)
    page.get_by_role("heading", name=t("involvement.nav.network")).first.wait_for()
    shown = page.locator("body").inner_text()
    assert "Montaigu-les-Vignes" in shown
    assert [name for name in OTHERS if name in shown] == []

    goto(page, f"{server.url}/participation?entity=Bellerive-sur-Sorne")
    assert_no_exception(page)
    page.get_by_text("« Bellerive-sur-Sorne » n'est pas dans votre périmètre").wait_for()
    combobox = page.get_by_role("combobox", name=t("ui.filters.entity"), exact=True)
    assert combobox.input_value() == "Tout le territoire"
