"""The layers of docs/architecture.md, checked on the code: each part imports only from its own
layer or the layers below it, no file imports itself back through others (no circle), no module
is over the size a newcomer can read, and lines stay within ruff's length (pyproject.toml)."""

from __future__ import annotations

import ast
import tomllib
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mututrack"

# Bottom first: a part may import its own layer and the layers above it in this list, never below.
LAYERS: list[tuple[str, set[str]]] = [
    ("foundations", {"i18n", "filters", "catalogue", "exports", "auth"}),
    ("store", {"queries", "store", "store_schema", "store_files", "keys", "audit", "vault", "plans"}),
    ("metrics", {"metrics"}),
    ("publication", {"publication"}),
    ("ingest", {"ingest", "demo"}),
    ("views", {"views", "check"}),
    ("presentation", {"charts", "report", "observatory", "nulldata"}),
    ("app", {"ui", "cli", "bench", "__main__", "app_pages", "dashboard"}),
]
LAYER_OF = {part: rank for rank, (_, parts) in enumerate(LAYERS) for part in parts}
MOST_LINES = 450
LONGEST_LINE = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["line-length"]


def _sources() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "dashboard.py"])


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _part(module: str) -> str:
    """The part a module belongs to: ``mututrack.views.qvt`` → ``views``, ``app_pages.qvt`` →
    ``app_pages``."""
    pieces = module.split(".")
    return pieces[1] if pieces[0] == "mututrack" and len(pieces) > 1 else pieces[0]


def _type_only(tree: ast.Module) -> set[int]:
    """Line numbers of the imports under ``if TYPE_CHECKING:`` (names for annotations only)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines |= {inner.lineno for inner in ast.walk(node) if hasattr(inner, "lineno")}
    return lines


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(module imported, line, for annotations only) for every import of the project in ``path``,
    including those inside functions (a late import is still a dependency)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typed = _type_only(tree)
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*kept, base]).strip(".")
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name.split(".")[0] in {"mututrack", "app_pages"}:
                found.append((name, node.lineno, node.lineno in typed))
    return found


def _known(name: str, modules: set[str]) -> str | None:
    """The project module ``name`` refers to (``mututrack.ui.view`` → ``mututrack.ui``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def test_every_part_has_a_layer() -> None:
    parts = {_part(_module(path)) for path in _sources()} - {"mututrack"}
    missing = sorted(parts - set(LAYER_OF))
    assert not missing, f"parts with no layer in docs/architecture.md: {missing}"


def test_no_part_imports_a_layer_above_its_own() -> None:
    wrong = []
    for path in _sources():
        source = _part(_module(path))
        for name, line, _ in _imports(path):
            target = _part(name)
            if source in LAYER_OF and target in LAYER_OF and LAYER_OF[target] > LAYER_OF[source]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({source}) imports {name} ({target})")
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


def test_no_import_circle() -> None:
    sources = _sources()
    modules = {_module(path) for path in sources}
    graph: dict[str, set[str]] = {}
    for path in sources:
        me = _module(path)
        targets = {_known(name, modules) for name, _, typed in _imports(path) if not typed}
        # a package's own __init__ is where its submodules are found, not a dependency back on it
        graph[me] = {t for t in targets if t and t != me and not me.startswith(f"{t}.")}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as circle:
        pytest.fail(f"import circle: {' -> '.join(circle.args[1])}")


def test_modules_stay_readable() -> None:
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in _sources()}
    large = {str(p.relative_to(ROOT)): n for p, n in sizes.items() if n > MOST_LINES}
    assert not large, f"modules over {MOST_LINES} lines: {large}"


def test_lines_within_the_configured_length() -> None:
    paths = [*_sources(), *(ROOT / "tests").rglob("*.py")]
    long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)})"
        for path in paths
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > LONGEST_LINE
    ]
    assert not long, f"{len(long)} lines over {LONGEST_LINE} characters:\n" + "\n".join(long[:40])
