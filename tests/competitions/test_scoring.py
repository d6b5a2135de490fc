"""The arithmetic of judging: weights, normalisation to 100, missing sheets, ties, the cut."""

from decimal import Decimal
from fractions import Fraction

from competitions.scoring import CriterionSpec, ProposalScore, cut, rank, sheet_total

NOVELTY = CriterionSpec(1, Decimal("30"), 10)
IMPACT = CriterionSpec(2, Decimal("50"), 5)
REPLICABILITY = CriterionSpec(3, Decimal("20"), 100)
CRITERIA = [NOVELTY, IMPACT, REPLICABILITY]


def test_sheet_total_is_weighted_and_normalised_to_100():
    # 8/10*30 + 4/5*50 + 50/100*20 = 24 + 40 + 10 = 74 out of a weight sum of 100.
    assert sheet_total(CRITERIA, {1: Decimal(8), 2: Decimal(4), 3: Decimal(50)}) == 74
    # Weights that do not sum to 100 are normalised: 1/2 of weight 3 + full weight 1 = 2.5 of 4.
    specs = [CriterionSpec(1, Decimal(3), 10), CriterionSpec(2, Decimal(1), 4)]
    assert sheet_total(specs, {1: Decimal(5), 2: Decimal(4)}) == Fraction(2.5) / 4 * 100


def test_full_marks_are_100_and_zero_is_zero():
    full = {1: Decimal(10), 2: Decimal(5), 3: Decimal(100)}
    assert sheet_total(CRITERIA, full) == 100
    assert sheet_total(CRITERIA, dict.fromkeys(full, Decimal(0))) == 0


def test_sheet_with_a_missing_criterion_has_no_total():
    assert sheet_total(CRITERIA, {1: Decimal(8), 2: Decimal(4)}) is None
    assert sheet_total([], {}) is None


def test_proposal_total_is_mean_of_complete_sheets_and_counts_missing():
    score = ProposalScore(key="a", sheets=[Fraction(70), Fraction(80), None])
    assert score.total == 75
    assert score.missing == 1
    assert score.spread == {"min": 70.0, "max": 80.0, "stddev": 5.0}
    assert ProposalScore(key="b", sheets=[None]).total is None


def test_equal_totals_share_a_rank_and_unscored_come_last():
    a, b, c, d, e = (
        ProposalScore("a", [Fraction(90)]),
        ProposalScore("b", [Fraction(80)]),
        ProposalScore("c", [Fraction(80)]),
        ProposalScore("d", [Fraction(70)]),
        ProposalScore("e", [None]),
    )
    ordered = rank([e, d, c, b, a])
    assert next(entry.key for entry in ordered) == "a"
    assert [entry.rank for entry in ordered] == [1, 2, 2, 4, None]
    assert ordered[-1].key == "e"


def test_ties_are_exact_not_rounding_artefacts():
    # 1/3 of 100 twice versus 33.33: not a tie with exact arithmetic.
    third = sheet_total([CriterionSpec(1, Decimal(1), 3)], {1: Decimal(1)})
    almost = sheet_total([CriterionSpec(1, Decimal(1), 10000)], {1: Decimal("3333.33")})
    assert third != almost
    assert rank([ProposalScore("x", [third]), ProposalScore("y", [almost])])[1].rank == 2


def test_cut_without_tie_takes_exactly_n():
    ordered = rank(
        [ProposalScore(k, [Fraction(v)]) for k, v in zip("abc", (90, 80, 70), strict=True)]
    )
    result = cut(ordered, 2)
    assert [entry.key for entry in result.selected] == ["a", "b"]
    assert result.tied == []


def test_cut_through_a_tie_names_the_tied_and_the_quotas_that_avoid_it():
    values = {"a": 90, "b": 80, "c": 80, "d": 80, "e": 60}
    ordered = rank([ProposalScore(k, [Fraction(v)]) for k, v in values.items()])
    result = cut(ordered, 2)
    assert sorted(entry.key for entry in result.tied) == ["b", "c", "d"]
    assert sorted(entry.key for entry in result.selected) == ["a", "b", "c", "d"]
    assert (result.fewer, result.more) == (1, 4)


def test_cut_at_a_tie_wholly_inside_the_quota_is_not_a_tie():
    values = {"a": 80, "b": 80, "c": 70}
    ordered = rank([ProposalScore(k, [Fraction(v)]) for k, v in values.items()])
    assert cut(ordered, 2).tied == []
    assert len(cut(ordered, 5).selected) == 3
