"""``mututrack digest``: what a director needs on Monday, as text or HTML, and mailed on request.

Everything comes from the pages' views, after the anonymity rules: the Overview's alerts and its
paragraph on what changed (since a week ago, or ``since``), its key figures, the participation of
the waves collecting answers, and the action plans that are late or due within the coming week.
Names from users' files are plain text in the text digest and escaped in the HTML one.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import smtplib
import ssl
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from mututrack.filters import Filters
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, t
from mututrack.publication import rules
from mututrack.store import Store

__all__ = ["Digest", "build", "render_text", "render_html", "SmtpSettings", "smtp_settings", "send"]

# What i18n.literal escapes for Markdown, undone for a plain-text or HTML mail.
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()!|~:$#+\-=.])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Digest:
    """The digest's content, in the current language: ``title``, ``since``, ``changes`` (the
    paragraph), ``figures`` (label, value, change), ``alerts`` (sentences), ``waves`` (sentences on
    the waves collecting answers), ``actions`` (sentences on the actions late or due within a week,
    most urgent first) and ``demo``."""

    title: str
    since: dt.date
    changes: str
    figures: list[tuple[str, str, str | None]]
    alerts: list[str]
    waves: list[str]
    demo: bool
    actions: list[str] = field(default_factory=list)


def build(store: Store, *, since: dt.date | None = None, today: dt.date | None = None) -> Digest:
    """The digest of the whole organisation on ``today`` (changes since ``since``, a week by default)."""
    from mututrack.views import overview

    today = today or dt.date.today()
    since = since or today - overview.WEEK
    data = overview.compute(store, Filters(), today=today, since=since)
    return Digest(
        title=t("digest.title", date=fmt_date(today)),
        since=since,
        changes=plain(data["summary"]),
        figures=_figures(data["kpis"]),
        alerts=[plain(text) for text in data["alert_texts"]],
        waves=_open_waves(store, today=today),
        demo=store.is_demo(),
        actions=_actions_due(store, today=today),
    )


def plain(text: str) -> str:
    """A sentence of the pages (Markdown-escaped, HTML-escaped names) as plain text."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", _BOLD.sub(r"\1", text)))


def _figures(kpis: dict[str, dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    from mututrack.views.overview import change_text

    rows = []
    for key, label, percent in (
        ("early_involvement_rate", "overview.kpi.early", True),
        ("charter_on_time_share", "overview.kpi.charter", True),
        ("open_proposals", "overview.kpi.open_proposals", False),
    ):
        figure = kpis[key]
        value = fmt_pct(figure["value"]) if percent else fmt_number(figure["value"])
        rows.append((t(label), value, change_text(figure["value"], figure["week"], percent=percent)))
    return rows


def _open_waves(store: Store, *, today: dt.date) -> list[str]:
    """One sentence per wave collecting answers: respondents ("moins de k" under k), rate, closing date."""
    from mututrack.views import participation

    rates = participation.open_wave_groups(store, Filters(), today=today)["waves"]
    closes = store.query("waves_list").set_index("wave")["closed_at"]
    out = []
    for row in rates[rates["open"]].itertuples():
        k = rules.threshold(store, row.wave)
        count = int(row.respondents)
        shown = t("digest.fewer_than", k=k) if 0 < count < k else fmt_number(count)
        out.append(
            t(
                "digest.wave_open",
                wave=row.wave,
                respondents=shown,
                rate=fmt_pct(row.response_rate) if count == 0 or count >= k else "—",
                closes=fmt_date(closes.get(row.wave)),
            )
        )
    return out


def _actions_due(store: Store, *, today: dt.date) -> list[str]:
    """One sentence per action not done that is late or due within :data:`overview.WEEK`, most urgent
    first: its title, owner and how late or how soon."""
    from mututrack import plans
    from mututrack.views import actions, overview

    table = actions.urgency(plans.listing(store), today)
    soon = table["days_left"].le(overview.WEEK.days).fillna(False).astype(bool)
    out = []
    for _, row in table[table["late"] | soon].iterrows():
        out.append(t("digest.action", title=row["title"], owner=row["owner"], due=fmt_date(row["due_date"]),
                     when=actions.when(row)))
    return out


def render_text(digest: Digest) -> str:
    """The digest as plain text (what a mail client shows, or a terminal)."""
    lines = [digest.title, "=" * len(digest.title), ""]
    if digest.demo:
        lines += [t("digest.demo"), ""]
    lines += [t("digest.changes"), digest.changes, ""]
    lines += [f"- {_figure(*row)}" for row in digest.figures]
    lines += ["", t("digest.alerts", count=len(digest.alerts))]
    lines += [f"- {text}" for text in digest.alerts] or [t("digest.no_alert")]
    lines += ["", t("digest.waves")]
    lines += [f"- {text}" for text in digest.waves] or [t("digest.no_open_wave")]
    lines += ["", t("digest.actions", count=len(digest.actions))]
    lines += [f"- {text}" for text in digest.actions] or [t("digest.no_action")]
    return "\n".join(lines) + "\n"


def _figure(label: str, value: str, change: str | None) -> str:
    return t("digest.figure", label=label, value=value) + (f" ({change})" if change else "")


def render_html(digest: Digest) -> str:
    """The digest as a small HTML page; every text is escaped."""
    e = html.escape

    def items(texts: list[str], empty: str) -> str:
        return (
            "<ul>" + "".join(f"<li>{e(x)}</li>" for x in texts) + "</ul>" if texts else f"<p>{e(empty)}</p>"
        )

    figures = [_figure(*row) for row in digest.figures]
    parts = [
        f'<!DOCTYPE html><html lang="{e(t("digest.lang"))}"><head><meta charset="utf-8">',
        f"<title>{e(digest.title)}</title></head><body>",
        f"<h1>{e(digest.title)}</h1>",
        f"<p><em>{e(t('digest.demo'))}</em></p>" if digest.demo else "",
        f"<h2>{e(t('digest.changes'))}</h2><p>{e(digest.changes)}</p>",
        items(figures, ""),
        f"<h2>{e(t('digest.alerts', count=len(digest.alerts)))}</h2>",
        items(digest.alerts, t("digest.no_alert")),
        f"<h2>{e(t('digest.waves'))}</h2>",
        items(digest.waves, t("digest.no_open_wave")),
        f"<h2>{e(t('digest.actions', count=len(digest.actions)))}</h2>",
        items(digest.actions, t("digest.no_action")),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


# -- sending ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to mail the digest (``[mututrack.smtp]`` in the secrets, or ``MUTUTRACK_SMTP_*``)."""

    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    to: list[str]
    starttls: bool = True


SMTP_KEYS = ("host", "port", "user", "password", "from", "to", "starttls")


def smtp_settings(*, secrets: Path | None = None, environ: dict[str, str] | None = None) -> SmtpSettings:
    """The SMTP settings: ``MUTUTRACK_SMTP_HOST`` .. ``_TO`` (addresses separated by commas) over
    ``[mututrack.smtp]`` of ``.streamlit/secrets.toml``. ValueError (French and English) when the
    host, the sender or the recipients are missing."""
    environ = os.environ if environ is None else environ
    path = secrets or Path(".streamlit") / "secrets.toml"
    found: dict[str, Any] = {}
    if path.is_file():
        found = dict(tomllib.loads(path.read_text(encoding="utf-8")).get("mututrack", {}).get("smtp", {}))
    for key in SMTP_KEYS:
        if environ.get(f"MUTUTRACK_SMTP_{key.upper()}"):
            found[key] = environ[f"MUTUTRACK_SMTP_{key.upper()}"]
    to = found.get("to") or []
    to = [a.strip() for a in (to.split(",") if isinstance(to, str) else to) if a.strip()]
    missing = [
        key
        for key, value in (("host", found.get("host")), ("from", found.get("from")), ("to", to))
        if not value
    ]
    if missing:
        raise ValueError(t("digest.smtp_missing", keys=", ".join(missing)))
    return SmtpSettings(
        host=str(found["host"]),
        port=int(found.get("port") or 587),
        user=found.get("user") or None,
        password=found.get("password") or None,
        sender=str(found["from"]),
        to=to,
        starttls=str(found.get("starttls", True)).lower() not in ("false", "0", "no"),
    )


def message(digest: Digest, settings: SmtpSettings) -> EmailMessage:
    """The mail: the text digest, with the HTML one as its alternative."""
    mail = EmailMessage()
    mail["Subject"] = digest.title
    mail["From"] = settings.sender
    mail["To"] = ", ".join(settings.to)
    mail.set_content(render_text(digest))
    mail.add_alternative(render_html(digest), subtype="html")
    return mail


def send(
    digest: Digest, settings: SmtpSettings, *, timeout: float = 30, context: ssl.SSLContext | None = None
) -> None:
    """Mail the digest (STARTTLS unless turned off, checking the server's certificate against the
    system's authorities or ``context``; login when a user is set)."""
    with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=context or ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message(digest, settings))
