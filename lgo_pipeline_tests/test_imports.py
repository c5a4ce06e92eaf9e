"""The package's imports go one way: no package of lgo_pipeline imports one that imports it back (directly or
through others), and only the Dagster side (defs/, definitions.py, orchestration.py) imports Dagster. Read from
the source, every import statement counted (those inside functions too)."""

import ast
import graphlib
from collections import defaultdict
from pathlib import Path

import lgo_pipeline

PACKAGE = Path(lgo_pipeline.__file__).parent
DAGSTER_SIDE = {"defs", "definitions", "orchestration"}


def _unit(module: str) -> str:
    """The package (or top-level module) of lgo_pipeline a module belongs to: `lgo_pipeline.parsing.parser` ->
    `parsing`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports() -> dict[str, dict[str, set[str]]]:
    """unit -> imported unit -> the modules that import it."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("lgo_pipeline", *path.relative_to(PACKAGE).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                target = _unit(name) if name.startswith("lgo_pipeline.") else name.split(".")[0]
                if target != _unit(module):
                    found[_unit(module)][target].add(module)
    return found


def test_no_package_imports_one_that_imports_it_back() -> None:
    imports = _imports()
    ours = {unit for unit in imports if unit != "__init__"}
    graph = {unit: {target for target in imports[unit] if target in ours} for unit in ours}
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        cycle = error.args[1]
        raise AssertionError("an import cycle: " + " -> ".join(cycle) + "; imported by " + "; ".join(
            f"{a}->{b}: {sorted(imports[a][b])}" for a, b in zip(cycle, cycle[1:]))) from None
    assert order.index("normalise") < order.index("parsing") < order.index("warehouse") < order.index("ingest")


def test_only_the_dagster_side_imports_dagster() -> None:
    imports = _imports()
    assert {unit for unit, targets in imports.items() if "dagster" in targets} == DAGSTER_SIDE
