"""Assign people to funders: pure, deterministic, no Django.

The problem, per programme year: people come in the regency's priority order
(categories first, then proposal date); each funder has a budget, a cost per
person-month, a range of months and restrictions (village, district,
occupation). Every person-month is paid by at most one funder, no budget is
exceeded, and as many person-months as possible are covered.

Why this is exact. Split the period into segments at every funder's first and
last month. Within one segment, a "unit" is (person, segment); a funder can
take a unit only if its restrictions admit the person, and each funder has a
budget. When every funder charges the same for a unit, the sets of units that
can be paid at once form a transversal matroid (capacitated bipartite
matching), so the greedy rule "take units in priority order, keep one if the
chosen set stays payable" yields a maximum number of covered units and, among
all maximum sets, the best one in priority order (Rado–Edmonds). "Stays
payable" is tested with an augmenting path: a unit may push an already placed
unit of another person to a different funder that still has money. Units of
people who share a village and an occupation are interchangeable, so the
search runs on those "types" (a few thousand) rather than on people, and a
type whose search fails can never succeed later in that segment (budgets only
shrink), so it is marked dead along with every type the failed search reached.
When funders charge different amounts (PP 50/2025 discount) or cover
different months, the segments share budgets and the same greedy is a sound
heuristic rather than a proof: it never breaks a rule, but a cleverer split of
a budget across segments might cover a few more months.

Speed: where no budget can run out inside a block of people, the one-by-one
greedy would send every unit to its cell's current funder, so the block is
applied at once with NumPy; a block that might exhaust a budget is halved down
to single people, where the path search runs. The cost is then dominated by
the path searches, i.e. by how much the funders' restrictions compete.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np


@dataclass(frozen=True)
class FunderSpec:
    key: int  # the caller's id
    budget: int  # rupiah
    monthly_cost: int  # rupiah per person-month
    first_month: int  # 1-based, inclusive
    last_month: int  # 1-based, inclusive
    accepts: Callable[[object], bool]  # takes a person type (the caller's key), True if admitted


@dataclass
class Result:
    # One row per (person, funder): person index (input order), funder index, month bitmask.
    person: np.ndarray
    funder: np.ndarray
    mask: np.ndarray
    # Per person: True if some funder admits the person at all (to tell "no funder" from "no money").
    admissible: list[bool]
    spent: list[int]  # per funder, rupiah
    person_months: int
    stats: dict = field(default_factory=dict)

    @property
    def funded(self) -> list[dict[int, int]]:
        """Per person {funder index: month bitmask}; convenient for small cases and tests."""
        out: list[dict[int, int]] = [{} for _ in self.admissible]
        for p, f, m in zip(self.person.tolist(), self.funder.tolist(), self.mask.tolist(), strict=True):
            out[p][f] = m
        return out


class PinError(ValueError):
    def __init__(self, person_index: int, funder_index: int, reason: str):
        super().__init__(reason)
        self.person_index = person_index
        self.funder_index = funder_index
        self.reason = reason


def segments_of(months: int, funders: Sequence[FunderSpec]) -> list[tuple[int, int]]:
    """Split 1..months at every funder's boundaries into [first, last] ranges."""
    cuts = {1, months + 1}
    for f in funders:
        cuts.add(max(1, min(f.first_month, months + 1)))
        cuts.add(max(1, min(f.last_month + 1, months + 1)))
    edges = sorted(cuts)
    return [(a, b - 1) for a, b in pairwise(edges) if a <= months]


def _mask(first: int, last: int) -> int:
    return ((1 << (last - first + 1)) - 1) << (first - 1)


def allocate(
    person_types: Sequence[int],
    type_keys: Sequence[object],
    funders: Sequence[FunderSpec],
    months: int,
    *,
    pinned: dict[int, int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Assign units to funders; `person_types[i]` indexes `type_keys`, people already in priority order."""
    n_people = len(person_types)
    n_types = len(type_keys)
    segs = segments_of(months, funders)
    rem = [f.budget for f in funders]
    order = sorted(range(len(funders)), key=lambda i: i)  # the caller passes funders in preference order

    # Which funders admit each type, in preference order (computed once per type, not per person).
    admits = [[fi for fi in order if funders[fi].accepts(type_keys[t])] for t in range(n_types)]
    # Per segment: for each type, its admitting funders that cover the segment.
    seg_admits = []
    for a, b in segs:
        covering = [fi for fi in range(len(funders)) if funders[fi].first_month <= a and b <= funders[fi].last_month]
        cover_set = set(covering)
        seg_admits.append([[fi for fi in admits[t] if fi in cover_set] for t in range(n_types)])

    funded: list[dict[int, int]] = [{} for _ in range(n_people)]
    pinned = pinned or {}
    pinned_units = 0
    n_f = len(funders)
    # Pinned people first: a hand decision outranks the priority order and is never moved.
    for pi in sorted(pinned):
        fi = pinned[pi]
        f = funders[fi]
        if not f.accepts(type_keys[person_types[pi]]):
            raise PinError(pi, fi, "restriction")
        for a, b in segs:
            if f.first_month <= a and b <= f.last_month:
                price = f.monthly_cost * (b - a + 1)
                if rem[fi] < price:
                    raise PinError(pi, fi, "budget")
                rem[fi] -= price
                funded[pi][fi] = funded[pi].get(fi, 0) | _mask(a, b)
                pinned_units += b - a + 1

    # placed[s][fi][t] = people of type t paid by fi in segment s (movable by augmenting paths).
    placed: list[list[dict[int, list[int]]]] = [[{} for _ in funders] for _ in segs]
    dead = [bytearray(n_types) for _ in segs]
    prices = [[f.monthly_cost * (b - a + 1) for f in funders] for (a, b) in segs]
    searches = 0
    augmented = 0

    # The last path that worked for a (segment, type): tried again before a new search, because
    # under heavy competition the same re-routing serves many people of one type in a row.
    # Any valid path keeps the greedy exact: which path is used changes who pays, never who is paid.
    last_path: dict[tuple[int, int], tuple[int, list[tuple[int, int, int]], int]] = {}

    def shift(s: int, terminal: int, moves: list[tuple[int, int, int]], first: int) -> int:
        rem_np[terminal] -= prices[s][terminal]
        for ty, prev, cur in moves:
            placed[s][cur][ty].append(placed[s][prev][ty].pop())
        return first

    def augment(s: int, t: int) -> int | None:
        """Find a path from type t to a funder with money; shift units along it; return the first funder."""
        nonlocal searches, augmented
        price = prices[s]
        cached = last_path.get((s, t))
        if cached is not None:
            terminal, moves, first = cached
            if rem_np[terminal] >= price[terminal] and all(placed[s][prev][ty] for ty, prev, _ in moves):
                augmented += 1
                return shift(s, terminal, moves, first)
        searches += 1
        admit = seg_admits[s]
        seen_types = {t}
        seen_funders: set[int] = set()
        parent: dict[int, tuple[int, int | None]] = {}  # funder -> (type that reaches it, previous funder)
        queue: deque[tuple[int, int | None]] = deque([(t, None)])
        while queue:
            ty, via = queue.popleft()
            for fi in admit[ty]:
                if fi in seen_funders:
                    continue
                seen_funders.add(fi)
                parent[fi] = (ty, via)
                if rem_np[fi] >= price[fi]:
                    # Walk back: each moved type leaves the previous funder for this one.
                    moves, cur = [], fi
                    while True:
                        ty_cur, prev = parent[cur]
                        if prev is None:
                            break
                        moves.append((ty_cur, prev, cur))
                        cur = prev
                    last_path[(s, t)] = (fi, moves, cur)
                    augmented += 1
                    return shift(s, fi, moves, cur)
                dead_s = dead[s]
                for ty2, people in placed[s][fi].items():
                    # A dead type has no path to money, so no path runs through it either.
                    if people and ty2 not in seen_types and not dead_s[ty2]:
                        seen_types.add(ty2)
                        queue.append((ty2, fi))
        kill(s, seen_types)
        return None

    # One cell per (type, segment) the type can be paid in: [segment, pointer, admitting funders,
    # their prices, their buckets]. The buckets are the very lists in `placed`.
    cells: list[list] = []
    cell_of: list[dict[int, int]] = [{} for _ in segs]  # segment -> type -> cell index
    type_cells: list[list[int]] = [[] for _ in range(n_types)]
    for s in range(len(segs)):
        for t in range(n_types):
            admit = seg_admits[s][t]
            if not admit:
                continue
            buckets = [placed[s][fi].setdefault(t, []) for fi in admit]
            cell_of[s][t] = len(cells)
            type_cells[t].append(len(cells))
            cells.append([s, 0, admit, [prices[s][fi] for fi in admit], buckets, t])
    # The same state as arrays, for the bulk test below: the funder a cell's next unit goes to
    # (-1: dead, -2: every admitting funder is too poor, a path search is needed) and its price.
    cell_t = np.array([c[5] for c in cells], dtype=np.int64)
    cell_f = np.array([c[2][0] for c in cells], dtype=np.int64)
    cell_price = np.array([c[3][0] for c in cells], dtype=np.int64)
    rem_np = np.array(rem, dtype=np.int64)

    def advance(c: int) -> None:
        """Move a cell past funders that cannot pay one more unit (budgets never grow)."""
        cell = cells[c]
        k, admit, costs = cell[1], cell[2], cell[3]
        while k < len(admit) and rem_np[admit[k]] < costs[k]:
            k += 1
        cell[1] = k
        if k < len(admit):
            cell_f[c], cell_price[c] = admit[k], costs[k]
        elif cell_f[c] != -1:
            cell_f[c] = -2

    def kill(s: int, types) -> None:
        for ty in types:
            dead[s][ty] = 1
            c = cell_of[s].get(ty)
            if c is not None:
                cell_f[c] = -1

    def one_person(pi: int) -> None:
        """The greedy step for one person, unit by unit (used where budgets run out)."""
        for c in type_cells[person_types[pi]]:
            if cell_f[c] == -1:
                continue
            advance(c)
            if cell_f[c] >= 0:
                fi = int(cell_f[c])
                rem_np[fi] -= cell_price[c]
                cells[c][4][cells[c][1]].append(pi)
                continue
            s, t = cells[c][0], cells[c][5]
            fi = augment(s, t)
            if fi is not None:
                placed[s][fi][t].append(pi)

    order_all = np.array([pi for pi in range(n_people) if pi not in pinned], dtype=np.int64)
    types_all = np.asarray(person_types, dtype=np.int64)[order_all] if len(order_all) else np.zeros(0, np.int64)
    # The greedy takes units in priority order; where no budget can run out inside a block of
    # people, every unit of the block goes to its cell's current funder, exactly as one by one,
    # so the block is applied at once. A block that might exhaust a budget is halved until the
    # step is one person, which runs the one-by-one rule (with its path search).
    block = 65_536
    stack = [(a, min(a + block, len(order_all))) for a in range(0, len(order_all), block)][::-1]
    done = 0
    while stack:
        i, j = stack.pop()
        if i >= j:
            continue
        poor = np.nonzero((cell_f >= 0) & (rem_np[np.maximum(cell_f, 0)] < cell_price))[0]
        for c in poor.tolist():
            advance(c)
        chunk_types = types_all[i:j]
        counts = np.bincount(chunk_types, minlength=n_types)
        demand = counts[cell_t]
        live = (cell_f >= 0) & (demand > 0)
        needs_search = bool(np.any((cell_f == -2) & (demand > 0)))
        load = np.bincount(cell_f[live], weights=(demand[live] * cell_price[live]).astype(np.float64), minlength=n_f)
        if not needs_search and np.all(load <= rem_np):
            rem_np -= load.astype(np.int64)
            positions = order_all[i:j]
            sorted_pos = positions[np.argsort(chunk_types, kind="stable")]
            starts = np.concatenate(([0], np.cumsum(counts)))
            by_type: dict[int, list[int]] = {}
            for c in np.nonzero(live)[0].tolist():
                t = cells[c][5]
                people = by_type.get(t)
                if people is None:
                    people = by_type[t] = sorted_pos[starts[t] : starts[t + 1]].tolist()
                cells[c][4][cells[c][1]].extend(people)
        elif j - i == 1:
            one_person(int(order_all[i]))
        else:
            mid = (i + j) // 2
            stack.append((mid, j))
            stack.append((i, mid))
            continue
        done = max(done, j)
        if progress:
            progress(done, n_people)
    rem[:] = rem_np.tolist()

    covered = pinned_units
    rows_p, rows_f, rows_m = [], [], []
    for s, (a, b) in enumerate(segs):
        mask = _mask(a, b)
        for fi, by_type in enumerate(placed[s]):
            for people in by_type.values():
                if people:
                    rows_p.append(np.asarray(people, dtype=np.int64))
                    rows_f.append(np.full(len(people), fi, dtype=np.int64))
                    rows_m.append(np.full(len(people), mask, dtype=np.int64))
                    covered += len(people) * (b - a + 1)
    for pi, by_funder in enumerate(funded):
        for fi, mask in by_funder.items():
            rows_p.append(np.array([pi], dtype=np.int64))
            rows_f.append(np.array([fi], dtype=np.int64))
            rows_m.append(np.array([mask], dtype=np.int64))
    if rows_p:
        person, funder, masks = np.concatenate(rows_p), np.concatenate(rows_f), np.concatenate(rows_m)
        # Months of one person with one funder come from several segments: OR them into one row.
        key = person * max(n_f, 1) + funder
        order = np.argsort(key, kind="stable")
        key, masks = key[order], masks[order]
        first = np.concatenate(([True], key[1:] != key[:-1]))
        starts = np.nonzero(first)[0]
        masks = np.bitwise_or.reduceat(masks, starts)
        person, funder = key[starts] // max(n_f, 1), key[starts] % max(n_f, 1)
    else:
        person = funder = masks = np.zeros(0, dtype=np.int64)
    admissible = [bool(admits[person_types[pi]]) for pi in range(n_people)]
    spent = [f.budget - r for f, r in zip(funders, rem, strict=True)]
    if progress:
        progress(n_people, n_people)
    return Result(
        person=person,
        funder=funder,
        mask=masks,
        admissible=admissible,
        spent=spent,
        person_months=covered,
        stats={"segments": len(segs), "searches": searches, "augmented": augmented, "types": n_types},
    )
