"""The package's floors: each module imports only from its own layer or the layers below.

Every module under ``src/industrial_policy`` is parsed with :mod:`ast` (nothing
is imported) and assigned to a layer by its path (:data:`LAYERS`). Then:

* no import reaches a higher layer: at module level, inside a function, or
  under ``if TYPE_CHECKING:``;
* no import circle among modules (every import counts, ``TYPE_CHECKING``
  ones too), within a layer as well;
* an import inside a function (an ``import`` statement or
  ``importlib.import_module`` with a literal name) is only of an optional
  extra; a computed ``importlib.import_module`` only in the package's lazy
  attribute loader (``industrial_policy/__init__.py``) and in the backend
  loader (``industrial_policy/extras.py``, :func:`industrial_policy.extras.backend`);
* a module names a module of a higher layer in a string (to load it by that
  name) only where :data:`NAMED_BACKENDS` says so: ``Report.plot`` and its
  plotting backend.

See ``docs/architecture.md`` for what each layer holds and why.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs

PACKAGE = "industrial_policy"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: Layers from the bottom up; a module may import from its own layer and those before it.
#: A module is placed by the first part of its path under ``src/industrial_policy``:
#: ``records/zones.py`` by ``records``, ``money.py`` by ``money``, the package's own
#: ``__init__.py`` by ``__init__``.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "foundations",
        frozenset(
            {
                "errors",
                "periods",
                "money",
                "units",
                "categories",
                "_fields",
                "comparators",
                "amounts",
                "display",
                "columnar",
                "numbers",
                "extras",
                "i18n",
                "names",
            }
        ),
    ),
    ("records", frozenset({"records"})),
    ("dataset", frozenset({"dataset"})),
    ("io", frozenset({"io"})),
    ("findings", frozenset({"findings"})),
    ("engines", frozenset({"rules", "tracking", "services", "reconciliation", "geo"})),
    ("plots", frozenset({"plots"})),
    ("faces", frozenset({"evaluate", "cli", "examples", "testing", "__main__", "__init__"})),
)

#: Third-party packages that are optional extras: imported inside the function that needs
#: them, so that the core install works without them.
OPTIONAL_EXTRAS = frozenset(
    {
        "pandas",
        "polars",
        "matplotlib",
        "pyarrow",
        "narwhals",
        "duckdb",
        "jsonschema",
        "xlsxwriter",
        "python_calamine",
        "dask",
        "pyspark",
        "babel",
        "shapely",
        "pyproj",
        "pyogrio",
    }
)

#: The one module whose functions may import by a computed name: the lazy attribute loader.
LAZY_LOADER = f"{PACKAGE}/__init__.py"

#: The backend loader: imports the module a user or a method names (pandas' plotting backend).
BACKEND_LOADER = f"{PACKAGE}/extras.py"

#: The named back-references: a lower module that names a higher one as a string, to load it
#: through :data:`BACKEND_LOADER`. The findings draw with the plots (``Report.plot``); the
#: dataset writes its frames with the io floor's table writer (``Dataset.to_frames``).
NAMED_BACKENDS = frozenset(
    {
        (f"{PACKAGE}.findings", f"{PACKAGE}.plots"),
        (f"{PACKAGE}.dataset.container", f"{PACKAGE}.io.arrow"),
    }
)


@attrs.frozen
class Module:
    name: str  # dotted: industrial_policy.records.zones
    path: Path
    is_package: bool

    @property
    def relative(self) -> str:
        return self.path.relative_to(SOURCE.parent).as_posix()

    @property
    def floor(self) -> str:
        """The first part of the path below the package: what :data:`LAYERS` names."""
        parts = self.path.relative_to(SOURCE).with_suffix("").parts
        return parts[0]


@attrs.frozen
class Import:
    source: Module
    target: str  # dotted name as written (or resolved, for relative imports)
    line: int
    kind: str  # "module", "function" or "type-checking"
    dynamic: bool = False  # importlib.import_module

    @property
    def top(self) -> str:
        return self.target.split(".")[0]

    def where(self) -> str:
        return f"{self.source.relative}:{self.line}"


def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = Module(".".join(parts), path, is_package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.name.split(".")
        if not module.is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        origin = ".".join([*base, *([node.module] if node.module else [])])
    else:
        origin = node.module or ""
    # ``from package import submodule`` imports the submodule; ``from module import name``
    # imports the module.
    return [
        f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in known else origin
        for alias in node.names
    ]


def _dynamic(node: ast.Call) -> str | None:
    """The module of an ``importlib.import_module(...)`` call: its literal name, or ``"?"``."""
    func = node.func
    named = (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id == "import_module"
    )
    if not named:
        return None
    if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
        return node.args[0].value
    return "?"


def imports_of(module: Module, known: set[str]) -> Iterator[Import]:
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))

    def visit(node: ast.AST, kind: str) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for item in child.body:
                    yield from visit_one(item, "type-checking")
                for item in child.orelse:
                    yield from visit_one(item, kind)
                continue
            yield from visit_one(child, kind)

    def visit_one(child: ast.AST, kind: str) -> Iterator[Import]:
        inner = kind
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inner = "function" if kind == "module" else kind
        if isinstance(child, ast.Import | ast.ImportFrom):
            for target in _targets(module, child, known):
                yield Import(module, target, child.lineno, inner)
        elif isinstance(child, ast.Call) and (target := _dynamic(child)) is not None:
            yield Import(module, target, child.lineno, kind, dynamic=True)
        yield from visit(child, inner)

    yield from visit(tree, "module")


def layer_of(module: Module) -> tuple[int, str] | None:
    for index, (name, floors) in enumerate(LAYERS):
        if module.floor in floors:
            return index, name
    return None


def _all_imports() -> tuple[dict[str, Module], list[Import]]:
    found = modules()
    known = set(found)
    return found, [i for m in found.values() for i in imports_of(m, known)]


def _internal(target: str, found: dict[str, Module]) -> Module | None:
    """The package module an import names, or ``None`` for the standard library and others."""
    while target:
        if target in found:
            return found[target]
        target = target.rpartition(".")[0]
    return None


def test_the_package_is_found() -> None:
    found = modules()
    assert f"{PACKAGE}.errors" in found, f"no package under {SOURCE}"
    assert len(found) > 50


def test_every_module_has_a_layer() -> None:
    missing = [m.relative for m in modules().values() if layer_of(m) is None]
    assert not missing, (
        "modules in no layer (add their folder or name to LAYERS in tests/test_architecture.py"
        " and to docs/architecture.md):\n  " + "\n  ".join(missing)
    )


def test_no_module_imports_from_a_higher_layer() -> None:
    found, edges = _all_imports()
    wrong = []
    for edge in edges:
        target = _internal(edge.target, found)
        here, there = layer_of(edge.source), layer_of(target) if target else None
        if here is None or there is None or there[0] <= here[0]:
            continue
        wrong.append(
            f"{edge.where()}: {edge.source.name} ({here[1]}) imports {edge.target}"
            f" ({there[1]}, a higher layer) [{edge.kind}]"
        )
    assert not wrong, "imports going up a layer:\n  " + "\n  ".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing
    itself), each as a list of modules (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    components.append(sorted(component))
    return components


def test_no_import_circle() -> None:
    found, edges = _all_imports()
    graph: dict[str, set[str]] = {name: set() for name in found}
    where: dict[tuple[str, str], Import] = {}
    for edge in edges:
        target = _internal(edge.target, found)
        if target is None:
            continue
        graph[edge.source.name].add(target.name)
        where.setdefault((edge.source.name, target.name), edge)
    circles = _cycles(graph)
    lines = []
    for component in circles:
        members = set(component)
        lines.append(f"{len(component)} modules import each other: {', '.join(component)}")
        for source in component:
            for target in sorted(graph[source] & members):
                edge = where[(source, target)]
                lines.append(f"    {edge.where()}: {source} imports {edge.target} [{edge.kind}]")
    assert not circles, "import circles:\n  " + "\n  ".join(lines)


LOADERS = frozenset({LAZY_LOADER, BACKEND_LOADER})


def test_imports_inside_functions_are_only_of_optional_extras() -> None:
    _, edges = _all_imports()
    wrong = []
    for edge in edges:
        if edge.kind != "function" or edge.top in OPTIONAL_EXTRAS:
            continue
        if edge.dynamic and edge.target == "?" and edge.source.relative in LOADERS:
            continue
        what = "a computed name" if edge.target == "?" else edge.target
        wrong.append(
            f"{edge.where()}: {edge.source.name} imports {what} inside a function"
            " (import it at the top of the module, or move the code to the layer it belongs to)"
        )
    assert not wrong, "imports inside functions:\n  " + "\n  ".join(wrong)


def _named_modules(module: Module, known: set[str]) -> Iterator[tuple[str, int]]:
    """The package's modules that ``module`` names in a string of its code (not a docstring):
    the name a module is loaded by. The package's own name is the distribution's (gettext's
    domain, the metadata's), not a module loaded by it."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in known
            and node.value != PACKAGE
            and id(node) not in docstrings
        ):
            yield node.value, node.lineno


def test_a_module_of_a_higher_layer_is_named_only_as_a_declared_backend() -> None:
    found = modules()
    known = set(found)
    upward = set()
    wrong = []
    for module in found.values():
        here = layer_of(module)
        for name, line in _named_modules(module, known):
            there = layer_of(found[name])
            if here is None or there is None or there[0] <= here[0]:
                continue
            upward.add((module.name, name))
            if (module.name, name) not in NAMED_BACKENDS:
                wrong.append(
                    f"{module.relative}:{line}: {module.name} ({here[1]}) names {name}"
                    f" ({there[1]}, a higher layer)"
                )
    assert not wrong, "modules naming a higher layer's module:\n  " + "\n  ".join(wrong)
    # Each declared back-reference is still there: the list says what the code does.
    assert upward == NAMED_BACKENDS


def test_the_checks_see_what_they_look_for() -> None:
    """The parser finds each kind of import in a module written for it."""
    sample = SOURCE / "__init__.py"
    module = Module(f"{PACKAGE}", sample, True)
    kinds = {(i.kind, i.dynamic) for i in imports_of(module, set(modules()))}
    # The package's own __init__: imports at the top, under TYPE_CHECKING, and the lazy loader.
    assert {("module", False), ("type-checking", False), ("function", True)} <= kinds
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert sorted(_cycles(graph)) == [["a", "b", "c"], ["d"]]
