"""Scoring of competition reviews: weighted totals, per-reviewer normalisation, disagreement, ranking.

Pure Python, no database: :class:`Review` and :class:`Rubric` in, :class:`Ranking` out.

Numbers.  Scores are small integers and weights are exact decimals (given as int, ``Decimal``, ``Fraction``,
a decimal string, or a float, which is read by its shortest repr: ``0.1`` means one tenth).  Every weighted
total, application mean and spread is computed EXACTLY (weights are put on a common integer denominator, so
a review's weighted total is an integer over that denominator, and means are ``Fraction``).  So equal
applications are exactly equal (no ``0.30000000000000004`` against ``0.3``) and ties are broken only by
the documented tie-break, never by float noise.  The results carry floats rounded to 2 decimals for display
(``mean_total``, ``spread``, ...) and the exact values beside them (``*_exact``) for anything that compares.
Z-scores involve a square root and are floats: each is computed from exact integers with a single rounding
(``(n*t - S) / sqrt(n*Q - S**2)``), and their means with ``math.fsum``, so they too are deterministic.

Definitions.
- Weighted total of a review: ``sum(weight[c] * score[c])`` over the rubric's criteria (every criterion must
  be scored, within its ``[min_score, max_score]``; an unknown or missing criterion is refused).
- Application total: the mean of its reviewers' weighted totals.
- Normalised (optional): each review's total as a z-score over that reviewer's own reviews
  (``(t - mean_r) / std_r``, population std); a reviewer whose totals are all equal (std 0, or a single
  review) gets z = 0 for each: he tells nothing about relative merit.  An application's normalised score is
  the mean z of its reviews.  Each reviewer's z-scores have mean 0.
- Disagreement: ``spread`` = max - min of the reviewers' weighted totals (``std`` = their population std is
  reported too); flagged when the chosen measure is strictly above ``disagreement_threshold``.
- Ranking per theme: by the chosen score (raw mean or normalised), highest first; ties broken by the other
  score (raw mean when ranking by normalised score; normalised score when ranking by raw mean and
  normalisation is on), then by application id ascending.  Ranks are 1..n with no gaps.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "ApplicationScore",
    "Criterion",
    "Ranking",
    "Review",
    "ReviewScore",
    "Rubric",
    "rank_applications",
    "validate_review",
    "weighted_total",
]


def _exact(value, what: str) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, got {value!r}")  # noqa: TRY004 (one error type for callers)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what} must be finite, got {value!r}")
        return Fraction(repr(value))
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, (Decimal, str)):
        try:
            result = Fraction(value)
        except (ValueError, ArithmeticError):
            raise ValueError(f"{what} must be a number, got {value!r}") from None
        return result
    raise ValueError(f"{what} must be a number, got {value!r}")


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: int | Decimal | Fraction | float | str = 1
    min_score: int = 0
    max_score: int = 10

    def __post_init__(self):
        w = _exact(self.weight, f"weight of criterion {self.name!r}")
        if w < 0:
            raise ValueError(f"weight of criterion {self.name!r} must be >= 0")
        for bound in (self.min_score, self.max_score):
            if isinstance(bound, bool) or not isinstance(bound, int):
                raise ValueError(f"score range of criterion {self.name!r} must be integers")  # noqa: TRY004
        if self.min_score > self.max_score:
            raise ValueError(f"criterion {self.name!r}: min_score {self.min_score} > max_score {self.max_score}")


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]

    def __post_init__(self):
        names = [c.name for c in self.criteria]
        if not names:
            raise ValueError("a rubric needs at least one criterion")
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate criteria in rubric: {', '.join(map(repr, duplicates))}")
        if sum(_exact(c.weight, c.name) for c in self.criteria) == 0:
            raise ValueError("the rubric's weights are all 0")

    @property
    def max_total(self) -> Fraction:
        return sum((_exact(c.weight, c.name) * c.max_score for c in self.criteria), Fraction(0))

    @property
    def min_total(self) -> Fraction:
        return sum((_exact(c.weight, c.name) * c.min_score for c in self.criteria), Fraction(0))


@dataclass(frozen=True)
class Review:
    reviewer: Hashable
    application: Hashable
    scores: Mapping[str, int]


@dataclass(frozen=True)
class ReviewScore:
    reviewer: Hashable
    application: Hashable
    total_exact: Fraction
    z: float | None  # None when normalisation is off

    @property
    def total(self) -> float:
        return round(float(self.total_exact), 2)


@dataclass(frozen=True)
class ApplicationScore:
    application: Hashable
    theme: Hashable
    rank: int  # 1..n within the theme
    n_reviews: int
    mean_total_exact: Fraction
    normalized: float | None  # mean z-score of its reviews; None when normalisation is off
    spread_exact: Fraction  # max - min of the reviewers' weighted totals
    std: float  # population std of the reviewers' weighted totals
    disagreement: bool
    reviewer_totals: dict = field(default_factory=dict)  # reviewer -> exact weighted total

    @property
    def mean_total(self) -> float:
        return round(float(self.mean_total_exact), 2)

    @property
    def spread(self) -> float:
        return round(float(self.spread_exact), 2)


@dataclass(frozen=True)
class Ranking:
    by_theme: dict  # theme -> [ApplicationScore] in rank order
    reviews: list  # [ReviewScore] in input order

    def application(self, application_id) -> ApplicationScore:
        for rows in self.by_theme.values():
            for row in rows:
                if row.application == application_id:
                    return row
        raise KeyError(application_id)


class _Compiled:
    """The rubric with weights on a common integer denominator: total = sum(w_int * s) / denominator."""

    def __init__(self, rubric: Rubric):
        weights = [_exact(c.weight, f"weight of criterion {c.name!r}") for c in rubric.criteria]
        denominator = math.lcm(*(w.denominator for w in weights))
        self.denominator = denominator
        self.items = [
            (c.name, int(w * denominator), c.min_score, c.max_score)
            for c, w in zip(rubric.criteria, weights, strict=True)
        ]
        self.names = frozenset(c.name for c in rubric.criteria)

    def integer_total(self, review: Review) -> int:
        scores = review.scores
        total = 0
        for name, weight, low, high in self.items:
            try:
                s = scores[name]
            except KeyError:
                raise ValueError(
                    f"review of application {review.application!r} by {review.reviewer!r} has no score for "
                    f"criterion {name!r}"
                ) from None
            if isinstance(s, bool) or not isinstance(s, int):
                raise ValueError(  # noqa: TRY004 (form validation catches ValueError only)
                    f"score for criterion {name!r} must be an integer, got {s!r} "
                    f"(review of {review.application!r} by {review.reviewer!r})"
                )
            if not low <= s <= high:
                raise ValueError(
                    f"score {s} for criterion {name!r} is outside its range {low}..{high} "
                    f"(review of {review.application!r} by {review.reviewer!r})"
                )
            total += weight * s
        if len(scores) != len(self.items):
            unknown = sorted(set(scores) - self.names, key=str)
            raise ValueError(
                f"review of application {review.application!r} by {review.reviewer!r} scores unknown "
                f"criterion {unknown[0]!r}"
            )
        return total


def validate_review(review: Review, rubric: Rubric) -> None:
    """Raise ValueError naming the criterion if a score is missing, unknown, not an integer or out of range."""
    _Compiled(rubric).integer_total(review)


def weighted_total(review: Review, rubric: Rubric) -> Fraction:
    """The exact weighted total ``sum(weight * score)`` of one review (validated)."""
    compiled = _Compiled(rubric)
    return Fraction(compiled.integer_total(review), compiled.denominator)


def _z_scores(totals: list[int]) -> list[float]:
    n = len(totals)
    s = sum(totals)
    q = sum(t * t for t in totals)
    spread = n * q - s * s  # n**2 * variance, exact
    if spread == 0:
        return [0.0] * n
    root = math.sqrt(spread)
    return [(n * t - s) / root for t in totals]


def rank_applications(
    reviews: Iterable[Review],
    rubric: Rubric,
    *,
    themes: Mapping | None = None,
    normalize: bool = False,
    rank_by: str = "auto",
    disagreement_threshold: Decimal | Fraction | float | str | None = None,
    disagreement_measure: str = "spread",
) -> Ranking:
    """Score every review, aggregate per application, flag disagreement and rank per theme.

    - ``themes``: application -> theme; applications not listed (or ``themes=None``) fall in theme ``None``.
    - ``normalize``: compute per-reviewer z-scores.
    - ``rank_by``: ``"raw"`` (mean weighted total), ``"normalized"`` (mean z-score; needs ``normalize``), or
      ``"auto"``: normalised when ``normalize`` is on, raw otherwise.
    - ``disagreement_threshold``: flag applications whose ``disagreement_measure`` (``"spread"`` = max - min
      of the reviewers' weighted totals, or ``"std"``) is strictly above it; ``None`` flags nothing.
    - A reviewer reviewing the same application twice is refused (ValueError).
    """
    if rank_by == "auto":
        rank_by = "normalized" if normalize else "raw"
    if rank_by not in ("raw", "normalized"):
        raise ValueError("rank_by must be 'raw', 'normalized' or 'auto'")
    if rank_by == "normalized" and not normalize:
        raise ValueError("rank_by='normalized' needs normalize=True")
    if disagreement_measure not in ("spread", "std"):
        raise ValueError("disagreement_measure must be 'spread' or 'std'")
    threshold = None
    if disagreement_threshold is not None:
        threshold = _exact(disagreement_threshold, "disagreement_threshold")
        if threshold < 0:
            raise ValueError("disagreement_threshold must be >= 0")

    compiled = _Compiled(rubric)
    den = compiled.denominator
    reviews = list(reviews)
    totals = [compiled.integer_total(r) for r in reviews]

    seen = set()
    by_app: dict = defaultdict(list)  # application -> [(reviewer, integer total, index)]
    by_reviewer: dict = defaultdict(list)  # reviewer -> [index]
    for i, (review, total) in enumerate(zip(reviews, totals, strict=True)):
        key = (review.reviewer, review.application)
        if key in seen:
            raise ValueError(f"reviewer {review.reviewer!r} reviewed application {review.application!r} twice")
        seen.add(key)
        by_app[review.application].append((review.reviewer, total, i))
        by_reviewer[review.reviewer].append(i)

    z: list = [None] * len(reviews)
    if normalize:
        for indices in by_reviewer.values():
            for i, value in zip(indices, _z_scores([totals[i] for i in indices]), strict=True):
                z[i] = value

    themes = themes or {}
    grouped: dict = defaultdict(list)
    for app, rows in by_app.items():
        values = [t for _, t, _ in rows]
        n = len(values)
        mean = Fraction(sum(values), n * den)
        spread = Fraction(max(values) - min(values), den)
        var_n2 = n * sum(t * t for t in values) - sum(values) ** 2  # n**2 * den**2 * variance
        std = math.sqrt(var_n2) / (n * den)
        normalized = math.fsum(z[i] for _, _, i in rows) / n if normalize else None
        if threshold is None:
            flagged = False
        elif disagreement_measure == "spread":
            flagged = spread > threshold
        else:
            flagged = Fraction(var_n2, (n * den) ** 2) > threshold * threshold
        grouped[themes.get(app)].append(
            {
                "application": app,
                "n_reviews": n,
                "mean_total_exact": mean,
                "normalized": normalized,
                "spread_exact": spread,
                "std": std,
                "disagreement": flagged,
                "reviewer_totals": {rev: Fraction(t, den) for rev, t, _ in rows},
            }
        )

    def order(row):
        raw = row["mean_total_exact"]
        norm = row["normalized"] if row["normalized"] is not None else 0.0
        primary, secondary = (norm, raw) if rank_by == "normalized" else (raw, norm)
        return (-primary, -secondary, row["application"])

    by_theme = {}
    for theme in sorted(grouped, key=lambda t: (t is not None, t)):
        rows = sorted(grouped[theme], key=order)
        by_theme[theme] = [ApplicationScore(theme=theme, rank=i, **row) for i, row in enumerate(rows, 1)]
    review_scores = [
        ReviewScore(reviewer=r.reviewer, application=r.application, total_exact=Fraction(t, den), z=zi)
        for r, t, zi in zip(reviews, totals, z, strict=True)
    ]
    return Ranking(by_theme=by_theme, reviews=review_scores)
