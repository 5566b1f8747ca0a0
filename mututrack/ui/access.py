"""Who is using the app and what they may do: the role, a director's scope, signing in, refusals,
the audit log."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, NoReturn

import streamlit as st

from mututrack import audit, auth
from mututrack.i18n import t
from mututrack.store import Store, default_db_path, open_store

__all__ = [
    "LOCAL_USER", "role", "may_open", "scope", "user_name", "require_role", "refusal", "log_action",
    "save_setting",
]


def store() -> Store:
    """The process-wide store (the same one as :func:`mututrack.ui.data.store`)."""
    return open_store(default_db_path())


LOCAL_USER = "poste local"  # who the audit log names on an office machine with no sign-in


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


def may_open(page: str) -> bool:
    """True when the current user may open ``page`` (:func:`mututrack.auth.allowed`). A visitor who
    has not signed in yet may open none, and is not asked to here: the frame asks, once the first
    start's work is done."""
    if _secrets().get("auth") and not st.user.get("is_logged_in", False):
        return False
    return auth.allowed(role(), page)


def scope() -> tuple[str, ...]:
    """The entity codes the current user sees the detail of (sorted), or ``()`` for everything.

    Only a director is scoped: on an office machine by ``MUTUTRACK_SCOPE`` (``CA,VILLE1``) or
    ``[mututrack] scope``; signed in, by ``[mututrack.scopes]`` (group -> entity codes) and the claim
    ``scope_claim`` names. A code the store does not know stops the app with a message saying so.
    """
    current = role()
    if current != "director":
        return ()
    secrets = _secrets()
    settings = secrets.get("mututrack") or {}
    if secrets.get("auth"):
        wanted = auth.signed_in_scope(st.user.to_dict(), settings)
    else:
        wanted = auth.configured_scope(os.environ.get("MUTUTRACK_SCOPE") or settings.get("scope"))
    if not wanted:
        return ()
    current_store = store()
    known = _entity_codes(current_store.path, current_store.data_version())
    try:
        checked = auth.checked_scope(wanted, known, current)
    except auth.UnknownScopeError as error:  # a misspelt code: say so, show nothing
        message = str(error)
        _only_page(lambda: st.error(message, icon=":material/error:"))
    return tuple(sorted(checked or ()))


@st.cache_data(show_spinner=False, max_entries=8)
def _entity_codes(db_path: str, version: int) -> list[str]:
    return store().query("entities_list")["entity_id"].tolist()


def _sign_in_page() -> None:
    st.title(t("auth.sign_in.title"))
    st.write(t("auth.sign_in.text"))
    if st.button(t("auth.sign_in.button"), type="primary", icon=":material/login:"):
        st.login()


def _only_page(render: Callable[[], None]) -> NoReturn:
    """Show ``render`` as the one page of the navigation, and stop: no page file is reachable."""
    only = st.Page(render, title=t("auth.sign_in.title"), url_path="connexion")
    st.navigation([only], position="hidden").run()
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
