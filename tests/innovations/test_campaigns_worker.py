"""An update campaign end to end through a real Celery worker and Redis: the curator opens it and
sends invitations, contacts open their links, one proposes a change and one is reminded and then
confirms, the curator accepts the proposal, and the dashboard shows the database's figures.

Skipped (with the reason) when REDIS_URL is unset; CI runs it on PostgreSQL + Redis.
"""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innovations import tasks
from innovations.models import CampaignInvitation, Innovation, ProposedChange
from tests.factories import CuratorFactory
from tests.innovations.test_campaigns_support import (
    URLCONF,
    CampaignFactory,
    ContactedInnovationFactory,
    answer_data,
    link_in,
    outbox_to,
)

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(URLCONF),
]


def wait_for(condition, timeout: float = 20.0):
    """Poll until the worker (another thread, its own connection) has committed the result."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not finish in time")


def test_campaign_end_to_end_through_real_worker(celery_worker, client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CAMPAIGN_REMINDER_DAYS = 7
    curator = CuratorFactory()
    proposing = ContactedInnovationFactory(summary="Warga antre di kantor kecamatan.")
    reminded = ContactedInnovationFactory()
    unreachable = ContactedInnovationFactory(contact_email="")
    campaign = CampaignFactory(name="Pemutakhiran 2024")
    campaign.entries.set([proposing, reminded, unreachable])

    # The curator sends the invitations from the admin; the worker delivers them.
    client.force_login(curator)
    response = client.post(
        reverse("admin:innovations_updatecampaign_changelist"),
        {"action": "send_invitations", "_selected_action": [campaign.pk]},
    )
    assert response.status_code == 302
    wait_for(
        lambda: (
            CampaignInvitation.objects.filter(campaign=campaign)
            .filter(sent_at__isnull=False)
            .count()
            == 2
            and CampaignInvitation.objects.filter(bounced_at__isnull=False).count() == 1
        )
    )
    assert len(outbox_to(proposing.contact_email)) == 1
    assert len(outbox_to(reminded.contact_email)) == 1
    client.logout()

    # Contact 1 opens the link and proposes a new summary.
    path, _slug, _token = link_in(outbox_to(proposing.contact_email)[0])
    assert client.get(path).status_code == 200
    response = client.post(
        path, answer_data(proposing, decision="propose", summary="Warga mengurus dari rumah.")
    )
    assert response.status_code == 200
    proposing.refresh_from_db()
    assert proposing.summary == "Warga antre di kantor kecamatan."

    # A week later the beat task reminds only the contact who has not answered.
    CampaignInvitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    assert tasks.campaign_send_reminders.delay().get(timeout=20) == 1
    assert len(outbox_to(reminded.contact_email)) == 2
    assert len(outbox_to(proposing.contact_email)) == 1

    # Contact 2 confirms through the reminder's link.
    path, _slug, _token = link_in(outbox_to(reminded.contact_email)[1])
    response = client.post(path, answer_data(reminded, continuity_status="berjalan"))
    assert response.status_code == 200
    reminded.refresh_from_db()
    assert reminded.last_confirmed_at == timezone.localdate()
    assert client.get(path).status_code == 410  # single use

    # The curator accepts the proposal; the entry changes, attributed in its history.
    client.force_login(curator)
    proposal = ProposedChange.objects.get(innovation=proposing)
    response = client.post(
        reverse("admin:innovations_proposedchange_change", args=(proposal.pk,)),
        {"decision": "accept"},
    )
    assert response.status_code == 302
    proposing.refresh_from_db()
    assert proposing.summary == "Warga mengurus dari rumah."
    assert proposing.history.order_by("-history_id").first().history_user == curator

    # The dashboard's figures are the database's.
    response = client.get(reverse("campaigns:dashboard", args=(campaign.pk,)))
    assert response.context["figures"]["total"] == {
        "invited": 3,
        "opened": 2,
        "confirmed": 1,
        "changed": 1,
        "no_answer": 1,
        "bounced": 1,
    }
    assert Innovation.objects.filter(last_confirmed_at__isnull=False).count() == 2
    assert len(mail.outbox) == 3
