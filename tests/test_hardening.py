"""Hardening: the server configuration, no traceback or path in front of users, files judged by content."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from mututrack.ingest import read as ingest_read
from mututrack.ingest.problems import IngestError

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("section", "option", "expected"),
    [
        ("server", "address", "127.0.0.1"),  # one office machine: nobody else on the network reaches it
        ("server", "enableXsrfProtection", True),
        ("server", "maxUploadSize", 50),  # MB; Streamlit's upload route answers 413 above it
        ("browser", "gatherUsageStats", False),  # no telemetry
        ("client", "toolbarMode", "viewer"),  # no developer menu
        ("client", "showErrorDetails", "none"),  # no message, type or traceback of an unexpected error
        ("client", "disableDataExport", True),  # st.dataframe's CSV export does not neutralise formulas
    ],
)
def test_server_configuration(section: str, option: str, expected: object) -> None:
    assert CONFIG[section][option] == expected


@pytest.fixture
def production_errors() -> Iterator[None]:
    """Errors shown as configured for users (tests otherwise show them in full, see conftest)."""
    saved = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", CONFIG["client"]["showErrorDetails"])
    yield
    st_config.set_option("client.showErrorDetails", saved)


def _everything_shown(node: object) -> str:
    """The text of every element the app sent, whatever its kind."""
    proto = getattr(node, "proto", None)
    children = getattr(node, "children", None) or {}
    return "\n".join(
        [str(proto) if proto is not None else "", *(_everything_shown(c) for c in children.values())]
    )


def test_an_unexpected_error_shows_no_traceback_path_or_message(
    cold_demo_app: Path, production_errors: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mututrack.views import overview

    def broken(store, filters):
        open("/srv/mututrack/private/matricules-2026.csv")  # noqa: SIM115 - fails, as a bug would

    monkeypatch.setattr(overview, "compute", broken)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception  # the app's own error page (tests/test_pages_errors.py), not Streamlit's
    assert at.error[0].value.startswith("Une erreur inattendue empêche d'afficher cette page.")
    shown = _everything_shown(at._tree)
    for leak in ("/srv/", "matricules", "FileNotFoundError", "Traceback", ".py", str(ROOT)):
        assert leak not in shown, leak


@pytest.mark.parametrize(
    ("data", "file_name", "code"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "effectifs.csv", "not_a_table"),  # the extension lies
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "reponses.xlsx", "not_a_table"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\0" * 64, "presences.csv", "not_a_table"),  # a program
    ],
)
def test_a_file_is_judged_by_its_content_not_its_extension(data: bytes, file_name: str, code: str) -> None:
    with pytest.raises(IngestError) as raised:
        ingest_read.read(data, file_name)
    assert [p.code for p in raised.value.problems] == [code]


def test_a_file_over_the_size_limit_is_refused_on_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_read, "MAX_BYTES", 1024)
    with pytest.raises(IngestError) as raised:
        ingest_read.read(b"matricule;collectivite\n" + b"A1;X\n" * 400, "effectifs.csv")
    assert [p.code for p in raised.value.problems] == ["too_big"]


def test_every_file_the_upload_accepts_fits_the_importer_limit() -> None:
    # Streamlit refuses bigger uploads itself (413); the importer's own limit is for the CLI.
    assert CONFIG["server"]["maxUploadSize"] * 2**20 <= ingest_read.MAX_BYTES


HOLD = """
import sys, time
from mututrack.store import Store
store = Store(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize(("role", "details_shown"), [("hr", True), ("director", False), ("council", False)])
def test_a_locked_store_shows_its_path_and_process_only_to_hr(
    demo_app: Path, monkeypatch: pytest.MonkeyPatch, role: str, details_shown: bool
) -> None:
    import subprocess
    import sys

    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(demo_app)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    finally:
        holder.kill()
        holder.wait()
    shown = _everything_shown(at._tree)
    assert "autre programme" in shown
    for detail in (str(demo_app.parent), f"PID {holder.pid}"):
        assert (detail in shown.replace("\\", "")) is details_shown, detail
