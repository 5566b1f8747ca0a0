"""Finding one's way: the pages of the navigation and their titles, the sidebar's language and
filters (bound to the URL), links between pages, and each page's header with its active filters as
chips."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mututrack import auth, i18n
from mututrack.filters import Filters
from mututrack.i18n import literal, t
from mututrack.ui.access import role, scope, user_name
from mututrack.ui.data import ALL, filters, view

__all__ = [
    "PAGES_DIR", "PAGES", "PAGE_TITLES", "FILTER_OPTIONS", "LANGUAGE_NAMES", "page_path", "link_filters",
    "url_language", "sidebar", "page_header", "active_filters", "breakdown_choice",
]


# Where the page files live (links between pages name them). Not "pages/": Streamlit treats a folder
# of that name beside dashboard.py as its legacy multipage app and, on a server's first request, ran
# the page file named by the URL without dashboard.py — without sign-in or role check (seen in 1.67).
PAGES_DIR = "app_pages"
# The navigation, in its order: (file, i18n title key, icon, navigation section). Only pages that work
# are listed; who may open each one is auth.PAGE_ROLES.
PAGES = [
    ("app_pages/overview.py", "nav.overview", ":material/dashboard:", "nav.section.pilotage"),
    ("app_pages/present.py", "nav.present", ":material/co_present:", "nav.section.pilotage"),
    ("app_pages/involvement.py", "involvement.nav.involvement", ":material/schedule:",
     "nav.section.concertation"),
    ("app_pages/concertation.py", "involvement.nav.concertation", ":material/event_available:",
     "nav.section.concertation"),
    ("app_pages/network.py", "involvement.nav.network", ":material/hub:", "nav.section.concertation"),
    ("app_pages/proposals.py", "involvement.nav.proposals", ":material/lightbulb:",
     "nav.section.concertation"),
    ("app_pages/participation.py", "involvement.nav.participation", ":material/how_to_vote:",
     "nav.section.qvt"),
    ("app_pages/qvt.py", "qvt.nav.qvt", ":material/favorite:", "nav.section.qvt"),
    ("app_pages/careers.py", "qvt.nav.careers", ":material/school:", "nav.section.qvt"),
    ("app_pages/comments.py", "qvt.nav.comments", ":material/forum:", "nav.section.qvt"),
    ("app_pages/pack.py", "nav.pack", ":material/slideshow:", "nav.section.pilotage"),
    ("app_pages/actions.py", "nav.actions", ":material/task_alt:", "nav.section.pilotage"),
    ("app_pages/import.py", "ingest.nav.import", ":material/upload_file:", "nav.section.data"),
    ("app_pages/audit.py", "nav.audit", ":material/policy:", "nav.section.data"),
    ("app_pages/settings.py", "nav.settings", ":material/settings:", "nav.section.data"),
    ("app_pages/glossary.py", "nav.glossary", ":material/menu_book:", "nav.section.help"),
]
# Page ("qvt") -> the i18n key of its title: what links to a page (an alert's, the glossary's) call it.
PAGE_TITLES = {auth.page_name(path): title for path, title, *_ in PAGES}


def _select(name: str, options: dict[str, str], label: str, all_label: str, *, with_all: bool = True) -> None:
    choices = [ALL, *options] if with_all else list(options)
    st.selectbox(
        label,
        choices,
        key=name,
        format_func=lambda value: all_label if value == ALL else options.get(value, value),
        bind="query-params",
    )


FILTER_OPTIONS = {"project": "projects", "entity": "entities", "category": "categories", "wave": "waves"}
_FILTERS_PAGE = "_filters_page"  # the page whose link last set the filters


def link_filters(params: dict[str, str]) -> dict[str, str]:
    """Filter values (``{"project": "ACHATS"}``) as the sidebar's widgets spell them in the URL, for a
    link that opens a page with those filters.

    A widget bound to the URL reads and writes its displayed label and ignores any other value (seen
    with 1.67: ``?project=ACHATS`` opened every project; ``?project=<the project's name>`` works).
    """
    options = view("filters", Filters())
    return {key: options[FILTER_OPTIONS[key]].get(value, value) if key in FILTER_OPTIONS else value
            for key, value in params.items()}


def _follow_link_filters(options: dict[str, dict[str, str]]) -> None:
    """On arriving at a page, take the filters its link carried (see :func:`link_filters`).

    Streamlit seeds a widget bound to the URL only on a session's first load: a link followed inside
    the session changes the URL but not the widget (seen with 1.67).
    """
    ctx = get_script_run_ctx()
    page = ctx.page_script_hash if ctx is not None else ""
    if st.session_state.get(_FILTERS_PAGE) == page:
        return
    st.session_state[_FILTERS_PAGE] = page
    for name, source in FILTER_OPTIONS.items():
        wanted = st.query_params.get(name)
        chosen = next((value for value, label in options[source].items() if label == wanted), None)
        if chosen is not None:
            st.session_state[name] = chosen


LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def url_language() -> str:
    """The language a link asks for: the URL holds the switch's label (``?lang=English``), a code
    works too."""
    wanted = st.query_params.get("lang", "fr")
    return next((code for code, name in LANGUAGE_NAMES.items() if name == wanted), wanted)


def sidebar() -> None:
    """The language switch and the shared filters, in the sidebar, each bound to the URL."""
    wanted = url_language()
    if "lang" not in st.session_state and wanted in i18n.LANGUAGES:
        # the switch reads its label from the URL (?lang=English) and drops anything else: a code in a
        # typed or shared link (?lang=en) would leave the page in French under an English navigation
        st.session_state["lang"] = wanted
    with st.sidebar:
        st.selectbox(
            "Langue / Language",
            list(i18n.LANGUAGES),
            key="lang",
            format_func=LANGUAGE_NAMES.get,
            bind="query-params",
        )
        i18n.set_language(st.session_state.get("lang", "fr"))
        options = view("filters", Filters())
        _follow_link_filters(options)
        st.subheader(t("ui.filters.title"))
        _select("project", options["projects"], t("ui.filters.project"), t("ui.filters.all_projects"))
        masked = bool(options.get("territory_masked"))
        refused = _entity_outside(options["entities"], masked=masked)
        everything = t("ui.scope.whole_territory") if scope() else t("ui.filters.all_entities")
        _select("entity", options["entities"], t("ui.filters.entity"), everything, with_all=not masked)
        if masked:
            st.caption(t("ui.scope.territory_masked"))
        _select("category", options["categories"], t("ui.filters.category"), t("ui.filters.all_categories"))
        _select("wave", options["waves"], t("ui.filters.wave"), t("ui.filters.latest_wave"))
        st.divider()
        _account()
    if refused:  # on the page itself, above its title
        st.info(t("ui.scope.refused", entity=literal(refused)), icon=":material/lock:")


def _entity_outside(entities: dict[str, str], *, masked: bool) -> str | None:
    """The entity a link or typed URL asks for when the sidebar does not offer it (outside a
    director's scope), to be refused with a calm message; the filter stays within the scope."""
    wanted = st.query_params.get("entity")
    if not wanted or not scope() or wanted in entities.values() or wanted in entities:
        return None
    if st.session_state.get("entity") not in (None, *([] if masked else [ALL]), *entities):
        st.session_state["entity"] = next(iter(entities), ALL) if masked else ALL
    return wanted


def page_path(name: str) -> str:
    """The file of the page ``name`` (for links between pages)."""
    return f"{PAGES_DIR}/{name}.py"


def _account() -> None:
    """Who is signed in, with which role, and the sign-out button."""
    role_label = t(f"auth.role.{role()}")
    if st.user.get("is_logged_in", False):
        st.caption(t("auth.signed_in_as", name=literal(user_name()), role=role_label))
        if st.button(t("auth.sign_out"), icon=":material/logout:"):
            st.logout()
    else:
        st.caption(t("auth.local_machine", role=role_label))
    if scope():
        names = view("filters", Filters())["entities"]
        st.caption(t("auth.scope", entities=literal(", ".join(names.get(code, code) for code in scope()))))


def page_header(title: str, caption: str, *, filtered: bool = True) -> None:
    """A page title, the one line that says what the page measures and, on a page the sidebar's
    filters apply to (``filtered``), each active filter as a chip that removes it ("Projet : Voirie"),
    so that a filter set by an alert's link never stays on unseen."""
    st.title(title)
    st.caption(caption)
    if filtered:
        active_filters()


_FILTER_LABELS = {"project": "ui.filters.project", "entity": "ui.filters.entity",
                  "category": "ui.filters.category", "wave": "ui.filters.wave"}


def active_filters() -> None:
    """The active filters as buttons that each remove theirs (nothing when no filter is set)."""
    chosen = {name: value for name, value in dataclasses.asdict(filters()).items()
              if value is not None and name != "scope"}
    if not chosen:
        return
    options = view("filters", Filters())
    names = {name: options[source] for name, source in FILTER_OPTIONS.items()}
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("ui.filters.active"), width="content")
        for name, value in chosen.items():
            shown = names.get(name, {}).get(value, value)
            st.button(t("ui.filters.chip", filter=t(_FILTER_LABELS[name]), value=literal(shown)),
                      key=f"chip_{name}", icon=":material/close:", type="tertiary",
                      help=t("ui.filters.chip_help"), on_click=_clear_filter, args=(name,))


def _clear_filter(name: str) -> None:
    st.session_state[name] = ALL


def breakdown_choice(prefix: str, options: Iterable[str], *, key: str) -> str:
    """The breakdown a page's figures are shown by, as a row of radio buttons: ``<prefix>.by`` asks,
    ``<prefix>.by_<option>`` names each option (the QVT heatmap and the careers page alike)."""
    return st.radio(
        t(f"{prefix}.by"),
        list(options),
        horizontal=True,
        key=key,
        format_func=lambda option: t(f"{prefix}.by_{option}"),
    )
