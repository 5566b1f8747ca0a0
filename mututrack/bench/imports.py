"""The benchmark's import figures: the demo's largest wave written as a responses file, then
imported by MutuTrack, by DuckDB's ``read_csv`` alone and by a plain pandas path, and previewed as
the Import page does. Also the timing helpers the other figures share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mututrack.queries import bind, sql_text

__all__ = ["RUNS", "timed", "median_seconds", "responses_file", "import_figures", "preview_figures"]

RUNS = 5  # each import path is timed this many times, into a fresh database each time; the median counts
# The respondent's columns of the responses template (sql/bench_wave_respondents.sql), before one
# column per question.
RESPONDENT_COLUMNS = ["collectivite", "service", "categorie", "date_reponse"]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``action`` took, and what it returned."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def median_seconds(target: Callable[[int], Any], action: Callable[[Any], Any]) -> float:
    """The median of ``RUNS`` timings of ``action`` on a fresh ``target(run)`` (opened and closed
    outside the timing): one slow run on a shared machine does not decide."""
    seconds = []
    for run in range(RUNS):
        database = target(run)
        try:
            seconds.append(timed(lambda database=database: action(database))[0])
        finally:
            database.close()
    return statistics.median(seconds)


def responses_file(store_path: Path, target: Path) -> int:
    """Write the demo's largest wave as a wide responses CSV (one column per question code); its row count."""
    con = duckdb.connect(str(store_path), read_only=True)
    try:
        wave = con.execute(sql_text("bench_largest_wave")).fetchone()[0]
        questions = _frame(con, "bench_scored_questions")
        people = _frame(con, "bench_wave_respondents", wave=wave)
        answers = _frame(con, "bench_wave_answers", wave=wave)
    finally:
        con.close()
    wide = _one_column_per_question(people, answers, questions)
    wide.to_csv(target, sep=";", index=False)
    return len(wide)


def _frame(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """``sql/<name>.sql`` run on ``con`` with its parameters bound from ``params``."""
    text = sql_text(name)
    return con.execute(text, bind(text, params)).df()


def _one_column_per_question(
    people: pd.DataFrame, answers: pd.DataFrame, questions: pd.DataFrame
) -> pd.DataFrame:
    """A row per respondent of ``people``: their columns, then each question's value under its code
    (empty where not answered), in the order of ``questions``."""
    people = people.set_index("respondent_id")
    values = answers.groupby(["respondent_id", "question_id"])["value"].max().unstack("question_id")
    values = values.reindex(index=people.index, columns=questions["question_id"]).astype("Int64")
    values.columns = questions["code"].tolist()
    return people.join(values).reset_index(drop=True)


def import_figures(csv_path: Path, rows: int, workdir: Path) -> dict[str, float]:
    """Rows per second: MutuTrack's import, DuckDB's read_csv into a table, and a plain pandas path.

    Each path runs ``RUNS`` times into a database of its own, and its median time counts.
    """
    from mututrack import ingest
    from mututrack.store import Store

    data = csv_path.read_bytes()

    def ours(store: Store) -> None:
        # The load alone (the publication it then stores is timed on its own by publication_seconds)
        result = ingest.import_file(
            store, "responses", data, csv_path.name, wave="bench", user="bench", publish=False
        )
        if not result.ok:
            raise RuntimeError("; ".join(p.message() for p in result.problems[:5]))

    def limit(con: duckdb.DuckDBPyConnection) -> None:
        con.read_csv(str(csv_path), sep=";", header=True).create("raw")

    def pandas_path(con: duckdb.DuckDBPyConnection) -> None:
        frame = pd.read_csv(csv_path, sep=";")
        frame["respondent_id"] = range(len(frame))
        long = frame.melt(id_vars=["respondent_id", *RESPONDENT_COLUMNS],
                          var_name="question_code", value_name="value").dropna(subset=["value"])
        con.from_df(long).create("answers")

    def connection(name: str) -> Callable[[int], duckdb.DuckDBPyConnection]:
        return lambda run: duckdb.connect(str(workdir / f"import-{name}-{run}.duckdb"))

    def store(run: int) -> Store:
        return Store(workdir / f"import-ours-{run}.duckdb")

    return {
        "import_rows_per_second": rows / median_seconds(store, ours),
        "import_limit_rows_per_second": rows / median_seconds(connection("limit"), limit),
        "import_pandas_rows_per_second": rows / median_seconds(connection("pandas"), pandas_path),
    }


def preview_figures(csv_path: Path, workdir: Path) -> dict[str, float]:
    """Median seconds of the Import page's preview of ``csv_path`` (read in a child process under
    limits) and of the same dry run read in this process: the difference is the child's cost."""
    from mututrack import ingest
    from mututrack.ingest import worker
    from mututrack.store import Store

    data = csv_path.read_bytes()

    def isolated(store: Store) -> None:
        worker.forget()  # the page keeps what it read for its reruns: time a first reading
        ingest.preview(store, "responses", data, csv_path.name, wave="bench")

    def in_process(store: Store) -> None:
        ingest.import_file(store, "responses", data, csv_path.name, wave="bench", dry_run=True)

    def fresh(run: int) -> Store:
        return Store(workdir / f"preview-{run}.duckdb")

    return {
        "preview_seconds": median_seconds(fresh, isolated),
        "preview_in_process_seconds": median_seconds(fresh, in_process),
    }
