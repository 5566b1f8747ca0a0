"""The only library package that imports streamlit: the store, cached views, filters and shared bits.

Pages call :func:`view` for their data and the small helpers here to render it the same way
everywhere. By job: :mod:`.data` (the store and cached views), :mod:`.access` (roles, signing in,
the audit log), :mod:`.navigation` (the pages and their titles, sidebar filters, links, page
headers), :mod:`.display` (charts, tables, banners, presentation mode, the file chooser),
:mod:`.confirm` (confirmations and feedback) and :mod:`.errors` (the error page).
"""

from __future__ import annotations

from mututrack.ui.access import (
    LOCAL_USER,
    log_action,
    refusal,
    require_role,
    role,
    save_setting,
    scope,
    user_name,
)
from mututrack.ui.confirm import Outcome, ask_first, confirmation, feedback, keep_feedback
from mututrack.ui.data import (
    ALL,
    ensure_data,
    filters,
    observatory_folder,
    observatory_positions,
    prepare_pages,
    slide_selection,
    store,
    view,
)
from mututrack.ui.display import (
    ASSETS,
    PRESENT_REFRESH_SECONDS,
    delta,
    demo_banner,
    document_language,
    file_uploader,
    hidden_note,
    is_presenting,
    literal,
    plot,
    presentation_style,
    table,
)
from mututrack.ui.errors import LOG, guarded, unexpected_error
from mututrack.ui.focus import alert_link, alert_place, app_style, focus_point
from mututrack.ui.glossary import page_links, term_help
from mututrack.ui.navigation import (
    FILTER_OPTIONS,
    LANGUAGE_NAMES,
    PAGE_TITLES,
    PAGES,
    PAGES_DIR,
    active_filters,
    breakdown_choice,
    link_filters,
    page_header,
    page_path,
    sidebar,
    url_language,
)

__all__ = [
    # the store and cached views (data.py)
    "ALL", "store", "ensure_data", "prepare_pages", "view", "filters", "slide_selection",
    "observatory_folder", "observatory_positions",
    # roles, signing in, the audit log (access.py)
    "LOCAL_USER", "role", "user_name", "require_role", "refusal", "log_action", "save_setting", "scope",
    # the pages, sidebar filters, links, page headers (navigation.py)
    "PAGES_DIR", "PAGES", "PAGE_TITLES", "FILTER_OPTIONS", "LANGUAGE_NAMES", "page_path", "link_filters",
    "url_language", "sidebar", "page_header", "active_filters", "breakdown_choice",
    # showing things the same way (display.py)
    "ASSETS", "PRESENT_REFRESH_SECONDS", "demo_banner", "is_presenting", "presentation_style", "literal",
    "delta", "document_language", "plot", "table", "hidden_note", "file_uploader",
    # confirmations and feedback (confirm.py)
    "Outcome", "ask_first", "confirmation", "feedback", "keep_feedback",
    # the error page (errors.py)
    "LOG", "unexpected_error", "guarded",
    # the app's own CSS, alerts' links and the element they land on (focus.py)
    "app_style", "alert_link", "alert_place", "focus_point",
    # the glossary's definitions as tooltips, and links to where a term appears (glossary.py)
    "term_help", "page_links",
]
