"""Role boundaries: a hub admin touches only its own province's hub data, an agency editor only
its own agency's replications — through the admin, the API and the pages alike."""

import pytest
from django.urls import reverse

from hubs.models import HubActivity, ParticipationRecord
from innovations.models import Replication
from tests.factories import AgencyEditorFactory, RegencyFactory
from tests.hubs.factories import (
    HubActivityFactory,
    HubAdminFactory,
    HubFactory,
    ParticipationRecordFactory,
    ReplicationFactory,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_hub():
    return HubFactory()


@pytest.fixture
def other_hub():
    return HubFactory()


@pytest.fixture
def hub_admin(client, own_hub):
    user = HubAdminFactory(province=own_hub.province)
    client.force_login(user)
    return user


def test_hub_admin_sees_only_own_province_activities_in_admin(
    client, hub_admin, own_hub, other_hub
):
    mine = HubActivityFactory(hub=own_hub)
    theirs = HubActivityFactory(hub=other_hub)
    response = client.get(reverse("admin:hubs_hubactivity_changelist"))
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert mine in listed and theirs not in listed


def test_hub_admin_cannot_open_or_edit_other_province_activity(client, hub_admin, other_hub):
    theirs = HubActivityFactory(hub=other_hub, title="Asli")
    url = reverse("admin:hubs_hubactivity_change", args=(theirs.pk,))
    assert client.get(url).status_code in (302, 403, 404)
    client.post(
        url,
        {
            "hub": other_hub.pk,
            "title": "Diubah",
            "kind": "mentoring",
            "held_on": "2024-01-01",
            "mode": "online",
        },
    )
    theirs.refresh_from_db()
    assert theirs.title == "Asli"


def test_hub_admin_cannot_add_activity_to_other_province(client, hub_admin, other_hub):
    response = client.post(
        reverse("admin:hubs_hubactivity_add"),
        {
            "hub": other_hub.pk,
            "title": "Titipan",
            "kind": "mentoring",
            "held_on": "2024-01-01",
            "mode": "online",
            "media-TOTAL_FORMS": "0",
            "media-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with the choice refused
    assert "hub" in response.context["adminform"].form.errors
    assert not HubActivity.objects.filter(title="Titipan").exists()


def test_hub_admin_adds_activity_to_own_hub(client, hub_admin, own_hub):
    response = client.post(
        reverse("admin:hubs_hubactivity_add"),
        {
            "hub": own_hub.pk,
            "title": "Pendampingan Bangka",
            "kind": "mentoring",
            "held_on": "2024-01-01",
            "mode": "online",
            "media-TOTAL_FORMS": "0",
            "media-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    activity = HubActivity.objects.get(title="Pendampingan Bangka")
    assert activity.created_by == hub_admin


def test_hub_admin_cannot_edit_other_province_participation(client, hub_admin, other_hub):
    theirs = ParticipationRecordFactory(hub=other_hub)
    url = reverse("admin:hubs_participationrecord_change", args=(theirs.pk,))
    assert client.get(url).status_code in (302, 403, 404)
    response = client.get(reverse("admin:hubs_participationrecord_changelist"))
    assert theirs not in response.context["cl"].result_list


def test_participation_regency_outside_own_province_is_refused(client, hub_admin, own_hub):
    foreign_regency = RegencyFactory()
    response = client.post(
        reverse("admin:hubs_participationrecord_add"),
        {
            "hub": own_hub.pk,
            "regency": foreign_regency.pk,
            "year": 2024,
            "period_kind": "semester",
            "period": 1,
            "skm_respondents": 0,
            "fkp_forums": 0,
            "lapor_received": 0,
            "lapor_resolved": 0,
        },
    )
    assert "regency" in response.context["adminform"].form.errors
    assert not ParticipationRecord.objects.exists()


def test_hub_admin_cannot_edit_other_hub_profile(client, hub_admin, own_hub, other_hub):
    assert client.get(reverse("admin:hubs_hub_change", args=(own_hub.pk,))).status_code == 200
    url = reverse("admin:hubs_hub_change", args=(other_hub.pk,))
    assert client.get(url).status_code in (302, 403, 404)
    response = client.get(reverse("admin:hubs_hub_changelist"))
    assert list(response.context["cl"].result_list) == [own_hub]


def test_hub_admin_follows_own_province_replications_read_only(client, hub_admin, own_hub):
    from tests.factories import AgencyFactory, RegencyFactory

    local = ReplicationFactory(
        agency=AgencyFactory(regency=RegencyFactory(province=own_hub.province))
    )
    foreign = ReplicationFactory()
    response = client.get(reverse("admin:innovations_replication_changelist"))
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert local in listed and foreign not in listed
    # Following is not acting: no workflow step for a hub admin.
    step = reverse("admin:innovations_replication_step", args=(local.pk, "cancel"))
    client.post(step, {"reason": "coba"})
    local.refresh_from_db()
    assert local.status == Replication.Status.INTENT


def test_agency_editor_cannot_step_another_agencys_replication_in_admin(client):
    editor = AgencyEditorFactory()
    theirs = ReplicationFactory()
    client.force_login(editor)
    step = reverse("admin:innovations_replication_step", args=(theirs.pk, "commit"))
    response = client.post(step, {"signed_on": "2024-01-01", "signatory": "X", "document": pdf()})
    assert response.status_code in (302, 404)
    theirs.refresh_from_db()
    assert theirs.status == Replication.Status.INTENT


def test_agency_editor_commits_own_replication_in_admin(client):
    editor = AgencyEditorFactory()
    mine = ReplicationFactory(agency=editor.agency)
    client.force_login(editor)
    step = reverse("admin:innovations_replication_step", args=(mine.pk, "commit"))
    response = client.post(
        step, {"signed_on": "2024-01-01", "signatory": "Bupati", "document": pdf()}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == Replication.Status.COMMITTED
    assert mine.transitions.get().by == editor


def test_admin_step_refuses_skipping_a_state(client):
    editor = AgencyEditorFactory()
    mine = ReplicationFactory(agency=editor.agency)
    client.force_login(editor)
    step = reverse("admin:innovations_replication_step", args=(mine.pk, "plan"))
    client.post(step, {"steps": "Studi tiru | Bagian Organisasi | 2025-03-01"})
    mine.refresh_from_db()
    assert mine.status == Replication.Status.INTENT


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/hubs/",
        "/api/v1/hub-activities/",
        "/api/v1/participation/",
        "/api/v1/replications/",
        "/api/v1/statistics/",
    ],
)
def test_api_is_read_only_even_for_a_hub_admin(api_client, url):
    hub = HubFactory()
    api_client.force_authenticate(HubAdminFactory(province=hub.province))
    assert api_client.post(url, {"title": "x"}, format="json").status_code in (403, 405)


def test_api_cannot_change_another_province_activity(api_client, own_hub, other_hub):
    api_client.force_authenticate(HubAdminFactory(province=own_hub.province))
    theirs = HubActivityFactory(hub=other_hub, title="Asli")
    for method in ("put", "patch", "delete"):
        response = getattr(api_client, method)(
            f"/api/v1/hub-activities/{theirs.pk}/", {"title": "Diubah"}, format="json"
        )
        assert response.status_code in (403, 405)
    theirs.refresh_from_db()
    assert theirs.title == "Asli"


def test_hub_pages_accept_no_writes(client, hub_admin, other_hub):
    url = reverse("hubs:detail", args=(other_hub.province.code,))
    assert client.post(url, {"title": "x"}).status_code == 405
