"""Writing the demo: every table drawn in a fixed order and stored in one transaction (:func:`generate`)."""

from __future__ import annotations

import time
from collections.abc import Callable

import duckdb
import numpy as np
import pandas as pd

from mututrack.demo.events import PROJECTS, build_events, build_projects, in_scope, project_of_agent
from mututrack.demo.people import build_agents, build_careers, build_proposals
from mututrack.demo.surveys import build_wave, build_waves, numeric_questions, response_rates_by_entity
from mututrack.demo.territory import SCALES, Scale, build_entities, day
from mututrack.i18n import t
from mututrack.store import Store

Progress = Callable[[str, float], None]


# -- writing ---------------------------------------------------------------------------------------
# How each frame is inserted: the SELECT over the registered frame (event ids are numbered here).
INSERTS = {
    "entities": "entity_id, name, kind, population",
    "projects": "project_id, name, decision_date, go_live_date, objective",
    "project_services": "project_id, service",
    "project_entities": "project_id, entity_id",
    "charter_steps": "project_id, step, planned_date, actual_date",
    "agents": "agent_key, entity_id, service, category, status, start_date, end_date",
    "events": "printf('%s-%04d', project_id, number + 1) as event_id, "
    "project_id, date, kind, title, entity_id",
    "attendance": "printf('%s-%04d', project_id, number + 1) as event_id, agent_key, status",
    "waves": "wave, opened_at, closed_at, k_threshold, published",
    "respondents": "respondent_id, wave, respondent_key, entity_id, service, category, submitted_at",
    "answers": "respondent_id, question_id, value",
    "choices": "respondent_id, 'objective_perceived' as question_code, choice",
    "comments": "respondent_id, 'comment' as question_code, text",
    "career_events": "agent_key, date, kind, hours, project_id",
    "proposals": "printf('PROP-%05d', number) as proposal_id, "
    "date, entity_id, service, theme, status, decision_date, answer",
}
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
)


def _insert(cur: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, import_id: int) -> None:
    """Insert a frame through its INSERTS select, stamped with the demo's import_id."""
    cur.register("demo_frame", frame)
    answers = "demo_frame join demo_codes using (q) join question_ids using (code)"
    source = answers if name == "answers" else "demo_frame"
    # numeric answers carry no import id: they belong to the demo through their respondent
    stamp = "" if name == "answers" else ", $import_id as import_id"
    cur.execute(
        f"insert into {name} by name select {INSERTS[name]}{stamp} from {source}",
        {"import_id": import_id} if stamp else {},
    )
    cur.unregister("demo_frame")


def _rows_of(cur: duckdb.DuckDBPyConnection, table: str, import_id: int) -> int:
    """How many rows of ``table`` the demo import brought (answers: those of its respondents)."""
    mine = (
        "respondent_id in (select respondent_id from respondents where import_id = $id)"
        if table == "answers"
        else "import_id = $id"
    )
    return int(cur.execute(f"select count(*) from {table} where {mine}", {"id": import_id}).fetchone()[0])


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
        cur.execute(
            "insert into imports (import_id, kind, file_name, source_format, imported_by, status) "
            "values ($id, 'demo', $name, 'demo', 'mututrack demo', 'demo')",
            {"id": import_id, "name": f"démonstration ({scale}, seed {seed})"},
        )
        _write_all(cur, rng, spec, steps, import_id)
        steps("saving")
        counts = {table: _rows_of(cur, table, import_id) for table in DEMO_TABLES}
        cur.execute(
            "update imports set rows = $rows where import_id = $id",
            {"rows": sum(counts.values()), "id": import_id},
        )
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
    cur.register("demo_codes", numeric_questions()[["q", "code"]])
    entity_rate = response_rates_by_entity(rng, entities)
    for wave in spec.waves:
        steps("wave", wave=wave)
        # Respondent ids come from the store's sequence, so that later imports never collide with them.
        first_id = int(cur.execute("select nextval('respondent_id_seq')").fetchone()[0])
        frames = build_wave(rng, spec, wave, agents, owner, entity_rate, first_id)
        extra = len(frames["respondents"]) - 1
        if extra > 0:
            cur.execute("select max(nextval('respondent_id_seq')) from range($n)", {"n": extra}).fetchall()
        for name, frame in frames.items():
            _insert(cur, name, frame, import_id)
    cur.unregister("demo_codes")
