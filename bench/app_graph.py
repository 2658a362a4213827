"""Print the app-level import graph of Binôme and its cycles (there should be none).

    .venv/bin/python bench/app_graph.py

Reads the imports with grimp (the library import-linter uses), so it sees what `make lint` checks: one line
per app with the apps it imports, then the cycles between apps, if any. Exits 1 when there is a cycle.
"""

import sys
from collections import defaultdict
from pathlib import Path

import grimp


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] not in {"settings", "urls"}) else None


def app_edges(graph) -> dict[str, set[str]]:
    edges = defaultdict(set)
    for module in graph.modules:
        source = app_of(module)
        if source is None:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = app_of(imported) if imported.startswith("binome.") else None
            if target and target != source:
                edges[source].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    found, seen = [], set()

    def visit(node, path):
        for nxt in sorted(edges.get(node, ())):
            if nxt in path:
                cycle = path[path.index(nxt) :]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append([*cycle, nxt])
            else:
                visit(nxt, [*path, nxt])

    for start in sorted(edges):
        visit(start, [start])
    return found


def main() -> int:
    graph = grimp.build_graph("binome")
    edges = app_edges(graph)
    apps = sorted({*edges, *(t for targets in edges.values() for t in targets)})
    for app in apps:
        print(f"{app:14} -> {', '.join(sorted(edges.get(app, ()))) or '(nothing)'}")
    loops = cycles(edges)
    print()
    print("cycles:", "none" if not loops else "")
    for loop in loops:
        print("  " + " -> ".join(loop))
    return 1 if loops else 0


if __name__ == "__main__":
    sys.exit(main())
