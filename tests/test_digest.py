"""``mututrack digest``: the Monday digest names the Overview's alerts, in French; mailed over STARTTLS."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest

from mututrack import cli
from mututrack.filters import Filters
from mututrack.report import digest
from mututrack.views import overview


@pytest.fixture
def demo_digest(demo_store):
    today = dt.date.today()
    return digest.build(demo_store, today=today), overview.compute(demo_store, Filters(), today=today)


def test_the_digest_names_each_alert_the_overview_shows_in_french(demo_digest):
    found, page = demo_digest
    assert page["alert_texts"], "the demo raises alerts"
    text = digest.render_text(found)
    for alert in page["alert_texts"]:
        assert digest.plain(alert) in text
    assert f"Alertes ({len(page['alert_texts'])})" in text
    assert "Ce qui a changé" in text and "Enquêtes en cours" in text
    assert "\\" not in text, "no Markdown escape left in a mail"


def test_the_html_digest_holds_the_same_alerts_escaped(demo_digest):
    found, page = demo_digest
    page_html = digest.render_html(found)
    assert page_html.startswith("<!DOCTYPE html>") and 'lang="fr"' in page_html
    for alert in found.alerts:
        assert digest.html.escape(alert) in page_html


def test_names_from_users_files_cannot_inject_html():
    found = digest.Digest(
        title="T",
        since=dt.date(2026, 1, 1),
        changes="<img src=x onerror=alert(1)>",
        figures=[],
        alerts=["« <script>alert(1)</script> »"],
        waves=["Vague <b>x</b>"],
        demo=False,
    )
    page = digest.render_html(found)
    assert "<script>" not in page and "<img" not in page and "<b>x" not in page
    assert "&lt;script&gt;" in page


def test_actions_late_or_due_within_the_week_are_listed_most_urgent_first(demo_store):
    from mututrack import plans

    with demo_store.transaction() as cur:  # without the demo's own actions
        cur.execute("delete from actions")
    today = dt.date(2026, 12, 7)
    for title, owner, due, status in [
        ("Plus tard", "DRH", today + dt.timedelta(days=30), "a_faire"),
        ("Cette semaine <b>", "DGS", today + dt.timedelta(days=3), "en_cours"),
        ("En retard", "Direction des routes", today - dt.timedelta(days=12), "a_faire"),
        ("Déjà faite", "DRH", today - dt.timedelta(days=40), "fait"),
    ]:
        plans.create(demo_store, plans.Action(title=title, owner=owner, due_date=due, status=status),
                     user="test", role="hr")
    found = digest.build(demo_store, today=today)
    assert found.actions == [
        "«\u00a0En retard\u00a0» — Direction des routes, échéance le 25/11/2026 (12 jours de retard)",
        "«\u00a0Cette semaine <b>\u00a0» — DGS, échéance le 10/12/2026 (dans 3 jours)",
    ]
    assert "Actions en retard ou à échéance dans la semaine (2)" in digest.render_text(found)
    page = digest.render_html(found)
    assert "Cette semaine &lt;b&gt;" in page and "Cette semaine <b>" not in page
    long_before = digest.build(demo_store, today=today - dt.timedelta(days=400))
    assert "Aucune action en retard" in digest.render_text(long_before)


def test_plain_undoes_the_pages_markdown_escapes():
    assert (
        digest.plain(r"« Commune \(EPCI\) » \- 2026\_T4 &amp; **gras**")
        == "« Commune (EPCI) » - 2026_T4 & gras"
    )


def test_since_moves_the_paragraph_start(demo_store):
    found = digest.build(demo_store, since=dt.date(2026, 11, 1))
    assert found.changes.startswith("Depuis le 01/11/2026")


def test_english_on_request(demo_store):
    from mututrack import i18n

    i18n.set_language("en")
    text = digest.render_text(digest.build(demo_store))
    assert "What changed" in text and "Alerts (" in text


def test_cli_prints_the_digest_and_refuses_a_bad_date(demo_db, capsys):
    assert cli.main(["digest", "--db", str(demo_db), "--since", "01/11/2026"]) == 0
    assert "Depuis le 01/11/2026" in capsys.readouterr().out
    assert cli.main(["digest", "--db", str(demo_db), "--since", "1er novembre"]) == 1
    assert "Date illisible" in capsys.readouterr().err


# -- settings and sending ---------------------------------------------------------------------------
def test_settings_from_the_secrets_file_and_the_environment(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[mututrack.smtp]\nhost = "mail.example.fr"\nport = 2525\nuser = "dgs"\npassword = "pw"\n'
        'from = "mututrack@example.fr"\nto = ["dgs@example.fr", "drh@example.fr"]\n',
        encoding="utf-8",
    )
    settings = digest.smtp_settings(secrets=secrets, environ={"MUTUTRACK_SMTP_PORT": "587"})
    assert (settings.host, settings.port, settings.user, settings.sender) == (
        "mail.example.fr",
        587,
        "dgs",
        "mututrack@example.fr",
    )
    assert settings.to == ["dgs@example.fr", "drh@example.fr"] and settings.starttls


def test_missing_settings_say_what_to_fill_in(tmp_path):
    with pytest.raises(ValueError, match="host, from, to"):
        digest.smtp_settings(secrets=tmp_path / "none.toml", environ={})


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (the test server's)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def test_send_mails_text_and_html_over_starttls_to_a_local_server(tmp_path, demo_store):
    aiosmtpd = pytest.importorskip("aiosmtpd.controller")
    cert, key = _certificate(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            received.append((session.ssl is not None, envelope))
            return "250 OK"

    with socket.socket() as probe:  # a free port (aiosmtpd cannot start on port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = aiosmtpd.Controller(
        Handler(), hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True
    )
    controller.start()
    try:
        settings = digest.SmtpSettings(
            host="localhost",
            port=port,
            user=None,
            password=None,
            sender="mututrack@example.fr",
            to=["dgs@example.fr"],
        )
        found = digest.build(demo_store)
        digest.send(found, settings, context=ssl.create_default_context(cafile=str(cert)), timeout=10)
    finally:
        controller.stop()
    assert len(received) == 1
    encrypted, envelope = received[0]
    assert encrypted, "the digest went over STARTTLS"
    assert envelope.rcpt_tos == ["dgs@example.fr"]
    mail = message_from_bytes(envelope.content, policy=default_policy)
    assert mail["Subject"] == found.title
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert all(alert in text for alert in found.alerts)
    assert "<h1>" in mail.get_body(preferencelist=("html",)).get_content()
