"""The only library module that imports streamlit: the store, cached views, filters and shared bits.

Pages call :func:`view` for their data (cached on the store's ``data_version()``, the filters and the
language, so an import is seen by every session at its next run) and the small helpers below to
render it the same way everywhere.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import secrets
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mututrack import audit, auth, i18n
from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.store import Store, default_db_path, open_store
from mututrack.views import stored

__all__ = [
    "store",
    "ensure_data",
    "view",
    "filters",
    "link_filters",
    "sidebar",
    "role",
    "user_name",
    "require_role",
    "refusal",
    "log_action",
    "page_header",
    "plot",
    "table",
    "hidden_note",
    "demo_banner",
    "literal",
    "unexpected_error",
    "guarded",
    "ask_first",
    "confirmation",
    "feedback",
    "keep_feedback",
    "file_uploader",
    "ALL",
    "observatory_folder",
    "observatory_positions",
]

# Where the page files live (links between pages name them). Not "pages/": Streamlit treats a folder
# of that name beside dashboard.py as its legacy multipage app and, on a server's first request, ran
# the page file named by the URL without dashboard.py — without sign-in or role check (seen in 1.67).
PAGES_DIR = "app_pages"
ALL = "tous"  # the "no filter" option; its value never reaches the URL (it is the default)
LOCAL_USER = "poste local"  # who the audit log names on an office machine with no sign-in
_first_start = threading.Lock()
ASSETS = Path(__file__).resolve().parent / "assets"  # the app's own files (its icon): nothing from the network
LOG = logging.getLogger("mututrack")
if not LOG.handlers and not logging.getLogger().handlers:  # the server's console, with Streamlit's lines
    _console = logging.StreamHandler()
    _console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_console)


def store() -> Store:
    """The process-wide store of ``MUTUTRACK_DB`` (one read-write connection per process)."""
    return open_store(default_db_path())


def ensure_data() -> None:
    """On the very first start, fill an empty store with the small demo territory, with progress.

    Not once an organisation's own file was imported, even if every import was undone since: their
    pages then say what to import, rather than showing a fictitious territory as if it were theirs.
    """
    if not _first_start_pending():
        return
    with _first_start:
        if not _first_start_pending():
            return
        from mututrack import demo

        bar = st.progress(0.0, text=t("ui.demo.creating"))
        demo.generate(store(), scale="small", progress=lambda step, done: bar.progress(min(done, 1.0), text=step))
        prepare_pages(bar)
        bar.empty()


def prepare_pages(bar: Any = None) -> None:
    """After a write (the demo, an import, an undo): compute and keep every page's default view in
    the store (:mod:`mututrack.views.stored`), with progress on ``bar`` (an ``st.progress``), so
    that every user's first visit opens at once."""
    shown = bar if bar is not None else st.progress(0.0, text=t("ui.pages.preparing", page="…"))

    def progress(view: str, done: float) -> None:
        shown.progress(min(done, 1.0), text=t("ui.pages.preparing", page=view))

    stored.warm(store(), langs=[i18n.language()], progress=progress)
    if bar is None:
        shown.empty()


def _first_start_pending() -> bool:
    return store().is_empty() and not store().holds_real_data()


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_view(name: str, db_path: str, version: int, filters_key: str, lang: str) -> dict[str, Any]:
    # kept in the store too (views/stored.py): the first visit after a restart reads it back
    return stored.compute(store(), name, Filters(**json.loads(filters_key)), lang)


def view(name: str, chosen: Filters | None = None) -> dict[str, Any]:
    """The data of the view ``name`` for the filters, computed once per data version and language."""
    current = store()
    chosen = chosen or filters()
    return _cached_view(name, current.path, current.data_version(), chosen.key(), i18n.language())


def filters() -> Filters:
    """The filters chosen in the sidebar (kept in the URL, so a link reproduces the view)."""
    picked = {name: st.session_state.get(name, ALL) for name in ("project", "entity", "category", "wave")}
    return Filters(**{k: (None if v in (None, ALL) else v) for k, v in picked.items()})


def _select(name: str, options: dict[str, str], label: str, all_label: str) -> None:
    choices = [ALL, *options]
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
    """The language a link asks for: the URL holds the switch's label (``?lang=English``), a code works too."""
    wanted = st.query_params.get("lang", "fr")
    return next((code for code, name in LANGUAGE_NAMES.items() if name == wanted), wanted)


def sidebar() -> None:
    """The language switch and the shared filters, in the sidebar, each bound to the URL."""
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
        _select("entity", options["entities"], t("ui.filters.entity"), t("ui.filters.all_entities"))
        _select("category", options["categories"], t("ui.filters.category"), t("ui.filters.all_categories"))
        _select("wave", options["waves"], t("ui.filters.wave"), t("ui.filters.latest_wave"))
        st.divider()
        _account()


def _secrets() -> dict[str, Any]:
    """``.streamlit/secrets.toml`` as a dict; empty when there is no secrets file."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return {}


def role() -> str:
    """The role of the current user: ``hr``, ``director`` or ``council`` (see :mod:`mututrack.auth`).

    With ``[auth]`` in the secrets, the user must sign in (this shows the sign-in page and stops the
    run until they have) and their group claim gives the role. Otherwise, on one office machine, it
    comes from ``MUTUTRACK_ROLE`` or ``[mututrack] role`` (default ``hr``).
    """
    secrets = _secrets()
    settings = secrets.get("mututrack") or {}
    if not secrets.get("auth"):
        return auth.configured_role(os.environ.get("MUTUTRACK_ROLE") or settings.get("role"))
    if not st.user.get("is_logged_in", False):
        _only_page(_sign_in_page)
    try:
        return auth.signed_in_role(st.user.to_dict(), settings)
    except ValueError as error:  # a misspelt role in [mututrack.roles]: say so, grant nothing
        message = str(error)
        _only_page(lambda: st.error(message))


def _sign_in_page() -> None:
    st.title(t("auth.sign_in.title"))
    st.write(t("auth.sign_in.text"))
    if st.button(t("auth.sign_in.button"), type="primary", icon=":material/login:"):
        st.login()


def _only_page(render: Callable[[], None]) -> NoReturn:
    """Show ``render`` as the one page of the navigation, and stop: no page file is reachable."""
    st.navigation([st.Page(render, title=t("auth.sign_in.title"), url_path="connexion")], position="hidden").run()
    st.stop()


def user_name() -> str:
    """Who is using the app, as the audit log names them: the signed-in user, or "poste local"."""
    if st.user.get("is_logged_in", False):
        return str(st.user.get("name") or st.user.get("email") or st.user.get("sub"))
    return LOCAL_USER


def require_role(*roles: str) -> str:
    """The current role when it is one of ``roles``; otherwise a polite refusal, and the run stops.

    Called at the top of every sensitive page: the navigation already hides it, this refuses it again.
    """
    current = role()
    if current not in roles:
        refusal()
        st.stop()
    return current


def refusal() -> None:
    """The polite refusal a role gets at the URL of a page it may not open."""
    st.warning(t("auth.refused", role=t(f"auth.role.{role()}")), icon=":material/lock:")


def log_action(action: str, detail: str = "") -> None:
    """Record in the audit log an action of the current user that changes no data (a download)."""
    audit.log(store(), user=user_name(), role=role(), action=action, detail=detail)


def save_setting(key: str, value: str) -> None:
    """Store a setting and record who changed it in the audit log (PermissionError for a shared
    setting the current role may not change: the page should have offered it read-only)."""
    if not auth.may_change(role(), key):
        raise PermissionError(key)
    store().set_setting(key, value)
    log_action("setting", f"{key}={value}")


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


def demo_banner() -> None:
    """The "données de démonstration" banner, shown on every page until real data is imported."""
    if store().is_demo():
        if is_presenting():  # one thin line: the projector's height belongs to the slide
            st.caption(t("ui.demo.banner"))
        else:
            st.info(t("ui.demo.banner"), icon=":material/science:")


# A projected slide picks up another session's import within this delay (seconds; the browser
# journeys shorten it with MUTUTRACK_PRESENT_REFRESH).
PRESENT_REFRESH_SECONDS = float(os.environ.get("MUTUTRACK_PRESENT_REFRESH") or 30)
# The projector's layout: one screen, never a scroll bar, at 1366 × 768 as at 1920 × 1080. The block
# holding the page is exactly the window's height, a column whose chart (``mt-chart``, drawn with
# height="stretch") takes whatever the bar, the title and the sentence leave.
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-mt-keys { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.5rem 0.4rem; max-width: 100%; height: 100vh;
  box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; gap: 0.4rem; }
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style) { display: none; }
[data-testid="stVerticalBlock"]:has(.st-key-mt-chart) > * { flex-shrink: 0; }
/* Every block from the page's down to the chart's grows into the height left (a fragment and each
   container come wrapped in a block of their own). */
[data-testid="stLayoutWrapper"]:has(.st-key-mt-chart), [data-testid="stVerticalBlock"]:has(.st-key-mt-chart),
.st-key-mt-chart { flex: 1 1 0 !important; min-height: 0 !important; }
.st-key-mt-slide { gap: 0.4rem; }
/* Streamlit pulls each markdown block 1rem up into the gap: the title and the sentence would then
   overflow their boxes, and the window. */
.st-key-mt-slide [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
h2 { font-size: 2.4rem !important; color: #000000; padding: 0 !important; line-height: 1.15 !important; }
/* !important: Streamlit's own rule for a markdown <p> outranks a class alone (seen: 16 px) */
.st-key-mt-sentence p { font-size: 2rem !important; line-height: 1.25; color: #000000; margin: 0; }
.mt-counter { font-size: 1.4rem !important; text-align: center; color: #333333; margin: 0; }
.mt-ribbon { background: #E69F00; color: #000000; font-size: 1.5rem; font-weight: 700; padding: 0.2rem 1rem;
  margin: 0; border-radius: 0.3rem; }
.mt-black { position: fixed; inset: 0; background: #000000; z-index: 1000000; }
button p { font-size: 1.3rem !important; }
</style>
"""


def is_presenting() -> bool:
    """True when the URL asks for presentation mode (``?present=1``)."""
    return st.query_params.get("present") == "1"


def presentation_style() -> None:
    """Large type, no sidebar, header or toolbar, one screen high: the projector's layout."""
    st.markdown(PRESENT_CSS, unsafe_allow_html=True)


def slide_selection() -> list[str]:
    """The slides chosen for meetings (remembered in the store), in order; every slide by default."""
    from mututrack.report import slides

    return slides.stored_selection(store())


literal = i18n.literal  # escaping what users brought belongs with the words it is put into


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
    chosen = {name: value for name, value in dataclasses.asdict(filters()).items() if value is not None}
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


def delta(text: str | None, *, inverse: bool = False) -> dict[str, Any]:
    """``st.metric``'s delta arguments for a change written with the typographic minus ("−3,5"):
    Streamlit reads a fall only from a leading hyphen, so the arrow and its colour are given here
    (a fall is red, or green when ``inverse``: fewer open proposals is good)."""
    if not text:
        return {"delta": None}
    if not text.startswith("\u2212"):
        return {"delta": text, "delta_color": "inverse" if inverse else "normal"}
    return {"delta": text, "delta_color": "green" if inverse else "red", "delta_arrow": "down"}


def plot(fig: go.Figure, *, key: str | None = None, height: int | str = "content") -> None:
    """A chart with its own fonts and palette (Streamlit's theme would override them); ``height``
    "stretch" fills its container (a projected slide), whatever the figure's own height."""
    st.plotly_chart(fig, theme=None, key=key, height=height, config={"displaylogo": False})


def table(frame: pd.DataFrame, **column_config: Any) -> None:
    """A read-only table without the row index."""
    st.dataframe(frame, hide_index=True, column_config=column_config or None)


def hidden_note(k: int = 5) -> None:
    """The reminder that groups under the anonymity threshold are masked, and why."""
    st.caption(t("ui.privacy.hidden_note", k=k))


def unexpected_error(error: BaseException, *, message: str = "ui.error.unexpected") -> str:
    """The app's own error page for an error nobody expected; returns the error id it shows.

    The person sees a calm message (``message``, an i18n key) and a short id, never a traceback or a
    server path; the server's log holds the full traceback under that id, for whoever runs it.
    """
    error_id = secrets.token_hex(4)
    LOG.error("error %s (%s)", error_id, type(error).__name__, exc_info=error)
    st.error(t(message), icon=":material/error:")
    st.caption(t("ui.error.id", error_id=error_id))
    return error_id


def guarded(render: Callable[..., None]) -> Callable[..., None]:
    """``render``, showing :func:`unexpected_error` instead of raising.

    For a fragment: Streamlit reruns it on its own, outside the frame that guards the page.
    """

    @functools.wraps(render)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            render(*args, **kwargs)
        except Exception as error:  # st.stop and st.rerun are not Exceptions: they pass through
            unexpected_error(error)

    return run


# -- confirmations and feedback --------------------------------------------------------------------
# An irreversible action asks first, in a dialog. Its button only raises a flag in the session; each
# run opens the dialog while the flag is up, so that the dialog's own buttons are read on the next
# run, whether Streamlit reruns the dialog alone (the browser) or the whole page (AppTest).
Outcome = tuple[str, str]  # ("success" | "error" | "info", message): what the action did, in words


def ask_first(key: str) -> Callable[[], None]:
    """The ``on_click`` of a button whose action :func:`confirmation` asks to confirm."""
    return lambda: st.session_state.update({f"confirm_{key}": True})


def confirmation(key: str, title: str, body: str, confirm_label: str, action: Callable[[], Outcome]) -> None:
    """While ``key``'s button asked (:func:`ask_first`), a dialog: ``body``, then confirm or cancel.

    Confirmed, ``action`` runs and its outcome is kept for :func:`feedback`, which shows it where
    the button is; cancelled or dismissed, nothing happens.
    """
    if not st.session_state.get(f"confirm_{key}"):
        return

    def close() -> None:
        st.session_state.pop(f"confirm_{key}", None)

    @st.dialog(title, on_dismiss=close)
    def ask() -> None:
        st.markdown(body)
        left, right = st.columns(2)
        if left.button(confirm_label, type="primary", key=f"confirm_{key}_yes", width="stretch"):
            close()
            with st.spinner(t("ui.confirm.working")):
                st.session_state[f"feedback_{key}"] = action()
            st.rerun()
        if right.button(t("ui.confirm.cancel"), key=f"confirm_{key}_no", width="stretch"):
            close()
            st.rerun()

    ask()


def feedback(key: str) -> None:
    """The outcome of ``key``'s last action (:func:`confirmation`, or one kept with :func:`keep_feedback`), once."""
    outcome = st.session_state.pop(f"feedback_{key}", None)
    if outcome:
        kind, message = outcome
        {"success": st.success, "error": st.error}.get(kind, st.info)(message)


def keep_feedback(key: str, outcome: Outcome) -> None:
    """Keep an outcome for :func:`feedback` to show after the rerun that follows an action."""
    st.session_state[f"feedback_{key}"] = outcome


# -- the file chooser in the user's language ----------------------------------------------------------
# st.file_uploader's own words are English in Streamlit 1.67 ("Upload", "200MB per file", "Drag and drop
# a file here"; streamlit/streamlit#13500 asks for a parameter). They are hidden and replaced by CSS
# (``content``), sent with the page (nothing fetched). The test ids are Streamlit 1.67's; the drag
# overlay has none: it is the dropzone's only child div without one. A browser test checks the result.
UPLOAD_CSS = """
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after {{ content: {browse}; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: {instructions}; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > span::after {{ content: {drop}; font-size: 0.875rem; }}
[data-testid="stFileChip"] [role="alert"] {{ font-size: 0; }}
[data-testid="stFileChip"] [role="alert"]::after {{ content: {refused}; font-size: 0.875rem; }}
"""


def file_uploader(label: str, *, key: str, types: list[str]) -> Any:
    """``st.file_uploader`` for one file of ``types``, its own words in the user's language."""
    limit = st.get_option("server.maxUploadSize")
    shown = ", ".join(kind.upper() for kind in types)
    words = {
        "browse": t("ui.upload.browse"), "drop": t("ui.upload.drop"),
        "instructions": t("ui.upload.instructions", limit=limit, types=shown),
        "refused": t("ui.upload.refused", limit=limit, types=shown),
    }
    st.html("<style>" + UPLOAD_CSS.format(**{name: _css_string(text) for name, text in words.items()}) + "</style>")
    return st.file_uploader(label, type=types, key=key)


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes and backslashes escaped; no markup can follow)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ") + '"'


def observatory_folder() -> str | None:
    """The folder of territories' exports when the app runs as the observatory
    (``streamlit run dashboard.py -- --observatory DIR``, or ``MUTUTRACK_OBSERVATORY``), else None."""
    args = sys.argv[1:]
    if "--observatory" in args[:-1]:
        return args[args.index("--observatory") + 1]
    return os.environ.get("MUTUTRACK_OBSERVATORY") or None


@st.cache_data(show_spinner=False, max_entries=4)
def _observatory_positions(folder: str, files: tuple[tuple[str, int], ...]) -> pd.DataFrame:
    from mututrack import observatory

    return observatory.positions(folder)


def observatory_positions(folder: str) -> pd.DataFrame:
    """:func:`mututrack.observatory.positions`, read again when a territory exports anew."""
    from mututrack import observatory

    return _observatory_positions(folder, observatory.signature(folder))
