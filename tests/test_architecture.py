"""The package graph: no two directories import each other, even through others.

import-linter (`make check`) keeps the layers one way; this test reads the same import graph
(grimp, import-linter's engine) and checks the folder-level rule of docs/architecture.md.
"""

from __future__ import annotations

import grimp

PACKAGES = ("gateway", "schema", "resolvers", "loaders", "unified", "simulator", "devtools")


def _folder(graph: grimp.ImportGraph, module: str) -> str:
    return module if graph.find_children(module) else module.rpartition(".")[0] or module


def _folder_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph(*PACKAGES)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        src = _folder(graph, module)
        for imported in graph.find_modules_directly_imported_by(module):
            dst = _folder(graph, imported)
            if dst != src:
                edges.setdefault(src, set()).add(dst)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_architecture_no_cycle_between_folders() -> None:
    edges = _folder_graph()
    assert "gateway.core" in edges or "gateway.flatchr" in edges  # the graph is really read
    assert _cycle(edges) is None, " -> ".join(_cycle(edges) or [])


def test_architecture_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_architecture_core_imports_nothing_of_ours() -> None:
    edges = _folder_graph()
    assert edges.get("gateway.core", set()) == set()
