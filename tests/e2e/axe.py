"""axe-core on a page (RGAA 4.1 / WCAG 2.1 AA): no serious or critical violation in the app's own
content and no skipped heading level. The first-visit journey (``test_first_visit.py``) runs it on
every page of the navigation and presentation mode, in French, as HR, on the demo.

axe's results for each page are saved in ``test-artifacts/axe/`` (docs/accessibility.md)."""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import ARTIFACTS, assert_no_exception

__all__ = ["Axe", "check", "SLIDE_DRAWN"]

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


def check(page, axe: Axe, name: str) -> list[str]:
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

