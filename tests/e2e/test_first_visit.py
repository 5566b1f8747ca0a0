"""A new user's first visit: the demo is created, the banner shows, every page renders cleanly, in
French from each page's URL (each also checked by axe-core: tests/e2e/axe.py, docs/accessibility.md),
then in English through the sidebar's language switch; nothing is requested from another host."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.e2e.axe import SLIDE_DRAWN, Axe, check
from tests.e2e.conftest import assert_no_exception, goto, wait_ready

BANNER = {"fr": "Données de démonstration", "en": "Demo data"}
OVERVIEW = {"fr": "Vue d'ensemble", "en": "Overview"}


def _navigation(page) -> dict[str, str]:
    """The sidebar's links: visible label -> URL."""
    links = page.locator("[data-testid='stSidebarNav'] a")
    links.first.wait_for()
    return {links.nth(i).inner_text().splitlines()[-1]: links.nth(i).get_attribute("href")
            for i in range(links.count())}


def _assert_page_renders(page, lang: str, where: str) -> None:
    expect(page.get_by_text(BANNER[lang]).first, where).to_be_visible()
    assert_no_exception(page)
    main = page.locator("[data-testid='stMainBlockContainer']")  # not the sidebar
    title = main.get_by_role("heading").first
    expect(title, f"{where}: nothing rendered").to_be_visible()
    # a screen reader reads the page in its language (RGAA 8.3): <html lang> follows the switch
    page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang, timeout=10_000)


def _click_through(page, pages: dict[str, str], lang: str) -> None:
    """Open every page from the sidebar, presentation mode last (it hides the sidebar)."""
    present = next(
        label for label, href in pages.items() if urlparse(href).path.rstrip("/").endswith("/present")
    )
    for label in [name for name in pages if name != present] + [present]:
        page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=label, exact=True).click()
        path = urlparse(pages[label]).path
        if label == present:  # it becomes ?present=1 on the root, maybe before /present ever shows
            page.wait_for_url(lambda url: "present=1" in url)
        else:
            page.wait_for_url(lambda url, path=path: urlparse(url).path == path)
        wait_ready(page)
        _assert_page_renders(page, lang, label)


def test_first_visit_shows_the_demo_and_every_page_renders_in_both_languages(first_server, page) -> None:
    server = first_server
    requested: list[str] = []  # the app works offline: nothing may leave the machine
    page.on("request", lambda request: requested.append(request.url))
    goto(page, server.url, timeout=120_000)  # the first run creates the demo territory
    _assert_page_renders(page, "fr", "overview")
    expect(page.get_by_role("heading", name=OVERVIEW["fr"])).to_be_visible()
    pages = _navigation(page)
    assert len(pages) >= 13 and OVERVIEW["fr"] in pages, pages  # HR sees every page
    alerts = page.locator("[data-testid='stMainBlockContainer'] [data-testid='stPageLink'] a")
    names = [alerts.nth(i).inner_text().strip() for i in range(alerts.count())]
    assert len(names) >= 5 and len(set(names)) == len(names), names  # one name per alert's link
    titles, axe, violations = {}, Axe(), []
    for label, href in pages.items():  # each page opened from its URL, as a bookmark would
        goto(page, href if href.startswith("http") else server.url + href)
        _assert_page_renders(page, "fr", label)
        titles[label] = page.title()
        name = urlparse(href).path.strip("/") or "overview"
        if name == "present":  # as a projector shows it: once its slide is drawn
            page.locator(SLIDE_DRAWN).first.wait_for()
        violations += check(page, axe, name)
    assert not violations, "\n".join(violations)
    # each page its own title in the tab and the history (RGAA 8.6), presentation mode apart
    named = {label: title for label, title in titles.items() if "present" not in pages[label]}
    assert all(title == f"{label} – MutuTrack" for label, title in named.items()), named

    goto(page, server.url)
    switch = page.get_by_role("combobox", name="Langue / Language")
    # at the sidebar's foot, half under the window's edge: its list opens only once it is scrolled to
    switch.evaluate("element => element.scrollIntoView({block: 'center'})")
    switch.click()
    page.get_by_role("option", name="English").click()
    wait_ready(page)
    _assert_page_renders(page, "en", "overview")
    expect(page.get_by_role("heading", name=OVERVIEW["en"])).to_be_visible()
    english = _navigation(page)
    assert OVERVIEW["en"] in english and OVERVIEW["fr"] not in english, english
    assert len(english) == len(pages), english
    shared = page.url  # the address bar, sent to a colleague: it opens in English, navigation included
    _click_through(page, english, "en")

    goto(page, shared)
    _assert_page_renders(page, "en", shared)
    assert OVERVIEW["en"] in _navigation(page), _navigation(page)
    own = urlparse(server.url).netloc  # every page in both languages, presentation mode included
    elsewhere = sorted({url for url in requested
                        if urlparse(url).scheme not in ("data", "blob") and urlparse(url).netloc != own})
    assert requested and not elsewhere, elsewhere
