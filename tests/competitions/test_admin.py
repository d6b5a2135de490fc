"""The competitions admin: organisers see only the rounds they organise, and curators confirm
awarded entries from the "awaiting curator confirmation" list through the catalogue workflow."""

import pytest
from django.urls import reverse

from competitions import services
from competitions.models import Competition, Stage
from innovations.models import Innovation, StatusChange

from .factories import (
    HubAdminFactory,
    OrganiserFactory,
    ProposalFactory,
    competition_with_stages,
    make_current,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded_draft():
    organiser = OrganiserFactory()
    competition = competition_with_stages(name="KIPP Konfirmasi")
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    proposal = ProposalFactory(competition=competition, innovation__title="Draf Peraih Top 45")
    services.result_award(proposal=proposal, level="top_45", by=organiser)
    (result,) = services.results_publish(competition=competition, by=organiser)
    return result


def test_curator_sees_and_confirms_awarded_entries_awaiting_confirmation(
    client, curator, awarded_draft
):
    changelist = reverse("admin:competitions_awaitingcuratorconfirmation_changelist")
    client.force_login(curator)
    page = client.get(changelist)
    assert page.status_code == 200
    assert "Draf Peraih Top 45" in page.content.decode()
    response = client.post(
        changelist, {"action": "confirm_selected", "_selected_action": [awarded_draft.pk]}
    )
    assert response.status_code == 302
    entry = awarded_draft.proposal.innovation
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.PUBLISHED
    assert list(
        StatusChange.objects.filter(innovation=entry).order_by("at").values_list("action", "by")
    ) == [("submit", curator.pk), ("publish", curator.pk)]
    assert "Draf Peraih Top 45" not in client.get(changelist).content.decode()


def test_organiser_cannot_publish_the_entry_for_the_curator(client, awarded_draft):
    client.force_login(OrganiserFactory())
    changelist = reverse("admin:competitions_awaitingcuratorconfirmation_changelist")
    assert "Draf Peraih Top 45" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "confirm_selected", "_selected_action": [awarded_draft.pk]})
    entry = awarded_draft.proposal.innovation
    entry.refresh_from_db()
    assert entry.status == Innovation.Status.DRAFT


def test_hub_admin_sees_only_own_provincial_round_in_the_admin(client):
    hub_admin = HubAdminFactory()
    own = competition_with_stages(
        name="Kompetisi Provinsi Sendiri", level=Competition.Level.PROVINCIAL,
        province=hub_admin.province, result_levels=["provincial_winner"],
    )  # fmt: skip
    other = competition_with_stages(name="KIPP Nasional Lain")
    client.force_login(hub_admin)
    listing = client.get(reverse("admin:competitions_competition_changelist")).content.decode()
    assert "Kompetisi Provinsi Sendiri" in listing and "KIPP Nasional Lain" not in listing
    assert (
        client.get(reverse("admin:competitions_competition_change", args=[own.pk])).status_code
        == 200
    )
    response = client.get(reverse("admin:competitions_competition_change", args=[other.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    moderation = reverse("competitions:moderation", kwargs={"slug": other.slug})
    assert client.get(moderation).status_code == 403
    assert client.get(reverse("competitions:moderation", args=[own.slug])).status_code == 200


@pytest.mark.parametrize(
    "model", ["competition", "criterion", "judgeassignment", "proposal", "result", "stagechange",
              "awaitingcuratorconfirmation"],
)  # fmt: skip
def test_organiser_admin_screens_open(client, awarded_draft, model):
    client.force_login(OrganiserFactory())
    assert client.get(reverse(f"admin:competitions_{model}_changelist")).status_code == 200
    if model in ("competition", "criterion", "judgeassignment", "result"):
        assert client.get(reverse(f"admin:competitions_{model}_add")).status_code == 200
    if model == "competition":
        change = reverse(
            "admin:competitions_competition_change", args=[awarded_draft.competition_id]
        )
        assert client.get(change).status_code == 200
