"""seed_hubs: the real designations, demo data marked as such, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from hubs.models import Hub, HubActivity, HubPartner, ParticipationRecord
from innovations.models import Replication, ReplicationTarget, ReplicationTransition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def seed_hubs() -> str:
    out = StringIO()
    call_command("seed_hubs", stdout=out)
    return out.getvalue()


def test_seed_hubs_without_published_entries_skips_replications_with_a_message():
    call_command("load_reference_data", stdout=StringIO())
    output = seed_hubs()
    assert "seed_demo" in output
    assert not Replication.objects.exists()
    assert Hub.objects.count() == 9


def test_seed_hubs_real_designations_demo_marked_and_idempotent():
    call_command("seed_demo", count=80, seed=3, stdout=StringIO())
    seed_hubs()

    pilots = set(
        Hub.objects.filter(kind="pilot", designation_year=2020).values_list(
            "province__code", flat=True
        )
    )
    assert pilots == {"19", "35", "73", "16", "33", "13", "63", "75"}
    bengkulu = Hub.objects.get(province__code="17")
    assert bengkulu.designation_year == 2024
    # Decree numbers are not invented.
    assert set(Hub.objects.values_list("decree_number", flat=True)) == {""}
    assert not Hub.objects.filter(decree_date__isnull=False).exists()
    for model in (HubPartner, HubActivity, ParticipationRecord, Replication, ReplicationTarget):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_demo=False).exists(), model
    assert ReplicationTarget.objects.get(agency__code="19.01", year=2021).planned == 5
    states = set(Replication.objects.values_list("status", flat=True))
    assert states >= {"intent", "committed", "planned", "in_progress", "cancelled"}
    # Every replication went through the workflow: its log reaches its state.
    for replication in Replication.objects.all():
        assert replication.transitions.order_by("id").last().to_status == replication.status

    counts = [
        m.objects.count()
        for m in (
            Hub,
            HubPartner,
            HubActivity,
            ParticipationRecord,
            Replication,
            ReplicationTarget,
            ReplicationTransition,
        )
    ]
    seed_hubs()
    assert counts == [
        m.objects.count()
        for m in (
            Hub,
            HubPartner,
            HubActivity,
            ParticipationRecord,
            Replication,
            ReplicationTarget,
            ReplicationTransition,
        )
    ]
