"""Assign people to funders: pure, deterministic, no Django.

The problem, per programme year: people come in the regency's priority order
(categories first, then proposal date); each funder has a budget, a price per
person-month (by month and by the person's price class, PP 50/2025), a period
(its first to its last month) and restrictions (village, district, occupation).
The objective protects people, not months (issue 9): as many people as possible,
each covered for the whole period of exactly one funder, the higher priority
first, no budget exceeded. A regency or a village fund sized for 100 people for a
year covers 100 people for twelve months, not 400 for three.

Whole covers (every funder). A person is one unit; funder f takes a unit of
price class c at the price of f's whole period for c. When every funder charges
the same for every unit it admits (funders may differ from each other: a 6-month
fund costs half a 12-month one), the sets of people that can be covered at once
form a transversal matroid (capacitated bipartite matching, a funder's capacity
being its budget over its price), so the greedy rule "take people in priority
order, keep one if the chosen set stays payable" covers the most people and,
among all such sets, the best one in priority order (Rado–Edmonds). "Stays
payable" is tested with an augmenting path: a person may push an already placed
person to a different funder that still has money. People who share a village and
an occupation are interchangeable, so the search runs on those "types" (a few
thousand) rather than on people, and a type whose search fails can never succeed
later (budgets only shrink), so it is marked dead along with every type the
failed search reached.

Prices that depend on the type (a sponsor pays half for transport workers from
January 2026 and for everyone else from April, the APBD always pays in full):
moving a person along a path then changes the money of the funders on it. The
rule kept there is simple and sound: a path is used only if every funder on it
can pay for its own exchange (the search reaches a funder through one type and
lets it receive another only if its money plus the price of what it passes on
covers it; `valid` re-checks a cached path for the new person's type), so no
budget is ever exceeded. This is a heuristic, not the exact greedy: the search
fixes what each funder passes on when it first reaches it, and a failed search
marks dead only the types reached through exchanges that cost the funder nothing
more. The tests compare it on random cases with the same priority greedy run
with an exact (HiGHS) test.

Split covers (only funders with `allow_split`, the funder's explicit choice).
What such funders have left after the whole covers may pay some months of people
nobody covers: in priority order, each such person takes month by month from the
first split funder (in preference order) that covers the month, admits them and
can still pay. The cover is kept only if it reaches `min_months` (BPJS counts a
Pemda worker fully only after 6 months of contributions); otherwise it is not
made and the person's type is done, since budgets only shrink and no later person
of that type could get more months. Then, with what is still left, people covered
whole for a period shorter than the programme (a sponsor paying April to September)
get their other months the same way, in priority order. Only the funder that pays
some months of a person must allow it: a whole cover stays its funder's whole period.

Speed: where no budget can run out inside a block of people, the one-by-one
greedy would send every person to its type's current funder, so the block is
applied at once with NumPy. Where budgets are short, the block is still tried
whole: its people go to funders with money and the rest are re-routed along
augmenting paths, each path carrying as many people as its emptiest bucket and
its end's money allow. If every person fits, the greedy would have kept each of
them one by one too (in a matroid, a subset of an independent set is
independent), so the block stands; if one does not, the block is undone exactly
(an undo log over stack-like buckets) and halved, down to single people, where
the one-by-one rule runs. Before halving, the type that did not fit is searched
again without the block: if it has no path even then, it is dead for the greedy
too, so it is marked dead and the block retried. The search runs backwards from
the funders that still have money (few, once budgets are short) and stops at the
first funder that admits the new person. A path found by a search is kept for
every funder on it (the part after a funder does not depend on the new person's
type), and reused while each bucket on it still holds a person and its end still
has money, so one search serves many types. Which path is used changes who pays
for a type, never who is covered.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain

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
    # May its money pay some months of a person, alone or with other such funders (never the default)?
    allow_split: bool = False

    def month_prices(self, price_class: int, months: int) -> tuple[int, ...]:
        if self.prices is None:
            return (self.monthly_cost,) * months
        return tuple(self.prices[price_class][:months])

    @property
    def mask(self) -> int:
        """Its whole period as a month bitmask (bit 0 = month 1)."""
        return _mask(self.first_month, self.last_month)


@dataclass
class Result:
    # One row per (person, funder), sorted by person then funder: person index (input order),
    # funder index, month bitmask.
    person: np.ndarray
    funder: np.ndarray
    mask: np.ndarray
    # Per person: True if some funder admits the person at all (to tell "no funder" from "no money").
    admissible: list[bool]
    spent: list[int]  # per funder, rupiah
    person_months: int
    # Per row: what its months cost at its funder for its person's price class.
    amount: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Per row: True for a whole cover (its funder's whole period; at most one per person). A person's
    # other rows, if any, are months from funders that allow splitting.
    whole: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    stats: dict = field(default_factory=dict)

    @property
    def funded(self) -> list[dict[int, int]]:
        """Per person {funder index: month bitmask}; convenient for small cases and tests."""
        out: list[dict[int, int]] = [{} for _ in self.admissible]
        for p, f, m in zip(self.person.tolist(), self.funder.tolist(), self.mask.tolist(), strict=True):
            out[p][f] = m
        return out

    @property
    def people_whole(self) -> int:
        return int(self.whole.sum())


class PinError(ValueError):
    def __init__(self, person_index: int, funder_index: int, reason: str):
        super().__init__(reason)
        self.person_index = person_index
        self.funder_index = funder_index
        self.reason = reason


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
    min_months: int = 1,
) -> Result:
    """Cover people for whole funder periods; `person_types[i]` indexes `type_keys`, people in priority order.

    `type_class[t]` is type t's price class, the row of each funder's `prices` it pays (all 0 if None).
    `min_months` is the fewest months a split cover may give a person (capped at `months`).
    A pinned person (`pinned[person] = funder`) is covered by that funder first, whatever the order.
    """
    n_people = len(person_types)
    n_types = len(type_keys)
    n_f = len(funders)
    tcls = list(type_class) if type_class is not None else [0] * n_types
    n_cls = max(tcls, default=0) + 1
    month_prices = [[f.month_prices(c, months) for c in range(n_cls)] for f in funders]
    # pr[fi][c]: what funder fi charges to cover one person of price class c for its whole period.
    pr = [
        tuple(sum(rows[c][f.first_month - 1 : f.last_month]) for c in range(n_cls))
        for f, rows in zip(funders, month_prices, strict=True)
    ]
    rem_np = np.array([f.budget for f in funders], dtype=np.int64)

    # Which funders admit each type, in preference order (the caller passes funders in that order),
    # computed once per type, not per person; and the reverse, for the backward path search.
    admits = [[fi for fi in range(n_f) if funders[fi].accepts(type_keys[t])] for t in range(n_types)]
    admitted: list[list[int]] = [[] for _ in funders]
    for t, admit in enumerate(admits):
        for fi in admit:
            admitted[fi].append(t)
    # The cheapest person a funder may still take, to find the funders with money; and whether some
    # funder charges different prices for different types (the heuristic case).
    cheapest = np.array([min(p) for p in pr], dtype=np.int64)
    mixed = any(len(set(p)) > 1 for p in pr)

    pinned = pinned or {}
    pinned_rows: list[tuple[int, int]] = []
    # Pinned people first: a hand decision outranks the priority order and is never moved.
    for pi in sorted(pinned):
        fi = pinned[pi]
        if not funders[fi].accepts(type_keys[person_types[pi]]):
            raise PinError(pi, fi, "restriction")
        price = pr[fi][tcls[person_types[pi]]]
        if rem_np[fi] < price:
            raise PinError(pi, fi, "budget")
        rem_np[fi] -= price
        pinned_rows.append((pi, fi))

    # placed[fi][t] = people of type t covered by fi (movable by augmenting paths).
    placed: list[dict[int, list[int]]] = [{} for _ in funders]
    dead = bytearray(n_types)
    searches = 0
    augmented = 0
    blocks_tried = 0
    blocks_retried = 0
    failed_at = [0]  # the type whose person did not fit in the last undone block
    blocks_failed = 0

    # The last path to money that worked from a funder: the part of a path after its first funder
    # does not depend on the new person's type, so one search serves every type that funder admits,
    # and under heavy competition the same re-routing serves many people in a row. A cached path is
    # used only while it is still valid (each bucket on it holds a person and every funder on it
    # can still pay for its exchange). Any valid path keeps the greedy exact when prices do not
    # depend on the type: which path is used changes who pays, never who is covered.
    # A path is (terminal funder, moves, first funder, money): moves (type, from, to) are listed
    # from the terminal back; money lists (funder, rupiah) for every funder after the first whose
    # spending a person along the path changes (with type-independent prices: the terminal alone).
    path_from: dict[int, tuple[int, list[tuple[int, int, int]], int, list[tuple[int, int]]]] = {}

    def first_change(t: int, path) -> int:
        """What the path's first funder spends more when it takes a person of type t and passes one on."""
        _, moves, first, _ = path
        pr_first = pr[first]
        return pr_first[tcls[t]] - (pr_first[tcls[moves[-1][0]]] if moves else 0)

    def valid(t: int, path) -> bool:
        _, moves, first, money = path
        for fi, amount in money:
            if amount > 0 and rem_np[fi] < amount:
                return False
        if not all(placed[prev][ty] for ty, prev, _ in moves):
            return False
        d = first_change(t, path)
        return d <= 0 or rem_np[first] >= d

    def find_path(t: int):
        """A path from type t to a funder with money for one more person.

        Returns (terminal funder, moves, first funder, money) or, when there is none, the set of
        types to mark dead (with type-independent prices, none of them has a path either).
        """
        nonlocal searches
        for fi in admits[t]:
            cached = path_from.get(fi)
            if cached is None:
                continue
            if mixed:
                if valid(t, cached):
                    return cached
                continue
            # Type-independent prices: only the terminal's money changes (the hot path, kept inline).
            money = cached[3]
            if (not money or rem_np[money[0][0]] >= money[0][1]) and all(placed[prev][ty] for ty, prev, _ in cached[1]):
                return cached
        searches += 1
        # Search backwards from the funders that still have money: they are few once budgets
        # are short, and a funder that takes almost everyone (the regency) is usually one step
        # from them, so the search ends after a handful of types instead of scanning them all.
        rich = np.nonzero(rem_np >= cheapest)[0].tolist()
        targets = set(admits[t])
        c_t = tcls[t]
        came_from: dict[int, tuple[int, int] | None] = dict.fromkeys(rich)  # funder -> (type, next funder)
        # With type-dependent prices, what each funder reached may spend on the person it receives:
        # its money, plus the price of the person it passes on. With type-independent prices every
        # check below holds by construction, so they are skipped.
        credit: dict[int, int] = {fi: int(rem_np[fi]) for fi in rich} if mixed else {}
        seen_back: set[int] = set()
        found_at = next((fi for fi in rich if fi in targets and (not mixed or pr[fi][c_t] <= credit[fi])), None)
        queue = deque(rich)
        while queue and found_at is None and not mixed:
            to = queue.popleft()
            for ty in admitted[to]:
                # A dead type has no path to money, so no path runs through it either.
                if ty in seen_back or dead[ty]:
                    continue
                seen_back.add(ty)
                for holder in admits[ty]:
                    if holder not in came_from and placed[holder].get(ty):
                        came_from[holder] = (ty, to)
                        queue.append(holder)
                        if holder in targets:
                            found_at = holder
                            break
                if found_at is not None:
                    break
        # The same search where prices depend on the type, checking each funder's money on the way.
        while queue and found_at is None and mixed:
            to = queue.popleft()
            for ty in admitted[to]:
                if ty in seen_back or dead[ty]:
                    continue
                if pr[to][tcls[ty]] > credit[to]:
                    continue  # `to` cannot afford a person of this type; another funder may
                seen_back.add(ty)
                for holder in admits[ty]:
                    if holder not in came_from and placed[holder].get(ty):
                        came_from[holder] = (ty, to)
                        queue.append(holder)
                        credit[holder] = int(rem_np[holder]) + pr[holder][tcls[ty]]
                        if holder in targets and pr[holder][c_t] <= credit[holder]:
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
                passed_on = pr[nxt][tcls[moves[n - 1][0]]] if n else 0
                change = pr[nxt][tcls[ty]] - passed_on
                if change:
                    money = [*money, (nxt, change)]
                path_from[prev] = (cur, moves[: n + 1], prev, money)
            if not moves:
                return (found_at, [], found_at, [])
            return path_from[found_at]
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
            for fi in admits[ty]:
                if fi in seen_funders:
                    continue
                seen_funders.add(fi)
                for ty2, people in placed[fi].items():
                    if people and ty2 not in seen_types and not dead[ty2]:
                        if mixed and pr[fi][tcls[ty]] > pr[fi][tcls[ty2]]:
                            continue
                        seen_types.add(ty2)
                        forward_queue.append(ty2)
        return seen_types

    def shift(t: int, path, want: int, undo: list | None) -> tuple[int, int]:
        """Push up to `want` people along a path for new people of type t; returns (people, first funder).

        Moving k people along one path is k single augmentations along the same path, each of
        which stays valid while every bucket on it still holds a person and every funder on it
        can still pay for its exchange. The caller places the new people at the first funder.
        """
        _, moves, first, money = path
        # With type-independent prices the first funder swaps like for like (unless it is the end).
        changes = [*money, (first, first_change(t, path))] if mixed or not moves else money
        k = want
        for fi, amount in changes:
            if amount > 0:
                k = min(k, int(rem_np[fi] // amount))
        for ty, prev, _ in moves:
            k = min(k, len(placed[prev][ty]))
        spent = tuple((fi, k * amount) for fi, amount in changes if amount)
        for fi, amount in spent:
            rem_np[fi] -= amount
        for ty, prev, cur in moves:
            src = placed[prev][ty]
            placed[cur][ty].extend(src[len(src) - k :])
            del src[len(src) - k :]
        if undo is not None:
            undo.append((spent, moves, k))
        return k, first

    def append(fi: int, t: int, people: list[int], undo: list) -> None:
        """New people of type t at funder fi (already paid for), logged as a move from outside any funder."""
        placed[fi][t].extend(people)
        undo.append(((), ((t, -1, fi),), len(people)))

    def rollback(undo: list) -> None:
        """Undo a block that did not fit: every list is a stack, so undoing in reverse restores it exactly."""
        for spent, moves, k in reversed(undo):
            for fi, amount in spent:
                rem_np[fi] += amount
            if moves is None:
                continue
            for ty, prev, cur in reversed(moves):
                dst = placed[cur][ty]
                if prev >= 0:
                    placed[prev][ty].extend(dst[len(dst) - k :])
                del dst[len(dst) - k :]

    def augment(t: int) -> int | None:
        """One person of type t: shift along a path and return its first funder, or None."""
        nonlocal augmented
        found = find_path(t)
        if isinstance(found, set):
            kill(found)
            return None
        augmented += 1
        return shift(t, found, 1, None)[1]

    # One cell per type some funder admits: [pointer, admitting funders, their prices, their
    # buckets, type]. The buckets are the very lists in `placed`.
    cells: list[list] = []
    cell_of: dict[int, int] = {}  # type -> cell index
    for t in range(n_types):
        admit = admits[t]
        if not admit:
            continue
        buckets = [placed[fi].setdefault(t, []) for fi in admit]
        cell_of[t] = len(cells)
        cells.append([0, admit, [pr[fi][tcls[t]] for fi in admit], buckets, t])
    # The same state as arrays, for the bulk test below: the funder a cell's next person goes to
    # (-1: dead, -2: every admitting funder is too poor, a path search is needed) and its price.
    cell_t = np.array([c[4] for c in cells], dtype=np.int64)
    cell_f = np.array([c[1][0] for c in cells], dtype=np.int64)
    cell_price = np.array([c[2][0] for c in cells], dtype=np.int64)

    def advance(c: int) -> None:
        """Move a cell past funders that cannot pay one more person (budgets never grow)."""
        cell = cells[c]
        k, admit, costs = cell[0], cell[1], cell[2]
        while k < len(admit) and rem_np[admit[k]] < costs[k]:
            k += 1
        cell[0] = k
        if k < len(admit):
            cell_f[c], cell_price[c] = admit[k], costs[k]
        elif cell_f[c] != -1:
            cell_f[c] = -2

    def kill(types) -> None:
        for ty in types:
            dead[ty] = 1
            c = cell_of.get(ty)
            if c is not None:
                cell_f[c] = -1

    def one_person(pi: int) -> None:
        """The greedy step for one person (used where budgets run out)."""
        c = cell_of.get(person_types[pi])
        if c is None or cell_f[c] == -1:
            return
        advance(c)
        if cell_f[c] >= 0:
            rem_np[cell_f[c]] -= cell_price[c]
            cells[c][3][cells[c][0]].append(pi)
            return
        t = cells[c][4]
        fi = augment(t)
        if fi is not None:
            placed[fi][t].append(pi)

    def try_block(i: int, j: int, chunk_types, counts, demand) -> bool:
        """Place every person of i..j-1 at once, re-routing by whole paths; undo all if one does not fit.

        When every person of a block fits together with those already placed, the one-by-one greedy
        keeps each of them too (a subset of a payable set is payable), so the block's outcome is the
        greedy's. Only who pays for a type may differ, which never changes who is covered.
        """
        nonlocal augmented, blocks_tried, blocks_failed
        blocks_tried += 1
        positions = order_all[i:j]
        sorted_pos = positions[np.argsort(chunk_types, kind="stable")]
        starts = np.concatenate(([0], np.cumsum(counts)))
        undo: list = []
        paths = 0
        for c in np.nonzero((cell_f != -1) & (demand > 0))[0].tolist():
            k0, admit, costs, _, t = cells[c]
            people = sorted_pos[starts[t] : starts[t + 1]].tolist()
            pos, d = 0, len(people)
            for idx in range(k0, len(admit)):
                fi, cost = admit[idx], costs[idx]
                take = min(int(rem_np[fi] // cost), d - pos)
                if take <= 0:
                    continue
                rem_np[fi] -= take * cost
                undo.append((((fi, take * cost),), None, 0))
                append(fi, t, people[pos : pos + take], undo)
                pos += take
                if pos == d:
                    break
            while pos < d:
                found = find_path(t)
                if isinstance(found, set):
                    rollback(undo)
                    blocks_failed += 1
                    failed_at[0] = t
                    return False
                k, first = shift(t, found, d - pos, undo)
                append(first, t, people[pos : pos + k], undo)
                pos += k
                paths += 1
        augmented += paths
        return True

    order_all = np.array([pi for pi in range(n_people) if pi not in pinned], dtype=np.int64)
    types_np = np.asarray(person_types, dtype=np.int64)
    types_all = types_np[order_all] if len(order_all) else np.zeros(0, np.int64)
    # The greedy takes people in priority order; where no budget can run out inside a block of
    # people, every person of the block goes to its type's current funder, exactly as one by one,
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
            for c in np.nonzero(live)[0].tolist():
                t = cells[c][4]
                cells[c][3][cells[c][0]].extend(sorted_pos[starts[t] : starts[t + 1]].tolist())
        elif j - i == 1:
            one_person(int(order_all[i]))
        elif not try_block(i, j, chunk_types, counts, demand):
            found = find_path(failed_at[0])
            if isinstance(found, set):
                # No path even before this block: the next person of this type would find the
                # type dead one by one, so it is marked dead now and the block tried again.
                kill(found)
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

    # Whole covers as rows: one entry per bucket (people of one type at one funder), expanded at once.
    buckets: list[list[int]] = []
    bucket_f, sizes = [], []
    for fi, by_type in enumerate(placed):
        for people in by_type.values():
            if people:
                buckets.append(people)
                bucket_f.append(fi)
                sizes.append(len(people))
    for pi, fi in pinned_rows:
        buckets.append([pi])
        bucket_f.append(fi)
        sizes.append(1)
    counts = np.array(sizes, dtype=np.int64)
    whole_person = np.fromiter(chain.from_iterable(buckets), dtype=np.int64, count=int(counts.sum()))
    whole_funder = np.repeat(np.array(bucket_f, dtype=np.int64), counts)
    price_of = np.array(pr, dtype=np.int64).reshape(n_f, n_cls) if n_f else np.zeros((0, 1), np.int64)
    cls_np = np.asarray(tcls, dtype=np.int64)
    whole_amount = (
        price_of[whole_funder, cls_np[types_np[whole_person]]] if len(whole_person) else np.zeros(0, np.int64)
    )
    funder_mask = np.array([f.mask for f in funders], dtype=np.int64)

    split_rows = _split_covers(
        funders,
        months,
        min(max(min_months, 1), months),
        admits,
        tcls,
        month_prices,
        rem_np,
        types_np,
        whole_person,
        whole_funder,
    )

    person = np.concatenate((whole_person, np.array([r[0] for r in split_rows], dtype=np.int64)))
    funder = np.concatenate((whole_funder, np.array([r[1] for r in split_rows], dtype=np.int64)))
    masks = np.concatenate((funder_mask[whole_funder], np.array([r[2] for r in split_rows], dtype=np.int64)))
    amounts = np.concatenate((whole_amount, np.array([r[3] for r in split_rows], dtype=np.int64)))
    whole = np.concatenate((np.ones(len(whole_person), bool), np.zeros(len(split_rows), bool)))
    order = np.lexsort((funder, person))
    person, funder, masks, amounts, whole = person[order], funder[order], masks[order], amounts[order], whole[order]
    admissible = [bool(admits[person_types[pi]]) for pi in range(n_people)]
    spent = [f.budget - int(r) for f, r in zip(funders, rem_np.tolist(), strict=True)]
    if progress:
        progress(n_people, n_people)
    return Result(
        person=person,
        funder=funder,
        mask=masks,
        admissible=admissible,
        spent=spent,
        person_months=int(np.bitwise_count(masks).sum()) if len(masks) else 0,
        amount=amounts,
        whole=whole,
        stats={
            "types": n_types,
            "mixed_prices": mixed,
            "searches": searches,
            "augmented": augmented,
            "blocks": blocks_tried,
            "blocks_undone": blocks_failed,
            "blocks_retried": blocks_retried,
            "people_whole": len(whole_person),
            "people_split": len({r[0] for r in split_rows}),
        },
    )


def _split_covers(
    funders, months, need, admits, tcls, month_prices, rem_np, types_np, whole_person, whole_funder
) -> list[tuple]:
    """Months from what split funders have left; rows (person, funder, mask, amount). Spends `rem_np` in place.

    First people nobody covers, each only if they reach `need` months; then people covered whole
    for a period shorter than the programme, for their other months.
    """
    split = [[fi for fi in admit if funders[fi].allow_split] for admit in admits]
    if not any(split):
        return []
    n_f = len(funders)
    funder_mask = [f.mask for f in funders]
    rows: list[tuple] = []

    def fill(people: np.ndarray, keys: np.ndarray, plan) -> None:
        """Per key, people in priority order take months; a key is done at its first person who cannot."""
        if not len(people):
            return
        order = np.lexsort((people, keys))
        people, keys = people[order], keys[order]
        firsts = np.nonzero(np.concatenate(([True], keys[1:] != keys[:-1])))[0]
        ends = np.append(firsts[1:], len(keys))
        # The next person of each key, smallest index (highest priority) first.
        heads = [(int(people[a]), a, int(b)) for a, b in zip(firsts.tolist(), ends.tolist(), strict=True)]
        heads = [h for h in heads if split[plan(int(keys[h[1]]))[0]]]
        heapq.heapify(heads)
        while heads:
            pi, at, end = heapq.heappop(heads)
            t, busy, least = plan(int(keys[at]))
            c = tcls[t]
            spend: dict[int, int] = {}
            got: dict[int, int] = {}
            for m in range(months):
                if busy >> m & 1:
                    continue
                for fi in split[t]:
                    f = funders[fi]
                    price = month_prices[fi][c][m]
                    if f.first_month <= m + 1 <= f.last_month and rem_np[fi] - spend.get(fi, 0) >= price:
                        spend[fi] = spend.get(fi, 0) + price
                        got[fi] = got.get(fi, 0) | 1 << m
                        break
            if not got or sum(mask.bit_count() for mask in got.values()) < least:
                continue  # budgets only shrink: no later person of this key can get more months
            for fi, amount in spend.items():
                rem_np[fi] -= amount
                rows.append((pi, fi, got[fi], amount))
            if at + 1 < end:
                heapq.heappush(heads, (int(people[at + 1]), at + 1, end))

    is_covered = np.zeros(len(types_np), dtype=bool)
    is_covered[whole_person] = True
    waiting = np.nonzero(~is_covered)[0]
    fill(waiting, types_np[waiting], lambda t: (t, 0, need))
    short = np.array([funder_mask[fi] != (1 << months) - 1 for fi in range(n_f)], dtype=bool)
    if len(whole_person) and short.any():
        topped = short[whole_funder]
        people, by = whole_person[topped], whole_funder[topped]
        fill(people, types_np[people] * n_f + by, lambda k: (k // n_f, funder_mask[k % n_f], 1))
    return rows
