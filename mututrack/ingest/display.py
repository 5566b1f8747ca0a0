"""What the Import page shows, as plain values: no streamlit here, so it is tested without a browser."""

from __future__ import annotations

import pandas as pd

from mututrack import i18n
from mututrack.i18n import t
from mututrack.ingest.headers import IGNORE
from mututrack.ingest.job import ImportResult
from mututrack.ingest.read import SEPARATOR_NAMES
from mututrack.ingest.statements import rows_of
from mututrack.store import Store

__all__ = [
    "kind_label",
    "understood_table",
    "sample_table",
    "problems_table",
    "mapping_options",
    "demo_removal",
    "history_table",
]

META_TARGETS = ("respondent_id", "entity", "service", "category", "submitted_at")


def kind_label(kind: str | None) -> str:
    """``agents`` -> "Agents (liste du personnel)"; unknown kinds are shown as they are."""
    return t(f"ingest.kind.{kind}") if kind and f"ingest.kind.{kind}" in i18n.strings() else str(kind or "—")


def understood_table(result: ImportResult) -> pd.DataFrame:
    """Two columns (what, value): kind, source, format, encoding, separator, rows, columns recognised."""
    u = result.understood
    source = t(f"ingest.source.{u.source_format}") if u.source_format else "—"
    rows = [
        ("kind", kind_label(result.kind)),
        ("source", source),
        ("file", (u.file_format or "—").upper()),
        ("encoding", u.encoding or "—"),
        ("separator", SEPARATOR_NAMES.get(u.separator, "—") if u.separator else "—"),
        ("rows", i18n.fmt_number(u.rows)),
        ("columns", i18n.fmt_number(len(u.columns))),
    ]
    return pd.DataFrame({
        t("ingest.page.understood.what"): [t(f"ingest.page.understood.{k}") for k, _ in rows],
        t("ingest.page.understood.value"): [v for _, v in rows],
    })


def sample_table(result: ImportResult) -> pd.DataFrame:
    """The first rows as read, under the names they were understood as; the row number first."""
    return result.understood.sample.rename(columns={"row": t("ingest.report.row")})


def problems_table(problems) -> pd.DataFrame:
    """The problems under the page's column names (Gravité, Ligne, Colonne, Valeur, Problème et
    correction)."""
    from mututrack.ingest.problems import problems_frame

    frame = problems_frame(problems)
    return frame.rename(columns={c: t(f"ingest.report.{c}") for c in frame.columns})


def mapping_options(store: Store) -> dict[str, str]:
    """Targets an unmatched survey column can be mapped to: value (a field or question code) -> its
    label in plain words ("not imported" first, then the survey's own columns, then each question)."""
    questions = store.query("import_mapping_questions")
    text = "text_fr" if i18n.language() == "fr" else "text_en"
    options = {"": t("ingest.page.mapping.none"), IGNORE: t("ingest.page.mapping.ignore")}
    for name in META_TARGETS:
        options[name] = t(f"ingest.page.mapping.field.{name}")
    for code, label in zip(questions["code"], questions[text].fillna(questions["text_fr"]), strict=True):
        options[code] = t("ingest.page.mapping.question", text=_shortened(label))
    return options


def _shortened(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# What the confirmation before the first real import names, in this order.
DEMO_CONTENTS = ("entities", "projects", "agents", "events", "waves", "respondents", "proposals")


def demo_removal(store: Store) -> str:
    """What the first real import removes, in words: "17 collectivités, 3 projets, 600 agents…"."""
    demo = store.value("demo_imports")
    with store.cursor() as cur:
        contents = rows_of(cur, DEMO_CONTENTS, list(demo or []))
    return ", ".join(
        t(f"ingest.page.demo.what.{what}", n=i18n.fmt_number(n)) for what, n in contents.items() if n
    )


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """The import history with the page's column names, statuses and kinds in words, dates formatted."""
    columns = ["import_id", "kind", "file_name", "rows", "wave", "imported_by", "imported_at", "status"]
    shown = history[columns].copy()
    shown["kind"] = shown["kind"].map(kind_label)
    shown["status"] = shown["status"].map(
        lambda s: t(f"ingest.status.{s}") if f"ingest.status.{s}" in i18n.strings() else s
    )
    shown["imported_at"] = shown["imported_at"].map(i18n.fmt_datetime)
    return shown.rename(columns={c: t(f"ingest.col.{c}") for c in columns})
