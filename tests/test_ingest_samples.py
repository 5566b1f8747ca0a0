"""Every shipped sample file imports with zero editing, through the same function the Import page calls."""

from __future__ import annotations

import pytest

from mututrack import ingest
from mututrack.ingest import samples, territory_samples
from mututrack.store import Store

FILES = samples.files()
SURVEYS = [name for name in FILES if name not in territory_samples.files()]


@pytest.fixture(scope="module")
def territory() -> Store:
    """A store holding the demo territory's files, imported in order as HR would (kind detected)."""
    store = Store()
    for name, data in territory_samples.files().items():
        result = ingest.import_file(store, None, data, name, user="rh")
        assert result.status == "imported", (name, [p.message() for p in result.problems])
        assert not [w for w in result.warnings if w.code == "unmatched_column"], name
    return store


def test_the_territory_samples_import_in_order(territory: Store) -> None:
    kinds = ingest.history(territory).sort_values("import_id")["kind"].tolist()
    assert kinds == [
        "entities",
        "projects",
        "charter",
        "agents",
        "events",
        "attendance",
        "careers",
        "proposals",
    ]


@pytest.mark.parametrize("name", SURVEYS)
def test_each_survey_sample_imports_with_every_column_recognised(territory: Store, name: str) -> None:
    # one wave label per file: each sample is the same wave written by another tool
    result = ingest.import_file(territory, None, FILES[name], name, wave=name, user="rh")
    assert result.status == "imported", [p.message() for p in result.problems]
    assert result.kind == "responses" and result.rows == 60
    assert result.understood.unmatched == []
    assert {"entity", "service", "category", "submitted_at"} <= set(result.understood.columns.values())


def test_the_google_forms_direct_download_keeps_its_times() -> None:
    wave = samples.answers(5, seed=3)
    store = Store()
    result = ingest.import_file(
        store, None, samples.googleforms_download_csv(wave), "reponses.csv", wave="T1"
    )
    assert result.status == "imported", [p.message() for p in result.problems]
    stored = store.sql("select submitted_at from respondents order by submitted_at")["submitted_at"]
    assert stored.tolist() == sorted(wave["submitted_at"].tolist())
    # year first: no doubt to report
    assert not [w for w in result.warnings if w.code.startswith("date_order")]


def test_limesurvey_short_codes_name_the_entity_and_the_service() -> None:
    data = samples.limesurvey_csv(samples.answers(6, seed=4), headers="brackets", sep=";", answer_codes=True)
    understood = ingest.preview(Store(), None, data, "limesurvey.csv").understood
    assert {understood.columns[h] for h in ("COLL", "SERV", "CAT")} == {"entity", "service", "category"}


def test_the_examples_download_holds_every_sample() -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(samples.zip_bytes())) as archive:
        assert archive.namelist() == list(FILES)
        assert (
            archive.read("googleforms_telechargement_vague_2026-T1.csv")
            == FILES["googleforms_telechargement_vague_2026-T1.csv"]
        )
