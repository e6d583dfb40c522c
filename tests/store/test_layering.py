"""gateway/store sits under every layer: it may import only the error tree and itself."""

from __future__ import annotations

import ast
from pathlib import Path

STORE = Path(__file__).resolve().parents[2] / "gateway" / "store"
OURS = ("gateway", "schema", "resolvers", "loaders", "unified", "simulator", "tests", "bench")
ALLOWED = ("gateway.core.errors", "gateway.core", "gateway.store")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_store_imports_only_the_error_tree_and_itself() -> None:
    modules = sorted(STORE.glob("*.py"))
    assert len(modules) >= 8
    bad = {
        f"{path.name}: {name}"
        for path in modules
        for name in _imports(path)
        if name.split(".")[0] in OURS and not name.startswith(ALLOWED)
    }
    assert not bad, f"gateway/store reaches into other layers: {sorted(bad)}"
