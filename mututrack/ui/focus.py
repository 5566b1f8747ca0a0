"""Accessibility the theme cannot give, and alerts that land on what they explain.

:func:`app_style` is the app's own CSS, sent with every page: captions dark enough to read (RGAA 3.2,
WCAG 1.4.3) and the highlight of an element an alert points at. :func:`alert_link` is an Overview
alert's link: its name says where it goes (RGAA 6.1: several "Voir" links would all sound alike) and
it carries the element that explains the alert (``?focus=<name>``). On arrival, :func:`focus_point`
around that element scrolls to it, outlines it and says so, once: the parameter is then dropped, so a
reload or a bookmark does not highlight it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from mututrack.i18n import literal, t
from mututrack.metrics import alerts
from mututrack.ui.navigation import FILTER_OPTIONS, PAGE_TITLES, link_filters, page_path

__all__ = ["FOCUS_PARAM", "APP_CSS", "app_style", "alert_link", "focus_point"]

FOCUS_PARAM = "focus"
_LANDING = "mt-focus-landing"  # the element an alert landed on, and how many more runs draw its script
LANDING_RUNS = 3
# Streamlit 1.67 writes captions in the text colour at 60 % opacity, #828180 on white: 3.9:1, under
# the 4.5:1 that small text needs. #5C5B59, opaque, on white is 6.8:1, on the sidebar's #F8F8F7 6.4:1.
# The highlight is the theme's primary colour, 5.2:1 against white (an outline needs 3:1). A word
# for screen readers only (``mt-sr-only``) says what an icon shows, the severity of an alert.
APP_CSS = """
[data-testid="stCaptionContainer"] { color: #5C5B59; opacity: 1; }
.mt-sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.mt-focused { outline: 3px solid #0072B2; outline-offset: 0.5rem; border-radius: 0.25rem;
  scroll-margin-top: 4.5rem; }
"""
# Scroll to the element and outline it, with the keyboard focus there, then keep it there until the
# page is drawn: charts drawn late above it (seconds later on a busy machine, or after the rerun that
# applies the alert's filters) move it, a page still too short below it cannot yet scroll it up to
# its place, and a rerun may draw it afresh without its outline. It stops once the app has finished
# running and the element has stayed at its place (or the page at its end) for two seconds, at the
# user's first scroll, click, touch or key (the page is theirs), and after a minute at most.
# NAME is one of alerts.FOCUS's values, never text from a user.
_SCRIPT = """<script>
(() => {
  const doc = window.parent.document, selector = ".st-key-mt-focus-NAME", stop = new AbortController();
  for (const kind of ["wheel", "touchstart", "keydown", "mousedown"])
    doc.addEventListener(kind, () => stop.abort(), {capture: true, signal: stop.signal});
  const scroller = element => {
    for (let box = element.parentElement; box; box = box.parentElement) {
      const scrolls = /auto|scroll/.test(getComputedStyle(box).overflowY);
      if (scrolls && box.scrollHeight > box.clientHeight) return box;
    }
    return doc.scrollingElement;
  };
  let ticks = 0, settled = 0;
  const timer = setInterval(() => {
    const element = doc.querySelector(selector);
    if (stop.signal.aborted || ++ticks > 600) { clearInterval(timer); stop.abort(); return; }
    if (!element) return;
    if (!element.classList.contains("mt-focused")) {
      element.classList.add("mt-focused");
      element.setAttribute("tabindex", "-1");
      element.focus({preventScroll: true});
    }
    const margin = parseFloat(getComputedStyle(element).scrollMarginTop) || 0;
    const placed = () => Math.abs(element.getBoundingClientRect().top - margin) <= 2;
    if (!placed()) element.scrollIntoView({block: "start"});
    const box = scroller(element), app = doc.querySelector("[data-testid='stApp']");
    const idle = !app || app.dataset.testScriptState === "notRunning";
    const end = box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
    settled = idle && (placed() || end) ? settled + 1 : 0;
    if (settled >= 20) { clearInterval(timer); stop.abort(); }
  }, 100);
})();
</script>"""


def app_style() -> None:
    """The app's own CSS (:data:`APP_CSS`), on every page."""
    st.html("<style>" + APP_CSS + "</style>")


def alert_link(alert: dict[str, Any], *, icon: str) -> None:
    """The link of an Overview alert: to its page, with its filters and the element that explains it,
    named after the page and the filters ("Voir Charte et concertation (Projet : Voirie)")."""
    params = link_filters(alert["params"])
    st.page_link(page_path(alert["page"]), label=t("focus.open", page=alert_place(alert)), icon=icon,
                 query_params={**params, FOCUS_PARAM: alerts.focus(alert)})


def alert_place(alert: dict[str, Any]) -> str:
    """Where an alert leads, as its links name it: the page and the filters it sets ("Charte et
    concertation (Projet : Voirie)"), so that the links of several alerts are told apart."""
    shown = [t("ui.filters.chip", filter=t(f"ui.filters.{name}"), value=literal(value))
             for name, value in link_filters(alert["params"]).items() if name in FILTER_OPTIONS]
    page = t(PAGE_TITLES[alert["page"]])
    return t("focus.place_filtered", page=page, filters=", ".join(shown)) if shown else page


@contextmanager
def focus_point(name: str) -> Iterator[None]:
    """A block an alert may point at (``name``: a value of ``alerts.FOCUS``): when the URL asks for it,
    it opens with a line saying the alert is about it, is scrolled to and outlined, and the URL's
    ``focus`` is dropped."""
    with st.container(key=f"mt-focus-{name}"):
        if st.query_params.get(FOCUS_PARAM) == name:
            del st.query_params[FOCUS_PARAM]
            st.session_state[_LANDING] = (name, LANDING_RUNS)
        landing, runs = st.session_state.get(_LANDING, (None, 0))
        if landing == name and runs > 0:
            # Drawn again on the few reruns that follow the arrival (the alert's filters being applied):
            # a rerun without it would remove the script before it has scrolled.
            st.session_state[_LANDING] = (name, runs - 1)
            st.caption(t("focus.note", what=t(f"focus.what.{name}")))
            st.html(_SCRIPT.replace("NAME", name), unsafe_allow_javascript=True)
        yield
