"""Reading in a child process under limits (mututrack.ingest.worker): the same table, the same
problems, and one message naming the file when the child runs out of memory or time."""

from __future__ import annotations

import pytest

from mututrack import ingest
from mututrack.ingest import read, samples, templates, worker
from mututrack.ingest.problems import IngestError
from mututrack.store import Store
from tests.conftest import open_page
from tests.test_ingest_xlsx import BOMBS

CSV_1252 = "matricule;collectivite;service;categorie\n1;CA;Etat civil;B\n2;CA;Finances;A\n".encode("cp1252")


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    worker.forget()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("agents.csv", CSV_1252),
        ("agents.xlsx", templates.xlsx_bytes("agents")),
        ("limesurvey.csv", samples.limesurvey_csv(samples.answers(30, seed=3))),  # quoted full-text headers
        ("forms.xlsx", samples.msforms_xlsx(samples.answers(30, seed=3))),
    ],
)
def test_the_child_reads_what_this_process_reads(name: str, data: bytes) -> None:
    here, there = read.read(data, name), worker.read_bounded(data, name)
    assert there.arrow.equals(here.arrow)
    assert there.row_numbers.tolist() == here.row_numbers.tolist()
    assert (there.headers, there.file_format, there.encoding, there.separator) == (
        here.headers,
        here.file_format,
        here.encoding,
        here.separator,
    )


def test_the_childs_problems_come_back_as_they_are() -> None:
    with pytest.raises(IngestError) as here:
        read.read(b"a;b\n1;2\x00\n", "nul.csv")
    with pytest.raises(IngestError) as there:
        worker.read_bounded(b"a;b\n1;2\x00\n", "nul.csv")
    assert [p.message() for p in there.value.problems] == [p.message() for p in here.value.problems]


@pytest.mark.parametrize(
    ("setting", "value"), [("MUTUTRACK_READ_MEMORY_MB", "64"), ("MUTUTRACK_READ_SECONDS", "0.01")]
)
def test_a_child_past_its_limits_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, setting: str, value: str
) -> None:
    monkeypatch.setenv(setting, value)
    with pytest.raises(IngestError) as refused:
        worker.read_bounded(CSV_1252, "effectifs.csv")
    (problem,) = refused.value.problems
    assert problem.code == "read_limits"
    assert "« effectifs.csv » est trop volumineux ou malformé pour être lu" in problem.text("fr")
    assert '"effectifs.csv" is too large or malformed' in problem.text("en")


def test_the_preview_reads_in_the_child_and_leaves_the_store_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    before = store.data_version()
    # the child cannot even start: refused, nothing written
    monkeypatch.setenv("MUTUTRACK_READ_MEMORY_MB", "64")
    result = ingest.preview(store, "agents", CSV_1252, "effectifs.csv")
    assert [p.code for p in result.problems] == ["read_limits"]
    assert store.data_version() == before
    monkeypatch.delenv("MUTUTRACK_READ_MEMORY_MB")
    assert ingest.preview(store, "agents", CSV_1252, "effectifs.csv").rows == 2


def test_a_rerun_does_not_start_another_child(monkeypatch: pytest.MonkeyPatch) -> None:
    first = worker.read_bounded(CSV_1252, "effectifs.csv")
    monkeypatch.setattr(worker, "_read_in_child", lambda *args: pytest.fail("read again"))
    assert worker.read_bounded(CSV_1252, "effectifs.csv") is first


def test_the_import_page_refuses_the_dimension_bomb_by_name(demo_app) -> None:
    page = open_page("app_pages/import.py", timeout=180)
    page.file_uploader[0].set_value((
        "bombe.xlsx",
        BOMBS["far_corner"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ))
    page.run()
    assert not page.exception, [e.message for e in page.exception]
    assert page.error[0].value.startswith("2 problèmes")
    messages = page.dataframe[-1].value.iloc[:, -1].tolist()
    assert all("bombe.xlsx" in message for message in messages)
