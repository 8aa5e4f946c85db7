"""The house rules of ``ckmkit/`` (docs/DESIGN.md, "Layers"), read from the source.

Every ``import`` counts, at module level or deferred inside a function, and so does
an ``importlib.import_module`` of a literal name: a deferred import still ties two
modules together, it only hides the knot.
"""

from __future__ import annotations

import ast
import collections
import inspect
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ckmkit"

#: Lowest first. A module may import its own area and areas of lower layers only.
LAYERS = [
    {"i18n"},
    {"quality", "tables", "plotting", "datasets", "content"},
    {"exercises"},
    {"concepts", "value", "knowledge", "network"},
    {"engagement"},
    {"reports"},
    {"widgets"},
    {"cli"},
]
#: ``ckmkit/__init__.py`` is the package's front door: it may load any area, and none imports it.
FRONT_DOOR = "ckmkit"


def _assert_none(kind: str, found) -> None:
    """Fail listing every violation of `kind` found."""
    assert sorted(str(item) for item in found) == [], f"{kind} violations"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _imports(name: str) -> list[tuple[str, str, int]]:
    """(module imported, name imported or "", line) for every import in module `name`."""
    path, is_package = MODULES[name]
    here = name.split(".") if is_package else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1] + ([node.module] if node.module else [])
                module = ".".join(base)
            else:
                module = node.module or ""
            for alias in node.names:
                found.append((module, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            found.append((str(node.args[0].value), "", node.lineno))
    return [f for f in found if f[0] == FRONT_DOOR or f[0].startswith(FRONT_DOOR + ".")]


def _target(module: str, imported: str) -> str:
    """The ckmkit module an import reaches: ``from . import x`` reaches submodule x."""
    full = f"{module}.{imported}" if imported else module
    return full if full in MODULES else module


def _edges() -> dict[str, set[str]]:
    graph = collections.defaultdict(set)
    for name in MODULES:
        for module, imported, _ in _imports(name):
            target = _target(module, imported)
            # A package's own submodules are its parts, and a part runs its package first.
            if target != name and not target.startswith(name + ".") \
                    and not name.startswith(target + "."):
                graph[name].add(target)
    return graph


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FRONT_DOOR


def _layer(area: str) -> int:
    return next(i for i, members in enumerate(LAYERS) if area in members)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules (or areas) that import each other, directly or round a loop."""
    import networkx as nx

    G = nx.DiGraph((source, target) for source, targets in graph.items() for target in targets)
    return sorted(sorted(c) for c in nx.strongly_connected_components(G) if len(c) > 1)


def test_every_area_has_a_layer():
    areas = {_area(m) for m in MODULES} - {FRONT_DOOR}
    assert areas <= set().union(*LAYERS), areas - set().union(*LAYERS)


def test_no_import_cycles_between_modules():
    _assert_none("cycle", [" ↔ ".join(c) for c in _cycles(_edges())])


def test_no_import_cycles_between_areas():
    areas = collections.defaultdict(set)
    for source, targets in _edges().items():
        for target in targets:
            if _area(source) != _area(target):
                areas[_area(source)].add(_area(target))
    _assert_none("area-cycle", [" ↔ ".join(c) for c in _cycles(areas)])


def test_imports_run_down_the_layers():
    against = []
    for source, targets in _edges().items():
        for target in targets:
            mine, theirs = _area(source), _area(target)
            if theirs == FRONT_DOOR and mine != FRONT_DOOR:
                against.append(f"{source} imports the front door {target}")
            elif FRONT_DOOR not in (mine, theirs) and mine != theirs \
                    and _layer(theirs) >= _layer(mine):
                against.append(f"{source} ({mine}) imports {target} ({theirs})")
    _assert_none("layer", against)


def test_no_module_imports_a_private_name_of_another():
    """``from .x import _name`` reaches into a sibling; internal modules share plain names."""
    private = [f"{name} imports {imported} from {module}"
               for name in MODULES for module, imported, line in _imports(name)
               if imported.startswith("_") and not imported.startswith("__")
               and _target(module, imported) == module]
    _assert_none("private-name", private)


def test_internal_modules_stay_inside_their_area():
    """A module whose name starts with ``_`` serves its own package only."""
    outside = []
    for name in MODULES:
        for module, imported, line in _imports(name):
            target = _target(module, imported)
            parts = target.split(".")
            internal = next((i for i, part in enumerate(parts) if part.startswith("_")
                             and not part.startswith("__")), None)
            if internal is not None:
                owner = ".".join(parts[:internal])
                if not (name == owner or name.startswith(owner + ".")):
                    outside.append(f"{name} imports {target}")
    _assert_none("internal-module", outside)


def test_internal_modules_export_nothing():
    """No ``__all__`` in an internal module: what it holds is shared, not public."""
    internal = [name for name in MODULES if any(part.startswith("_") and part != "__init__"
                                                for part in name.split(".")[1:])]
    with_all = [name for name in internal
                if re.search(r"^__all__\s*=", MODULES[name][0].read_text(encoding="utf-8"), re.M)]
    assert internal
    _assert_none("internal-all", with_all)


def test_warnings_go_through_one_helper():
    """Only ``ckmkit.quality.warn`` calls ``warnings.warn``, and nothing counts stack levels."""
    offenders = []
    for name, (path, _) in MODULES.items():
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                call = ast.unparse(node.func)
                if call in ("warnings.warn", "warn_explicit", "warnings.warn_explicit") \
                        and name != "ckmkit.quality":
                    offenders.append(f"{name} calls {call}")
                if any(k.arg == "stacklevel" for k in node.keywords) and name != "ckmkit.quality":
                    offenders.append(f"{name} passes stacklevel")
    _assert_none("warn", offenders)


def test_a_warning_names_the_callers_line(tmp_path):
    """The same warning from two places is shown twice, each at the caller's own line."""
    script = tmp_path / "caller.py"
    script.write_text(
        "import warnings\n"
        "import networkx as nx\n"
        "from ckmkit.network import simulate\n"
        "G = nx.Graph([(1, 1), (1, 2)])\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('default')\n"
        "    simulate(G, seeds=[1], p=0.5, runs=2, seed=0)\n"
        "    simulate(G, seeds=[1], p=0.5, runs=2, seed=0)\n"
        "for w in caught:\n"
        "    print(w.category.__name__, w.filename.endswith('caller.py'), w.lineno)\n",
        encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=PACKAGE.parent, check=True).stdout.split("\n")
    assert out[:2] == ["DataQualityWarning True 7", "DataQualityWarning True 8"]


def test_import_installs_no_warnings_filter():
    """Importing the kit leaves the user's warning filters as they were.

    NumPy and SciPy add filters of their own when first imported, so they are loaded first.
    """
    dependencies = "numpy, scipy.special, scipy.optimize, pandas, narwhals, networkx, matplotlib"
    code = (f"import warnings, {dependencies}; before = list(warnings.filters); "
            "import ckmkit, ckmkit.value, ckmkit.network, ckmkit.knowledge, ckmkit.concepts, "
            "ckmkit.exercises, ckmkit.widgets, ckmkit.reports; print(warnings.filters == before)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=PACKAGE.parent, check=True)
    assert result.stdout.strip() == "True"


# -- explicit signatures --------------------------------------------------------------------

def _public_functions():
    """(qualified name, function) for every function or class an area exports in ``__all__``."""
    import importlib

    seen = {}
    for name, (_, _) in sorted(MODULES.items()):
        if any(part.startswith("_") for part in name.split(".")[1:]):
            continue
        module = importlib.import_module(name)
        for export in getattr(module, "__all__", []):
            obj = getattr(module, export, None)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue  # an exception's arguments are its message
            if inspect.isfunction(obj) or inspect.isclass(obj):
                seen.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    return sorted(seen.items())


PUBLIC = _public_functions()


def _parameters(obj) -> list[str]:
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and target is object.__init__:
        return []
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    names = [p for p in signature.parameters.values() if p.name not in ("self", "cls")]
    if inspect.isclass(obj) and "__dataclass_fields__" in vars(obj):
        return []  # a record: its fields are described in its Attributes
    return [("*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD else "")
            + p.name for p in names]


def _documented(doc: str) -> list[str]:
    """Parameter names listed in a numpy-style Parameters section."""
    match = re.search(r"^\s*Parameters\n\s*-{3,}\n(.*?)(?=^\s*\S[^\n]*\n\s*-{3,}\n|\Z)",
                      doc, re.S | re.M)
    if not match:
        return []
    block = inspect.cleandoc("\n" + match.group(1))
    names = []
    for line in block.splitlines():
        if line and not line[0].isspace():
            for part in line.split(" : ")[0].split(","):
                names.append(part.strip().lstrip("*"))
    return names


def test_public_functions_take_explicit_parameters():
    """No ``**options`` that hide what a function accepts.

    ``**values`` alone is allowed: it fills a message's placeholders (``t(key, n=3)``).
    """
    hidden = [name for name, obj in PUBLIC
              if any(p.startswith("**") and p != "**values" for p in _parameters(obj))]
    _assert_none("options", hidden)


def _public_methods():
    """Public methods of the exported classes, inherited ones included, defined in ckmkit."""
    for _, cls in PUBLIC:
        if not inspect.isclass(cls):
            continue
        seen = set()
        for klass in cls.__mro__:  # not getmembers: it reads deprecated class attributes
            for name, method in vars(klass).items():
                if name.startswith("_") or name in seen or not inspect.isfunction(method):
                    continue
                seen.add(name)
                if method.__module__.startswith("ckmkit"):
                    yield f"{method.__module__}.{method.__qualname__}", method


def test_parameters_sections_match_signatures():
    """Every exported function, class and public method lists its parameters, in order."""
    undocumented = set()
    for name, obj in [*PUBLIC, *_public_methods()]:
        expected = [p.lstrip("*") for p in _parameters(obj)]
        if expected and _documented(inspect.getdoc(obj) or "") != expected:
            undocumented.add(name)
    _assert_none("parameters", undocumented)


PRIVATE_REFERENCE = re.compile(r":(?:func|class|mod|meth|attr|data):`~?([\w.]+)`")


def test_public_docstrings_point_at_public_names():
    """A reader cannot follow a reference into a private helper."""
    private = []
    for name, obj in PUBLIC:
        for target in PRIVATE_REFERENCE.findall(inspect.getdoc(obj) or ""):
            if any(part.startswith("_") and not part.startswith("__") for part in target.split(".")):
                private.append(f"{name} -> {target}")
    _assert_none("private-reference", private)


STALE = re.compile(
    r"\b(?:narwhals|pandas|numpy|polars|duckdb|dask|networkx|pyspark|python|scipy|matplotlib"
    r"|lifetimes|igraph|sphinx)\s+\d+\.\d+"
    r"|\b\d+(?:\.\d+)?\s*(?:ms|µs|seconds?)\b|\b\d+(?:\.\d+)?\s+s\b", re.I)


def test_docstrings_carry_no_versions_or_timings():
    stale = []
    for name, (path, _) in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                doc = ast.get_docstring(node) or ""
                stale += [f"{name}: {m.group(0)!r}" for m in STALE.finditer(doc)]
    _assert_none("stale", stale)
