#!/usr/bin/env python3
"""The include graph of acctctl by layer, and the check that no include runs back up.

Layers, lowest first: core (include/acctctl/*.hpp and fields/, src/core/: pure, no I/O),
store (store.hpp, store/, src/store/), format (format/, src/format/), service (service/,
src/service/), cli (src/cli/). A file may include its own layer and the ones below it; a
public header (include/) includes only public headers; the two engines (src/store/sqlite/,
src/store/postgres/) never include each other; no headers include each other in a circle.

  tests/layers.py           print the arrows between layers, with how many includes each
  tests/layers.py --check   exit 1, naming each include that breaks a rule
"""
import os
import re
import sys
from collections import Counter

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
LAYERS = ["core", "store", "format", "service", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of(path):
    """The layer of a repository path, or None (tests, fuzzers)."""
    parts = path.split("/")
    if parts[:2] == ["include", "acctctl"]:
        rest = parts[2:]
        if rest == ["store.hpp"] or rest[0] == "store":
            return "store"
        if rest[0] in ("format", "service"):
            return rest[0]
        return "core"  # the top-level headers and fields/
    if parts[0] == "src" and len(parts) > 2:
        return {"core": "core", "store": "store", "format": "format", "service": "service",
                "cli": "cli"}.get(parts[1])
    return None


def resolve(source, include):
    """The repository path `include` names from `source`, as the compiler finds it."""
    here = os.path.dirname(source)
    for base in (here, "include", "src", "src/cli"):
        candidate = os.path.normpath(os.path.join(base, include))
        if os.path.isfile(os.path.join(ROOT, candidate)):
            return candidate
    return None


def includes():
    """(source, target) for every quoted include in include/ and src/."""
    for top in ("include", "src"):
        for folder, _, names in os.walk(os.path.join(ROOT, top)):
            for name in sorted(names):
                if not name.endswith((".hpp", ".cpp")):
                    continue
                source = os.path.relpath(os.path.join(folder, name), ROOT)
                with open(os.path.join(ROOT, source), encoding="utf-8") as f:
                    for include in INCLUDE.findall(f.read()):
                        target = resolve(source, include)
                        if target is None:
                            yield source, include, None
                        else:
                            yield source, include, target


def engine_of(path):
    m = re.match(r"src/store/(sqlite|postgres)/", path)
    return m.group(1) if m else None


def problems():
    for source, include, target in includes():
        if target is None:
            yield f"{source}: #include \"{include}\" names no file of the project"
            continue
        low, high = layer_of(target), layer_of(source)
        if low and high and LAYERS.index(low) > LAYERS.index(high):
            yield f"{source} ({high}) includes {target} ({low}): a higher layer"
        if source.startswith("include/") and not target.startswith("include/"):
            yield f"{source} is public but includes the private {target}"
        if engine_of(source) and engine_of(target) and engine_of(source) != engine_of(target):
            yield f"{source} includes {target}: one engine reaches into the other"


def header_cycle():
    """One circle of headers that include each other, or None."""
    graph = {}
    for source, _, target in includes():
        if target and source.endswith(".hpp"):
            graph.setdefault(source, []).append(target)
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in graph.get(node, []):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


def main():
    if "--check" in sys.argv[1:]:
        found = list(problems())
        cycle = header_cycle()
        if cycle:
            found.append("headers include each other in a circle: " + " -> ".join(cycle))
        for line in found:
            print(line)
        print(f"layers: {len(found)} include(s) against the rules" if found else "layers: no include runs back up")
        return 1 if found else 0
    arrows = Counter()
    for source, _, target in includes():
        if target:
            arrows[(layer_of(source), layer_of(target))] += 1
    for (high, low), count in sorted(arrows.items(), key=lambda a: (LAYERS.index(a[0][0]), LAYERS.index(a[0][1]))):
        mark = "  <- BACK UP" if LAYERS.index(low) > LAYERS.index(high) else ""
        print(f"{high:>8} -> {low:<8} {count:4d}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
