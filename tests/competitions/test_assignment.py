"""Reviewer assignment: feasibility, balance, cost optimality, manual assignments, determinism.

The solver is cross-checked against two independent references written here: a brute force over every
choice of k reviewers per application (tiny instances: feasibility, best balance, best cost) and a plain
Ford-Fulkerson max flow (medium instances: feasibility).  No database is used.
"""

import itertools
import json
import os
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from competitions.assignment import (
    AssignmentInfeasible,
    AssignmentProblem,
    assign_reviewers,
    solve,
)

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------- references


def brute_force(problem: AssignmentProblem):
    """Every feasible assignment; returns (min square-sum of loads, min cost among those) or None."""
    apps, revs, k = sorted(problem.applications), sorted(problem.reviewers), problem.k
    caps = {r: problem.max_loads.get(r, problem.max_load if problem.max_load is not None else len(apps)) for r in revs}
    choices = []
    for a in apps:
        must = {r for (r, b) in problem.fixed if b == a}
        if any((r, a) in problem.conflicts for r in must) or len(must) > k:
            return None
        free = [r for r in revs if (r, a) not in problem.conflicts and r not in must]
        choices.append([must | set(c) for c in itertools.combinations(free, k - len(must))])
    best = None
    best_spread = None
    for combo in itertools.product(*choices):
        loads = dict.fromkeys(revs, 0)
        for chosen in combo:
            for r in chosen:
                loads[r] += 1
        if any(loads[r] > caps[r] for r in revs):
            continue
        squares = sum(v * v for v in loads.values())
        cost = sum(
            problem.costs.get((r, a), problem.default_cost) for a, chosen in zip(apps, combo, strict=True) for r in chosen
        )
        spread = max(loads.values()) - min(loads.values()) if loads else 0
        if best is None or (squares, cost) < best:
            best = (squares, cost)
        if best_spread is None or spread < best_spread:
            best_spread = spread
    if best is None:
        return None
    return {"squares": best[0], "cost": best[1], "best_spread": best_spread}


def max_flow_feasible(problem: AssignmentProblem) -> bool:
    """Independent check: can every application get k distinct non-conflicted reviewers within the caps?"""
    apps, revs, k = list(problem.applications), list(problem.reviewers), problem.k
    n_a = len(apps)
    caps = {r: problem.max_loads.get(r, problem.max_load if problem.max_load is not None else n_a) for r in revs}
    fixed_load = dict.fromkeys(revs, 0)
    fixed_of = {a: set() for a in apps}
    for r, a in problem.fixed:
        if (r, a) in problem.conflicts:
            return False
        fixed_load[r] += 1
        fixed_of[a].add(r)
    if any(len(fixed_of[a]) > k for a in apps) or any(fixed_load[r] > caps[r] for r in revs):
        return False
    # nodes: 0 source, 1..R reviewers, R+1..R+A apps, R+A+1 sink
    s, t = 0, len(revs) + n_a + 1
    cap = {}

    def arc(u, v, c):
        cap[(u, v)] = cap.get((u, v), 0) + c
        cap.setdefault((v, u), 0)

    for i, r in enumerate(revs, 1):
        arc(s, i, caps[r] - fixed_load[r])
        for j, a in enumerate(apps, len(revs) + 1):
            if (r, a) not in problem.conflicts and r not in fixed_of[a]:
                arc(i, j, 1)
    demand = 0
    for j, a in enumerate(apps, len(revs) + 1):
        arc(j, t, k - len(fixed_of[a]))
        demand += k - len(fixed_of[a])
    adj = {}
    for u, v in cap:
        adj.setdefault(u, []).append(v)
    flow = 0
    while True:
        prev = {s: None}
        queue = deque([s])
        while queue and t not in prev:
            u = queue.popleft()
            for v in adj.get(u, []):
                if v not in prev and cap[(u, v)] > 0:
                    prev[v] = u
                    queue.append(v)
        if t not in prev:
            return flow == demand
        v = t
        while prev[v] is not None:
            u = prev[v]
            cap[(u, v)] -= 1
            cap[(v, u)] += 1
            v = u
        flow += 1


def check_valid(problem: AssignmentProblem, result) -> None:
    assert set(result.assignments) == set(problem.applications)
    caps_default = problem.max_load if problem.max_load is not None else len(problem.applications)
    for a, chosen in result.assignments.items():
        assert len(chosen) == problem.k, a
        assert len(set(chosen)) == problem.k, a
        assert chosen == sorted(chosen)
        for r in chosen:
            assert (r, a) not in problem.conflicts, (r, a)
    for r, a in problem.fixed:
        assert r in result.assignments[a]
    counted = dict.fromkeys(problem.reviewers, 0)
    for chosen in result.assignments.values():
        for r in chosen:
            counted[r] += 1
    assert counted == result.loads
    for r, load in result.loads.items():
        assert load <= problem.max_loads.get(r, caps_default)


def no_balancing_exchange(problem: AssignmentProblem, result) -> None:
    """Optimality of balance (Frank-Murota): no reviewer v can take a review over, through a chain of
    exchanges, from a reviewer u with load[u] >= load[v] + 2 (the chain moves one review from u to v)."""
    fixed = set(problem.fixed)
    caps_default = problem.max_load if problem.max_load is not None else len(problem.applications)
    loads = result.loads
    # w -> x when w could take an application over from x (x's assignment there is not manual)
    edges = {r: set() for r in problem.reviewers}
    for a, chosen in result.assignments.items():
        for x in chosen:
            if (x, a) in fixed:
                continue
            for w in problem.reviewers:
                if w not in chosen and (w, a) not in problem.conflicts:
                    edges[w].add(x)
    for v in problem.reviewers:
        if loads[v] >= problem.max_loads.get(v, caps_default):
            continue
        seen, queue = {v}, deque([v])
        while queue:
            w = queue.popleft()
            for x in edges[w]:
                if x not in seen:
                    seen.add(x)
                    queue.append(x)
        for u in seen:
            assert loads[u] <= loads[v] + 1, f"{u} (load {loads[u]}) could hand a review to {v} (load {loads[v]})"


# ---------------------------------------------------------------------------------------------- strategies


@st.composite
def tiny_problems(draw):
    n_a = draw(st.integers(1, 4))
    n_r = draw(st.integers(1, 5))
    k = draw(st.integers(0, min(3, n_r)))
    apps = [f"a{i}" for i in range(n_a)]
    revs = [f"r{j}" for j in range(n_r)]
    pairs = [(r, a) for a in apps for r in revs]
    conflicts = frozenset(draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 2)))
    costs = {}
    if draw(st.booleans()):
        costs = {p: draw(st.integers(0, 3)) for p in pairs}
    fixed = frozenset(draw(st.sets(st.sampled_from(pairs), max_size=3)) if draw(st.booleans()) else ())
    max_load = draw(st.none() | st.integers(0, 4))
    max_loads = {}
    if draw(st.booleans()):
        max_loads = {r: draw(st.integers(0, 4)) for r in draw(st.sets(st.sampled_from(revs), max_size=2))}
    return AssignmentProblem(
        applications=tuple(apps),
        reviewers=tuple(revs),
        k=k,
        conflicts=conflicts,
        costs=costs,
        fixed=fixed,
        max_load=max_load,
        max_loads=max_loads,
    )


@st.composite
def medium_problems(draw):
    n_a = draw(st.integers(1, 40))
    n_r = draw(st.integers(1, 12))
    k = draw(st.integers(1, min(4, n_r)))
    apps = list(range(n_a))
    revs = list(range(100, 100 + n_r))
    p = draw(st.sampled_from([0.0, 0.05, 0.2, 0.5]))
    rnd = draw(st.randoms(use_true_random=False))
    conflicts = frozenset((r, a) for a in apps for r in revs if rnd.random() < p)
    costs = {(r, a): rnd.choice([0, 1, 2, 0.5]) for a in apps for r in revs} if draw(st.booleans()) else {}
    fixed = set()
    if draw(st.booleans()):
        for a in rnd.sample(apps, min(3, n_a)):
            fixed.add((rnd.choice(revs), a))
    balanced_cap = -(-(k * n_a) // n_r)
    max_load = draw(st.sampled_from([None, balanced_cap, balanced_cap + 1, max(0, balanced_cap - 1)]))
    return AssignmentProblem(
        applications=tuple(apps),
        reviewers=tuple(revs),
        k=k,
        conflicts=conflicts,
        costs=costs,
        fixed=frozenset(fixed),
        max_load=max_load,
    )


# ---------------------------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_matches_brute_force(problem):
    reference = brute_force(problem)
    event("infeasible" if reference is None else "feasible")
    if reference is None:
        with pytest.raises(AssignmentInfeasible) as info:
            solve(problem)
        assert str(info.value)
        return
    result = solve(problem)
    check_valid(problem, result)
    loads = result.loads.values()
    # most balanced (square-sum of loads minimal), then cheapest among the most balanced
    assert sum(v * v for v in loads) == reference["squares"]
    assert result.total_cost == pytest.approx(reference["cost"])
    # within one of balanced whenever some solution is
    if reference["best_spread"] <= 1:
        assert result.load_spread <= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(medium_problems())
def test_medium_instances_against_max_flow(problem):
    feasible = max_flow_feasible(problem)
    event("feasible" if feasible else "infeasible")
    if not feasible:
        with pytest.raises(AssignmentInfeasible):
            solve(problem)
        return
    result = solve(problem)
    check_valid(problem, result)
    no_balancing_exchange(problem, result)
    assert solve(problem) == result  # deterministic


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 60),
    st.integers(1, 15),
    st.integers(1, 3),
    st.randoms(use_true_random=False),
)
def test_balanced_without_conflicts(n_a, n_r, k, rnd):
    k = min(k, n_r)
    result = assign_reviewers(range(n_a), range(n_r), k)
    lo, hi = (k * n_a) // n_r, -(-(k * n_a) // n_r)
    assert set(result.loads.values()) <= {lo, hi}


# ---------------------------------------------------------------------------------------------- examples


def test_tight_instance_where_greedy_fails():
    # a1 may take r1 or r2, a2 only r1; with max load 1 a greedy a1 -> r1 strands a2.
    result = assign_reviewers(["a1", "a2"], ["r1", "r2"], 1, conflicts={("r2", "a2")}, max_load=1)
    assert result.assignments == {"a1": ["r2"], "a2": ["r1"]}


def test_tight_chain_needs_long_augmenting_paths():
    # Application i may only be reviewed by reviewers i and i+1, each reviewer reviews at most one, and
    # reviewer 0 none: every application must take its dearer reviewer i+1, which the cheap first choices
    # (i -> i) block until a long chain of exchanges is made.
    n = 30
    apps = list(range(n))
    revs = list(range(n + 1))
    conflicts = {(r, a) for a in apps for r in revs if r not in (a, a + 1)}
    costs = {(a, a): 0 for a in apps} | {(a + 1, a): 5 for a in apps}
    result = assign_reviewers(apps, revs, 1, conflicts=conflicts, costs=costs, max_load=1, max_loads={0: 0})
    assert result.assignments == {a: [a + 1] for a in apps}
    assert result.loads[0] == 0
    assert result.total_cost == 5 * n


def test_costs_prefer_experts_but_never_unbalance():
    apps = ["a1", "a2", "a3", "a4"]
    revs = ["expert", "r2", "r3", "r4"]
    costs = {("expert", a): 0 for a in apps}
    default = 1
    result = assign_reviewers(apps, revs, 1, costs=costs, default_cost=default)
    assert result.load_spread == 0  # the expert gets one application, not four
    assert result.loads["expert"] == 1
    assert result.total_cost == 3


def test_fixed_assignments_are_kept_and_counted():
    apps = [f"a{i}" for i in range(6)]
    revs = ["r1", "r2", "r3"]
    fixed = {("r1", "a0"), ("r1", "a1"), ("r2", "a0")}
    result = assign_reviewers(apps, revs, 2, fixed=fixed)
    assert {"r1", "r2"} <= set(result.assignments["a0"])
    assert "r1" in result.assignments["a1"]
    assert sorted(result.loads.values()) == [4, 4, 4]


def test_application_lacking_eligible_reviewers_is_named():
    revs = ["r1", "r2", "r3"]
    conflicts = {("r1", "app-17"), ("r2", "app-17")}
    with pytest.raises(AssignmentInfeasible, match=r"app-17.*has 1 \(needs 2\)"):
        assign_reviewers(["app-1", "app-17"], revs, 2, conflicts=conflicts)


def test_total_capacity_too_small():
    with pytest.raises(AssignmentInfeasible, match=r"capacity is too small: 30 more reviews.*room for 20"):
        assign_reviewers(range(10), range(4), 3, max_load=5)


def test_hall_violation_names_the_group():
    # a1 and a2 can only be reviewed by r1 (max load 1); r2 is free but conflicted with both.
    conflicts = {("r2", "a1"), ("r2", "a2")}
    with pytest.raises(AssignmentInfeasible, match=r"2 application\(s\) \('a1', 'a2'\).*'r1'.*at most 1 of the 2"):
        assign_reviewers(["a1", "a2", "a3"], ["r1", "r2"], 1, conflicts=conflicts, max_loads={"r1": 1, "r2": 2})


def test_conflicting_or_overfull_manual_assignment():
    with pytest.raises(AssignmentInfeasible, match=r"reviewer 'r1' to application 'a1' is a conflict"):
        assign_reviewers(["a1"], ["r1", "r2"], 1, conflicts={("r1", "a1")}, fixed={("r1", "a1")})
    with pytest.raises(AssignmentInfeasible, match=r"more than k=1 manual"):
        assign_reviewers(["a1"], ["r1", "r2"], 1, fixed={("r1", "a1"), ("r2", "a1")})
    with pytest.raises(AssignmentInfeasible, match=r"'r1'.*more manual assignments than their max load"):
        assign_reviewers(["a1", "a2"], ["r1", "r2"], 1, fixed={("r1", "a1"), ("r1", "a2")}, max_loads={"r1": 1})


def test_unknown_ids_are_value_errors():
    with pytest.raises(ValueError, match="unknown reviewer 'zz'"):
        assign_reviewers(["a1"], ["r1"], 1, conflicts={("zz", "a1")})
    with pytest.raises(ValueError, match="unknown application 'zz'"):
        assign_reviewers(["a1"], ["r1"], 1, fixed={("r1", "zz")})
    with pytest.raises(ValueError, match="duplicate reviewer"):
        assign_reviewers(["a1"], ["r1", "r1"], 1)


def test_input_order_does_not_matter():
    apps = [f"a{i}" for i in range(25)]
    revs = [f"r{j}" for j in range(7)]
    conflicts = {(revs[(i * 3) % 7], a) for i, a in enumerate(apps)}
    one = assign_reviewers(apps, revs, 3, conflicts=conflicts)
    two = assign_reviewers(list(reversed(apps)), list(reversed(revs)), 3, conflicts=set(conflicts))
    assert one == two


def test_deterministic_across_hash_seeds():
    script = (
        "import json\n"
        "from competitions.assignment import assign_reviewers\n"
        "apps = [f'app-{i}' for i in range(40)]\n"
        "revs = [f'rev-{j}' for j in range(9)]\n"
        "conf = {(revs[(i * 5) % 9], a) for i, a in enumerate(apps)}\n"
        "costs = {(r, a): (len(r) + len(a) + i) % 3 for i, a in enumerate(apps) for r in revs}\n"
        "print(json.dumps(assign_reviewers(apps, revs, 3, conflicts=conf, costs=costs).assignments))\n"
    )
    outputs = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] == outputs[2]


def test_k_zero_and_no_applications():
    assert assign_reviewers(["a1"], ["r1"], 0).assignments == {"a1": []}
    assert assign_reviewers([], ["r1"], 2).assignments == {}
