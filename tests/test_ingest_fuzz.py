"""The importer never crashes on garbage: every kind, every format, odd and hostile files.

A seeded corpus (:func:`corpus`: each kind's template in six encodings and three separators, cells
replaced by formula-like values, impossible dates and numbers out of range, truncated, corrupted
and bomb workbooks, binary garbage, empty files) and two seeded hypothesis searches (any bytes; any
table of odd cells under a kind's headers) go through ``ingest.import_file`` into a store that holds
data. Each file must be imported or refused with problems (never an exception); each refusal
leaves every table of the store exactly as it was, and each problem names its row or column, or the
file, unless it is about the file as a whole (:data:`WHOLE_FILE`). The worst cases are then read
in a child process whose peak memory is measured.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mututrack import ingest
from mututrack.ingest import KINDS, samples, templates
from mututrack.ingest.job import ImportResult
from mututrack.store import Store
from tests.test_ingest_xlsx import BOMBS

pytestmark = pytest.mark.slow  # 400 files and 200 generated ones through every reader
ROOT = Path(__file__).resolve().parent.parent
SEED = 20261204
# Problems that may name neither a row, a column, a value nor the file (none today: the reader names
# the file in every problem it raises, read.read; the others name their row, column or value).
WHOLE_FILE: set[str] = set()
ENCODINGS = [
    ("utf-8", ";"),
    ("utf-8-sig", ","),
    ("cp1252", ";"),
    ("latin-1", "\t"),
    ("mac_roman", ";"),
    ("utf-16", "\t"),
]
ODD = {
    # what a spreadsheet puts in a CSV that a formula-minded reader would execute
    "formulas": ["=1+1", "=cmd|' /C calc'!A0", "+33612345678", "-2", "@SUM(A1)", '\t=HYPERLINK("x")'],
    # dates that do not exist, Excel serials, ambiguous or partial forms
    "dates": [
        "31/02/2026",
        "00/00/0000",
        "2026-13-01",
        "9999-12-31 25:61",
        "1/1/1",
        "45000",
        "29/02/2027",
        "le 3 mars",
    ],
    # numbers no column holds
    "numbers": ["1e309", "-1e999", "NaN", "inf", "99999999999999999999999", "1,5e3", "0x1F", "-0", "١٢٣"],
    # cells that are long, invisible or control characters
    "cells": ["", " ", "x" * 40_000, "é" * 33_000, "\u202eevil", "\ufeffBOM", "a\nb", '"quoted"', "\x01\x02"],
}


def digest(store: Store) -> list[tuple]:
    """Every table's row count and a hash of its rows: equal before and after means nothing was written."""
    cur = store.cursor()
    tables = [row[0] for row in cur.execute("select table_name from duckdb_tables() order by 1").fetchall()]
    # one query for every table (table names come from the catalogue, not from a file)
    return cur.execute(
        " union all ".join(
            f"select '{name}', count(*), bit_xor(hash(t)), sum(hash(t) % 1000003) from \"{name}\" t"
            for name in tables
        )
        + " order by 1"
    ).fetchall()


def check(store: Store, kind: str | None, data: bytes, file_name: str) -> ImportResult:
    """Import ``data``; a refusal must leave the store as it was and locate each of its problems."""
    before = digest(store)
    # a wave per file: each survey is read to the end
    result = ingest.import_file(store, kind, data, file_name, wave=f"fuzz {file_name}", user="fuzz")
    assert isinstance(result, ImportResult)
    if result.ok:
        return result
    assert result.problems, file_name
    assert digest(store) == before, f"{file_name}: a refused file changed the store"
    for problem in result.problems:
        french, english = problem.text("fr"), problem.text("en")
        located = (
            problem.row is not None
            or problem.column is not None
            or problem.value is not None
            or file_name in french
        )
        assert located or problem.code in WHOLE_FILE, (file_name, problem.code, french)
        assert "Traceback" not in french + english
    return result


@pytest.fixture(scope="module")
def filled() -> Iterator[Store]:
    """A store holding every kind's template: refusals have something to leave alone."""
    store = Store()
    for kind in KINDS:
        result = ingest.import_file(
            store, kind, templates.csv_bytes(kind), f"{kind}.csv", wave="T0", user="fuzz"
        )
        assert result.ok, [p.message() for p in result.problems]
    yield store
    store.close()


# -- the corpus ---------------------------------------------------------------------------------------
def _text(kind: str) -> str:
    return templates.csv_bytes(kind).decode("utf-8-sig")


def _with_cells(kind: str, values: list[str], separator: str = ";") -> str:
    """The template's header, then one row per value, every cell of it that value (quoted as Excel would)."""
    header = _text(kind).splitlines()[0]
    width = header.count(";") + 1
    quoted = [f'"{v.replace(chr(34), chr(34) * 2)}"' if any(c in v for c in '";\n,\t') else v for v in values]
    return (
        "\r\n".join([header.replace(";", separator), *(separator.join([v] * width) for v in quoted)]) + "\r\n"
    )


def _workbook(rows: list[list[object]]) -> bytes:
    """A workbook of ``rows`` (control characters, which openpyxl refuses to write, left out)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """A workbook whose one member unpacks to 150 MB of spaces (about 150 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b" " * 2**20
            for _ in range(150):
                member.write(block)
    return buffer.getvalue()


def corpus(kind: str) -> Iterator[tuple[str, bytes]]:
    """Every file of the corpus for ``kind``: (file name, bytes), the same on every run (seeded)."""
    rng = random.Random(f"{SEED}-{kind}")
    text = _text(kind)
    for encoding, separator in ENCODINGS:
        yield f"{kind}-{encoding}.csv", text.replace(";", separator).encode(encoding, "replace")
    for family, values in ODD.items():
        yield f"{kind}-{family}.csv", _with_cells(kind, values).encode("utf-8")
        yield f"{kind}-{family}-cp1252.csv", _with_cells(kind, values, ",").encode("cp1252", "replace")
        yield (
            f"{kind}-{family}.xlsx",
            _workbook([text.splitlines()[0].split(";"), *([v] * 8 for v in values)]),
        )
    data = text.encode("utf-8-sig")
    header = text.splitlines()[0]
    yield from [
        (f"{kind}-empty.csv", b""),
        (f"{kind}-bom-only.csv", codecs.BOM_UTF8),
        (f"{kind}-blank-lines.csv", b"\r\n \r\n\t\r\n"),
        (f"{kind}-header-only.csv", header.encode()),
        (f"{kind}-truncated.csv", data[: len(data) * 2 // 3]),
        (f"{kind}-quote-left-open.csv", data + b'"unfinished;x\r\n'),
        (f"{kind}-ragged.csv", data + b"1;2;3;4;5;6;7;8;9;10;11\r\nx\r\n"),
        (f"{kind}-nul.csv", data[:40] + b"\x00" + data[40:]),
        (f"{kind}-garbage.csv", rng.randbytes(2048)),
        (
            f"{kind}-text-garbage.csv",
            "".join(rng.choice('azé;,"\n\t\r€') for _ in range(3000)).encode("utf-8"),
        ),
        (
            f"{kind}-wide.csv",
            (";".join(f"c{i}" for i in range(600)) + "\r\n" + ";".join("1" * 600) + "\r\n").encode(),
        ),
        (
            f"{kind}-duplicate-headers.csv",
            (header + ";" + header + "\r\n" + "x;" * header.count(";") * 2 + "x\r\n").encode(),
        ),
        (f"{kind}-double-encoded.csv", text.encode("utf-8").decode("cp1252", "replace").encode("utf-8")),
    ]
    book = templates.xlsx_bytes(kind)
    yield from [
        (f"{kind}.xlsx", book),
        (f"{kind}-truncated.xlsx", book[: len(book) // 2]),
        (
            f"{kind}-flipped.xlsx",
            bytes(
                b ^ 0xFF if i in set(rng.sample(range(100, len(book)), 12)) else b for i, b in enumerate(book)
            ),
        ),
        (
            f"{kind}-odd-types.xlsx",
            _workbook([header.split(";"), [1e308, -1e308, True, "=1/0", "#DIV/0!", 0.1, None, "x" * 32_767]]),
        ),
        (f"{kind}-zip-of-nothing.xlsx", _zip_only({"readme.txt": "hello"})),
    ]


def _zip_only(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def surveys() -> Iterator[tuple[str, bytes]]:
    """Survey exports of each tool, sound and damaged."""
    answers = samples.answers(25, seed=SEED % 1000)
    exports = {
        "limesurvey.csv": samples.limesurvey_csv(answers),
        "limesurvey-codes.csv": samples.limesurvey_csv(answers, headers="code", answer_codes=True),
        "googleforms.csv": samples.googleforms_csv(answers),
        "msforms.xlsx": samples.msforms_xlsx(answers),
        "excel.csv": samples.excel_csv(answers),
    }
    for name, data in exports.items():
        yield name, data
        yield f"cut-{name}", data[: len(data) // 3]
        yield f"nul-{name}", data[:200] + b"\x00" + data[200:]
    yield "bomb-zip.xlsx", _zip_bomb()
    for bomb, data in BOMBS.items():
        yield f"bomb-{bomb}.xlsx", data


CASES = {kind: [(kind, name, data) for name, data in corpus(kind)] for kind in KINDS} | {
    "surveys": [(kind, name, data) for name, data in surveys() for kind in ("responses", None)],
}


def test_the_corpus_covers_every_kind_and_format() -> None:
    every = [case for cases in CASES.values() for case in cases]
    assert {kind for kind, _, _ in every} == {*KINDS, None}
    assert {name.rsplit(".", 1)[1] for _, name, _ in every} == {"csv", "xlsx"}
    assert len(every) >= 400  # the README gives the count


@pytest.mark.parametrize("group", list(CASES))
def test_every_corpus_file_is_imported_or_refused_cleanly(filled: Store, group: str) -> None:
    refused = sum(not check(filled, kind, data, name).ok for kind, name, data in CASES[group])
    assert refused >= len(CASES[group]) // 2  # most of the corpus is meant to be refused


# -- hypothesis ---------------------------------------------------------------------------------------
FUZZ = settings(max_examples=100, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KIND_OR_AUTO = st.sampled_from([*KINDS, None])
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from([v for values in ODD.values() for v in values if len(v) < 100]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),
)


@FUZZ
@given(kind=KIND_OR_AUTO, data=st.binary(max_size=3000), suffix=st.sampled_from(["csv", "xlsx", "txt"]))
def test_any_bytes_are_imported_or_refused_cleanly(kind: str | None, data: bytes, suffix: str) -> None:
    check(_hypothesis_store(), kind, data, f"fichier.{suffix}")


@FUZZ
@given(
    kind=KIND_OR_AUTO, rows=st.lists(st.lists(CELL, max_size=12), min_size=1, max_size=6),
    encoding=st.sampled_from([e for e, _ in ENCODINGS]), separator=st.sampled_from([";", ",", "\t"]),
    as_xlsx=st.booleans(),
)
def test_any_table_of_odd_cells_is_imported_or_refused_cleanly(
    kind: str | None, rows: list[list[str]], encoding: str, separator: str, as_xlsx: bool
) -> None:
    header = _text(kind or "agents").splitlines()[0].split(";")
    if as_xlsx:
        check(_hypothesis_store(), kind, _workbook([header, *rows]), "tableau.xlsx")
        return
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows([header, *rows])
    check(_hypothesis_store(), kind, buffer.getvalue().encode(encoding, "replace"), "tableau.csv")


_STORES: dict[str, Store] = {}


def _hypothesis_store() -> Store:
    """One store for all the examples (hypothesis runs a test body many times; a fixture would not reset)."""
    if "fuzz" not in _STORES:
        _STORES["fuzz"] = Store()
        ingest.import_file(
            _STORES["fuzz"], "entities", templates.csv_bytes("entities"), "entities.csv", user="fuzz"
        )
    return _STORES["fuzz"]


# -- memory -------------------------------------------------------------------------------------------
WORST = """
import json, sys
from pathlib import Path
from mututrack import ingest
from mututrack.store import Store
store = Store()
codes = {}
for path in sorted(Path(sys.argv[1]).iterdir()):
    result = ingest.import_file(store, "agents", path.read_bytes(), path.name)
    codes[path.name] = [p.code for p in result.problems]
# VmHWM: this program's own peak (ru_maxrss would carry over pytest's, from before exec)
peak_kb = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])
print(json.dumps({"codes": codes, "peak_mb": peak_kb / 1024}))
"""


def test_the_worst_files_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    worst = {
        "bomb-zip.xlsx": _zip_bomb(),
        "bomb-far-corner.xlsx": BOMBS["far_corner"],
        "long-cells.csv": (
            "matricule;collectivite;service;categorie\r\n" + f"1;CA;{'x' * 40_000};B\r\n" * 400
        ).encode(),
        "wide.csv": (
            ";".join(f"c{i}" for i in range(5000)) + "\r\n" + ";".join("1" * 5000) + "\r\n"
        ).encode(),
        "one-line.csv": b"matricule;" + b"x" * 30_000_000,
    }
    for name, data in worst.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", WORST, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(report["codes"].values()), report["codes"]  # every one refused
    assert report["peak_mb"] < 500, report
