"""A director reads the alerts on the Overview and follows one to the page that explains it, opened
with the alert's filters (they are in the link, so the page shows what the alert is about)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.store import Store
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

    page.get_by_role("link", name=t("overview.alerts.open"), exact=True).nth(position).click()
    page.wait_for_url(lambda url: urlparse(url).path.rstrip("/").endswith("/" + alert["page"]))
    wait_ready(page)
    assert_no_exception(page)
    for label, value in filters.items():  # the alert's filters are applied, and kept in the address bar
        assert page.get_by_role("combobox", name=label, exact=True).input_value() == value, (label, page.url)
    page.reload()
    wait_ready(page)
    for label, value in filters.items():
        assert page.get_by_role("combobox", name=label, exact=True).input_value() == value, (label, page.url)
