"""The code's lint: the generator's modules import each other without circles (imports for
type hints only, under TYPE_CHECKING, do not count: they are not run), and no line of the
Python code is longer than ruff.toml's line-length (make format lays code out within it)."""

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
            base = package[: len(package) - node.level + 1] if node.level else []
            target = (
                ".".join(base + ([node.module] if node.module else []))
                if node.level
                else node.module
            )
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
    modules = {
        ".".join(p.with_suffix("").relative_to(ROOT).parts).removesuffix(".__init__"): p
        for p in PACKAGE.rglob("*.py")
    }
    return {
        name: {m for m in imports(path, name) if m in modules and m != name}
        for name, path in modules.items()
    }


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


CODE = ("generator", "tests", "bench")
"""The folders of Python code the line length holds for."""


def line_length() -> int:
    for line in (ROOT / "ruff.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("line-length"):
            return int(line.split("=")[1])
    raise AssertionError("ruff.toml: no line-length — give the longest line the code may have")


def long_lines(folder: Path, limit: int) -> list[str]:
    """'file:line: N characters' for each line of the folder's Python files over ``limit``."""
    return [
        f"{path.relative_to(folder.parent)}:{number}: {len(line)} characters"
        for path in sorted(folder.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > limit
    ]


def test_the_line_check_counts_characters_not_bytes(tmp_path):
    (tmp_path / "code").mkdir()
    text = "x = '" + "藏" * 19 + "'\n" + "y = 1" + " " * 21 + "\n"  # 25 characters, 26
    (tmp_path / "code" / "a.py").write_text(text, encoding="utf-8")
    assert long_lines(tmp_path / "code", 25) == ["code/a.py:2: 26 characters"]


def test_no_line_of_code_is_longer_than_the_limit():
    limit = line_length()
    assert 80 <= limit <= 120
    found = [line for folder in CODE for line in long_lines(ROOT / folder, limit)]
    assert not found, (
        f"lines over {limit} characters (make format, then wrap strings and comments):\n"
        + "\n".join(found)
    )
