"""Writing the demo: every table drawn in a fixed order and stored in one transaction (:func:`generate`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from mututrack.demo.actions import build_actions
from mututrack.demo.events import PROJECTS, build_events, build_projects, in_scope, project_of_agent
from mututrack.demo.people import build_agents, build_careers, build_proposals
from mututrack.demo.surveys import build_wave, build_waves, numeric_questions, response_rates_by_entity
from mututrack.demo.territory import SCALES, Scale, build_entities, day
from mututrack.i18n import t
from mututrack.ingest.load import insert_tables
from mututrack.ingest.statements import rows_of
from mututrack.queries import bind, sql_text
from mututrack.store import Store

Progress = Callable[[str, float], None]


# The tables the demo fills, in the order of its summary.
DEMO_TABLES = (
    "entities",
    "projects",
    "project_services",
    "project_entities",
    "charter_steps",
    "agents",
    "events",
    "attendance",
    "waves",
    "respondents",
    "answers",
    "choices",
    "comments",
    "career_events",
    "proposals",
    "actions",
)


def _execute(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[tuple]:
    """Run ``sql/<name>.sql`` inside the caller's transaction, its ``$parameters`` bound from ``params``."""
    text = sql_text(name)
    # fetchall: DuckDB keeps a half-read result open and refuses the next register() (store.py)
    return cur.execute(text, bind(text, params)).fetchall()


def _insert(cur: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, import_id: int) -> None:
    """Insert a drawn frame into table ``name`` through the import's own load step
    (:func:`mututrack.ingest.load.insert_tables`), as the rows an import of that kind would give."""
    if name not in DEMO_TABLES:
        raise ValueError(f"not a demo table: {name!r}")
    insert_tables(cur, {name: canonical(cur, name, frame)}, import_id)


def _numbered(prefix: pd.Series | str, number: pd.Series, digits: int) -> pd.Series:
    return prefix + "-" + number.astype("int64").astype(str).str.zfill(digits)


def canonical(cur: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A drawn frame as the store's table ``name`` holds it (without the import id): the columns
    an import's preparer hands to the load step, identifiers written as the import templates do."""
    if name == "answers":  # question positions to the store's question ids, one array look-up
        ids = dict(_execute(cur, "demo_question_ids"))
        codes = numeric_questions().set_index("q")["code"]
        by_position = np.zeros(int(codes.index.max()) + 1, dtype="int64")
        by_position[codes.index.to_numpy()] = [ids[code] for code in codes]
        return pd.DataFrame({
            "respondent_id": frame["respondent_id"].to_numpy(),
            "question_id": by_position[frame["q"].to_numpy()],
            "value": frame["value"].to_numpy(),
        })
    written = {
        "events": lambda f: {"event_id": _numbered(f["project_id"], f["number"] + 1, 4)},
        "attendance": lambda f: {"event_id": _numbered(f["project_id"], f["number"] + 1, 4)},
        "proposals": lambda f: {"proposal_id": _numbered("PROP", f["number"], 5)},
        "choices": lambda f: {"question_code": "objective_perceived"},
        "comments": lambda f: {"question_code": "comment"},
    }.get(name, lambda f: {})(frame)
    return frame.assign(**written)[list(COLUMNS[name])]


# The columns of each table the demo fills (the import id is added by the load step).
COLUMNS = {
    "entities": ("entity_id", "name", "kind", "population"),
    "projects": ("project_id", "name", "decision_date", "go_live_date", "objective"),
    "project_services": ("project_id", "service"),
    "project_entities": ("project_id", "entity_id"),
    "charter_steps": ("project_id", "step", "planned_date", "actual_date"),
    "agents": ("agent_key", "entity_id", "service", "category", "status", "start_date", "end_date"),
    "events": ("event_id", "project_id", "date", "kind", "title", "entity_id"),
    "attendance": ("event_id", "agent_key", "status"),
    "waves": ("wave", "opened_at", "closed_at", "k_threshold", "published"),
    "respondents": (
        "respondent_id", "wave", "respondent_key", "entity_id", "service", "category", "submitted_at"
    ),
    "answers": ("respondent_id", "question_id", "value"),
    "choices": ("respondent_id", "question_code", "choice"),
    "comments": ("respondent_id", "question_code", "text"),
    "career_events": ("agent_key", "date", "kind", "hours", "project_id"),
    "proposals": (
        "proposal_id", "date", "entity_id", "service", "theme", "status", "decision_date", "answer", "text",
        "owner",
    ),
    "actions": (
        "action_id", "title", "owner", "due_date", "status", "origin_kind", "origin_ref", "indicator",
        "group_kind", "group_value", "created_at", "updated_at",
    ),
}


def _rows_of(cur: duckdb.DuckDBPyConnection, import_id: int) -> dict[str, int]:
    """How many rows of each demo table the demo import brought (answers: those of its respondents)."""
    return rows_of(cur, DEMO_TABLES, [import_id])


def _respondent_ids(cur: duckdb.DuckDBPyConnection, count: int) -> int:
    """Draw ``count`` ids from the store's respondent sequence; the last one drawn."""
    return int(_execute(cur, "demo_respondent_ids", n=count)[0][0])


class _Steps:
    """Reports each step to ``progress`` with the share of the work done so far."""

    def __init__(self, progress: Progress | None, weights: dict[str, float], repeats: dict[str, int]) -> None:
        self.progress, self.weights, self.done = progress, weights, 0.0
        self.total = sum(w * repeats.get(key, 1) for key, w in weights.items())

    def __call__(self, key: str, **values: str) -> None:
        if self.progress:
            self.progress(t(f"demo.progress.{key}", **values), self.done / self.total)
        self.done += self.weights[key]


def generate(store: Store, *, scale: str = "small", seed: int = 42, progress: Progress | None = None) -> dict:
    """Fill an empty store with the demo territory; returns a summary (rows per table, seconds).

    ``progress(step, fraction)`` is called before each step with a translated label.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}: choose one of {', '.join(SCALES)}")
    if not store.is_empty():
        raise ValueError(t("demo.error.not_empty"))
    began = time.perf_counter()
    spec = SCALES[scale]
    weights = {
        "territory": 1,
        "projects": 0.5,
        "events": 2,
        "wave": 1,
        "careers": 1,
        "proposals": 0.5,
        "saving": 0.5,
    }
    steps = _Steps(progress, weights, {"wave": len(spec.waves)})
    rng = np.random.default_rng(seed)
    with store.transaction() as cur:
        import_id = store.next_import_id(cur)
        _execute(cur, "demo_import", import_id=import_id, file_name=f"démonstration ({scale}, seed {seed})")
        _write_all(cur, rng, spec, steps, import_id)
        steps("saving")
        counts = _rows_of(cur, import_id)
        _execute(cur, "demo_import_rows", rows=sum(counts.values()), import_id=import_id)
    from mututrack.publication import build as publication  # the layer above the store: imported late

    publication.refresh_all(store)
    if progress:
        progress(t("demo.progress.done"), 1.0)
    return {
        "import_id": import_id,
        "scale": scale,
        "seed": seed,
        "tables": counts,
        "rows": sum(counts.values()),
        "seconds": round(time.perf_counter() - began, 2),
    }


def _write_all(
    cur: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    spec: Scale,
    steps: _Steps,
    import_id: int,
) -> None:
    """Draw and insert every table, in dependency order, wave by wave for the survey."""
    steps("territory")
    entities = build_entities(rng, spec)
    agents = build_agents(rng, entities)
    _insert(cur, "entities", entities, import_id)
    _insert(cur, "agents", agents, import_id)
    steps("projects")
    for name, frame in build_projects(spec, entities).items():
        _insert(cur, name, frame, import_id)
    steps("events")
    owner = project_of_agent(agents, entities, spec)
    for index, project_id in enumerate(spec.projects):
        scope = in_scope(agents, owner, index, day(PROJECTS[project_id].decision))
        events, attendance = build_events(rng, PROJECTS[project_id], agents, entities, scope)
        _insert(cur, "events", events, import_id)
        _insert(cur, "attendance", attendance, import_id)
    _write_waves(cur, rng, spec, steps, agents, entities, owner, import_id)
    steps("careers")
    _insert(cur, "career_events", build_careers(rng, spec, agents, owner), import_id)
    steps("proposals")
    _insert(cur, "proposals", build_proposals(rng, agents), import_id)
    _insert(cur, "actions", build_actions(spec.projects), import_id)


def _write_waves(
    cur: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    spec: Scale,
    steps: _Steps,
    agents: pd.DataFrame,
    entities: pd.DataFrame,
    owner: np.ndarray,
    import_id: int,
) -> None:
    """The waves table, then each wave's respondents and answers, one wave in memory at a time."""
    _insert(cur, "waves", build_waves(spec), import_id)
    entity_rate = response_rates_by_entity(rng, entities)
    for wave in spec.waves:
        steps("wave", wave=wave)
        # Respondent ids come from the store's sequence, so that later imports never collide with them.
        first_id = _respondent_ids(cur, 1)
        frames = build_wave(rng, spec, wave, agents, owner, entity_rate, first_id)
        extra = len(frames["respondents"]) - 1
        if extra > 0:
            _respondent_ids(cur, extra)
        for name, frame in frames.items():
            _insert(cur, name, frame, import_id)
