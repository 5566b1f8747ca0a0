import csv
import io
import json
from pathlib import Path

import pytest

from mututrack import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_in_the_readme() -> None:
    for command in cli.COMMANDS:
        assert f"`mututrack {command}" in README, command


def test_questions_json_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["questions", "--format", "json"]) == 0
    questions = json.loads(capsys.readouterr().out)
    codes = [q["code"] for q in questions]
    assert codes[:5] == ["who5_1", "who5_2", "who5_3", "who5_4", "who5_5"]
    expected = {"inv_early", "chg_reinforcement", "wc_security", "car_support", "enps", "objective_perceived"}
    assert expected | {"comment"} <= set(codes)
    security = next(q for q in questions if q["code"] == "wc_security")
    assert security["reverse"] is True and security["scale"] == "likert5"
    assert set(questions[0]) == {"code", "dimension", "scale", "reverse", "text_fr", "text_en"}


def test_questions_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["questions", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 28 and rows[0]["text_en"].startswith("Over the last two weeks")


def test_demo_refuses_to_overwrite_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "exists.duckdb"
    target.write_bytes(b"keep me")
    assert cli.main(["demo", "--db", str(target)]) == 1
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"


def test_import_of_a_missing_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", "agents", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "Fichier introuvable" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mututrack", "questions", "--format", "csv"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("code,dimension")


HOLD = """
import sys, time
from mututrack.store import Store
store = Store(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def test_demo_force_refuses_a_database_another_process_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess
    import sys

    target = tmp_path / "held.duckdb"
    cli.main(["demo", "--db", str(target)])
    before = target.read_bytes()
    root = Path(__file__).resolve().parent.parent
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], cwd=root, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        capsys.readouterr()
        assert cli.main(["demo", "--db", str(target), "--force"]) == 2
        assert "PID" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert target.read_bytes() == before
    assert list(tmp_path.glob("*.backup*")) == []


@pytest.mark.parametrize(
    ("imported", "kept"),
    [
        (True, True),  # the organisation's own data: a dated copy is kept beside it
        (False, False),  # the demo alone: nothing worth a copy
    ],
)
def test_demo_force_keeps_a_dated_copy_of_real_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], imported: bool, kept: bool
) -> None:
    from mututrack import ingest
    from mututrack.store import Store

    target = tmp_path / "base.duckdb"
    assert cli.main(["demo", "--db", str(target)]) == 0
    if imported:
        store = Store(target)
        assert ingest.import_file(store, "entities", b"collectivite;nom;type\nCA;Agglo;epci\n", "e.csv").ok
        store.close()
    before = target.read_bytes()
    capsys.readouterr()
    assert cli.main(["demo", "--db", str(target), "--force"]) == 0
    err = capsys.readouterr().err
    backups = list(tmp_path.glob("base.*.backup.duckdb"))
    assert len(backups) == int(kept)
    if kept:
        assert backups[0].read_bytes() == before
        assert str(backups[0]) in err
        assert Store(backups[0]).holds_real_data()
    assert not Store(target).holds_real_data()
