"""The agency contact's path in headless chromium: open the e-mailed link, see the entry's
published text prefilled, be told that a stopped innovation needs a reason, propose a change."""

import pytest

from innovations import tasks
from innovations.models import ProposedChange
from tests.innovations.test_campaigns_support import (
    URLCONF,
    CampaignFactory,
    ContactedInnovationFactory,
    link_in,
    outbox_to,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls(URLCONF),
]


def test_contact_answers_through_the_link_in_a_browser(live_server, page):
    entry = ContactedInnovationFactory(summary="Warga antre di kantor kecamatan.")
    campaign = CampaignFactory()
    campaign.entries.set([entry])
    tasks.campaign_send_invitations.delay(campaign.pk)
    path, _slug, _token = link_in(outbox_to(entry.contact_email)[0])

    page.goto(live_server.url + path)
    assert page.get_by_label("Ringkasan").input_value() == "Warga antre di kantor kecamatan."
    page.get_by_label("Berhenti").check()
    page.get_by_label("Ada yang perlu diperbarui — usulkan perubahan").check()
    page.get_by_label("Ringkasan").fill("Warga mengurus dari rumah.")
    page.get_by_role("button", name="Kirim jawaban").click()
    assert page.get_by_text("Sebutkan alasan inovasi berhenti.").is_visible()
    assert not ProposedChange.objects.exists()

    page.get_by_label("Keterangan keberlanjutan").fill("Anggaran dialihkan sejak 2023.")
    page.get_by_role("button", name="Kirim jawaban").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Terima kasih"
    proposal = ProposedChange.objects.get()
    assert proposal.changes == {"summary": "Warga mengurus dari rumah."}
    entry.refresh_from_db()
    assert entry.summary == "Warga antre di kantor kecamatan."
    assert entry.continuity_status == "berhenti"

    page.goto(live_server.url + path)
    assert page.get_by_role("heading", level=1).inner_text() == "Tautan tidak dapat digunakan"
