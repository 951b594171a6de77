"""The project's import graph, read from the source: which module imports which, and where."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Lower layers first; a module may import its own app and the apps of lower layers only.
LAYERS = {"cur": 0, "sectors": 1, "feedback": 2, "roadmap": 3, "ratings": 4, "portal": 5}


@dataclass(frozen=True)
class Edge:
    source: str  # importing module, dotted
    target: str  # imported module (or module.name), dotted
    line: int
    top_level: bool  # at module level (not inside a function or class body)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_files() -> list[Path]:
    return sorted(p for app in LAYERS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def edges() -> list[Edge]:
    found: list[Edge] = []
    for path in project_files():
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = set(map(id, tree.body))
        for parent in ast.walk(tree):
            for node in ast.iter_child_nodes(parent):
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = _resolve(module, path.name == "__init__.py", node)
                    targets = [f"{base}.{alias.name}" for alias in node.names]
                else:
                    continue
                at_top = id(node) in top or (isinstance(parent, (ast.If, ast.Try)) and id(parent) in top)
                for target in targets:
                    if target.split(".")[0] in LAYERS:
                        found.append(Edge(module, target, node.lineno, at_top))
    return found


def known_module(target: str, modules: set[str]) -> str | None:
    """`target` («feedback.models.Message») as the project module it names («feedback.models»)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None
