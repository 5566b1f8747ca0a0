"""A new user's first visit: the demo is created, the banner shows, every page renders cleanly."""

from tests.e2e.conftest import assert_no_exception, wait_ready


def test_first_visit_shows_the_demo_and_every_page_renders(server, page) -> None:
    page.goto(server.url)
    wait_ready(page, timeout=120_000)
    assert page.get_by_text("Données de démonstration").first.is_visible()
    assert_no_exception(page)
    links = page.locator("[data-testid='stSidebarNav'] a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, "the navigation lists no page"
    for href in hrefs:
        page.goto(href if href.startswith("http") else server.url + href)
        wait_ready(page)
        assert_no_exception(page)
        assert page.get_by_text("Données de démonstration").first.is_visible(), href
