"""The sentence that states each kind of alert of the overview, in the current language (apart
from the view, so that a scoped selection can state an alert again without the other entities)."""

from __future__ import annotations

from typing import Any

from mututrack.i18n import fmt_date, fmt_number, fmt_pct, fmt_rate, literal, t

__all__ = ["ALERT_FORMATS", "alert_text"]


def _rate(rate: float, bounded: bool) -> str:
    """A rate, or "< x %" when only its bound is published."""
    return fmt_rate(None, rate) if bounded else fmt_pct(rate)


ALERT_FORMATS = {
    "decision_soon": lambda a: t("overview.alert.decision_soon", subject=literal(a["subject"]),
                                 rate=_rate(a["value"], a["details"].get("bounded")),
                                 days=a["details"]["days"], target=fmt_pct(a["threshold"])),
    "wellbeing_drop": lambda a: t(f"overview.alert.drop.{a['details']['measure']}",
                                  subject=literal(a["subject"]), wave=literal(a["details"]["wave"]),
                                  change=fmt_number(a["value"], decimals=1)),
    "charter_overdue": lambda a: t("overview.alert.charter_overdue", step=literal(a["subject"]),
                                   project=literal(a["details"]["project_name"]), date=fmt_date(a["value"])),
    "low_response": lambda a: t("overview.alert.low_response" if a["details"]["lowest"]
                                else "overview.alert.low_response_unnamed",
                                wave=literal(a["subject"]), count=a["value"], target=fmt_pct(a["threshold"]),
                                lowest=", ".join(f"{literal(label)} ({_rate(rate, bounded)})"
                                               for label, rate, bounded in a["details"]["lowest"])),
    "proposals_waiting": lambda a: _proposals_waiting(a),
}


def alert_text(alert: dict[str, Any]) -> str:
    """The sentence that states one alert, in the current language."""
    return ALERT_FORMATS[alert["kind"]](alert)


def _proposals_waiting(alert: dict[str, Any]) -> str:
    """How many proposals wait, and how many of them nobody is in charge of (when some)."""
    text = t("overview.alert.proposals_waiting", count=alert["value"], days=int(alert["threshold"]))
    unassigned = (alert.get("details") or {}).get("unassigned")
    return f"{text} {t('proposals.alert.unassigned', count=unassigned)}" if unassigned else text
