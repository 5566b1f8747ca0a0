"""Reading ``.xlsx`` (mututrack.ingest.xlsx): damaged workbooks and bombs are refused, quickly, by name."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mututrack import cli, ingest
from mututrack.store import Store

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Agents" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
HEADER = "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
    for col, name in zip("ABCD", ("matricule", "collectivite", "service", "categorie"), strict=True)
)
ROWS = "".join(
    f'<row r="{n}"><c r="A{n}"><v>{700 + n}</v></c><c r="B{n}" t="inlineStr"><is><t>CA</t></is></c>'
    f'<c r="C{n}" t="inlineStr"><is><t>Finances</t></is></c>'
    f'<c r="D{n}" t="inlineStr"><is><t>B</t></is></c></row>'
    for n in range(2, 60)
)


def workbook(cells: str, *, dimension: str = "", parts: dict[str, str] | None = None) -> bytes:
    """A minimal workbook whose first sheet holds the row elements ``cells`` (written by hand, as a bomb
    would be)."""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{dimension}'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**PARTS, "xl/worksheets/sheet1.xml": sheet, **(parts or {})}.items():
            archive.writestr(name, text)
    return buffer.getvalue()

FAR_ROWS = "".join(
    f'<row r="{n}"><c r="A{n}"><v>{(n * 7919) % 100_003}</v></c>'
    f'<c r="B{n}"><v>{(n * 104_729) % 9973}</v></c></row>'
    for n in range(2, 220)
)

GOOD = workbook(f'<row r="1">{HEADER}</row>{ROWS}')
BOMBS = {
    # ~2.5 KB each; the declared extent, or one far cell, once made openpyxl build billions of empty cells
    "declared_dimension": workbook(
        f'<row r="1">{HEADER}</row>{ROWS}', dimension='<dimension ref="A1:XFD1048576"/>'
    ),
    "cell_at_row_1000000": workbook(
        f'<row r="1">{HEADER}</row>{ROWS}<row r="1000000"><c r="A1000000"><v>1</v></c></row>'
    ),
    "cell_at_column_XFD": workbook(
        f'<row r="1">{HEADER}</row>{ROWS}<row r="60"><c r="XFD60"><v>1</v></c></row>'
    ),
    # the case, about 5 KB: the sheet declares the whole grid and holds a cell in its last corner
    "far_corner": workbook(
        f'<row r="1">{HEADER}</row>{FAR_ROWS}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        dimension='<dimension ref="A1:XFD1048576"/>',
    ),
}


def _corrupt_member(data: bytes, member: str) -> bytes:
    """``data`` with bytes in the middle of ``member``'s compressed stream overwritten (a zlib error)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + b"\xff" * 16 + data[middle + 16:]


DAMAGED = [
    ("truncated", GOOD[: len(GOOD) // 2], "xlsx_damaged"),
    ("zlib_error", _corrupt_member(GOOD, "xl/worksheets/sheet1.xml"), "xlsx_damaged"),
    (
        "xml_parse_error",
        workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>matricule</t></is></c></row><row'),
        "xlsx_damaged",
    ),
    # openpyxl skips it
    (
        "sheet_part_missing",
        workbook(
            "",
            parts={
                "xl/_rels/workbook.xml.rels": PARTS["xl/_rels/workbook.xml.rels"].replace("sheet1", "sheet9")
            },
        ),
        "xlsx_no_sheet",
    ),
    (
        "no_sheet",
        workbook(
            "",
            parts={
                "xl/workbook.xml": PARTS["xl/workbook.xml"].replace(
                    '<sheet name="Agents" sheetId="1" r:id="rId1"/>', ""
                )
            },
        ),
        "xlsx_no_sheet",
    ),
    (
        "typed_date_that_is_not_one",
        workbook(f'<row r="1">{HEADER}</row><row r="2"><c r="A2" t="d"><v>31/02/2026</v></c></row>'),
        "xlsx_damaged",
    ),
]


@pytest.mark.parametrize(("case", "data", "code"), DAMAGED, ids=[d[0] for d in DAMAGED])
def test_a_damaged_workbook_is_refused_by_name(store: Store, case: str, data: bytes, code: str) -> None:
    result = ingest.preview(store, "agents", data, "effectifs-mars.xlsx")
    assert not result.ok
    assert [p.code for p in result.problems] == [code]
    message = result.problems[0].message()
    assert message.count("effectifs-mars.xlsx") == 2  # in French and in English


@pytest.mark.parametrize(("case", "data", "code"), DAMAGED[:3], ids=[d[0] for d in DAMAGED[:3]])
def test_the_cli_refuses_a_damaged_workbook_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, data: bytes, code: str
) -> None:
    path = tmp_path / "effectifs-mars.xlsx"
    path.write_bytes(data)
    assert cli.main(["import", "agents", str(path), "--db", str(tmp_path / "x.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "effectifs-mars.xlsx" in err and "Traceback" not in err


def test_a_sound_workbook_still_reads(store: Store) -> None:
    result = ingest.preview(store, "agents", GOOD, "effectifs.xlsx")
    assert result.ok and result.rows == 58, [p.message() for p in result.problems]


# Run in a child process so that a reader that does build the cells fails on the timeout instead of
# taking the test run down with it. Memory is the peak resident size of the process (VmHWM) and of
# the reading child the preview starts (getrusage); the time is printed (timed assertions are left to
# the benchmark, these machines are shared) and only guarded against a reader that builds the cells.
BOMB_PROBE = """
import json, resource, sys, time
from pathlib import Path
path, entry = Path(sys.argv[1]), sys.argv[2]
from mututrack import cli, ingest
from mututrack.ingest import pipeline
from mututrack.store import Store
started = time.perf_counter()
if entry == "cli":
    code = cli.main(["import", "agents", str(path), "--db", str(path.with_suffix(".duckdb"))])
    problems = []
else:
    result = ingest.preview(Store(), "agents", path.read_bytes(), path.name)
    code, problems = int(not result.ok), [p.code for p in result.problems]
# VmHWM: this program's own peak (ru_maxrss of RUSAGE_SELF would carry over pytest's, from before exec)
own_kb = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])
peak_kb = max(own_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
seconds = time.perf_counter() - started
print(json.dumps({"code": code, "problems": problems, "seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


@pytest.mark.parametrize("entry", ["cli", "preview"])
@pytest.mark.parametrize("bomb", list(BOMBS))
def test_a_small_workbook_declaring_a_huge_sheet_is_refused_within_bounds(
    tmp_path: Path, bomb: str, entry: str
) -> None:
    data = BOMBS[bomb]
    assert len(data) < 8_000
    path = tmp_path / "bombe.xlsx"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", BOMB_PROBE, str(path), entry], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 1
    assert report["seconds"] < 20, report  # a guard only: `mututrack bench` times it (under 2 s)
    assert report["peak_mb"] < 300, report
    if entry == "cli":
        assert "bombe.xlsx" in done.stderr and "Traceback" not in done.stderr
    else:
        assert set(report["problems"]) <= {"too_many_rows", "too_many_columns"} and report["problems"]
