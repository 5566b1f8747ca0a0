"""Prepare: a parsed table and its kind -> validated canonical rows for each store table.

One preparer per kind (:data:`PREPARERS`): a survey wave has its own (:mod:`responses`); every
other kind goes through :func:`prepare_rows`: its headers matched (:mod:`headers`), its row rules
checked all at once (:mod:`validate`: types, identifiers repeated in the file or already in the
store, unknown references, dates in the wrong order), people's identifiers pseudonymised
(:mod:`pseudonymise`), then its rows built (:mod:`tables`). Every problem raises one IngestError.

Store-dependent rules (an identifier already imported, an unknown project or event) read the store
through the cursor they are given: the import's own transaction, so a replacement sees the rows it
replaces as already gone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from mututrack import plans
from mututrack.ingest import detect, pseudonymise, responses, validate
from mututrack.ingest.headers import match_headers, text_frame
from mututrack.ingest.job import SAMPLE_ROWS, Context, Prepared, Understood
from mututrack.ingest.kinds import KINDS, Kind
from mututrack.ingest.problems import IngestError, Problem, error, warning
from mututrack.ingest.read import Table
from mututrack.ingest.statements import known, run
from mututrack.ingest.tables import BUILDERS

__all__ = ["PREPARERS", "prepare", "prepare_rows", "columns_of"]

Preparer = Callable[[Table, Context, Understood], Prepared]


def prepare(kind: str, table: Table, ctx: Context, understood: Understood) -> Prepared:
    """Validate ``table`` as ``kind`` and build its canonical rows; raises IngestError with every problem."""
    return PREPARERS[kind](table, ctx, understood)


def prepare_rows(kind: str, table: Table, ctx: Context, understood: Understood) -> Prepared:
    """:func:`prepare` for a kind of one row per record (every kind but ``responses``)."""
    spec = KINDS[kind]
    frame, headers, problems, warnings = columns_of(spec, table, understood)
    rules = validate.Rules()
    validate.type_rules(rules, frame, spec, con=ctx.cur, month_first=detect.month_first(table.headers))
    warnings += validate.date_notes(rules, headers)
    keys = _keys(spec, frame, ctx.secret)
    _key_rules(spec, frame, keys, rules, ctx.cur)
    REFERENCES.get(kind, lambda *a: None)(frame, rules, ctx.cur)
    _order_rules(kind, rules, headers)
    problems += validate.check(frame, rules, headers)
    if problems:
        raise IngestError(problems)
    values = validate.typed(frame, spec, rules.parsed)
    for name, column in keys.items():
        values[name] = column
    tables, more = BUILDERS[kind](values, ctx.cur)
    return Prepared(tables, rows=len(values), warnings=warnings + more)


def columns_of(
    spec: Kind, table: Table, understood: Understood
) -> tuple[pd.DataFrame, dict[str, str], list[Problem], list[Problem]]:
    """The file's matched columns under their canonical names, the file's headers, missing/unmatched."""
    matched, unmatched = match_headers(table.headers, spec)
    frame = text_frame(table, matched)
    headers = {name: table.headers[i] for i, name in matched.items()}
    understood.columns = {table.headers[i]: name for i, name in matched.items()}
    understood.unmatched = [table.headers[i] for i in unmatched if table.headers[i]]
    understood.sample = frame.head(SAMPLE_ROWS).reset_index()
    problems = [
        error("missing_column", column=f.french, names=" / ".join(dict.fromkeys((f.french, f.name))))
        for f in spec.required
        if f.name not in frame.columns
    ]
    warnings = [warning("unmatched_column", column=h) for h in understood.unmatched]
    return frame, headers, problems, warnings



def _keys(spec: Kind, frame: pd.DataFrame, secret: bytes) -> dict[str, pd.Series]:
    """Pseudonymous keys of the people identifiers (``agent_id`` -> ``agent_key``)."""
    out = {}
    if "agent_id" in frame.columns:
        out["agent_key"] = pseudonymise.keys(pseudonymise.normalise_matricule(frame["agent_id"]), secret)
    return out


def _key_rules(
    spec: Kind, frame: pd.DataFrame, keys: dict[str, pd.Series], rules: validate.Rules, cur
) -> None:
    """An identifier (or identifier pair) repeated in the file, or already in the store, is an error."""
    if not spec.key or not set(spec.key) <= set(frame.columns):
        return
    columns = {name: keys["agent_key"] if name == "agent_id" else frame[name] for name in spec.key}
    key_frame = pd.DataFrame(columns, index=frame.index)
    filled = key_frame.notna().all(axis=1) & key_frame.ne("").all(axis=1)
    repeated = key_frame.duplicated(keep=False) & filled
    first = spec.key[-1] if spec.key == ("event_id", "agent_id") else spec.key[0]
    rules.add(first, "duplicate_in_file", lambda s, m=repeated: ~m)
    existing = known(cur, STORE_KEYS[spec.name])
    if existing.empty:
        return
    store_cols = list(existing.columns[: len(spec.key)])  # each import_known_* query starts with the key
    merged = (
        key_frame
        .set_axis(store_cols, axis=1)
        .reset_index()
        .merge(existing[[*store_cols, "import_id"]], on=store_cols, how="inner")
    )
    if merged.empty:
        return
    clash = pd.Series(frame.index.isin(merged["row"]), index=frame.index)
    imports = (
        ", ".join(str(i) for i in sorted(merged["import_id"].dropna().astype(int).unique())) or "démo/demo"
    )
    rules.add(first, "duplicate_in_store", lambda s, m=clash: ~m, imports=imports)


ORDERED = {"agents": ("start_date", "end_date"), "proposals": ("date", "decision_date")}


def _order_rules(kind: str, rules: validate.Rules, headers: dict[str, str]) -> None:
    """A date that must not come before another one of the same row (leaving before arriving)."""
    first, then = ORDERED.get(kind, (None, None))
    if first in rules.parsed and then in rules.parsed:
        start, end = rules.parsed[first], rules.parsed[then]
        rules.add(then, "date_before", lambda s, a=start, b=end: ~(b < a), other=headers[first])


STORE_KEYS = {
    "entities": "entities",
    "projects": "projects",
    "charter": "charter",
    "agents": "agents",
    "events": "events",
    "attendance": "attendance",
    "proposals": "proposals",
    "questions": "questions",
    "actions": "actions",
}


def _reference_rule(
    column: str, source: str, code: str
) -> Callable[[pd.DataFrame, validate.Rules, Any], None]:
    def add(frame: pd.DataFrame, rules: validate.Rules, cur) -> None:
        if column not in frame.columns:
            return
        ids = set(known(cur, source).iloc[:, 0])
        rules.add(column, code, lambda s: s.eq("") | s.isin(ids))

    return add


def _action_rules(frame: pd.DataFrame, rules: validate.Rules, cur) -> None:
    """An action follows an indicator the questionnaire publishes, and a group it names: an entity,
    a category (A, B, C) or a project for those kinds, nothing for the whole organisation."""
    if "indicator" in frame.columns:
        codes = set(plans.indicator_measures(run(cur, "qvt_questions").df()))
        rules.add("indicator", "unknown_indicator", lambda s: s.eq("") | s.isin(codes),
                  allowed=", ".join(plans.SPECIAL_INDICATORS))
    if "group_kind" in frame.columns:
        kinds = validate.parse_enum(frame["group_kind"], "group_kind").fillna("organisation")
        values = frame["group_value"] if "group_value" in frame.columns else pd.Series("", index=frame.index)
        wrong = kinds.ne("organisation") & (
            values.eq("") | (kinds.eq("category") & ~values.str.upper().isin(plans.CATEGORIES)))
        rules.add("group_kind", "bad_group", lambda s, w=wrong: ~w)


REFERENCES = {
    "charter": _reference_rule("project_id", "projects", "unknown_project"),
    "events": _reference_rule("project_id", "projects", "unknown_project"),
    "attendance": _reference_rule("event_id", "events", "unknown_event"),
    "actions": _action_rules,
}



# Each kind's preparer: a table rather than a branch on the kind.
PREPARERS: dict[str, Preparer] = {kind: partial(prepare_rows, kind) for kind in BUILDERS} | {
    "responses": responses.prepare,
}
