"""A director reads the alerts on the Overview and follows one to the page that explains it, opened
with the alert's filters (they are in the link, so the page shows what the alert is about) and
scrolled to the element that explains it, outlined; each alert's link lands so."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.metrics import alerts
from mututrack.store import Store
from mututrack.ui.navigation import PAGE_TITLES
from mututrack.views import filter_options, overview
from tests.e2e.conftest import assert_no_exception, goto, wait_ready

FILTERS = {  # URL key -> (options of the filters view, label of the sidebar widget)
    "project": ("projects", "ui.filters.project"),
    "entity": ("entities", "ui.filters.entity"),
    "category": ("categories", "ui.filters.category"),
    "wave": ("waves", "ui.filters.wave"),
}


def _expected(demo_db: Path) -> tuple[int, dict, str, dict[str, str]]:
    """The first alert that carries filters, on the same demo as the server's first start:
    its position in the list, the alert, its sentence and the sidebar label of each of its filters."""
    demo = Store(demo_db)
    try:
        data = overview.compute(demo, Filters())
        options = filter_options.compute(demo, Filters())
    finally:
        demo.close()
    alerts = data["alerts"].to_dict(orient="records")
    position = next(i for i, alert in enumerate(alerts) if alert["params"])
    alert = alerts[position]
    shown = {t(FILTERS[key][1]): options[FILTERS[key][0]][value] for key, value in alert["params"].items()}
    return position, alert, data["alert_texts"][position], shown


def test_director_follows_an_alert_to_its_page_with_its_filters(start, page, demo_db: Path) -> None:
    position, alert, sentence, filters = _expected(demo_db)
    server = start(env={"MUTUTRACK_ROLE": "director"})
    goto(page, server.url, timeout=120_000)
    assert_no_exception(page)
    page.get_by_role("heading", name=t("overview.alerts.title")).wait_for()
    page.get_by_text(sentence).wait_for()
    sidebar = page.locator("[data-testid='stSidebarNav']")
    assert sidebar.get_by_role("link", name=t("ingest.nav.import")).count() == 0

    # the link is named after where it goes: the page and the alert's filters
    chips = ", ".join(t("ui.filters.chip", filter=label, value=value) for label, value in filters.items())
    name = t("focus.open", page=t("focus.place_filtered", page=t(PAGE_TITLES[alert["page"]]), filters=chips))
    page.get_by_role("link", name=name, exact=True).click()
    _lands_on(page, alert)
    for label, value in filters.items():  # the alert's filters are applied, and kept in the address bar
        assert page.get_by_role("combobox", name=label, exact=True).input_value() == value, (label, page.url)
    page.reload()
    wait_ready(page)
    for label, value in filters.items():
        assert page.get_by_role("combobox", name=label, exact=True).input_value() == value, (label, page.url)
    assert page.locator(".mt-focused").count() == 0  # highlighted once, not at every reload

    every = _alerts(demo_db)
    assert len(every) >= 5
    for number, alert in enumerate(every):  # every alert lands on what explains it
        goto(page, server.url)
        links = _alert_links(page)
        assert links.count() == len(every)
        links.nth(number).click()
        _lands_on(page, alert)


# The outlined element, in the window: top and bottom inside it (an element taller than the window
# starts at its top, under Streamlit's header).
_IN_VIEW = """() => {
  const element = document.querySelector(".mt-focused");
  if (!element) return false;
  const box = element.getBoundingClientRect();
  return box.top >= 0 && box.top < innerHeight && (box.bottom <= innerHeight || box.top < 100);
}"""


def _lands_on(page, alert: dict) -> None:
    """The alert's page is open, its element outlined and in the window with the line that says so,
    and the address bar no longer asks for it."""
    page.wait_for_url(lambda url: urlparse(url).path.rstrip("/").endswith("/" + alert["page"]))
    wait_ready(page)
    assert_no_exception(page)
    element = page.locator(f".st-key-mt-focus-{alerts.focus(alert)}")
    element.get_by_text(t("focus.note", what=t(f"focus.what.{alerts.focus(alert)}"))).wait_for()
    page.wait_for_function(_IN_VIEW, timeout=30_000, polling=100)
    assert "mt-focused" in element.get_attribute("class"), alert["kind"]
    page.wait_for_url(lambda url: "focus=" not in url)


def _alert_links(page):
    """The alerts' links on the Overview (its links in the page's body but the "Créer une action" ones,
    which open the action plans' form)."""
    body = "[data-testid='stMainBlockContainer'] [data-testid='stPageLink']"
    links = page.locator(f"{body} a:not([href*='actions'])")
    links.first.wait_for()
    return links


def _alerts(demo_db: Path) -> list[dict]:
    demo = Store(demo_db)
    try:
        return overview.compute(demo, Filters())["alerts"].to_dict(orient="records")
    finally:
        demo.close()
