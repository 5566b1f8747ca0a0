"""A parsed table + its kind -> validated canonical rows for each store table, or every problem.

Store-dependent rules (an identifier already imported, an unknown project or event) read the store
through the cursor they are given: the import's own transaction, so a replacement sees the rows it
replaces as already gone.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from mututrack.ingest import detect, pseudonymise, read, validate
from mututrack.ingest import map as mapping
from mututrack.ingest.kinds import KINDS, Kind
from mututrack.ingest.problems import IngestError, Problem, error, warning
from mututrack.ingest.read import Table
from mututrack.store import bind, sql_text

__all__ = ["Context", "Understood", "Prepared", "prepare", "known"]

LIST_SEPARATOR = "|"
SAMPLE_ROWS = 5


@dataclass
class Context:
    """What a kind's rules need from outside the file."""

    cur: duckdb.DuckDBPyConnection
    secret: bytes
    source_format: str = "template"
    wave: str | None = None
    hand_mapping: dict[str, str] = field(default_factory=dict)
    # set by an import (not a dry run): start inserting some tables now, (tables, respondents) -> Future
    insert_early: Callable[[dict[str, Any], int], Future] | None = None
    # rows of import_known_* queries read beside the file, checked current by the caller (load._Lookups)
    lookups: dict[str, pd.DataFrame] = field(default_factory=dict)

    def known(self, name: str, **params: Any) -> pd.DataFrame:
        """A known_* query's rows: those read beside the file when there are, else read on the cursor."""
        return self.lookups[name] if name in self.lookups else known(self.cur, name, **params)


@dataclass
class Understood:
    """What the importer understood of a file, shown before anything is written."""

    kind: str | None = None
    file_format: str | None = None
    source_format: str | None = None
    encoding: str | None = None
    separator: str | None = None
    rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # header -> field or question code
    metadata: list[str] = field(default_factory=list)  # survey tool columns set aside
    unmatched: list[str] = field(default_factory=list)
    sample: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class Prepared:
    """Rows ready to insert (table -> frame without import_id) and the warnings to report."""

    tables: dict[str, Any]
    rows: int
    warnings: list[Problem] = field(default_factory=list)
    wave: dict[str, Any] | None = None
    respondents: int = 0


def known(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run ``sql/import_known_<name>.sql`` (or another ``import_`` query) on the given cursor."""
    text = sql_text(name if name.startswith("import_") else f"import_known_{name}")
    return cur.execute(text, bind(text, params)).df()


def prepare(kind: str, table: Table, ctx: Context, understood: Understood) -> Prepared:
    """Validate ``table`` as ``kind`` and build its canonical rows; raises IngestError with every problem."""
    if kind == "responses":
        from mututrack.ingest import responses

        return responses.prepare(table, ctx, understood)
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


def columns_of(spec: Kind, table: Table, understood: Understood) -> tuple[pd.DataFrame, dict[str, str], list[Problem], list[Problem]]:
    """The file's matched columns under their canonical names, the file's headers, missing/unmatched."""
    matched, unmatched = mapping.match_headers(table.headers, spec)
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


def text_frame(table: Table, columns: dict[int, str]) -> pd.DataFrame:
    """Some columns of the table as text, under the given names, indexed by spreadsheet row number."""
    picked = pa.table([read.trimmed(table.arrow.column(i)) for i in columns], names=list(columns.values()))
    frame = picked.to_pandas().astype("str")
    frame.index = pd.Index(table.row_numbers, name="row")
    return frame


def _keys(spec: Kind, frame: pd.DataFrame, secret: bytes) -> dict[str, pd.Series]:
    """Pseudonymous keys of the people identifiers (``agent_id`` -> ``agent_key``)."""
    out = {}
    if "agent_id" in frame.columns:
        out["agent_key"] = pseudonymise.keys(pseudonymise.normalise_matricule(frame["agent_id"]), secret)
    return out


def _key_rules(spec: Kind, frame: pd.DataFrame, keys: dict[str, pd.Series], rules: validate.Rules, cur) -> None:
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
    merged = key_frame.set_axis(store_cols, axis=1).reset_index().merge(existing[[*store_cols, "import_id"]], on=store_cols, how="inner")
    if merged.empty:
        return
    clash = pd.Series(frame.index.isin(merged["row"]), index=frame.index)
    imports = ", ".join(str(i) for i in sorted(merged["import_id"].dropna().astype(int).unique())) or "démo/demo"
    rules.add(first, "duplicate_in_store", lambda s, m=clash: ~m, imports=imports)


ORDERED = {"agents": ("start_date", "end_date"), "proposals": ("date", "decision_date")}


def _order_rules(kind: str, rules: validate.Rules, headers: dict[str, str]) -> None:
    """A date that must not come before another one of the same row (leaving before arriving)."""
    first, then = ORDERED.get(kind, (None, None))
    if first in rules.parsed and then in rules.parsed:
        start, end = rules.parsed[first], rules.parsed[then]
        rules.add(then, "date_before", lambda s, a=start, b=end: ~(b < a), other=headers[first])


STORE_KEYS = {"entities": "entities", "projects": "projects", "charter": "charter", "agents": "agents",
              "events": "events", "attendance": "attendance", "proposals": "proposals", "questions": "questions"}


def _reference_rule(column: str, source: str, code: str) -> Callable[[pd.DataFrame, validate.Rules, Any], None]:
    def add(frame: pd.DataFrame, rules: validate.Rules, cur) -> None:
        if column not in frame.columns:
            return
        ids = set(known(cur, source).iloc[:, 0])
        rules.add(column, code, lambda s: s.eq("") | s.isin(ids))

    return add


REFERENCES = {
    "charter": _reference_rule("project_id", "projects", "unknown_project"),
    "events": _reference_rule("project_id", "projects", "unknown_project"),
    "attendance": _reference_rule("event_id", "events", "unknown_event"),
}


def _with_keys(values: pd.DataFrame, columns: list[str], renames: dict[str, str] | None = None) -> pd.DataFrame:
    out = values.reindex(columns=columns).rename(columns=renames or {})
    return out.reset_index(drop=True)


def _unknown_entities(ids: pd.Series, cur) -> list[Problem]:
    """One warning listing the entity ids the store does not know (they are kept as given)."""
    known_ids = set(known(cur, "entities")["entity_id"])
    unknown = sorted(set(ids.dropna()) - known_ids)
    if not unknown:
        return []
    return [warning("unknown_entities", count=len(unknown), ids=", ".join(unknown[:10]))]


def _unknown_agents(keys: pd.Series, cur) -> list[Problem]:
    roster = set(known(cur, "agents")["agent_key"])
    missing = int((~keys.isin(roster)).sum())
    return [warning("unknown_agents", count=missing)] if missing else []


def build_entities(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    return {"entities": _with_keys(values, ["entity", "name", "kind", "population"], {"entity": "entity_id"})}, []


def build_projects(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    projects = _with_keys(values, ["project_id", "name", "decision_date", "go_live_date", "objective"])
    services = _explode(values, "services", "service")
    entities = _explode(values, "entities", "entity_id")
    return (
        {"projects": projects, "project_services": services, "project_entities": entities},
        _unknown_entities(entities["entity_id"], cur),
    )


def _explode(values: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    """``"RH | Paie"`` -> one row per item, trimmed, empties dropped."""
    if column not in values.columns:
        return pd.DataFrame({"project_id": pd.Series(dtype="str"), name: pd.Series(dtype="str")})
    items = values[["project_id", column]].dropna().assign(**{column: lambda f: f[column].str.split(LIST_SEPARATOR, regex=False)})
    items = items.explode(column).assign(**{column: lambda f: f[column].str.strip()})
    items = items[items[column].ne("")].drop_duplicates()
    return items.rename(columns={column: name}).reset_index(drop=True)


def build_charter(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    return {"charter_steps": _with_keys(values, ["project_id", "step", "planned_date", "actual_date"])}, []


def build_agents(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    agents = _with_keys(values, ["agent_key", "entity", "service", "category", "status", "start_date", "end_date"], {"entity": "entity_id"})
    return {"agents": agents}, _unknown_entities(agents["entity_id"], cur)


def build_events(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    events = _with_keys(values, ["event_id", "project_id", "date", "kind", "title", "entity"], {"entity": "entity_id"})
    return {"events": events}, _unknown_entities(events["entity_id"], cur)


def build_attendance(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    values = values.assign(status=values.get("status", pd.Series("present", index=values.index)).fillna("present"))
    rows = _with_keys(values, ["event_id", "agent_key", "status"])
    return {"attendance": rows}, _unknown_agents(rows["agent_key"], cur)


def build_careers(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    rows = _with_keys(values, ["agent_key", "date", "kind", "hours", "project_id"])
    warnings = _unknown_agents(rows["agent_key"], cur)
    projects = set(known(cur, "projects")["project_id"])
    unknown = sorted(set(rows["project_id"].dropna()) - projects)
    if unknown:
        warnings.append(warning("unknown_projects", count=len(unknown), ids=", ".join(unknown[:10])))
    return {"career_events": rows}, warnings


def build_proposals(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    rows = _with_keys(values, ["proposal_id", "date", "entity", "service", "theme", "status", "decision_date", "answer"], {"entity": "entity_id"})
    return {"proposals": rows}, _unknown_entities(rows["entity_id"], cur)


def build_questions(values: pd.DataFrame, cur) -> tuple[dict[str, Any], list[Problem]]:
    values = values.assign(reverse=values.get("reverse", pd.Series(False, index=values.index)).fillna(False))
    return {"questions": _with_keys(values, ["code", "text_fr", "text_en", "dimension", "scale", "reverse"])}, []


BUILDERS: dict[str, Callable[[pd.DataFrame, Any], tuple[dict[str, Any], list[Problem]]]] = {
    "entities": build_entities,
    "projects": build_projects,
    "charter": build_charter,
    "agents": build_agents,
    "events": build_events,
    "attendance": build_attendance,
    "careers": build_careers,
    "proposals": build_proposals,
    "questions": build_questions,
}


def arrow_of(frame: pd.DataFrame) -> pa.Table:
    """A frame as Arrow (what load registers with DuckDB)."""
    return pa.Table.from_pandas(frame, preserve_index=False)
