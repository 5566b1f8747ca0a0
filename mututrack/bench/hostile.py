"""The benchmark's hostile file: a workbook of a few KB declaring the whole grid, refused on the CLI
and on the Import page's preview, each measured in a child process of its own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

__all__ = ["HOSTILE_TARGETS", "dimension_bomb", "hostile_figures", "hostile_verdicts", "hostile_table"]

# Issue 14: a workbook of a few KB declaring the whole grid is refused within these, on the CLI (the
# whole command, interpreter start included) and on the Import page's preview (its reading child
# included).
HOSTILE_TARGETS = {"bomb_seconds": 2.0, "bomb_peak_rss_mb": 300}

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def dimension_bomb(rows: int = 220) -> bytes:
    """A workbook of about 5 KB whose sheet declares ``A1:XFD1048576`` and holds a cell in that last
    corner (readers that trust the declaration build 17 billion cells)."""
    cells = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{(n * 7919) % 100_003}</v></c>'
        f'<c r="B{n}"><v>{(n * 104_729) % 9973}</v></c></row>'
        for n in range(2, rows)
    )
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{_CONTENT_TYPES}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="Agents" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>matricule</t></is></c></row>{cells}'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


# Run in a child of its own so that its peak memory (its own and its children's) is that of the
# refusal alone.
_MEASURED = """
import json, resource, subprocess, sys, time
entry, path = sys.argv[1], sys.argv[2]
if entry == "cli":
    started = time.perf_counter()
    command = [sys.executable, "-m", "mututrack", "import", "agents", path, "--db", path + ".duckdb"]
    done = subprocess.run(command, capture_output=True)
    seconds, refused = time.perf_counter() - started, done.returncode == 1
else:
    from pathlib import Path
    from mututrack import ingest
    from mututrack.ingest import pipeline
    from mututrack.store import Store
    store = Store()
    started = time.perf_counter()
    result = ingest.preview(store, "agents", Path(path).read_bytes(), Path(path).name)
    seconds, refused = time.perf_counter() - started, not result.ok
# VmHWM: this program's own peak (ru_maxrss of RUSAGE_SELF would carry over the benchmark's,
# from before exec)
own_kb = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
peak = max(own_kb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, "refused": refused}))
"""


def hostile_figures() -> dict[str, dict[str, Any]]:
    """The dimension bomb (:func:`dimension_bomb`) refused on the CLI and on the page's preview:
    seconds, peak resident memory (MB) and whether it was refused, each measured in a child process."""
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="mututrack-bench-hostile-") as tmp:
        path = Path(tmp) / "bombe.xlsx"
        path.write_bytes(dimension_bomb())
        for entry in ("cli", "page"):
            command = [sys.executable, "-c", _MEASURED, entry, str(path)]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            found = json.loads(done.stdout.strip().splitlines()[-1])
            figures[entry] = found | {"file_bytes": path.stat().st_size}
    return figures


def hostile_verdicts(figures: dict[str, dict[str, Any]]) -> list[str]:
    """Each hostile-file target missed, as a sentence."""
    missed = []
    for entry, found in figures.items():
        if not found["refused"]:
            missed.append(f"dimension bomb: not refused on the {entry}")
        if found["seconds"] > HOSTILE_TARGETS["bomb_seconds"]:
            missed.append(f"dimension bomb: {found['seconds']:.2f} s on the {entry} (target < 2 s)")
        if found["peak_rss_mb"] > HOSTILE_TARGETS["bomb_peak_rss_mb"]:
            missed.append(f"dimension bomb: {found['peak_rss_mb']:.0f} MB on the {entry} (target < 300 MB)")
    return missed


def hostile_table(figures: dict[str, dict[str, Any]]) -> str:
    """The hostile-file figures as plain text."""
    return "\n".join(
        f"dimension bomb ({found['file_bytes']:,} bytes) on the {entry:<4} "
        f"{'refused' if found['refused'] else 'ACCEPTED'} in {found['seconds']:.2f} s, "
        f"peak {found['peak_rss_mb']:.0f} MB (targets < 2 s, < 300 MB)"
        for entry, found in figures.items()
    )
