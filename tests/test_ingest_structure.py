"""The importer's layout (mututrack/ingest): one module per step, no import circle, no SQL in Python."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from mututrack.ingest import dates, load
from mututrack.ingest.kinds import KINDS
from mututrack.ingest.prepare import PREPARERS
from mututrack.queries import sql_text
from mututrack.store import Store

PACKAGE = Path(load.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")
# A string that starts like a statement (the repository writes SQL in lower case, sentences start
# with a capital): SQL belongs in mututrack/sql/ (STYLE.md, house rule 2).
STATEMENT = re.compile(
    r"^\s*(select\s.*\sfrom|insert\s(or\s\w+\s)?into|update\s+\S+\s+set|delete\s+from"
    r"|(create|drop)\s+table)\b",
    re.DOTALL,
)


def ingest_imports(module: str) -> set[str]:
    """The modules of mututrack.ingest that ``module`` imports, at its top or inside a function."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "mututrack.ingest":
            found |= {alias.name for alias in node.names if alias.name in MODULES}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mututrack.ingest."):
            found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("mututrack.ingest.")}
    return found - {module}


def test_no_module_of_the_importer_imports_itself_back() -> None:
    graph = {module: ingest_imports(module) for module in MODULES}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import circle: " + " -> ".join((*path, module))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*path, module))
        done.add(module)

    for module in MODULES:
        visit(module, ())


def test_the_steps_come_in_order() -> None:
    """A step imports the steps before it, never one after it (read knows nothing of the store).

    detect recognises a kind by matching its headers: the header matcher sits under it.
    """
    steps = ["read", "headers", "detect", "validate", "prepare", "load", "pipeline"]
    for position, step in enumerate(steps):
        assert not ingest_imports(step) & set(steps[position + 1 :]), step


@pytest.mark.parametrize("module", MODULES)
def test_modules_are_short_and_hold_no_sql(module: str) -> None:
    text = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 450
    assert [s for s in strings_of(text) if STATEMENT.match(s)] == []


def strings_of(text: str) -> list[str]:
    """Every string literal of a module, f-strings with ``{}`` in place of their fields."""
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
    return found


def test_every_kind_has_its_preparer() -> None:
    assert set(PREPARERS) == set(KINDS)


def test_the_row_insert_plans_for_every_table_an_import_fills(store: Store) -> None:
    for table in sorted(load.INSERTABLE):
        columns = store.sql(f"select * exclude (import_id) from {table} limit 0")
        store.sql(
            f"explain {load._insert_rows_sql(table)}", frames={"incoming_rows": columns}, import_id=None
        )


def test_the_row_insert_refuses_any_other_table(store: Store) -> None:
    with pytest.raises(ValueError), store.transaction() as cur:
        load.insert_tables(cur, {"imports; drop table agents": pd.DataFrame({"x": [1]})}, 1)
    assert store.scalar("select count(*) from agents") == 0


def test_the_date_queries_normalise_as_the_sample_does() -> None:
    """dates._normalised reads a sample the way sql/import_read_dates_normalised.sql reads every cell."""
    text = sql_text("import_read_dates_normalised")
    assert all(f"'{pattern}'" in text for pattern in (dates.ZONE, *dates.SHORT_YEAR))
