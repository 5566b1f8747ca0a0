"""A survey wave of 50,000 respondents imports whole (the batched path a large wave takes).

Its speed is not asserted here: the machine is shared, and a timed test fails on a noisy
neighbour. ``mututrack bench`` measures the import against DuckDB's read_csv and the naive pandas
path and prints the ratios with their targets.
"""

from __future__ import annotations

from pathlib import Path

from mututrack import ingest
from mututrack.ingest import samples
from mututrack.store import Store

RESPONDENTS = 50_000


def survey_file(folder: Path, respondents: int = RESPONDENTS) -> Path:
    """A template-form responses file: identifier, entity, service, category, date, then the 28 questions."""
    path = folder / "wave.csv"
    path.write_bytes(samples.template_csv(samples.answers(respondents, seed=1)))
    return path


def test_a_50000_respondent_wave_imports_every_respondent_and_answer(tmp_path: Path) -> None:
    path = survey_file(tmp_path)
    store = Store(tmp_path / "wave.duckdb")
    result = ingest.import_file(store, "responses", path.read_bytes(), path.name, wave="speed")
    assert result.ok and result.rows == RESPONDENTS, result.problems
    assert store.scalar("select count(*) from respondents where wave = 'speed'") == RESPONDENTS
    per_respondent = store.sql(
        "select count(*) as n from answers join respondents using (respondent_id) group by respondent_id"
    )["n"]
    assert len(per_respondent) == RESPONDENTS and per_respondent.min() > 0  # nobody's answers left behind
