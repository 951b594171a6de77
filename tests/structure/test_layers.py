"""Imports run one way (DESIGN.md §6, README «Устройство кода»): cur ← sectors ← feedback ←
roadmap ← ratings ← portal; services and selectors never import tasks or views; no cycle between
project modules. Read from the source, so a new import that breaks the rule fails here the day it
is written."""

from __future__ import annotations

from collections import defaultdict

from tests.structure.import_graph import LAYERS, edges, known_module, module_name, project_files


def _app(module: str) -> str:
    return module.split(".")[0]


def test_apps_import_only_their_own_and_lower_layers():
    wrong = [
        f"{e.source}:{e.line} → {e.target}"
        for e in edges()
        if LAYERS[_app(e.target)] > LAYERS[_app(e.source)]
    ]
    assert not wrong, "импорт вверх по слоям:\n" + "\n".join(wrong)


def test_services_and_selectors_never_import_tasks_or_views():
    wrong = [
        f"{e.source}:{e.line} → {e.target}"
        for e in edges()
        if (".services" in e.source or ".selectors" in e.source)
        and any(part in ("tasks", "views") for part in e.target.split(".")[1:])
    ]
    assert not wrong, "сервис или селектор импортирует задачу или представление:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def _graph(*, include_function_level: bool) -> dict[str, set[str]]:
    modules = {module_name(p) for p in project_files()}
    graph: dict[str, set[str]] = defaultdict(set)
    for e in edges():
        if not (e.top_level or include_function_level):
            continue
        target = known_module(e.target, modules)
        # A package's __init__ importing its own submodules is how a package is made, not a cycle.
        if target and target != e.source and not target.startswith(e.source + "."):
            graph[e.source].add(target)
    return graph


def test_no_cycle_between_project_modules():
    cycles = _cycles(_graph(include_function_level=True))
    assert not cycles, "циклы импорта:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_the_check_would_see_a_cycle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert LAYERS["cur"] < LAYERS["feedback"] < LAYERS["ratings"]
