"""Automatic reviewer assignment: k distinct, non-conflicted reviewers per application, balanced loads.

Pure Python, no database: plain values in (:class:`AssignmentProblem`), plain values out
(:class:`AssignmentResult`), so the solver is unit-tested and benchmarked without Django.

The model is the one of OpenReview's matcher (``matcher/solvers/simple_solver.py``, ``minmax_solver.py``):
a min-cost flow where the source sends load to reviewers, a reviewer sends one unit to each application it
reviews (an arc of capacity 1; a conflict is a missing arc), and each application demands ``k`` units.
OpenReview enforces minimum and maximum loads in two passes; here both come out of one pass, because the
cost of a reviewer's load is convex: its j-th review costs ``M * (2j - 1)`` (so the load cost is
``M * load**2``), with ``M`` larger than any possible difference of total affinity cost.  A min-cost flow
therefore

1. minimises the sum of squared loads first.  On the set of load vectors that the conflicts, manual
   assignments and capacities allow (an M-convex set) the square-sum minimisers are exactly the
   "decreasingly minimal" load vectors (Frank & Murota): they minimise the largest load and maximise the
   smallest one at the same time.  So whenever loads all in ``{floor(kA/R), ceil(kA/R)}`` are possible,
   they are what comes out (max - min <= 1); when they are not, the spread is the smallest possible;
2. among those, minimises the total affinity cost (lower cost preferred, e.g. theme expertise).

Manual (fixed) assignments are kept: they count towards the application's ``k`` and the reviewer's load,
and the solver never moves them.

Algorithm: successive shortest paths (primal-dual, Johnson potentials) on a graph contracted to the
reviewers.  An augmenting path S -> r0 -> a0 -> r1 -> a1 -> ... -> T alternates "r gets a" and "a gives up
r'", so the shortest-path search runs over reviewers only (R + 2 nodes): the arc r -> r' is the cheapest
application that r could take over from r', kept in a lazily cleaned heap per reviewer pair; r -> T is the
cheapest application still short of reviewers that r may review.  After each Dijkstra every zero-reduced-
cost augmenting path is used (DFS) before the next Dijkstra, so the number of Dijkstras is the number of
distinct distance levels (about A*k/R of them without affinities), not the number of reviews.  All costs are
Python integers (affinities are quantised to 1e-6 unless they are already integers): exact, deterministic,
no floating tolerance.  With R reviewers, A applications and k: about O(A*k*R) heap work plus
O(levels * R^2) for the searches.

If no assignment exists, :class:`AssignmentInfeasible` is raised naming the cause: an application with fewer
than k eligible reviewers, a manual assignment that conflicts or overflows, too little total capacity, or
(found after the flow) a group of applications whose eligible reviewers are all full (Hall's condition).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "AssignmentInfeasible",
    "AssignmentProblem",
    "AssignmentResult",
    "assign_reviewers",
    "solve",
]

# Affinity costs that are not all integers are quantised to this resolution before the exact integer solve.
COST_SCALE = 10**6
_INF = float("inf")


class AssignmentInfeasible(Exception):
    """No assignment satisfies the constraints; the message names the cause."""


@dataclass(frozen=True)
class AssignmentProblem:
    """What to assign.

    - ``applications``, ``reviewers``: ids (hashable and mutually sortable, e.g. all ints or all strs).
    - ``k``: distinct reviewers each application gets.
    - ``conflicts``: (reviewer, application) pairs that must never be assigned.
    - ``costs``: optional (reviewer, application) -> cost, lower preferred (e.g. 0 for a theme expert, 1
      otherwise); pairs not listed cost ``default_cost``.  Balance always comes first, cost second.
    - ``fixed``: manual assignments to keep, (reviewer, application) pairs.
    - ``max_load``: optional cap for every reviewer; ``max_loads`` per reviewer (overrides ``max_load``).
      Fixed assignments count towards the cap.
    """

    applications: tuple
    reviewers: tuple
    k: int
    conflicts: frozenset = frozenset()
    costs: Mapping = field(default_factory=dict)
    default_cost: float = 0
    fixed: frozenset = frozenset()
    max_load: int | None = None
    max_loads: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class AssignmentResult:
    """``assignments``: application -> sorted reviewers (exactly k, fixed ones included);
    ``loads``: reviewer -> number of applications (every reviewer listed, 0 included);
    ``total_cost``: sum of the pair costs of all assignments, fixed ones included;
    ``phases``: Dijkstra phases the solver needed (a diagnostic the benchmark reports)."""

    assignments: dict
    loads: dict
    total_cost: float
    phases: int = 0

    @property
    def load_spread(self) -> int:
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def assign_reviewers(
    applications: Iterable[Hashable],
    reviewers: Iterable[Hashable],
    k: int,
    *,
    conflicts: Iterable[tuple] = (),
    costs: Mapping | None = None,
    default_cost: float = 0,
    fixed: Iterable[tuple] = (),
    max_load: int | None = None,
    max_loads: Mapping | None = None,
) -> AssignmentResult:
    """Keyword convenience around :func:`solve`."""
    return solve(
        AssignmentProblem(
            applications=tuple(applications),
            reviewers=tuple(reviewers),
            k=k,
            conflicts=frozenset(conflicts),
            costs=dict(costs or {}),
            default_cost=default_cost,
            fixed=frozenset(fixed),
            max_load=max_load,
            max_loads=dict(max_loads or {}),
        )
    )


def _sorted_ids(ids: Iterable[Hashable], what: str) -> list:
    ids = list(ids)
    unique = set(ids)
    if len(unique) != len(ids):
        raise ValueError(f"duplicate {what} ids")
    try:
        return sorted(unique)
    except TypeError as exc:
        raise ValueError(
            f"{what} ids must be mutually sortable (e.g. all int or all str)"
        ) from exc


def _examples(items: list, limit: int = 5) -> str:
    shown = ", ".join(repr(x) for x in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def solve(problem: AssignmentProblem) -> AssignmentResult:
    """Assign ``problem.k`` reviewers to every application; see the module docstring."""
    k = problem.k
    if not isinstance(k, int) or isinstance(k, bool) or k < 0:
        raise ValueError("k must be a non-negative integer")
    apps = _sorted_ids(problem.applications, "application")
    revs = _sorted_ids(problem.reviewers, "reviewer")
    n_a, n_r = len(apps), len(revs)
    a_ix = {a: i for i, a in enumerate(apps)}
    r_ix = {r: i for i, r in enumerate(revs)}

    def pair_ix(pair, what):
        try:
            r, a = pair
        except (TypeError, ValueError):
            raise ValueError(
                f"{what} must be (reviewer, application) pairs, got {pair!r}"
            ) from None
        if r not in r_ix:
            raise ValueError(f"{what} name unknown reviewer {r!r}")
        if a not in a_ix:
            raise ValueError(f"{what} name unknown application {a!r}")
        return r_ix[r], a_ix[a]

    conflicted = [set() for _ in range(n_a)]
    for pair in problem.conflicts:
        r, a = pair_ix(pair, "conflicts")
        conflicted[a].add(r)

    # Capacities (fixed assignments included).
    caps = [n_a] * n_r
    if problem.max_load is not None:
        if problem.max_load < 0:
            raise ValueError("max_load must be >= 0")
        caps = [min(n_a, problem.max_load)] * n_r
    for r, cap in problem.max_loads.items():
        if r not in r_ix:
            raise ValueError(f"max_loads name unknown reviewer {r!r}")
        if cap < 0:
            raise ValueError(f"max load of reviewer {r!r} must be >= 0")
        caps[r_ix[r]] = min(n_a, cap)

    # Fixed (manual) assignments.
    fixed = [set() for _ in range(n_a)]
    fixed_load = [0] * n_r
    for r, a in sorted(pair_ix(pair, "fixed assignments") for pair in problem.fixed):
        if r in conflicted[a]:
            raise AssignmentInfeasible(
                f"manual assignment of reviewer {revs[r]!r} to application {apps[a]!r} is a conflict of interest"
            )
        fixed[a].add(r)
        fixed_load[r] += 1
    over_k = [apps[a] for a in range(n_a) if len(fixed[a]) > k]
    if over_k:
        raise AssignmentInfeasible(
            f"application(s) {_examples(over_k)} have more than k={k} manual assignments"
        )
    over_cap = [revs[r] for r in range(n_r) if fixed_load[r] > caps[r]]
    if over_cap:
        raise AssignmentInfeasible(
            f"reviewer(s) {_examples(over_cap)} have more manual assignments than their max load"
        )

    # Eligible reviewers still available to each application (not conflicted, not already fixed there).
    need = [k - len(fixed[a]) for a in range(n_a)]
    eligible = []
    lacking = []
    for a in range(n_a):
        el = [
            r
            for r in range(n_r)
            if r not in conflicted[a] and r not in fixed[a] and caps[r] > fixed_load[r]
        ]
        eligible.append(el)
        if len(el) < need[a]:
            lacking.append(a)
    if lacking:
        details = "; ".join(
            f"{apps[a]!r} has {len(eligible[a]) + len(fixed[a])} (needs {k})"
            for a in lacking[:5]
        )
        more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
        raise AssignmentInfeasible(
            f"{len(lacking)} application(s) lack eligible reviewers (not conflicted, with capacity left): "
            f"{details}{more}"
        )
    total_need = sum(need)
    spare = sum(caps[r] - fixed_load[r] for r in range(n_r))
    if spare < total_need:
        raise AssignmentInfeasible(
            f"total reviewer capacity is too small: {total_need} more reviews are needed "
            f"({n_a} applications x k={k}, minus manual ones) but the reviewers' max loads leave room for {spare}"
        )

    # Integer costs.
    raw_cost = {}
    for pair, c in problem.costs.items():
        r, a = pair_ix(pair, "costs")
        c = float(c) if not isinstance(c, int) else c
        if isinstance(c, float) and not math.isfinite(c):
            raise ValueError(f"cost of {pair!r} must be finite")
        raw_cost[(r, a)] = c
    default = problem.default_cost
    values = list(raw_cost.values()) + [default]
    integral = all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    cmin = min(values)

    def quantise(v):
        return int(v - cmin) if integral else round((v - cmin) * COST_SCALE)

    default_q = quantise(default)
    cost = [[default_q] * n_r for _ in range(n_a)]
    for (r, a), c in raw_cost.items():
        cost[a][r] = quantise(c)
    cmax = max([default_q] + [cost[a][r] for (r, a) in raw_cost])
    # Any change in the square-sum of loads must outweigh every possible difference of total affinity.
    big = cmax * max(total_need, 1) + 1

    result_new, phases = _min_cost_flow(
        n_a, n_r, need, eligible, cost, caps, fixed_load, big, apps, revs, fixed
    )

    assignments = {}
    loads = dict.fromkeys(revs, 0)
    total = 0.0
    for a in range(n_a):
        chosen = sorted(fixed[a] | result_new[a])
        assignments[apps[a]] = [revs[r] for r in chosen]
        for r in chosen:
            loads[revs[r]] += 1
            total += raw_cost.get((r, a), default)
    return AssignmentResult(assignments=assignments, loads=loads, total_cost=total, phases=phases)


def _min_cost_flow(n_a, n_r, need, eligible, cost, caps, fixed_load, big, apps, revs, fixed):
    """Successive shortest paths on the reviewer-contracted residual graph.

    Returns the new reviewers per application and the number of Dijkstra phases."""
    need = list(need)
    new = [set() for _ in range(n_a)]  # reviewers assigned by the solver (movable)
    load = list(fixed_load)  # total load per reviewer
    # pair[u][v]: heap of (cost[a][u] - cost[a][v], a): u could take a over from v (valid while v in new[a]
    # and u not in new[a]; stale entries are dropped lazily).  key[u][v] / via[u][v]: its smallest valid
    # entry (or _INF / -1), kept up to date on every change so the searches read a plain matrix.
    pair = [[[] for _ in range(n_r)] for _ in range(n_r)]
    key = [[_INF] * n_r for _ in range(n_r)]
    via = [[-1] * n_r for _ in range(n_r)]
    # to_t[u]: heap of (cost[a][u], a): u could review a, which still needs reviewers; t_key / t_via likewise.
    to_t = [[] for _ in range(n_r)]
    t_key = [_INF] * n_r
    t_via = [-1] * n_r
    for a in range(n_a):
        if need[a] > 0:
            ca = cost[a]
            for u in eligible[a]:
                to_t[u].append((ca[u], a))

    def refresh_pair(u, v):
        h = pair[u][v]
        while h:
            k, a = h[0]
            na = new[a]
            if v in na and u not in na:
                key[u][v], via[u][v] = k, a
                return
            heapq.heappop(h)
        key[u][v], via[u][v] = _INF, -1

    def refresh_t(u):
        h = to_t[u]
        while h:
            k, a = h[0]
            if need[a] > 0 and u not in new[a]:
                t_key[u], t_via[u] = k, a
                return
            heapq.heappop(h)
        t_key[u], t_via[u] = _INF, -1

    for u in range(n_r):
        heapq.heapify(to_t[u])
        refresh_t(u)

    pot = [0] * n_r  # reviewer potentials; the source's stays 0
    pot_t = 0

    def slot(u):
        # cost of u's next review, or None when u is full
        return big * (2 * load[u] + 1) if load[u] < caps[u] else None

    def push_pair(w, v, k, a):
        heapq.heappush(pair[w][v], (k, a))
        if k < key[w][v] or (k == key[w][v] and a < via[w][v]):
            key[w][v], via[w][v] = k, a

    def take(u, a):
        # u is added to a's new reviewers
        na = new[a]
        na.add(u)
        for v in na:  # u can no longer take a over from anyone
            if via[u][v] == a:
                refresh_pair(u, v)
        if t_via[u] == a:
            refresh_t(u)
        ca = cost[a]
        cu = ca[u]
        for w in eligible[a]:
            if w not in na:
                push_pair(w, u, ca[w] - cu, a)

    def give(v, a):
        # v leaves a: v is free for a again, nobody can take a over from v
        na = new[a]
        na.discard(v)
        ca = cost[a]
        for w in eligible[a]:
            if via[w][v] == a:
                refresh_pair(w, v)
        cv = ca[v]
        for w in na:
            push_pair(v, w, cv - ca[w], a)
        if need[a] > 0:
            heapq.heappush(to_t[v], (cv, a))
            if cv < t_key[v] or (cv == t_key[v] and a < t_via[v]):
                t_key[v], t_via[v] = cv, a

    def augment(path):
        # path: [r0, (a0, r1), (a1, r2), ..., (a_m, None)]; r0 gains a unit of load
        load[path[0]] += 1
        u = path[0]
        for a, v in path[1:]:
            if v is None:
                need[a] -= 1
                take(u, a)
                if need[a] == 0:  # a is complete: nobody reaches T through it any more
                    for w in eligible[a]:
                        if t_via[w] == a:
                            refresh_t(w)
            else:
                take(u, a)
                give(v, a)
                u = v

    def dfs(u, seen, dead, pot_t):
        pu = pot[u]
        if t_key[u] + pu - pot_t == 0:
            return [(t_via[u], None)]
        row = key[u]
        for v in reviewers:
            if seen[v] or dead[v]:
                continue
            if row[v] + pu - pot[v] == 0:
                seen[v] = True
                a = via[u][v]
                rest = dfs(v, seen, dead, pot_t)
                if rest is not None:
                    return [(a, v), *rest]
        dead[u] = True
        return None

    remaining = sum(need)
    reviewers = range(n_r)
    phases = 0
    while remaining:
        # Dijkstra over reviewers (+ T) with reduced costs (all >= 0 thanks to the potentials).
        dist = [_INF] * n_r
        for r in reviewers:
            s = slot(r)
            if s is not None:
                dist[r] = s - pot[r]
        done = [False] * n_r
        d_t = _INF
        while True:
            u, du = -1, _INF
            for r in reviewers:
                if not done[r] and dist[r] < du:
                    u, du = r, dist[r]
            if u < 0 or du >= d_t:
                break
            done[u] = True
            base = du + pot[u]
            cand = base + t_key[u] - pot_t
            if cand < d_t:  # noqa: PLR1730 (hot loop: min() is slower)
                d_t = cand
            # Finalised reviewers cannot improve (reduced costs >= 0), so no `done` test is needed here.
            for v, k, p in zip(reviewers, key[u], pot, strict=True):
                cand = base + k - p
                if cand < dist[v]:  # noqa: PLR1730 (hot loop)
                    dist[v] = cand
        if d_t == _INF:
            raise AssignmentInfeasible(_hall_message(n_a, n_r, need, new, eligible, fixed, caps, load, apps, revs))
        for r in reviewers:
            pot[r] += min(d_t, dist[r])
        pot_t += d_t

        # Use every zero-reduced-cost augmenting path before the next Dijkstra.  Only reviewers whose next
        # review has zero reduced cost can start one; once a reviewer starts one, its next review costs 2*big
        # more, so each candidate is tried once per phase.
        dead = [False] * n_r
        before = remaining
        for r in reviewers:
            if not remaining:
                break
            s = slot(r)
            if s is None or s - pot[r] != 0 or dead[r]:
                continue
            seen = [False] * n_r
            seen[r] = True
            rest = dfs(r, seen, dead, pot_t)
            if rest is not None:
                augment([r, *rest])
                remaining -= 1
        if remaining == before:  # cannot happen: the Dijkstra path itself has zero reduced cost
            raise RuntimeError("assignment solver made no progress in a phase (internal error)")
        phases += 1
    return new, phases


def _hall_message(n_a, n_r, need, new, eligible, fixed, caps, load, apps, revs):
    """Name a group of applications whose eligible reviewers are all full (a violated Hall condition)."""
    short = [a for a in range(n_a) if need[a] > 0]
    group_a = set(short)
    group_r = set()
    frontier = list(short)
    while frontier:
        a = frontier.pop()
        for r in eligible[a]:
            if r not in group_r and r not in new[a]:
                group_r.add(r)
                for b in range(n_a):
                    if r in new[b] and b not in group_a:
                        group_a.add(b)
                        frontier.append(b)
    needed = sum(need[a] + len(new[a]) for a in group_a)
    new_load = [0] * n_r
    for b in range(n_a):
        for r in new[b]:
            new_load[r] += 1
    # The minimum cut: the full reviewers of the group, plus the one review each other eligible reviewer
    # already gives to an application of the group.
    outside = sum(1 for a in group_a for r in new[a] if r not in group_r)
    room = sum(caps[r] - (load[r] - new_load[r]) for r in group_r) + outside
    sa = sorted(group_a)
    sr = sorted(group_r)
    return (
        f"{len(sa)} application(s) ({_examples([apps[a] for a in sa])}) can only be reviewed by "
        f"{len(sr)} reviewer(s) at their max load ({_examples([revs[r] for r in sr])}) and reviewers that "
        f"already review them: at most {room} of the {needed} reviews they need (beyond manual ones) can be "
        f"placed; e.g. application {apps[short[0]]!r} is short of "
        f"{need[short[0]]} reviewer(s)"
    )
