"""The dependency direction of STYLE.md §1, checked on the source: lower layers never import
higher ones, and nothing imports the API or the demo."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kinerja"
LAYERS = ["core", "accounts", "org", "people", "planning"]
ON_TOP = {"api", "demo"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    apps: set[str] = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "kinerja" and len(parts) > 1:
                apps.add(parts[1])
    return apps


# Test builders assemble a whole organisation on purpose; they are test support, not a layer.
EXEMPT = {SRC / "core" / "testing.py"}


def sources(app: str) -> list[Path]:
    return [
        p
        for p in (SRC / app).rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p not in EXEMPT
    ]


@pytest.mark.parametrize("app", LAYERS)
def test_layer_imports_only_layers_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1]) | {"config"}
    offending = {
        str(path.relative_to(SRC)): sorted(imported_apps(path) - allowed)
        for path in sources(app)
        if imported_apps(path) - allowed
    }
    assert offending == {}


def test_nothing_below_imports_api_or_demo():
    offending = [
        str(p.relative_to(SRC)) for app in LAYERS for p in sources(app) if imported_apps(p) & ON_TOP
    ]
    assert offending == []
