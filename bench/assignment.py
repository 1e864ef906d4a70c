"""Competitions: reviewer-assignment solver and review ranking/normalisation, timed on seeded instances.

Assignment: A applications, R reviewers, k reviews each, a fraction of (reviewer, application) pairs in
conflict (independently at random).  Three cost models:
- none:     no affinity (balance only);
- themes:   12 themes, each application has one, each reviewer is expert in 1-3; cost 0 for an expert, 1
            otherwise (the expected production use);
- random:   a uniform random float cost per pair (the worst case for the solver: almost no ties, so about
            one Dijkstra per review);
- tight:    themes costs, 6x the conflict rate (30% by default) and every reviewer capped at exactly
            ceil(k*A/R): a tight instance where greedy assignment fails.
Each run is checked (k distinct non-conflicted reviewers) and timed with time.perf_counter (wall; min and
median over --repeat runs) and time.process_time (CPU; min), which stays meaningful on a busy machine.

Ranking: R reviewers' reviews of the A applications (k each, from the assignment), 5 criteria scored 1-5
or 0-10 at random with a per-reviewer bias, ranked per theme with z-score normalisation and disagreement
flags (rank_applications); min and median over --repeat runs.

Pure Python, no database:
  .venv/bin/python bench/assignment.py
Options: --applications 1000 --reviewers 60 --k 3 --conflicts 0.05 --repeat 7 --seed 7
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from competitions.assignment import AssignmentProblem, solve
from competitions.scoring import Criterion, Review, Rubric, rank_applications

THEMES = [f"theme-{i:02d}" for i in range(12)]


def make_problem(n_a, n_r, k, p_conflict, cost_model, seed):
    rng = random.Random(seed)
    apps = [f"app-{i:05d}" for i in range(n_a)]
    revs = [f"rev-{j:03d}" for j in range(n_r)]
    conflicts = frozenset((r, a) for a in apps for r in revs if rng.random() < p_conflict)
    app_theme = {a: rng.choice(THEMES) for a in apps}
    costs = {}
    if cost_model == "themes":
        expertise = {r: set(rng.sample(THEMES, rng.randint(1, 3))) for r in revs}
        costs = {(r, a): 0 if app_theme[a] in expertise[r] else 1 for a in apps for r in revs}
    elif cost_model == "random":
        costs = {(r, a): rng.random() for a in apps for r in revs}
    max_load = None
    if cost_model == "tight":
        rng = random.Random(seed)
        conflicts = frozenset((r, a) for a in apps for r in revs if rng.random() < min(1.0, 6 * p_conflict))
        expertise = {r: set(rng.sample(THEMES, rng.randint(1, 3))) for r in revs}
        costs = {(r, a): 0 if app_theme[a] in expertise[r] else 1 for a in apps for r in revs}
        max_load = -(-(k * n_a) // n_r)
    problem = AssignmentProblem(
        applications=tuple(apps),
        reviewers=tuple(revs),
        k=k,
        conflicts=conflicts,
        costs=costs,
        max_load=max_load,
    )
    return problem, app_theme


def check(problem, result):
    for a, chosen in result.assignments.items():
        assert len(set(chosen)) == problem.k, a
        assert not any((r, a) in problem.conflicts for r in chosen), a


def timed(fn, repeat):
    """(min wall, median wall, min CPU, result) over repeat runs; CPU time shows the cost on a busy machine."""
    times, cpu, value = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        value = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), statistics.median(times), min(cpu), value


def make_reviews(result, seed):
    rng = random.Random(seed)
    bias = {r: rng.choice([-1, 0, 0, 1]) for r in result.loads}
    reviews = []
    for a, chosen in result.assignments.items():
        quality = rng.random()
        for r in chosen:

            def score(low, high, q=quality, b=bias[r]):
                return max(low, min(high, round(low + q * (high - low) + b + rng.gauss(0, 0.8))))

            reviews.append(
                Review(
                    r,
                    a,
                    {
                        "relevance": score(1, 5),
                        "feasibility": score(1, 5),
                        "impact": score(0, 10),
                        "sustainability": score(1, 5),
                        "budget": score(1, 5),
                    },
                )
            )
    return reviews


RUBRIC = Rubric(
    (
        Criterion("relevance", weight="0.3", min_score=1, max_score=5),
        Criterion("feasibility", weight="0.2", min_score=1, max_score=5),
        Criterion("impact", weight="0.25", min_score=0, max_score=10),
        Criterion("sustainability", weight="0.15", min_score=1, max_score=5),
        Criterion("budget", weight="0.1", min_score=1, max_score=5),
    )
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--reviewers", type=int, default=60)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--conflicts", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--models", default="none,themes,random,tight")
    args = parser.parse_args()

    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"python {sys.version.split()[0]}; A={args.applications} R={args.reviewers} k={args.k} "
        f"conflicts={args.conflicts:.0%} seed={args.seed} repeat={args.repeat}"
    )
    last = None
    for model in args.models.split(","):
        problem, app_theme = make_problem(
            args.applications, args.reviewers, args.k, args.conflicts, model, args.seed
        )
        best, median, cpu, result = timed(lambda p=problem: solve(p), args.repeat)
        check(problem, result)
        loads = sorted(result.loads.values())
        print(
            f"assignment [{model:6}] min {best:.3f} s  median {median:.3f} s  (CPU min {cpu:.3f} s)  "
            f"loads {loads[0]}..{loads[-1]}  cost {result.total_cost:.2f}  "
            f"phases {result.phases}  conflicts {len(problem.conflicts)}"
        )
        if model == "themes" or last is None:
            last = (result, app_theme)

    result, app_theme = last
    reviews = make_reviews(result, args.seed)
    best, median, cpu, ranking = timed(
        lambda: rank_applications(
            reviews, RUBRIC, themes=app_theme, normalize=True, disagreement_threshold="1.5"
        ),
        args.repeat,
    )
    flagged = sum(r.disagreement for rows in ranking.by_theme.values() for r in rows)
    print(
        f"ranking+normalisation of {len(reviews)} reviews: min {best:.3f} s  median {median:.3f} s  "
        f"(CPU min {cpu:.3f} s)  "
        f"({len(ranking.by_theme)} themes, {flagged} applications flagged)"
    )
    best, median, cpu, _ = timed(lambda: rank_applications(reviews, RUBRIC, themes=app_theme), args.repeat)
    print(
        f"ranking (raw, no normalisation) of {len(reviews)} reviews: min {best:.3f} s  median {median:.3f} s  "
        f"(CPU min {cpu:.3f} s)"
    )


if __name__ == "__main__":
    main()
