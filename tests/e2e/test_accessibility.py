"""axe-core on every page (RGAA 4.1 / WCAG 2.1 AA): in French, as HR, on the demo, each page of the
navigation and presentation mode has no serious or critical violation in the app's own content, no
skipped heading level, and the Overview's alert links each have a name of their own.

axe's results for each page are saved in ``test-artifacts/axe/`` (docs/accessibility.md)."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import ARTIFACTS, assert_no_exception, goto

# WCAG 2.1 A and AA (what RGAA 4.1 maps to), and axe's best practices (heading order among them).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = {"serious", "critical"}
SLIDE_DRAWN = ".st-key-mt-chart .js-plotly-plot, .st-key-mt-chart [data-testid='stAlert']"
# Streamlit's own markup, which the app cannot change: (rule, CSS selector of the elements), each one
# explained with its upstream issue in docs/accessibility.md. Nothing else is left out.
STREAMLIT_MARKUP = [
    # st.navigation's sections: each section's header is a <div> inside the page list's <ul>...
    ("list", "[data-testid='stSidebarNavItems']"),
    # ...so the pages under it are <li> whose parent is that <div>, not a list.
    ("listitem", "[data-testid='stSidebarNavItems'] li"),
]
# Whether the element of each violating node matches the exclusions of its rule.
_MATCHES = """([target, selectors]) => {
  const element = document.querySelector(target);
  return element !== null && selectors.some(selector => element.matches(selector));
}"""


def _own_violations(page, results: dict) -> list[dict]:
    """axe's violations with the nodes of :data:`STREAMLIT_MARKUP` left out (and rules left empty)."""
    kept = []
    for violation in results["violations"]:
        selectors = [selector for rule, selector in STREAMLIT_MARKUP if rule == violation["id"]]
        nodes = [node for node in violation["nodes"]
                 if not (selectors and len(node["target"]) == 1
                         and page.evaluate(_MATCHES, [node["target"][0], selectors]))]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def _check(page, axe: Axe, name: str) -> list[str]:
    """Run axe on the page shown, save its results as ``<name>.json``, and say what fails."""
    assert_no_exception(page)
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS},
                                     "resultTypes": ["violations"]}).response
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    own = _own_violations(page, results)
    return [f"{name}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}" for v in own
            if v["impact"] in FAILING or v["id"] == "heading-order"]


def test_every_page_has_no_serious_violation_in_its_own_content(server, page) -> None:
    goto(page, server.url, timeout=120_000)  # the first run creates the demo territory
    links = page.locator("[data-testid='stSidebarNav'] a")
    links.first.wait_for()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 13, hrefs  # HR sees every page
    axe, found = Axe(), []
    alerts = page.locator("[data-testid='stMainBlockContainer'] [data-testid='stPageLink'] a")
    names = [alerts.nth(i).inner_text().strip() for i in range(alerts.count())]
    assert len(names) >= 5 and len(set(names)) == len(names), names  # one name per alert's link
    for href in hrefs:
        url = href if href.startswith("http") else server.url + href
        name = urlparse(url).path.strip("/") or "overview"
        if name == "present":
            continue  # opened as the projector does, below
        goto(page, url)
        found += _check(page, axe, name)
    goto(page, server.url + "/?present=1")
    page.locator(SLIDE_DRAWN).first.wait_for()
    found += _check(page, axe, "present")
    assert not found, "\n".join(found)
