"""The package's shape (docs/architecture.md): four wings, imports only downward, no cycle, short modules.

Read from the source with ``ast``, so a new module or import is judged the day it is written.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.sites import ROOT

PACKAGE = ROOT / "plugins" / "programmet"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
MAX_LINES = 300

# What each wing may import from the package. The root holds settings.py (below everything: it
# imports nothing of ours) and the Pelican glue (__init__.py, generators.py: above everything).
MAY_IMPORT = {
    "settings": set(),
    "content": {"settings"},
    "outputs": {"settings", "content"},
    "build": {"settings", "content", "outputs"},
    "tools": {"settings", "content"},
    "glue": {"settings", "content", "outputs", "build", "tools"},
}
# Publishing swaps a folder in and takes the output's lock: the one way to do either is build's.
TOOLS_MAY_USE = {"build.locks", "build.swap"}
# The pure wings know no Pelican, no processes and no pickles: that is build's and the glue's business
# (content may read an image's facts with Pillow; drawing is build's).
PURE_WINGS = {"content", "outputs"}
NOT_IN_PURE_WINGS = {"pelican", "subprocess", "multiprocessing", "concurrent", "pickle", "tempfile"}


@dataclass(frozen=True)
class Module:
    name: str  # dotted, inside the package: "content.catalog", "generators", "__init__"
    path: Path
    tree: ast.Module

    @property
    def wing(self) -> str:
        folders = self.path.relative_to(PACKAGE).parts[:-1]
        if folders:
            return folders[0]
        return "settings" if self.name == "settings" else "glue"


def read_modules() -> dict[str, Module]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)
        modules[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    return modules


MODULES = read_modules()


def package_imports(module: Module) -> set[str]:
    """The package's modules that ``module`` imports (relative imports, at any depth in the file)."""
    here = module.name.split(".")[: -1 if module.path.name != "__init__.py" else None]
    if module.name == "__init__":
        here = []
    found = set()
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.ImportFrom) or node.level == 0:
            continue
        base = here[: len(here) - (node.level - 1)]
        target = [*base, *(node.module.split(".") if node.module else [])]
        for alias in node.names:
            candidate = ".".join([*target, alias.name])
            found.add(candidate if candidate in MODULES else ".".join(target) or "__init__")
    found.discard(module.name)
    return found


def external_imports(module: Module) -> set[str]:
    names = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def wing_of(name: str) -> str:
    return MODULES[name].wing if name in MODULES else "glue"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_downward(name: str) -> None:
    module = MODULES[name]
    upward = sorted(
        target
        for target in package_imports(module)
        if wing_of(target) != module.wing
        and wing_of(target) not in MAY_IMPORT[module.wing]
        and not (module.wing == "tools" and target in TOOLS_MAY_USE)
    )
    assert upward == [], f"{name} ({module.wing}) imports {upward}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if MODULES[n].wing in PURE_WINGS))
def test_pure_wings_know_no_pelican_processes_or_pickles(name: str) -> None:
    assert sorted(external_imports(MODULES[name]) & NOT_IN_PURE_WINGS) == []


def test_no_import_cycle() -> None:
    graph = {name: package_imports(module) & MODULES.keys() for name, module in MODULES.items()}
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = "open"
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[name] = "done"
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state:
            assert (cycle := visit(name)) is None, " -> ".join(cycle)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_short(name: str) -> None:
    lines = len(MODULES[name].path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name}: {lines} lines; split it along a seam"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_level_state(name: str) -> None:
    """No cache or `global` at module level: per-build state lives on objects made per build."""
    found = []
    for node in ast.walk(MODULES[name].tree):
        if isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
    for node in MODULES[name].tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                text = ast.unparse(decorator)
                if re.match(r"(functools\.)?(lru_cache|cache)\b", text):
                    found.append(f"line {node.lineno}: @{text} on {node.name}")
    assert found == []


def test_architecture_map_names_every_module() -> None:
    """docs/architecture.md's module map is the package as it is: no module missing, none made up."""
    mapped = set(re.findall(r"^\| `([a-z0-9_/]+\.py)` \|", ARCHITECTURE.read_text(encoding="utf-8"), re.M))
    present = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    assert sorted(present - mapped) == [], "add these to docs/architecture.md"
    assert sorted(mapped - present) == [], "these are in docs/architecture.md but not in the package"


def test_the_checks_see_an_upward_import() -> None:
    """The checks above read real imports: a made-up upward import is caught."""
    made_up = Module("content.example", PACKAGE / "content" / "example.py", ast.parse("from ..build import cache\n"))
    assert package_imports(made_up) == {"build.cache"}
    assert wing_of("build.cache") not in MAY_IMPORT[made_up.wing]
