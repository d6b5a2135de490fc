"""The arithmetic of judging, kept free of the database so every rule is tested directly.

- A judge's sheet counts only when every criterion of the stage is scored; its total is
  sum(score / max_score * weight) / sum(weight) * 100, so every stage is out of 100.
- A proposal's total is the mean of its complete sheets; incomplete sheets are "missing".
- Ranking is per group, highest first; equal totals share a rank (1, 2, 2, 4). Arithmetic is
  exact (fractions), so a tie is a true tie and never an artefact of rounding.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: Decimal
    max_score: int


def sheet_total(criteria: list[CriterionSpec], scores: dict[int, Decimal]) -> Fraction | None:
    """The sheet's weighted total out of 100, or None while any criterion is unscored."""
    if not criteria or any(criterion.id not in scores for criterion in criteria):
        return None
    weights = sum(Fraction(criterion.weight) for criterion in criteria)
    weighted = sum(
        Fraction(scores[criterion.id]) / criterion.max_score * Fraction(criterion.weight)
        for criterion in criteria
    )
    return weighted / weights * 100


@dataclass
class ProposalScore:
    key: object  # the proposal (or its id)
    sheets: list[Fraction | None] = field(default_factory=list)
    rank: int | None = None

    @property
    def complete(self) -> list[Fraction]:
        return [total for total in self.sheets if total is not None]

    @property
    def missing(self) -> int:
        return sum(1 for total in self.sheets if total is None)

    @property
    def total(self) -> Fraction | None:
        complete = self.complete
        return sum(complete) / len(complete) if complete else None

    @property
    def spread(self) -> dict[str, float | None]:
        complete = [float(total) for total in self.complete]
        if not complete:
            return {"min": None, "max": None, "stddev": None}
        return {
            "min": min(complete),
            "max": max(complete),
            "stddev": statistics.pstdev(complete) if len(complete) > 1 else 0.0,
        }


def rank(entries: list[ProposalScore]) -> list[ProposalScore]:
    """Entries ordered by total (none last), each given its shared competition rank."""
    ordered = sorted(entries, key=lambda entry: (entry.total is None, -(entry.total or 0)))
    previous, previous_rank = object(), 0
    for position, entry in enumerate(ordered, start=1):
        if entry.total is None:
            entry.rank = None
            continue
        if entry.total != previous:
            previous, previous_rank = entry.total, position
        entry.rank = previous_rank
    return ordered


@dataclass(frozen=True)
class Cut:
    selected: list[ProposalScore]  # strictly above the cut, or all tied when ties are included
    tied: list[ProposalScore]  # entries sharing the total at the cut across it (empty if none)
    fewer: int  # the largest quota at or below n that needs no tie-break
    more: int  # the smallest quota at or above n that needs no tie-break


def cut(ranked: list[ProposalScore], n: int) -> Cut:
    """The top `n` of a ranking, and the entries tied across the cut if any."""
    scored = [entry for entry in ranked if entry.total is not None]
    if n >= len(scored) or n <= 0 or scored[n - 1].total != scored[n].total:
        return Cut(selected=scored[: max(n, 0)], tied=[], fewer=n, more=n)
    boundary = scored[n - 1].total
    tied = [entry for entry in scored if entry.total == boundary]
    above = [entry for entry in scored if entry.total > boundary]
    return Cut(selected=above + tied, tied=tied, fewer=len(above), more=len(above) + len(tied))
