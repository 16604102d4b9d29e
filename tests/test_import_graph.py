"""The import graph of sim/, ui/ and pages/ has no cycle, counted module by module.

Every import statement counts, a lazy one inside a function too (grimp reads them all): a
cycle hidden behind a late import is still a cycle. ``lint-imports`` checks the layers and
the same property between sibling packages; this test names each cycle it finds, and
``python -m tests.test_import_graph [ROOT]`` prints the modules per package and the cycles (of
the tree at ROOT, by default this one).
"""

from __future__ import annotations

from collections import Counter

import grimp

PACKAGES = ("sim", "ui", "pages")


def import_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def modules_per_package(graph: grimp.ImportGraph) -> Counter[str]:
    own = [m for m in graph.modules if m.split(".")[0] in PACKAGES]
    packages = {m for m in own if any(o.startswith(m + ".") for o in own)}
    return Counter(m if m in packages else m.rpartition(".")[0] or m for m in own)


def test_the_counter_finds_a_cycle_and_only_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")]:
        graph.add_import(importer=importer, imported=imported)
    assert cycles(graph) == [["a", "b", "c"]]
    graph.remove_import(importer="c", imported="a")
    assert cycles(graph) == []


def test_no_import_cycle_in_sim_ui_or_pages() -> None:
    graph = import_graph()
    assert {"sim.model.engine", "ui.sidebar", "pages.plan"} <= graph.modules  # it read them
    assert cycles(graph) == []


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:  # another tree: its packages first on the path
        sys.path.insert(0, sys.argv[1])
        for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
            del sys.modules[name]
    built = import_graph()
    for package, count in sorted(modules_per_package(built).items()):
        print(f"{package:20} {count}")
    found = cycles(built)
    print(f"cycles: {len(found)}")
    for group in found:
        print("  " + " <-> ".join(group))
