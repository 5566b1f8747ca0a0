"""Confirmations and feedback: an irreversible action asks first, then says what it did."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from mututrack.i18n import t

__all__ = ["Outcome", "ask_first", "confirmation", "feedback", "keep_feedback"]


# An irreversible action asks first, in a dialog. Its button only raises a flag in the session; each
# run opens the dialog while the flag is up, so that the dialog's own buttons are read on the next
# run, whether Streamlit reruns the dialog alone (the browser) or the whole page (AppTest).
Outcome = tuple[str, str]  # ("success" | "error" | "info", message): what the action did, in words


def ask_first(key: str) -> Callable[[], None]:
    """The ``on_click`` of a button whose action :func:`confirmation` asks to confirm."""
    return lambda: st.session_state.update({f"confirm_{key}": True})


def confirmation(
    key: str, title: str, body: str, confirm_label: str, action: Callable[[], Outcome]
) -> None:
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
    """The outcome of ``key``'s last action (:func:`confirmation`, or one kept with
    :func:`keep_feedback`), once."""
    outcome = st.session_state.pop(f"feedback_{key}", None)
    if outcome:
        kind, message = outcome
        {"success": st.success, "error": st.error}.get(kind, st.info)(message)


def keep_feedback(key: str, outcome: Outcome) -> None:
    """Keep an outcome for :func:`feedback` to show after the rerun that follows an action."""
    st.session_state[f"feedback_{key}"] = outcome
