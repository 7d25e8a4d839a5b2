"""The package's modules import each other without circles.

The import graph is read from the source (no module is run): every ``import``
and ``from ... import`` anywhere in a file, inside functions too (an import
put off until a function runs still ties the two modules together), relative
imports resolved, and ``importlib.import_module`` calls whose module name is
written out as text.  An arrow ``a -> b`` means a needs b.

The package root, microgradkr/__init__.py, gathers everything for the user, so
it imports every part; a part importing the root back (``import microgradkr``,
``from microgradkr import Value`` inside the package) is an arrow into the
root like any other, and a circle through it.

The same graph checks docs/ARCHITECTURE.md: the modules it lists come bottom up,
each after every listed module it imports.
"""

from __future__ import annotations

import ast
import re
from collections import deque
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

PACKAGE = "microgradkr"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
ARCHITECTURE = ROOT.parent / "docs" / "ARCHITECTURE.md"

Graph = Dict[str, Dict[str, int]]  # module -> {module it imports: line of the first such import}


# ---------------------------------------------------------------- reading the source

def module_files(root: Path = ROOT) -> Dict[str, Path]:
    """Every module of the package by dotted name ('microgradkr.draw' is draw/__init__.py)."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _package_of(module: str, path: Path) -> str:
    """The package a module's relative imports start from."""
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve(package: str, level: int, name: str) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in `package`."""
    if level == 0:
        return name
    base = package.split(".")
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _literal(node: ast.AST):
    """The text of a string written out in the source ('.' + 'x' and f'.x' too), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(v.value for v in node.values)
    return None


def _import_module_target(call: ast.Call, module: str, package: str):
    """The module an ``importlib.import_module(...)`` call with a written-out name loads, else None."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if called != "import_module" or not call.args:
        return None
    name = _literal(call.args[0])
    if name is None:
        return None
    if not name.startswith("."):
        return name
    anchor = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg == "package"), None)
    if isinstance(anchor, ast.Name) and anchor.id == "__name__":
        start = module
    elif isinstance(anchor, ast.Name) and anchor.id == "__package__":
        start = package
    else:
        start = _literal(anchor) if anchor is not None else None
    if start is None:
        return None
    level = len(name) - len(name.lstrip("."))
    return _resolve(start, level, name[level:])


def imported_names(module: str, path: Path) -> Iterator[Tuple[str, int, List[str], bool]]:
    """(absolute module name, line, names taken from it, binds the top name?) for every import."""
    package = _package_of(module, path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, [], alias.asname is None
        elif isinstance(node, ast.ImportFrom):
            yield (_resolve(package, node.level, node.module or ""), node.lineno,
                   [alias.name for alias in node.names], False)
        elif isinstance(node, ast.Call):
            target = _import_module_target(node, module, package)
            if target is not None:
                yield target, node.lineno, [], False


def _ancestors(module: str) -> Set[str]:
    parts = module.split(".")
    return {".".join(parts[:k]) for k in range(1, len(parts))}


def _targets(importer: str, node_is_plain_import: bool, name: str, taken: List[str],
             modules: Set[str]) -> Set[str]:
    """The package's modules that run because `importer` imports `name` (and `taken` from it).

    ``from P import X`` needs P.X when X is a submodule, else P itself.  Importing
    a.b.c also runs the packages a and a.b on the way, except those the importer
    sits in (they are running already when it runs); ``import microgradkr.x``
    (without ``as``) binds the root, so it needs the root too.
    """
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return set()
    found = {f"{name}.{x}" for x in taken if f"{name}.{x}" in modules}
    if len(found) < len(taken) or not taken:  # a plain import, or names the module itself defines
        found.add(name)
    found |= {p for m in found for p in _ancestors(m) if p not in _ancestors(importer)}
    if node_is_plain_import:
        found.add(PACKAGE)
    return {m for m in found if m in modules and m != importer}


def import_graph(root: Path = ROOT) -> Tuple[Graph, Dict[str, Path]]:
    """The import arrows between the package's modules, and the file of each module."""
    files = module_files(root)
    modules = set(files)
    graph: Graph = {module: {} for module in files}
    for module, path in files.items():
        for name, line, taken, plain in imported_names(module, path):
            for target in _targets(module, plain, name, taken, modules):
                graph[module].setdefault(target, line)
    return graph, files


# ---------------------------------------------------------------- finding circles

def strongly_connected(graph: Graph) -> List[Set[str]]:
    """The groups of modules that can all reach each other (Tarjan's algorithm, without recursion)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on_stack: Set[str] = set()
    groups: List[Set[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _shortest_path(graph: Graph, start: str, goal: str, allowed: Set[str]) -> List[str]:
    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = previous[node]
            return path[::-1]
        for child in sorted(graph.get(node, ())):
            if child in allowed and child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"{goal} is not reachable from {start}")


def cycles(graph: Graph) -> List[List[str]]:
    """Import circles, each as a chain of modules that starts and ends with the same one.

    For every arrow that lies on a circle, the shortest circle through it: so
    every import that has to go is shown, without listing the (possibly very
    many) longer ways round the same group.
    """
    found: List[List[str]] = []
    seen: Set[Tuple[str, ...]] = set()
    for group in strongly_connected(graph):
        for node in sorted(group):
            for child in sorted(graph[node]):
                if child not in group:
                    continue
                loop = [node] + _shortest_path(graph, child, node, group)
                ring = loop[:-1]
                turn = ring.index(min(ring))
                canonical = tuple(ring[turn:] + ring[:turn])
                if canonical not in seen:
                    seen.add(canonical)
                    found.append(list(canonical) + [canonical[0]])
    return sorted(found)


def describe(loop: List[str], graph: Graph, files: Dict[str, Path]) -> str:
    """'a -> b (a.py:3) -> a (b.py:40)': each arrow with the line that makes it."""
    text = loop[0]
    for here, there in zip(loop, loop[1:]):
        where = files[here].relative_to(ROOT.parent)
        text += f" -> {there} ({where}:{graph[here][there]})"
    return text


# ---------------------------------------------------------------- the package

def test_no_import_cycles():
    graph, files = import_graph()
    found = cycles(graph)
    assert not found, f"{len(found)} import circle(s):\n" + "\n".join(
        describe(loop, graph, files) for loop in found)


def test_no_part_of_the_package_imports_the_package_root():
    graph, files = import_graph()
    importers = sorted(m for m, targets in graph.items() if PACKAGE in targets)
    assert not importers, "\n".join(
        f"{files[m].relative_to(ROOT.parent)}:{graph[m][PACKAGE]} imports {PACKAGE} itself"
        for m in importers)


def test_the_graph_sees_the_imports_it_must():
    # a reading that missed imports would find no circles: check a few arrows known to exist
    graph, _ = import_graph()
    assert "microgradkr.engine" in graph["microgradkr"]                # from .engine import Value
    assert "microgradkr.nn" in graph["microgradkr"]                    # from . import ..., nn, ...
    assert "microgradkr.checks" in graph["microgradkr.draw.render"]    # from .. import checks
    assert "microgradkr.draw" in graph["microgradkr.cli"]              # from .draw import draw_dot


def documented_order(text: str) -> List[str]:
    """The modules docs/ARCHITECTURE.md lists, in its order.

    A list item that starts with a file in backticks names a module (`checks.py`,
    `messages/`); under a heading naming a folder (`draw/`) the file is in it.
    """
    folder, order = "", []
    for line in text.splitlines():
        heading = re.match(r"#+ .*?`([\w/]+/)`", line)
        if line.startswith("#"):
            folder = heading.group(1) if heading else ""
            continue
        item = re.match(r"- `([\w/]+?)(\.py|/)`", line)
        if item:
            parts = (folder + item.group(1)).split("/")
            if parts[-1] == "__init__":
                parts.pop()
            order.append(".".join([PACKAGE] + parts))
    return order


def test_the_architecture_page_lists_modules_bottom_up():
    graph, _ = import_graph()
    order = documented_order(ARCHITECTURE.read_text(encoding="utf-8"))
    unknown = [m for m in order if m not in graph]
    assert order and not unknown, f"listed but not in the package: {unknown}"
    position = {module: i for i, module in enumerate(order)}
    late = [f"{module} imports {needed}, listed below it" for module in order for needed in graph[module]
            if position.get(needed, -1) > position[module]]
    assert not late, "\n".join(late)


# ---------------------------------------------------------------- the reader and the finder

def _write(tmp_path: Path, files: Dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_finder_reports_a_circle_and_only_the_circle():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1, "d": 1}, "d": {}, "e": {"e": 1}}
    assert cycles(graph) == [["a", "b", "c", "a"], ["e", "e"]]
    assert cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {}}) == []


def test_the_finder_shows_every_arrow_of_a_tangle():
    # two circles sharing 'a': both are reported, each once
    graph = {"a": {"b": 1, "c": 1}, "b": {"a": 1}, "c": {"a": 1}}
    assert cycles(graph) == [["a", "b", "a"], ["a", "c", "a"]]


def test_imports_inside_functions_relative_and_dynamic_make_arrows(tmp_path):
    root = _write(tmp_path, {
        "__init__.py": "from .x import f\n",
        "x.py": "def f():\n    from .sub import y\n",
        "helper.py": "import importlib\nm = importlib.import_module('.x', __package__)\n",
        "sub/__init__.py": "",
        "sub/y.py": "from .. import helper\nfrom ..x import f\n",
        "sub/z.py": "from . import y\nimport microgradkr\n",
        "plain.py": "import os\nfrom microgradkr import f\n",
    })
    graph, _ = import_graph(root)
    assert set(graph["microgradkr"]) == {"microgradkr.x"}
    assert set(graph["microgradkr.x"]) == {"microgradkr.sub", "microgradkr.sub.y"}
    assert set(graph["microgradkr.helper"]) == {"microgradkr.x"}
    assert set(graph["microgradkr.sub.y"]) == {"microgradkr.helper", "microgradkr.x"}
    assert set(graph["microgradkr.sub.z"]) == {"microgradkr.sub.y", "microgradkr"}
    assert set(graph["microgradkr.plain"]) == {"microgradkr"}
    assert cycles(graph) == [
        ["microgradkr.helper", "microgradkr.x", "microgradkr.sub.y", "microgradkr.helper"],
        ["microgradkr.sub.y", "microgradkr.x", "microgradkr.sub.y"],
    ]


def test_the_page_reader_finds_folders_and_packages():
    text = "## Bottom\n- `messages/` — words\n- `fmt.py` — numbers\n## Pictures: `draw/`\n" \
           "- `scene.py` — texts\n- `__init__.py` — names\nprose `not.py`\n"
    assert documented_order(text) == ["microgradkr.messages", "microgradkr.fmt",
                                      "microgradkr.draw.scene", "microgradkr.draw"]


# ---------------------------------------------------------------- the teaching core

def test_engine_py_reads_in_one_sitting_and_runs_no_generated_code():
    """engine.py is what the README sends a learner to: at most 300 lines, no exec/eval/compile."""
    source = (ROOT / "engine.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 300
    called = {node.func.id for node in ast.walk(ast.parse(source))
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not called & {"exec", "eval", "compile"}, "generated code belongs in fastpath.py"


def test_the_architecture_page_names_every_module():
    """Every module has its line on the page, or its package has one (`explorers/` covers its files)."""
    listed = set(documented_order(ARCHITECTURE.read_text(encoding="utf-8")))
    unlisted = [module for module in module_files() if module not in (PACKAGE, f"{PACKAGE}.__main__")
                and module not in listed and module.rpartition(".")[0] not in listed - {PACKAGE}]
    assert unlisted == []
