"""The generator's modules import each other without circles (imports for type hints only,
under TYPE_CHECKING, do not count: they are not run)."""
import ast
from pathlib import Path

from generator.config import ROOT

PACKAGE = ROOT / "generator"


def imports(path: Path, module: str) -> set[str]:
    """The generator modules ``module`` imports, wherever in it, except under TYPE_CHECKING."""
    found: set[str] = set()
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")

    def visit(node):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else node.module
            if node.module is None:
                found.update(f"{target}.{alias.name}" for alias in node.names)
            elif target:
                found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def graph() -> dict[str, set[str]]:
    modules = {".".join(p.with_suffix("").relative_to(ROOT).parts).removesuffix(".__init__"): p
               for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports(path, name) if m in modules and m != name} for name, path in modules.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def walk(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                walk(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(edges):
        if v not in index:
            walk(v)
    return out


def test_the_checker_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_of_the_generator_imports_itself_round_a_circle():
    edges = graph()
    assert "generator.build" in edges and "generator.views" in edges["generator.build"]
    assert circles(edges) == []
