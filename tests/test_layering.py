"""The stages import downwards only: the flow load -> ... -> export is readable from the
folders because no stage reaches back into one that comes after it.

Every ``import`` under service/ is read (those inside functions too), so a lazy import
cannot hide an arrow that runs back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

SERVICE = REPO / "service"
# Stage -> the stages (and edges) it must never import.
EDGES = {"jobs", "evals", "http", "cli"}
FORBIDDEN: dict[str, set[str]] = {
    "text": {"corpus", "retrieve", "answer", "verify", "papers", "accounts", "wiring"} | EDGES,
    "corpus": {"retrieve", "answer", "verify", "papers", "wiring"} | EDGES,
    "retrieve": {"answer", "verify", "papers", "wiring"} | EDGES,
    "verify": {"retrieve", "answer", "papers", "wiring"} | EDGES,
    "answer": {"papers", "wiring"} | EDGES,
    "papers": {"jobs", "evals", "http", "cli"},
    "accounts": {"corpus", "retrieve", "answer", "verify", "papers", "wiring"} | EDGES,
    "evals": {"jobs", "http", "cli"},
    "jobs": {"http", "cli"},
    "http": {"cli"},
}
# Packages only the offline tools under training/ and bench/ may import.
TRAINING_ONLY = {"sklearn"}


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "service" and len(parts) > 1 else None


def _violations(root: Path = SERVICE) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        stage = path.relative_to(root).parts[0].removesuffix(".py")
        for line, module in _imports(path):
            where = f"service/{path.relative_to(root)}:{line}"
            if module.split(".")[0] in TRAINING_ONLY:
                problems.append(f"{where}: {module} belongs in training/, not the runtime")
            target = _stage(module)
            if target and target in FORBIDDEN.get(stage, set()):
                problems.append(f"{where}: {stage} imports {module}")
    return sorted(set(problems))


def test_no_stage_imports_one_after_it() -> None:
    assert _violations() == []


def test_every_stage_folder_has_its_rules() -> None:
    folders = {p.name for p in SERVICE.iterdir() if (p / "__init__.py").exists()}
    assert folders == set(FORBIDDEN) | {"cli"}


@pytest.mark.parametrize(
    ("stage", "module"),
    [("corpus", "service.answer.facts"), ("verify", "service.papers.paper"), ("text", "sklearn")],
)
def test_the_check_sees_an_arrow_back(tmp_path: Path, stage: str, module: str) -> None:
    probe = tmp_path / stage / "probe.py"
    probe.parent.mkdir()
    probe.write_text(f"def f() -> None:\n    import {module}\n", encoding="utf-8")
    assert _violations(tmp_path) == [
        f"service/{stage}/probe.py:2: "
        + (
            f"{module} belongs in training/, not the runtime"
            if module == "sklearn"
            else f"{stage} imports {module}"
        )
    ]
