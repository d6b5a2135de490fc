"""Writes of the competitions. Every change to a round, a proposal, a judge's sheet or a result
goes through these functions, which apply competitions.workflow and competitions.permissions, so
the admin, the pages and the API cannot differ. Results reach the catalogue only through
innovations.services.recognition_record()."""

from .judging import (
    assignment_declare,
    judge_assign,
    judge_assignment_problems,
    scores_save,
)
from .notifications import published_results_of, results_published_notify, stage_change_notify
from .proposals import (
    proposal_disqualify,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
    word_count,
)
from .rounds import (
    AdvanceOutcome,
    awarded_entry_confirm,
    competition_save,
    competition_start,
    result_award,
    results_publish,
    stage_advance,
)

__all__ = [
    "AdvanceOutcome",
    "assignment_declare",
    "awarded_entry_confirm",
    "competition_save",
    "competition_start",
    "judge_assign",
    "judge_assignment_problems",
    "proposal_disqualify",
    "proposal_submit",
    "proposal_update",
    "proposal_withdraw",
    "published_results_of",
    "result_award",
    "results_publish",
    "results_published_notify",
    "scores_save",
    "stage_advance",
    "stage_change_notify",
    "word_count",
]
