"""The retrieval metrics of the evaluation harness on hand-made rankings."""

from __future__ import annotations

import pytest

from fazhi.text.evaluate import score_rankings


def test_recall_and_mrr_on_hand_made_rankings() -> None:
    filler = [f"x{i}" for i in range(200)]
    rankings = [
        ["a", "b", *filler],  # relevant b at rank 2: R@10 1, R@100 1, RR 1/2
        [*filler[:14], "c", *filler[14:]],  # c at rank 15, d absent: R@10 0, R@100 1/2, RR 0
        ["e", *filler[:149], "f"],  # e at rank 1, f at rank 151: R@10 1/2, R@100 1/2, RR 1
        ["g"],  # nothing marked relevant: not counted
    ]
    relevant = [["b"], ["c", "d"], ["e", "f"], []]
    s = score_rankings(rankings, relevant)
    assert s.n == 3
    assert s.recall10 == pytest.approx((1 + 0 + 0.5) / 3)
    assert s.recall100 == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert s.mrr10 == pytest.approx((0.5 + 0 + 1) / 3)
    assert s.row("BM25").startswith("BM25") and "R@10 0.500" in s.row("BM25") and "(n=3)" in s.row("BM25")


def test_rank_eleven_counts_for_recall100_only() -> None:
    s = score_rankings([[f"x{i}" for i in range(10)] + ["hit"]], [["hit"]])
    assert (s.recall10, s.recall100, s.mrr10) == (0.0, 1.0, 0.0)
    s = score_rankings([[f"x{i}" for i in range(9)] + ["hit"]], [["hit"]])
    assert (s.recall10, s.recall100) == (1.0, 1.0)
    assert s.mrr10 == pytest.approx(0.1)


def test_no_rankings_score_zero() -> None:
    s = score_rankings([], [])
    assert (s.recall10, s.recall100, s.mrr10) == (0.0, 0.0, 0.0)


def test_rankings_and_relevance_must_pair_up() -> None:
    with pytest.raises(ValueError):
        score_rankings([["a"]], [["a"], ["b"]])
