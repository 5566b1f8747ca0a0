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
    assert {"inv_early", "chg_reinforcement", "wc_security", "car_support", "enps", "objective_perceived", "comment"} <= set(codes)
    security = next(q for q in questions if q["code"] == "wc_security")
    assert security["reverse"] is True and security["scale"] == "likert5"
    assert set(questions[0]) == {"code", "dimension", "scale", "reverse", "text_fr", "text_en"}


def test_questions_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["questions", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 28 and rows[0]["text_en"].startswith("Over the last two weeks")


def test_demo_refuses_to_overwrite_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "exists.duckdb"
    target.write_bytes(b"keep me")
    assert cli.main(["demo", "--db", str(target)]) == 1
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"


def test_import_of_a_missing_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "agents", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "Fichier introuvable" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mututrack", "questions", "--format", "csv"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("code,dimension")
