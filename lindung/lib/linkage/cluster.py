"""Clusters from scored pairs: the strongest links first, never joining people known to differ.

Chaining pairs alone can join twins through a record that resembles both, or a
father and son through a sloppy copy. Links are added strongest first, and a
link is refused when it would put two records that "cannot link" into one
cluster.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def clusters(
    n: int,
    left: np.ndarray,
    right: np.ndarray,
    prob: np.ndarray,
    *,
    threshold: float,
    cannot: np.ndarray,
) -> np.ndarray:
    """Return a cluster label per record (the smallest record index in its cluster).

    ``cannot`` marks the candidate pairs that must never end in one cluster.
    """
    labels = np.arange(n, dtype=np.int64)
    strong = (prob >= threshold) & ~cannot
    if not strong.any():
        return labels
    sl, sr = left[strong], right[strong]
    graph = coo_matrix((np.ones(len(sl), dtype=np.int8), (sl, sr)), shape=(n, n))
    _count, component = connected_components(graph, directed=False)
    sizes = np.bincount(component)
    # Most components are a single pair; only bigger ones need the careful walk.
    big = sizes[component] > 2
    simple = ~big
    first_index = np.full(len(sizes), n, dtype=np.int64)
    np.minimum.at(first_index, component, np.arange(n))
    labels[simple] = first_index[component[simple]]
    if not big.any():
        return labels

    in_big = big[left] & big[right] & (component[left] == component[right])
    order = np.flatnonzero(in_big & strong)
    order = order[np.argsort(-prob[order], kind="stable")]
    forbidden: dict[int, set[int]] = {}
    for index in np.flatnonzero(in_big & cannot).tolist():
        a, b = int(left[index]), int(right[index])
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)

    parent: dict[int, int] = {}
    members: dict[int, list[int]] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for index in order.tolist():
        a, b = find(int(left[index])), find(int(right[index]))
        if a == b:
            continue
        group_a = members.get(a, [a])
        group_b = members.get(b, [b])
        if len(group_a) < len(group_b):
            a, b, group_a, group_b = b, a, group_b, group_a
        group_a_set = set(group_a)
        if any(forbidden.get(x, set()) & group_a_set for x in group_b):
            continue
        parent[b] = a
        members[a] = group_a + group_b
        members.pop(b, None)
    # Records of a big component that joined nobody keep their own label.
    for group in members.values():
        label = min(group)
        for x in group:
            labels[x] = label
    return labels
