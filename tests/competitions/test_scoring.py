"""Review scoring: weights, exact totals, z-score normalisation, disagreement, ranking, validation."""

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competitions.scoring import (
    Criterion,
    Review,
    Rubric,
    rank_applications,
    validate_review,
    weighted_total,
)

RUBRIC = Rubric(
    (
        Criterion("relevance", weight=3, min_score=1, max_score=5),
        Criterion("feasibility", weight=Decimal("1.5"), min_score=1, max_score=5),
        Criterion("impact", weight="0.5", min_score=0, max_score=10),
    )
)


def review(reviewer, application, relevance, feasibility, impact):
    return Review(reviewer, application, {"relevance": relevance, "feasibility": feasibility, "impact": impact})


# ------------------------------------------------------------------------------------------------ weights


def test_weighted_total_is_the_exact_weighted_sum():
    assert weighted_total(review("r", "a", 5, 2, 7), RUBRIC) == Fraction(3 * 5) + Fraction(3, 2) * 2 + Fraction(7, 2)
    assert RUBRIC.max_total == 15 + Fraction(15, 2) + 5
    assert RUBRIC.min_total == 3 + Fraction(3, 2)


def test_float_weights_are_read_as_decimals_and_ties_are_exact():
    rubric = Rubric((Criterion("x", weight=0.1, max_score=5), Criterion("y", weight=0.2, max_score=5)))
    ranking = rank_applications(
        [Review("r1", "b", {"x": 3, "y": 0}), Review("r1", "a", {"x": 1, "y": 1})],
        rubric,
    )
    rows = ranking.by_theme[None]
    # 0.1 * 3 == 0.1 + 0.2 exactly, so the tie is broken by application id, not by float noise
    assert rows[0].mean_total_exact == rows[1].mean_total_exact == Fraction(3, 10)
    assert [r.application for r in rows] == ["a", "b"]
    assert rows[0].mean_total == 0.3


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=4),
    st.data(),
)
def test_weights_respected(weights, data):
    criteria = tuple(Criterion(f"c{i}", weight=w, min_score=0, max_score=5) for i, w in enumerate(weights))
    if sum(weights) == 0:
        with pytest.raises(ValueError, match="weights are all 0"):
            Rubric(criteria)
        return
    rubric = Rubric(criteria)
    scores = {f"c{i}": data.draw(st.integers(0, 5)) for i in range(len(weights))}
    base = weighted_total(Review("r", "a", scores), rubric)
    assert base == sum(w * scores[f"c{i}"] for i, w in enumerate(weights))
    # raising one criterion's score by one point raises the total by exactly its weight
    i = data.draw(st.integers(0, len(weights) - 1))
    if scores[f"c{i}"] < 5:
        bumped = dict(scores, **{f"c{i}": scores[f"c{i}"] + 1})
        assert weighted_total(Review("r", "a", bumped), rubric) - base == weights[i]


def test_application_total_is_the_mean_of_its_reviewers():
    ranking = rank_applications([review("r1", "a", 5, 5, 10), review("r2", "a", 1, 1, 0)], RUBRIC)
    row = ranking.application("a")
    assert row.mean_total_exact == (Fraction(55, 2) + Fraction(9, 2)) / 2
    assert row.n_reviews == 2
    assert row.reviewer_totals == {"r1": Fraction(55, 2), "r2": Fraction(9, 2)}
    assert row.mean_total == 16.0


# ------------------------------------------------------------------------------------------ normalisation


@st.composite
def review_sets(draw):
    n_rev = draw(st.integers(1, 6))
    n_app = draw(st.integers(1, 12))
    pairs = draw(
        st.sets(st.tuples(st.integers(0, n_rev - 1), st.integers(0, n_app - 1)), min_size=1, max_size=n_rev * n_app)
    )
    return [
        review(f"r{r}", f"a{a:02d}", draw(st.integers(1, 5)), draw(st.integers(1, 5)), draw(st.integers(0, 10)))
        for r, a in sorted(pairs)
    ]


@settings(max_examples=200, deadline=None)
@given(review_sets())
def test_each_reviewers_normalised_scores_have_mean_zero_and_unit_std(reviews):
    ranking = rank_applications(reviews, RUBRIC, normalize=True)
    by_reviewer = {}
    for score in ranking.reviews:
        by_reviewer.setdefault(score.reviewer, []).append(score)
    for scores in by_reviewer.values():
        zs = [s.z for s in scores]
        assert math.fsum(zs) / len(zs) == pytest.approx(0, abs=1e-9)
        totals = {s.total_exact for s in scores}
        if len(totals) == 1:
            assert zs == [0.0] * len(zs)  # std 0: no information, no NaN
        else:
            variance = math.fsum(z * z for z in zs) / len(zs)
            assert variance == pytest.approx(1)
        # z-scores keep the reviewer's own order
        ordered = sorted(scores, key=lambda s: s.total_exact)
        assert [s.z for s in ordered] == sorted(zs)


def test_normalisation_removes_a_harsh_reviewers_offset():
    # r1 is harsh (every score one lower); both agree that a > b > c.
    reviews = [
        review("r1", "a", 4, 4, 9),
        review("r1", "b", 3, 3, 6),
        review("r1", "c", 1, 1, 3),
        review("r2", "a", 5, 5, 10),
        review("r2", "b", 4, 4, 7),
        review("r2", "c", 2, 2, 4),
    ]
    ranking = rank_applications(reviews, RUBRIC, normalize=True)
    rows = ranking.by_theme[None]
    assert [r.application for r in rows] == ["a", "b", "c"]
    for row in rows:
        z1, z2 = (s.z for s in ranking.reviews if s.application == row.application)
        assert z1 == pytest.approx(z2)


def test_normalised_ranking_can_differ_from_raw():
    # r_generous gives everything high scores, r_strict low ones; x is reviewed only by the generous one.
    reviews = [
        review("generous", "x", 5, 5, 8),
        review("generous", "y", 5, 5, 10),
        review("strict", "z", 3, 3, 5),
        review("strict", "w", 1, 1, 0),
    ]
    raw = [r.application for r in rank_applications(reviews, RUBRIC).by_theme[None]]
    norm = [r.application for r in rank_applications(reviews, RUBRIC, normalize=True).by_theme[None]]
    assert raw == ["y", "x", "z", "w"]
    # z: y = +1, z = +1 (tie broken by raw mean: y), x = -1, w = -1 (raw mean: x)
    assert norm == ["y", "z", "x", "w"]


def test_rank_by_normalized_needs_normalisation():
    with pytest.raises(ValueError, match="needs normalize=True"):
        rank_applications([review("r", "a", 1, 1, 1)], RUBRIC, rank_by="normalized")


# ------------------------------------------------------------------------------------------- disagreement


def test_disagreement_flag_by_spread_and_std():
    reviews = [
        review("r1", "calm", 3, 3, 5),
        review("r2", "calm", 3, 3, 6),  # totals 16 and 16.5: spread 0.5
        review("r1", "split", 5, 5, 10),
        review("r2", "split", 1, 1, 0),  # totals 27.5 and 4.5: spread 23, std 11.5
    ]
    ranking = rank_applications(reviews, RUBRIC, disagreement_threshold=10)
    assert ranking.application("split").disagreement
    assert not ranking.application("calm").disagreement
    assert ranking.application("split").spread == 23.0
    assert ranking.application("split").std == pytest.approx(11.5)
    # strictly above the threshold
    assert not rank_applications(reviews, RUBRIC, disagreement_threshold=23).application("split").disagreement
    by_std = rank_applications(reviews, RUBRIC, disagreement_threshold="11.4", disagreement_measure="std")
    assert by_std.application("split").disagreement
    by_std = rank_applications(reviews, RUBRIC, disagreement_threshold="11.5", disagreement_measure="std")
    assert not by_std.application("split").disagreement
    assert not any(r.disagreement for r in rank_applications(reviews, RUBRIC).by_theme[None])


@settings(max_examples=150, deadline=None)
@given(review_sets(), st.integers(0, 30))
def test_disagreement_flag_matches_definition(reviews, threshold):
    ranking = rank_applications(reviews, RUBRIC, disagreement_threshold=threshold)
    for rows in ranking.by_theme.values():
        for row in rows:
            totals = list(row.reviewer_totals.values())
            assert row.spread_exact == max(totals) - min(totals)
            assert row.disagreement == (max(totals) - min(totals) > threshold)
            if len(totals) == 1:
                assert not row.disagreement


# ---------------------------------------------------------------------------------------------- ranking


@settings(max_examples=150, deadline=None)
@given(review_sets(), st.booleans(), st.randoms(use_true_random=False))
def test_ranking_per_theme_is_ordered_complete_and_deterministic(reviews, normalize, rnd):
    apps = sorted({r.application for r in reviews})
    themes = {a: rnd.choice(["water", "roads", None]) for a in apps}
    ranking = rank_applications(reviews, RUBRIC, themes=themes, normalize=normalize)
    shuffled = list(reviews)
    rnd.shuffle(shuffled)
    again = rank_applications(shuffled, RUBRIC, themes=themes, normalize=normalize)
    assert [[(r.application, r.rank) for r in rows] for rows in ranking.by_theme.values()] == [
        [(r.application, r.rank) for r in rows] for rows in again.by_theme.values()
    ]
    ranked = [r.application for rows in ranking.by_theme.values() for r in rows]
    assert sorted(ranked) == apps
    for theme, rows in ranking.by_theme.items():
        assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
        assert all(themes[r.application] == theme for r in rows)
        for first, second in itertools.pairwise(rows):
            key = (lambda r: (r.normalized, r.mean_total_exact)) if normalize else (lambda r: (r.mean_total_exact,))
            assert key(first) >= key(second)
            if key(first) == key(second) and not normalize:
                assert first.application < second.application


def test_ties_broken_by_application_id():
    reviews = [review("r1", app, 3, 3, 3) for app in ["c", "a", "b"]]
    assert [r.application for r in rank_applications(reviews, RUBRIC).by_theme[None]] == ["a", "b", "c"]


def test_themes_rank_separately():
    reviews = [review("r1", "a", 5, 5, 10), review("r1", "b", 1, 1, 0), review("r1", "c", 3, 3, 3)]
    ranking = rank_applications(reviews, RUBRIC, themes={"a": "water", "b": "water", "c": "roads"})
    assert list(ranking.by_theme) == ["roads", "water"]
    assert [(r.application, r.rank) for r in ranking.by_theme["water"]] == [("a", 1), ("b", 2)]
    assert [(r.application, r.rank) for r in ranking.by_theme["roads"]] == [("c", 1)]


# ------------------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"relevance": 6, "feasibility": 3, "impact": 3}, r"score 6 for criterion 'relevance' is outside its range 1\.\.5"),
        ({"relevance": 3, "feasibility": 0, "impact": 3}, r"criterion 'feasibility' is outside its range 1\.\.5"),
        ({"relevance": 3, "feasibility": 3, "impact": -1}, r"criterion 'impact' is outside its range 0\.\.10"),
        ({"relevance": 3, "feasibility": 3}, r"no score for criterion 'impact'"),
        ({"relevance": 3, "feasibility": 3, "impact": 3, "charm": 5}, r"unknown criterion 'charm'"),
        ({"relevance": 3.5, "feasibility": 3, "impact": 3}, r"criterion 'relevance' must be an integer"),
        ({"relevance": True, "feasibility": 3, "impact": 3}, r"criterion 'relevance' must be an integer"),
    ],
)
def test_invalid_scores_are_refused_naming_the_criterion(scores, message):
    bad = Review("r1", "a", scores)
    with pytest.raises(ValueError, match=message):
        validate_review(bad, RUBRIC)
    with pytest.raises(ValueError, match=message):
        rank_applications([review("r2", "a", 1, 1, 1), bad], RUBRIC)


@settings(max_examples=200, deadline=None)
@given(st.integers(-20, 20), st.integers(-3, 3), st.integers(0, 6))
def test_scores_accepted_exactly_within_range(score, low, width):
    rubric = Rubric((Criterion("only", weight=2, min_score=low, max_score=low + width),))
    r = Review("r", "a", {"only": score})
    if low <= score <= low + width:
        assert weighted_total(r, rubric) == 2 * score
    else:
        with pytest.raises(ValueError, match="criterion 'only' is outside its range"):
            weighted_total(r, rubric)


def test_rubric_and_review_set_validation():
    with pytest.raises(ValueError, match="duplicate criteria"):
        Rubric((Criterion("x"), Criterion("x")))
    with pytest.raises(ValueError, match="min_score 5 > max_score 1"):
        Criterion("x", min_score=5, max_score=1)
    with pytest.raises(ValueError, match="weight of criterion 'x' must be >= 0"):
        Criterion("x", weight=-1)
    with pytest.raises(ValueError, match="reviewed application 'a' twice"):
        rank_applications([review("r1", "a", 1, 1, 1), review("r1", "a", 2, 2, 2)], RUBRIC)
    with pytest.raises(ValueError, match="disagreement_threshold must be >= 0"):
        rank_applications([review("r1", "a", 1, 1, 1)], RUBRIC, disagreement_threshold=-1)
