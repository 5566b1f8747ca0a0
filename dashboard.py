"""MutuTrack, the frame: page config, data on first start, filters, navigation by role."""

import streamlit as st

from mututrack import auth, i18n, keys, ui
from mututrack.i18n import t
from mututrack.store import StoreLockedError

# A local icon: a ":material/…:" page icon is fetched from a Google host, and the app works offline.
st.set_page_config(page_title="MutuTrack", page_icon=str(ui.ASSETS / "favicon.png"), layout="wide")
i18n.set_language(st.session_state.get("lang") or ui.url_language())
ui.app_style()  # readable captions (contrast 4.5:1), the highlight an alert's link lands on
ui.document_language()  # <html lang> follows the UI language (RGAA 8.3): screen readers read French as French

if ui.observatory_folder():  # a separate app mode: territories' exported figures, no store of its own
    only = st.Page(ui.page_path("observatory"), title=t("observatory.nav"), icon=":material/travel_explore:")
    page = st.navigation([only], position="hidden")
    ui.guarded(page.run)()
    st.stop()

try:
    ui.ensure_data()
except StoreLockedError as error:
    st.error(t("ui.error.locked"))
    if ui.role() == "hr":  # the server's path and process id are for whoever runs it, nobody else
        st.caption(ui.literal(str(error)))
    else:
        st.caption(t("ui.error.locked_ask"))
    st.stop()
except keys.KeyInDataFolderError as error:  # whoever copies the data folder must not get the key too
    st.error(error.text() if ui.role() == "hr" else t("keys.error.ask"))  # paths are for whoever runs it
    st.stop()
except Exception as error:  # a damaged file, a full disk: the app's own error page, the trace in the log
    ui.unexpected_error(error)
    st.stop()

role = ui.role()
ui.scope()  # a director's scope naming an unknown entity stops here, with a message saying which
if ui.is_presenting():
    # Projected in a meeting: only the slides, no sidebar, no navigation, no filters.
    present = st.Page(ui.page_path("present"), title=t(ui.PAGE_TITLES["present"]), default=True)
    page = st.navigation([present], position="hidden")
    ui.demo_banner()
    ui.guarded(page.run)()
    st.stop()

sections: dict[str, list[st.Page]] = {}
refused: list[st.Page] = []
for path, title, icon, section in ui.PAGES:
    if auth.allowed(role, path):
        sections.setdefault(t(section), []).append(st.Page(path, title=t(title), icon=icon))
    else:  # its URL typed by hand shows a polite refusal; the page file never runs for this role
        refused.append(st.Page(ui.refusal, title=t(title), url_path=auth.page_name(path),
                               visibility="hidden"))
next(iter(sections.values())).extend(refused)

page = st.navigation(sections, expanded=True)  # HR's 13 pages: never hide Import behind "View more"
# A distinct title for each page in the browser's tab and history (RGAA 8.6), in the UI language.
st.set_page_config(page_title=f"{page.title} – MutuTrack")
if page.url_path == "present":
    st.query_params["present"] = "1"
    st.rerun()
ui.guarded(ui.sidebar)()
ui.demo_banner()
# An unexpected error: the app's own page with an error id (ui.unexpected_error), the trace in the log.
ui.guarded(page.run)()
