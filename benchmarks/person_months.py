"""The previous allocation objective (person-months), kept only for `benchmarks.funding`'s comparison.

Issue 9 changed the product's objective to people covered for a funder's whole period
(`lindung.funding.allocation`). This is the solver as it was before that change, unchanged,
so the benchmark can report on the same budgets how many people each objective protects.
Nothing in `lindung` imports it.

Assign people to funders: pure, deterministic, no Django.

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
When funders charge different amounts or cover different months, the
segments share budgets and the same greedy is a sound heuristic rather than a
proof: it never breaks a rule, but a cleverer split of a budget across segments
might cover a few more months.

Prices by month and type (PP 50/2025). A funder may charge by month and by the
type's price class (`FunderSpec.prices`, `allocate(type_class=...)`): a sponsor
pays half for transport workers from January 2026 and for everyone else from
April, the APBD always pays in full. Segments are also cut where a price
changes, so a price is uniform within a (segment, funder, type). Where, in a
segment, every funder charges the same for every type (it may charge more than
another funder), all of the above holds as before and the code takes the same
steps. Where a funder's price depends on the type (a "mixed" segment), moving a
unit along a path changes the money of the funders on it: one that gives up a
cheap unit and receives a dear one pays the difference, one that swaps the other
way gets money back. The rule kept there is simple and sound: a path is used
only if every funder on it can pay for its own exchange (the search reaches a
funder through one type and lets it receive another only if its money plus the
price of what it passes on covers it; `valid` re-checks a cached path for the
new unit's type), so no budget is ever exceeded. This is a heuristic, not the
exact greedy: the search fixes what each funder passes on when it first reaches
it, a funder that got money back is not revisited by cells that passed it, and a
failed search marks dead only the types reached through exchanges that cost the
funder nothing more. The tests compare it on random cases with the same
priority greedy run with an exact (HiGHS) test, and with the exact optimum.

Speed: where no budget can run out inside a block of people, the one-by-one
greedy would send every unit to its cell's current funder, so the block is
applied at once with NumPy. Where budgets are short, the block is still tried
whole: its units go to funders with money and the rest are re-routed along
augmenting paths, each path carrying as many units as its emptiest bucket and
its end's money allow. If every unit fits, the greedy would have kept each of
them one by one too (in a matroid, a subset of an independent set is
independent), so the block stands; if one does not, the block is undone exactly
(an undo log over stack-like buckets) and halved, down to single people, where
the one-by-one rule runs. Before halving, the (segment, type) that did not fit
is searched again without the block: if it has no path even then, it is dead
for the greedy too, so it is marked dead and the block retried. The search runs
backwards from the funders that still have money (few, once budgets are short)
and stops at the first funder that admits the new unit. A path found by a
search is kept for every funder on it (the part after a funder does not
depend on the new unit's type), and reused while each bucket on it still holds
a unit and its end still has money, so one search serves many types. Which
path is used changes who pays within a (type, segment), never who is paid.
When segments share budgets (the heuristic case above), taking a block whole
is part of the heuristic: every rule still holds, but who pays inside a block
can leave a funder's money to a different segment than one by one would, so
the months covered may differ slightly either way.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise

import numpy as np


@dataclass(frozen=True)
class FunderSpec:
    key: int  # the caller's id
    budget: int  # rupiah
    monthly_cost: int  # rupiah per person-month (when `prices` is None)
    first_month: int  # 1-based, inclusive
    last_month: int  # 1-based, inclusive
    accepts: Callable[[object], bool]  # takes a person type (the caller's key), True if admitted
    # Per price class (see `allocate(type_class=...)`), the price of one person-month in each month
    # of the period, month 1 first; None: `monthly_cost` in every month for every class.
    prices: tuple[tuple[int, ...], ...] | None = None

    def month_prices(self, price_class: int, months: int) -> tuple[int, ...]:
        if self.prices is None:
            return (self.monthly_cost,) * months
        return tuple(self.prices[price_class][:months])


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
    # Per row: what its months cost at its funder for its person's price class.
    amount: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
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
    """Split 1..months at every funder's boundaries and price changes into [first, last] ranges."""
    cuts = {1, months + 1}
    for f in funders:
        cuts.add(max(1, min(f.first_month, months + 1)))
        cuts.add(max(1, min(f.last_month + 1, months + 1)))
        # A price is uniform within a segment (for each funder and class): cut where it changes.
        for row in f.prices or ():
            cuts.update(m for m in range(2, min(months, len(row)) + 1) if row[m - 1] != row[m - 2])
    edges = sorted(cuts)
    return [(a, b - 1) for a, b in pairwise(edges) if a <= months]


def _row_amounts(month_prices, funder: np.ndarray, price_class: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Per row, the sum of its months' prices at its funder for its price class."""
    table = np.array(month_prices, dtype=np.int64)  # funder, class, month
    n_f, n_cls, months = table.shape if table.size else (0, 1, 0)
    flat = table.reshape(n_f * n_cls, months)
    which = funder * n_cls + price_class
    if months == 0 or len(masks) == 0:
        return np.zeros(len(masks), dtype=np.int64)
    if np.all(flat == flat[:, :1]):
        # One price all period for every funder and class (no PP 50/2025 window inside it).
        return np.bitwise_count(masks).astype(np.int64) * flat[which, 0]
    keys, inverse = np.unique((which << months) | masks, return_inverse=True)
    amounts = [sum(int(flat[k >> months, m]) for m in range(months) if k >> m & 1) for k in (int(k) for k in keys)]
    return np.asarray(amounts, dtype=np.int64)[inverse]


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
    type_class: Sequence[int] | None = None,
) -> Result:
    """Assign units to funders; `person_types[i]` indexes `type_keys`, people already in priority order.

    `type_class[t]` is type t's price class, the row of each funder's `prices` it pays (all 0 if None).
    """
    n_people = len(person_types)
    n_types = len(type_keys)
    tcls = list(type_class) if type_class is not None else [0] * n_types
    n_cls = max(tcls, default=0) + 1
    segs = segments_of(months, funders)
    # pr[s][fi][c]: what funder fi charges for one unit (one person, segment s) of price class c.
    month_prices = [[f.month_prices(c, months) for c in range(n_cls)] for f in funders]
    pr = [[tuple(sum(rows[c][a - 1 : b]) for c in range(n_cls)) for rows in month_prices] for a, b in segs]
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

    # The reverse of seg_admits (which types each funder admits in a segment), the funders that
    # cover each segment and their prices there, for the backward path search.
    seg_admitted: list[list[list[int]]] = []
    for per_type in seg_admits:
        by_funder: list[list[int]] = [[] for _ in funders]
        for t, admit in enumerate(per_type):
            for fi in admit:
                by_funder[fi].append(t)
        seg_admitted.append(by_funder)
    seg_cover = [
        np.array([fi for fi, f in enumerate(funders) if f.first_month <= a and b <= f.last_month], dtype=np.int64)
        for a, b in segs
    ]
    # The cheapest unit a funder may still take, to find the funders with money; and whether a funder
    # covering the segment charges different prices for different types (the heuristic case).
    seg_price = [np.array([min(p) for p in pr_s], dtype=np.int64) for pr_s in pr]
    mixed = [any(len(set(pr[s][fi])) > 1 for fi in seg_cover[s].tolist()) for s in range(len(segs))]

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
        for s, (a, b) in enumerate(segs):
            if f.first_month <= a and b <= f.last_month:
                price = pr[s][fi][tcls[person_types[pi]]]
                if rem[fi] < price:
                    raise PinError(pi, fi, "budget")
                rem[fi] -= price
                funded[pi][fi] = funded[pi].get(fi, 0) | _mask(a, b)
                pinned_units += b - a + 1

    # placed[s][fi][t] = people of type t paid by fi in segment s (movable by augmenting paths).
    placed: list[list[dict[int, list[int]]]] = [[{} for _ in funders] for _ in segs]
    dead = [bytearray(n_types) for _ in segs]
    searches = 0
    augmented = 0
    blocks_tried = 0
    blocks_retried = 0
    failed_at = [0, 0]  # the (segment, type) whose unit did not fit in the last undone block
    blocks_failed = 0

    # The last path to money that worked from a funder, per segment: the part of a path after its
    # first funder does not depend on the new unit's type, so one search serves every type that
    # funder admits, and under heavy competition the same re-routing serves many people in a row.
    # A cached path is used only while it is still valid (each bucket on it holds a unit and every
    # funder on it can still pay for its exchange). Any valid path keeps the greedy exact when
    # prices do not depend on the type: which path is used changes who pays, never who is paid.
    # A path is (terminal funder, moves, first funder, money): moves (type, from, to) are listed
    # from the terminal back; money lists (funder, rupiah) for every funder after the first whose
    # spending a unit along the path changes (with type-independent prices: the terminal alone).
    path_from: dict[tuple[int, int], tuple[int, list[tuple[int, int, int]], int, list[tuple[int, int]]]] = {}

    def first_change(s: int, t: int, path) -> int:
        """What the path's first funder spends more when it takes a unit of type t and passes one on."""
        _, moves, first, _ = path
        pr_first = pr[s][first]
        return pr_first[tcls[t]] - (pr_first[tcls[moves[-1][0]]] if moves else 0)

    def valid(s: int, t: int, path) -> bool:
        _, moves, first, money = path
        for fi, amount in money:
            if amount > 0 and rem_np[fi] < amount:
                return False
        placed_s = placed[s]
        if not all(placed_s[prev][ty] for ty, prev, _ in moves):
            return False
        d = first_change(s, t, path)
        return d <= 0 or rem_np[first] >= d

    def find_path(s: int, t: int):
        """A path from type t to a funder with money for one more unit in segment s.

        Returns (terminal funder, moves, first funder, money) or, when there is none, the set of
        types to mark dead (with type-independent prices, none of them has a path either).
        """
        nonlocal searches
        placed_s = placed[s]
        mixed_s = mixed[s]
        for fi in seg_admits[s][t]:
            cached = path_from.get((s, fi))
            if cached is None:
                continue
            if mixed_s:
                if valid(s, t, cached):
                    return cached
                continue
            # Type-independent prices: only the terminal's money changes (the hot path, kept inline).
            money = cached[3]
            if (not money or rem_np[money[0][0]] >= money[0][1]) and all(
                placed_s[prev][ty] for ty, prev, _ in cached[1]
            ):
                return cached
        searches += 1
        # Search backwards from the funders that still have money: they are few once budgets
        # are short, and a funder that takes almost everyone (the regency) is usually one step
        # from them, so the search ends after a handful of types instead of scanning them all.
        cover = seg_cover[s]
        rich = cover[rem_np[cover] >= seg_price[s][cover]].tolist()
        targets = set(seg_admits[s][t])
        dead_s = dead[s]
        pr_s = pr[s]
        c_t = tcls[t]
        came_from: dict[int, tuple[int, int] | None] = dict.fromkeys(rich)  # funder -> (type, next funder)
        # With type-dependent prices, what each funder reached may spend on the unit it receives:
        # its money, plus the price of the unit it passes on. With type-independent prices every
        # check below holds by construction, so they are skipped.
        credit: dict[int, int] = {fi: int(rem_np[fi]) for fi in rich} if mixed_s else {}
        seen_back: set[int] = set()
        found_at = next((fi for fi in rich if fi in targets and (not mixed_s or pr_s[fi][c_t] <= credit[fi])), None)
        queue = deque(rich)
        while queue and found_at is None and not mixed_s:
            to = queue.popleft()
            for ty in seg_admitted[s][to]:
                # A dead type has no path to money, so no path runs through it either.
                if ty in seen_back or dead_s[ty]:
                    continue
                seen_back.add(ty)
                for holder in seg_admits[s][ty]:
                    if holder not in came_from and placed_s[holder].get(ty):
                        came_from[holder] = (ty, to)
                        queue.append(holder)
                        if holder in targets:
                            found_at = holder
                            break
                if found_at is not None:
                    break
        # The same search where prices depend on the type, checking each funder's money on the way.
        while queue and found_at is None and mixed_s:
            to = queue.popleft()
            for ty in seg_admitted[s][to]:
                if ty in seen_back or dead_s[ty]:
                    continue
                if pr_s[to][tcls[ty]] > credit[to]:
                    continue  # `to` cannot afford a unit of this type; another funder may
                seen_back.add(ty)
                for holder in seg_admits[s][ty]:
                    if holder not in came_from and placed_s[holder].get(ty):
                        came_from[holder] = (ty, to)
                        queue.append(holder)
                        credit[holder] = int(rem_np[holder]) + pr_s[holder][tcls[ty]]
                        if holder in targets and pr_s[holder][c_t] <= credit[holder]:
                            found_at = holder
                            break
                if found_at is not None:
                    break
        if found_at is not None:
            # Walk forward to the funder with money; moves are listed from that end back.
            forward, cur = [], found_at
            while came_from[cur] is not None:
                ty, nxt = came_from[cur]
                forward.append((ty, cur, nxt))
                cur = nxt
            moves = forward[::-1]
            # Every funder on the path keeps its tail as its own cached path to money; the money
            # of a tail is that of the funders after its first (the first's depends on what it takes).
            money: list[tuple[int, int]] = []
            for n, (ty, prev, nxt) in enumerate(moves):
                passed_on = pr_s[nxt][tcls[moves[n - 1][0]]] if n else 0
                change = pr_s[nxt][tcls[ty]] - passed_on
                if change:
                    money = [*money, (nxt, change)]
                path_from[(s, prev)] = (cur, moves[: n + 1], prev, money)
            if not moves:
                return (found_at, [], found_at, [])
            return path_from[(s, found_at)]
        # No path. With type-independent prices no funder t can reach has money either: the types
        # a forward search reaches from t are all without a path, and are returned to be marked
        # dead. With type-dependent prices that holds only through an exchange that costs the
        # funder nothing more (the type reached is at least as dear as the one taking its place),
        # so the search crosses only those; the rest is left to its own search (heuristic).
        seen_types = {t}
        seen_funders: set[int] = set()
        forward_queue = deque([t])
        while forward_queue:
            ty = forward_queue.popleft()
            for fi in seg_admits[s][ty]:
                if fi in seen_funders:
                    continue
                seen_funders.add(fi)
                for ty2, people in placed_s[fi].items():
                    if people and ty2 not in seen_types and not dead_s[ty2]:
                        if mixed_s and pr_s[fi][tcls[ty]] > pr_s[fi][tcls[ty2]]:
                            continue
                        seen_types.add(ty2)
                        forward_queue.append(ty2)
        return seen_types

    def shift(s: int, t: int, path, want: int, undo: list | None) -> tuple[int, int]:
        """Push up to `want` units along a path for new units of type t; returns (units, first funder).

        Moving k units along one path is k single augmentations along the same path, each of
        which stays valid while every bucket on it still holds a unit and every funder on it
        can still pay for its exchange. The caller places the new units at the first funder.
        """
        _, moves, first, money = path
        # With type-independent prices the first funder swaps like for like (unless it is the end).
        changes = [*money, (first, first_change(s, t, path))] if mixed[s] or not moves else money
        k = want
        for fi, amount in changes:
            if amount > 0:
                k = min(k, int(rem_np[fi] // amount))
        for ty, prev, _ in moves:
            k = min(k, len(placed[s][prev][ty]))
        spent = tuple((fi, k * amount) for fi, amount in changes if amount)
        for fi, amount in spent:
            rem_np[fi] -= amount
        for ty, prev, cur in moves:
            src = placed[s][prev][ty]
            placed[s][cur][ty].extend(src[len(src) - k :])
            del src[len(src) - k :]
        if undo is not None:
            undo.append((s, spent, moves, k))
        return k, first

    def append(s: int, fi: int, t: int, people: list[int], undo: list) -> None:
        """New units of type t at funder fi (already paid for), logged as a move from outside any funder."""
        placed[s][fi][t].extend(people)
        undo.append((s, (), ((t, -1, fi),), len(people)))

    def rollback(undo: list) -> None:
        """Undo a block that did not fit: every list is a stack, so undoing in reverse restores it exactly."""
        for s, spent, moves, k in reversed(undo):
            for fi, amount in spent:
                rem_np[fi] += amount
            if moves is None:
                continue
            for ty, prev, cur in reversed(moves):
                dst = placed[s][cur][ty]
                if prev >= 0:
                    placed[s][prev][ty].extend(dst[len(dst) - k :])
                del dst[len(dst) - k :]

    def augment(s: int, t: int) -> int | None:
        """One unit of type t in segment s: shift along a path and return its first funder, or None."""
        nonlocal augmented
        found = find_path(s, t)
        if isinstance(found, set):
            kill(s, found)
            return None
        augmented += 1
        return shift(s, t, found, 1, None)[1]

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
            cells.append([s, 0, admit, [pr[s][fi][tcls[t]] for fi in admit], buckets, t])
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

    def try_block(i: int, j: int, chunk_types, counts, demand) -> bool:
        """Place every unit of people i..j-1 at once, re-routing by whole paths; undo all if one does not fit.

        When every unit of a block fits together with those already placed, the one-by-one greedy
        keeps each of them too (a subset of a payable set is payable), so the block's outcome is the
        greedy's. Only who pays inside a (type, segment) may differ, which never changes who is paid.
        """
        nonlocal augmented, blocks_tried, blocks_failed
        blocks_tried += 1
        positions = order_all[i:j]
        sorted_pos = positions[np.argsort(chunk_types, kind="stable")]
        starts = np.concatenate(([0], np.cumsum(counts)))
        by_type: dict[int, list[int]] = {}
        undo: list = []
        paths = 0
        for c in np.nonzero((cell_f != -1) & (demand > 0))[0].tolist():
            s, k0, admit, costs, _, t = cells[c]
            people = by_type.get(t)
            if people is None:
                people = by_type[t] = sorted_pos[starts[t] : starts[t + 1]].tolist()
            pos, d = 0, len(people)
            for idx in range(k0, len(admit)):
                fi, cost = admit[idx], costs[idx]
                take = min(int(rem_np[fi] // cost), d - pos)
                if take <= 0:
                    continue
                rem_np[fi] -= take * cost
                undo.append((s, ((fi, take * cost),), None, 0))
                append(s, fi, t, people[pos : pos + take], undo)
                pos += take
                if pos == d:
                    break
            while pos < d:
                found = find_path(s, t)
                if isinstance(found, set):
                    rollback(undo)
                    blocks_failed += 1
                    failed_at[:] = [s, t]
                    return False
                k, first = shift(s, t, found, d - pos, undo)
                append(s, first, t, people[pos : pos + k], undo)
                pos += k
                paths += 1
        augmented += paths
        return True

    order_all = np.array([pi for pi in range(n_people) if pi not in pinned], dtype=np.int64)
    types_np = np.asarray(person_types, dtype=np.int64)
    types_all = types_np[order_all] if len(order_all) else np.zeros(0, np.int64)
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
        elif not try_block(i, j, chunk_types, counts, demand):
            seg, ty = failed_at
            found = find_path(seg, ty)
            if isinstance(found, set):
                # No path even before this block: the next person of this type would find the
                # (type, segment) dead one by one, so it is marked dead now and the block tried again.
                kill(seg, found)
                blocks_retried += 1
                stack.append((i, j))
                continue
            mid = (i + j) // 2
            stack.append((mid, j))
            stack.append((i, mid))
            continue
        done = max(done, j)
        if progress:
            progress(done, n_people)
    rem[:] = rem_np.tolist()

    covered = pinned_units
    # One entry per bucket (people of one type at one funder in one segment), expanded at once.
    buckets: list[list[int]] = []
    bucket_f, bucket_m, sizes = [], [], []
    for s, (a, b) in enumerate(segs):
        mask = _mask(a, b)
        for fi, by_type in enumerate(placed[s]):
            for people in by_type.values():
                if people:
                    buckets.append(people)
                    bucket_f.append(fi)
                    bucket_m.append(mask)
                    sizes.append(len(people))
                    covered += len(people) * (b - a + 1)
    for pi, by_funder in enumerate(funded):
        for fi, mask in by_funder.items():
            buckets.append([pi])
            bucket_f.append(fi)
            bucket_m.append(mask)
            sizes.append(1)
    if buckets:
        counts = np.array(sizes, dtype=np.int64)
        person = np.fromiter(chain.from_iterable(buckets), dtype=np.int64, count=int(counts.sum()))
        funder = np.repeat(np.array(bucket_f, dtype=np.int64), counts)
        masks = np.repeat(np.array(bucket_m, dtype=np.int64), counts)
        # Months of one person with one funder come from several segments: OR them into one row.
        key = person * max(n_f, 1) + funder
        order = np.argsort(key, kind="stable")
        key, masks = key[order], masks[order]
        first = np.concatenate(([True], key[1:] != key[:-1]))
        starts = np.nonzero(first)[0]
        masks = np.bitwise_or.reduceat(masks, starts)
        person, funder = key[starts] // max(n_f, 1), key[starts] % max(n_f, 1)
        amounts = _row_amounts(month_prices, funder, np.asarray(tcls, dtype=np.int64)[types_np[person]], masks)
    else:
        person = funder = masks = amounts = np.zeros(0, dtype=np.int64)
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
        amount=amounts,
        stats={
            "segments": len(segs),
            "mixed_segments": sum(mixed),
            "searches": searches,
            "augmented": augmented,
            "types": n_types,
            "blocks": blocks_tried,
            "blocks_undone": blocks_failed,
            "blocks_retried": blocks_retried,
        },
    )
