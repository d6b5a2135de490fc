"""The demo rounds: created after seed_demo, idempotent, and visible in the catalogue."""

from io import StringIO

import pytest
from django.core.management import call_command

from competitions.models import Competition, Proposal, Result
from innovations.models import Innovation, Recognition

pytestmark = pytest.mark.django_db


def run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_seed_competitions_after_seed_demo_is_idempotent_and_shows_badges(api_client):
    run("seed_demo", count=300, seed=11)
    first = run("seed_competitions")
    counts = (Competition.objects.count(), Proposal.objects.count(), Result.objects.count(),
              Recognition.objects.count())  # fmt: skip
    second = run("seed_competitions")
    assert "3 new rounds" in first and "0 new rounds, 0 new results" in second
    assert counts == (
        Competition.objects.count(), Proposal.objects.count(), Result.objects.count(),
        Recognition.objects.count(),
    )  # fmt: skip
    kipp = Competition.objects.get(slug="kipp-2023")
    assert kipp.is_demo and kipp.current_stage.kind == "announcement"
    assert kipp.results.filter(level="top_99").count() == 99
    assert kipp.results.filter(level="top_45").count() == 45
    # Results sit only on published demo entries, so every one is a visible badge.
    awarded = Innovation.objects.filter(recognitions__isnull=False).distinct()
    assert set(awarded.values_list("status", flat=True)) == {Innovation.Status.PUBLISHED}
    assert all(ref.startswith("DEMO-") for ref in awarded.values_list("external_ref", flat=True))
    body = api_client.get("/api/v1/innovations/?facets=award_level&page_size=1").json()
    counts = {b["value"]: b["count"] for b in body["facets"]["award_level"]}
    assert counts["top_99"] == 99 and counts["outstanding"] == 10
    open_round = Competition.objects.exclude(slug__in=["kipp-2023"]).get(level="national")
    assert open_round.current_stage.kind == "registration"


def test_seed_competitions_without_demo_entries_says_to_run_seed_demo():
    assert "run seed_demo first" in run("seed_competitions")
