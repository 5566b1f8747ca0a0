"""Errors nobody expected: a calm message and an id on the page, the traceback in the server's log."""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st

from mututrack.i18n import t

__all__ = ["LOG", "unexpected_error", "guarded"]


LOG = logging.getLogger("mututrack")
if not LOG.handlers and not logging.getLogger().handlers:  # the server's console, with Streamlit's lines
    _console = logging.StreamHandler()
    _console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_console)


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
