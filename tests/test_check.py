import json
from pathlib import Path

import pytest

from mututrack import check, cli
from mututrack.store import Store


def test_the_demo_is_sound(demo_store: Store) -> None:
    assert check.errors(check.run(demo_store)) == []


def test_an_empty_store_is_sound(store: Store) -> None:
    assert check.run(store) == []


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("insert into attendance values ('EV-NOPE', 'k1', 'present', null)", "attendance_of_unknown_event"),
        ("insert into answers values (999, 1, 3)", "answer_of_unknown_respondent"),
        ("insert into answers values (1, 999, 3)", "answer_to_unknown_question"),
        ("insert into respondents (respondent_id, wave) values (5, 'W'), (5, 'W')", "duplicate_respondent"),
        ("insert into choices values (999, 'objective_perceived', 'economies', null)",
         "choice_of_unknown_respondent"),
        ("insert into choices values (1, 'gone', 'economies', null)", "choice_to_unknown_question"),
        ("insert into choices values (1, 'objective_perceived', 'economies', null), "
         "(1, 'objective_perceived', 'les_deux', null)",
         "duplicate_choice"),
        ("insert into events values ('EV1', 'NOPE', date '2026-01-01', 'atelier', null, null, null)",
         "event_of_unknown_project"),
        ("insert into agents values ('k1', 'X', 'Voirie', 'C', null, null, null, null)",
         "agent_of_unknown_entity"),
        # import 42 never existed
        ("insert into entities values ('A', 'A', 'commune', 1, 42)", "row_of_undone_import"),
    ],
)
def test_each_problem_is_found(store: Store, statement: str, problem: str) -> None:
    with store.transaction() as cur:
        cur.execute(statement)
    found = {p["problem"]: p for p in check.run(store)}
    assert problem in found and found[problem]["rows"] == 1


def test_answers_out_of_their_scale_are_found(store: Store) -> None:
    with store.transaction() as cur:
        cur.execute("insert into waves (wave) values ('W')")
        cur.execute("insert into respondents (respondent_id, wave) values (1, 'W')")
        cur.execute(
            "insert into answers select 1, question_id, 6 from questions where code = 'who5_1' "
            "union all select 1, question_id, 0 from questions where code = 'inv_early'"
        )
    found = {p["problem"]: p for p in check.run(store)}
    assert found["answer_out_of_scale"]["rows"] == 2


def test_cli_check_exits_1_on_errors_and_0_on_warnings(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.duckdb"
    opened = Store(db)
    with opened.transaction() as cur:
        cur.execute("insert into agents values ('k1', 'X', 'Voirie', 'C', null, null, null, null)")
    opened.close()
    assert cli.main(["check", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["problems"][0]["severity"] == "warning"
    opened = Store(db)
    with opened.transaction() as cur:
        cur.execute("insert into attendance values ('EV-NOPE', 'k1', 'present', null)")
    opened.close()
    assert cli.main(["check", "--db", str(db)]) == 1
