"""One-to-one maximum-weight matching (the Hungarian method) on small bipartite graphs.

The scorer pairs student marks with key items. Pairs are chosen to maximise total credit, not
greedily and not in list order, so the same marks in any order give the same result.
"""

from __future__ import annotations

from collections import defaultdict


def max_weight_matching(edges: dict[tuple[int, int], float]) -> dict[int, int]:
    """``edges[(left, right)] = weight > 0`` → ``{left: right}`` of maximum total weight.

    The graph is split into connected components first; almost all of them are a single edge.
    Nodes are visited in sorted order, so ties resolve by position (lower index first).
    """
    if len(edges) < 2:  # the usual case for wrong labels: one edge or none
        return {left: right for left, right in edges}
    lefts_seen, rights_seen = set(), set()
    for left, right in edges:
        if left in lefts_seen or right in rights_seen:
            break
        lefts_seen.add(left)
        rights_seen.add(right)
    else:  # no node has two edges: every edge is its own component
        return {left: right for left, right in edges}
    adjacency: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for left, right in edges:
        adjacency["L", left].append(("R", right))
        adjacency["R", right].append(("L", left))
    matched: dict[int, int] = {}
    seen: set = set()
    for node in sorted(adjacency):
        if node in seen:
            continue
        lefts, rights, stack = [], [], [node]
        seen.add(node)
        while stack:
            side, index = current = stack.pop()
            (lefts if side == "L" else rights).append(index)
            for nxt in adjacency[current]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if len(lefts) == 1 or len(rights) == 1:
            best = max((edges[left, right], -left, -right) for left in lefts
                        for right in rights if (left, right) in edges)
            matched[-best[1]] = -best[2]
            continue
        lefts.sort()
        rights.sort()
        weights = [[edges.get((left, right), 0.0) for right in rights] for left in lefts]
        for row, col in _hungarian(weights):
            if weights[row][col] > 0:
                matched[lefts[row]] = rights[col]
    return matched


def _hungarian(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment for a dense matrix (rows may outnumber columns)."""
    rows, cols = len(weights), len(weights[0])
    transpose = rows > cols
    if transpose:
        weights = [list(column) for column in zip(*weights)]
        rows, cols = cols, rows
    inf = float("inf")
    cost = [[-w for w in row] for row in weights]
    u, v = [0.0] * (rows + 1), [0.0] * (cols + 1)
    owner, way = [0] * (cols + 1), [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0], col0 = row, 0
        minv, used = [inf] * (cols + 1), [False] * (cols + 1)
        while True:
            used[col0] = True
            r0, delta, col1 = owner[col0], inf, 0
            for col in range(1, cols + 1):
                if not used[col]:
                    reduced = cost[r0 - 1][col - 1] - u[r0] - v[col]
                    if reduced < minv[col] - 1e-12:
                        minv[col], way[col] = reduced, col0
                    if minv[col] < delta - 1e-12:
                        delta, col1 = minv[col], col
            for col in range(cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    pairs = [(owner[col] - 1, col - 1) for col in range(1, cols + 1) if owner[col]]
    return [(c, r) for r, c in pairs] if transpose else pairs
