"""Charts to PNG, offline: kaleido driving the system's Chromium, one browser per process.

The browser starts with the first image and is reused for every later one (measured here: the
first image ~2 s, each next one ~0.2 s; ``fig.write_image`` alone starts a browser per image, 2–3 s
each). MathJax is disabled because kaleido would fetch it from a CDN, and plotly.js comes from the
plotly package, so nothing is downloaded. The browser lives in a thread of its own with its own
event loop, which works the same from the CLI and from Streamlit's script threads.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
from collections.abc import Coroutine
from typing import Any

import plotly.graph_objects as go

__all__ = ["BrowserMissingError", "RenderError", "browser_path", "png", "warm_up", "close"]

START_SECONDS = 60  # a cold Chromium start is ~2 s here; a loaded machine may need much more
RENDER_SECONDS = 60


class BrowserMissingError(RuntimeError):
    """No Chromium or Chrome on this machine: charts cannot be drawn as images."""

    def __init__(self) -> None:
        super().__init__(
            "Chromium est introuvable : il sert à dessiner les graphiques du dossier. "
            "Installez-le (Debian : apt-get install chromium) ou indiquez son chemin dans BROWSER_PATH.\n"
            "Chromium was not found: it draws the charts of the pack. "
            "Install it (Debian: apt-get install chromium) or set BROWSER_PATH to its location."
        )


class RenderError(RuntimeError):
    """The browser failed while drawing a chart (the next call starts a fresh one)."""


def browser_path() -> str | None:
    """The Chromium kaleido would use: ``BROWSER_PATH``, then the usual names and places."""
    from choreographer.browsers.chromium import Chromium

    found = Chromium.find_browser(skip_local=False)
    return found if found and os.access(found, os.X_OK) else None


class _Browser:
    """One kaleido browser in its own thread and event loop, fed one figure at a time."""

    def __init__(self, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="mututrack-render", daemon=True)
        self._thread.start()
        try:
            self._kaleido = self._run(self._open(path), START_SECONDS)
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self, path: str) -> Any:
        import kaleido

        browser = kaleido.Kaleido(path=path, mathjax=False, timeout=RENDER_SECONDS)
        await browser.open()
        return browser

    def _run(self, coroutine: Coroutine[Any, Any, Any], seconds: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(seconds)

    def png(self, figure: go.Figure, *, width: int, height: int, scale: float) -> bytes:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        return self._run(self._kaleido.calc_fig(figure, opts=opts), RENDER_SECONDS + 5)

    def close(self) -> None:
        try:
            self._run(self._kaleido.close(), 15)
        except Exception:  # noqa: BLE001 - closing a browser that already died is fine
            pass
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


_browser: _Browser | None = None
_lock = threading.Lock()  # one figure at a time through the one browser, whichever thread asks


def png(figure: go.Figure, *, width: int = 1600, height: int = 650, scale: float = 1.5) -> bytes:
    """The figure as PNG bytes, ``width`` × ``height`` layout pixels times ``scale``.

    Raises :class:`BrowserMissingError` when no Chromium is installed, :class:`RenderError` when
    the browser fails (it is then restarted on the next call).
    """
    global _browser
    with _lock:
        browser = _started()
        try:
            return browser.png(figure, width=width, height=height, scale=scale)
        except Exception as error:
            browser.close()
            _browser = None
            raise RenderError(
                f"Le graphique n'a pas pu être dessiné / the chart could not be drawn: {error}"
            ) from error


def warm_up() -> None:
    """Start the browser in the background (the caller computes its data meanwhile); never raises."""

    def start() -> None:
        with _lock, contextlib.suppress(Exception):  # png() says what went wrong, when it is called
            _started()

    threading.Thread(target=start, name="mututrack-render-start", daemon=True).start()


def _started() -> _Browser:
    """The running browser, started now if needed (call with ``_lock`` held)."""
    global _browser
    if _browser is None:
        path = browser_path()
        if path is None:
            raise BrowserMissingError()
        _browser = _Browser(path)
    return _browser


def close() -> None:
    """Stop the browser, if one was started (it starts again on the next image)."""
    global _browser
    with _lock:
        if _browser is not None:
            _browser.close()
            _browser = None


atexit.register(close)  # leave no Chromium behind when the process ends
