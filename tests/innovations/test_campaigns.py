"""Update campaigns (issue 8, points 4-7): scope, idempotent invitations, personal links and
their misuse, answers, curator review, reminders, the dashboard and the continuity notice.

Celery runs eagerly here; tests/innovations/test_campaigns_worker.py runs the same flow through
a real worker and Redis.
"""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from innovations import tasks
from innovations.models import (
    CampaignInvitation,
    Innovation,
    InnovationMedia,
    InvitationToken,
    ProposedChange,
)
from innovations.selectors import campaigns as selectors
from innovations.services import campaigns as services
from tests.factories import (
    AgencyEditorFactory,
    CentralAgencyFactory,
    InnovationFactory,
    ProvinceFactory,
)
from tests.innovations.test_campaigns_support import (
    URLCONF,
    CampaignFactory,
    ContactedInnovationFactory,
    HubAdminFactory,
    answer_data,
    link_in,
    outbox_to,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

NEUTRAL_TEXT = "Tautan pemutakhiran ini tidak berlaku"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def invite(*entries, **campaign_fields):
    """A campaign over exactly these entries, with its invitations sent (eager task)."""
    campaign = CampaignFactory(**campaign_fields)
    campaign.entries.set(entries)
    tasks.campaign_send_invitations.delay(campaign.pk)
    return campaign


def link_for(entry) -> tuple[str, str]:
    """(path, token) of the newest link e-mailed for this entry."""
    path, _slug, token = link_in(outbox_to(entry.contact_email)[-1])
    return path, token


def entry_state(entry) -> tuple:
    entry.refresh_from_db()
    return (entry.title, entry.summary, entry.continuity_status, entry.last_confirmed_at)


# --- scope and sending ----------------------------------------------------------------------


def test_scope_resolves_to_published_entries_matching_every_criterion():
    inside = ContactedInnovationFactory(source="kipp", year_launched=2018)
    province, agency = inside.province, inside.agency
    ContactedInnovationFactory(source="iga", year_launched=2018, agency=agency)  # other source
    ContactedInnovationFactory(source="kipp", year_launched=2010, agency=agency)  # too old
    ContactedInnovationFactory(source="kipp", year_launched=2018)  # another province
    InnovationFactory(source="kipp", year_launched=2018, agency=agency)  # a draft
    campaign = CampaignFactory(sources=["kipp"], year_from=2014, year_to=2023)
    campaign.provinces.set([province])
    assert list(selectors.campaign_scope_entries(campaign)) == [inside]


def test_hand_picked_scope_invites_only_published_entries():
    picked, other = ContactedInnovationFactory(), ContactedInnovationFactory()
    draft = InnovationFactory()
    campaign = CampaignFactory(sources=["iga"])
    campaign.entries.set([picked, draft])
    assert list(selectors.campaign_scope_entries(campaign)) == [picked]
    assert other not in selectors.campaign_scope_entries(campaign)


def test_sending_twice_invites_each_entry_once():
    entries = ContactedInnovationFactory.create_batch(3)
    campaign = invite(*entries)
    tasks.campaign_send_invitations.delay(campaign.pk)
    assert CampaignInvitation.objects.filter(campaign=campaign).count() == 3
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.contact_email for e in entries)


def test_invitation_link_is_random_and_only_its_hash_is_stored():
    entry = ContactedInnovationFactory()
    invite(entry)
    path, token = link_for(entry)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    stored = InvitationToken.objects.get()
    assert stored.token_hash == selectors.token_hash(token)
    assert token not in stored.token_hash
    invitation = CampaignInvitation.objects.get()
    assert str(invitation.pk) not in path.split("/")


def test_missing_or_refused_address_marks_invitation_bounced(settings):
    settings.EMAIL_BACKEND = "tests.innovations.test_campaigns_support.RefusingBackend"
    empty = ContactedInnovationFactory(contact_email="")
    refused = ContactedInnovationFactory(contact_email="ditolak@pemda.example.go.id")
    fine = ContactedInnovationFactory()
    invite(empty, refused, fine)
    bounced = CampaignInvitation.objects.filter(bounced_at__isnull=False)
    assert set(bounced.values_list("innovation", flat=True)) == {empty.pk, refused.pk}
    assert CampaignInvitation.objects.get(innovation=fine).sent_at is not None
    assert [m.to for m in mail.outbox] == [[fine.contact_email]]
    # A refused address keeps no usable link.
    assert not InvitationToken.objects.filter(invitation__innovation=refused).exists()


def test_curator_sends_invitations_from_admin(client, curator, django_capture_on_commit_callbacks):
    entry = ContactedInnovationFactory()
    campaign = CampaignFactory()
    campaign.entries.set([entry])
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:innovations_updatecampaign_changelist"),
            {"action": "send_invitations", "_selected_action": [campaign.pk]},
        )
    assert response.status_code == 302
    assert CampaignInvitation.objects.filter(campaign=campaign, sent_at__isnull=False).count() == 1
    assert len(outbox_to(entry.contact_email)) == 1


def test_curator_opens_campaign_in_admin(client, curator):
    client.force_login(curator)
    today = timezone.localdate()
    response = client.post(
        reverse("admin:innovations_updatecampaign_add"),
        {
            "name": "Pemutakhiran 2024",
            "starts_on": today.isoformat(),
            "ends_on": (today - datetime.timedelta(days=1)).isoformat(),
            "sources": ["kipp", "iga"],
        },
    )
    assert response.status_code == 200  # refused: ends before it starts
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai" in response.content.decode()
    response = client.post(
        reverse("admin:innovations_updatecampaign_add"),
        {
            "name": "Pemutakhiran 2024",
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=60)).isoformat(),
            "sources": ["kipp", "iga"],
            "year_from": 2014,
            "year_to": 2023,
        },
    )
    assert response.status_code == 302
    campaign = CampaignFactory._meta.model.objects.get(name="Pemutakhiran 2024")
    assert campaign.sources == ["kipp", "iga"]
    assert campaign.created_by == curator


def test_agency_editor_cannot_open_campaign_admin(client, agency_editor):
    client.force_login(agency_editor)
    response = client.get(reverse("admin:innovations_updatecampaign_changelist"))
    assert response.status_code == 403


# --- the personal link ----------------------------------------------------------------------


def test_link_opens_prefilled_form_and_records_first_opening(client):
    entry = ContactedInnovationFactory(summary="Ringkasan yang sudah terbit.")
    invite(entry)
    path, _token = link_for(entry)
    response = client.get(path)
    assert response.status_code == 200
    assert "Ringkasan yang sudah terbit." in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    opened = CampaignInvitation.objects.get().opened_at
    assert opened is not None
    client.get(path)
    assert CampaignInvitation.objects.get().opened_at == opened


def test_a_long_campaign_name_never_cuts_the_contact_out_of_the_history(client):
    entry = ContactedInnovationFactory()
    invite(entry, name="Pemutakhiran Data Inovasi Pelayanan Publik Provinsi Tahap Kedua " * 3)
    path, _token = link_for(entry)
    client.post(path, answer_data(entry, continuity_status="berkembang"))

    record = entry.history.order_by("-history_id").first()
    assert entry.contact_email in record.history_change_reason


def test_contact_confirms_unchanged_with_attribution(client):
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    response = client.post(path, answer_data(entry, continuity_status="berkembang"))
    assert response.status_code == 200
    assert "Konfirmasi Anda" in response.content.decode()
    entry.refresh_from_db()
    assert entry.continuity_status == Innovation.Continuity.SCALED_UP
    assert entry.last_confirmed_at == timezone.localdate()
    assert entry.last_confirmed_by.username == services.SYSTEM_USERNAME
    record = entry.history.order_by("-history_id").first()
    assert record.history_user.username == services.SYSTEM_USERNAME
    assert entry.contact_email in record.history_change_reason
    invitation = CampaignInvitation.objects.get()
    assert invitation.outcome == CampaignInvitation.Outcome.CONFIRMED
    assert not ProposedChange.objects.exists()


def test_stopped_needs_a_reason(client):
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    before = entry_state(entry)
    response = client.post(path, answer_data(entry, continuity_status="berhenti"))
    assert response.status_code == 400
    assert "Sebutkan alasan inovasi berhenti" in response.content.decode()
    assert entry_state(entry) == before
    assert CampaignInvitation.objects.get().answered_at is None


def test_proposed_change_waits_and_never_overwrites_published_text(client):
    entry = ContactedInnovationFactory(title="Judul Terbit", summary="Ringkasan terbit.")
    invite(entry)
    path, _token = link_for(entry)
    response = client.post(
        path,
        answer_data(
            entry,
            decision="propose",
            summary="Ringkasan baru yang diusulkan.",
            website_url="https://layanan.example.go.id",
        ),
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.title, entry.summary, entry.website_url) == (
        "Judul Terbit",
        "Ringkasan terbit.",
        "",
    )
    proposal = ProposedChange.objects.get()
    assert proposal.changes == {
        "summary": "Ringkasan baru yang diusulkan.",
        "website_url": "https://layanan.example.go.id",
    }
    assert proposal.original["summary"] == "Ringkasan terbit."
    assert proposal.proposed_by_email == entry.contact_email
    assert CampaignInvitation.objects.get().outcome == CampaignInvitation.Outcome.CHANGED


def test_propose_without_any_change_is_refused(client):
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    response = client.post(path, answer_data(entry, decision="propose"))
    assert response.status_code == 400
    assert "Tidak ada isian yang berubah" in response.content.decode()
    assert not ProposedChange.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("peta.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image", "tidak diizinkan"),
        ("program.exe", b"MZ\x90\x00", "document", "tidak diizinkan"),
        ("foto.png", PNG, "image", "terlalu besar"),
    ],
)
def test_uploads_oversized_or_disallowed_are_refused_with_a_message(
    client, settings, name, content, kind, message
):
    settings.MAX_IMAGE_BYTES = 10  # the PNG above is larger
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        path,
        {**answer_data(entry, decision="propose", attachment_kind=kind), "attachment": upload},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProposedChange.objects.exists()
    assert CampaignInvitation.objects.get().answered_at is None


def test_accepted_upload_becomes_entry_media(client, curator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    upload = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    client.post(
        path,
        {
            **answer_data(entry, decision="propose", attachment_kind="image"),
            "attachment": upload,
            "attachment_caption": "Loket baru",
        },
    )
    proposal = ProposedChange.objects.get()
    assert not entry.media.exists()
    services.proposed_change_accept(change=proposal, by=curator)
    media = InnovationMedia.objects.get(innovation=entry)
    assert (media.kind, media.caption) == ("image", "Loket baru")


# --- token misuse: one neutral page, nothing written ----------------------------------------


def _page_text(response) -> str:
    """The page's main content (the header's form carries a per-request CSRF token)."""
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def _assert_refused(response, status):
    assert response.status_code == status
    body = response.content.decode()
    assert NEUTRAL_TEXT in body
    assert "Traceback" not in body


def test_reused_link_is_refused_and_writes_nothing(client):
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    client.post(path, answer_data(entry))
    before = entry_state(entry)
    history = entry.history.count()
    for response in (
        client.get(path),
        client.post(path, answer_data(entry, decision="propose", title="Judul Lain")),
    ):
        _assert_refused(response, 410)
    assert entry_state(entry) == before
    assert entry.history.count() == history
    assert not ProposedChange.objects.exists()


def test_expired_link_is_refused_and_writes_nothing(client):
    entry = ContactedInnovationFactory()
    invite(entry)
    path, _token = link_for(entry)
    InvitationToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    before = entry_state(entry)
    _assert_refused(client.get(path), 410)
    _assert_refused(client.post(path, answer_data(entry)), 410)
    assert entry_state(entry) == before
    invitation = CampaignInvitation.objects.get()
    assert (invitation.opened_at, invitation.answered_at) == (None, None)


def test_altered_link_is_refused_and_writes_nothing(client):
    entry = ContactedInnovationFactory()
    invite(entry)
    path, token = link_for(entry)
    altered = path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    before = entry_state(entry)
    _assert_refused(client.get(altered), 404)
    _assert_refused(client.post(altered, answer_data(entry)), 404)
    # A made-up entry answers exactly the same: the page does not tell what exists.
    missing = client.get(reverse("campaigns:answer", args=("tidak-ada", token)))
    _assert_refused(missing, 404)
    assert _page_text(missing) == _page_text(client.get(altered))
    assert entry_state(entry) == before
    assert CampaignInvitation.objects.get().opened_at is None


def test_other_entry_link_is_refused_and_writes_nothing(client):
    mine, other = ContactedInnovationFactory(), ContactedInnovationFactory()
    invite(mine, other)
    _path, token = link_for(mine)
    crossed = reverse("campaigns:answer", args=(other.slug, token))
    before = (entry_state(mine), entry_state(other))
    _assert_refused(client.get(crossed), 404)
    _assert_refused(client.post(crossed, answer_data(other, title="Disusupi")), 404)
    assert (entry_state(mine), entry_state(other)) == before
    assert not CampaignInvitation.objects.filter(opened_at__isnull=False).exists()


# --- agency editors --------------------------------------------------------------------------


def test_agency_editor_answers_own_entry_logged_in(client):
    editor = AgencyEditorFactory()
    entry = ContactedInnovationFactory(agency=editor.agency)
    invite(entry)
    client.force_login(editor)
    index = client.get(reverse("campaigns:index"))
    assert entry.title in index.content.decode()
    response = client.post(
        reverse("campaigns:edit", args=(entry.slug,)),
        answer_data(entry, decision="propose", legal_basis="Perbup Nomor 7 Tahun 2022"),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.legal_basis == "Peraturan Bupati"  # unchanged until a curator accepts
    assert entry.last_confirmed_by == editor
    assert entry.history.order_by("-history_id").first().history_user == editor
    assert ProposedChange.objects.get().proposed_by == editor
    invitation = CampaignInvitation.objects.get()
    assert (invitation.answered_by, invitation.outcome) == (editor, "changed")


def test_agency_editor_cannot_answer_another_agencys_entry(client):
    editor = AgencyEditorFactory()
    entry = ContactedInnovationFactory()
    client.force_login(editor)
    before = entry_state(entry)
    url = reverse("campaigns:edit", args=(entry.slug,))
    assert client.get(url).status_code == 404
    assert client.post(url, answer_data(entry)).status_code == 404
    assert entry_state(entry) == before


# --- curator review -------------------------------------------------------------------------


def _proposal(client, entry, **changes):
    invite(entry)
    path, _token = link_for(entry)
    client.post(path, answer_data(entry, decision="propose", **changes))
    client.logout()
    return ProposedChange.objects.get(innovation=entry)


def test_curator_sees_diff_and_accepts_through_history(client, curator):
    entry = ContactedInnovationFactory(summary="Warga antre di kantor.")
    proposal = _proposal(client, entry, summary="Warga mengurus dari rumah.")
    client.force_login(curator)
    url = reverse("admin:innovations_proposedchange_change", args=(proposal.pk,))
    page = client.get(url).content.decode()
    assert "<del>antre di kantor.</del>" in page
    assert "<ins>mengurus dari rumah.</ins>" in page
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Warga mengurus dari rumah."
    record = entry.history.order_by("-history_id").first()
    assert record.history_user == curator
    assert f"usulan #{proposal.pk}" in record.history_change_reason
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewed_by) == ("accepted", curator)


def test_curator_returns_proposal_with_comment(client, curator, django_capture_on_commit_callbacks):
    entry = ContactedInnovationFactory(title="Judul Lama")
    proposal = _proposal(client, entry, title="Judul Baru")
    client.force_login(curator)
    url = reverse("admin:innovations_proposedchange_change", args=(proposal.pk,))
    assert client.post(url, {"decision": "return", "comment": ""}).status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == "pending"  # a comment is required
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "return", "comment": "Sertakan nomor perbup."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_comment) == ("returned", "Sertakan nomor perbup.")
    entry.refresh_from_db()
    assert entry.title == "Judul Lama"
    assert "Sertakan nomor perbup." in outbox_to(entry.contact_email)[0].body


def test_agency_editor_cannot_accept_proposals(agency_editor, client):
    entry = ContactedInnovationFactory(agency=agency_editor.agency, title="Judul Lama")
    proposal = _proposal(client, entry, title="Judul Baru")
    with pytest.raises(services.PermissionDenied):
        services.proposed_change_accept(change=proposal, by=agency_editor)
    entry.refresh_from_db()
    assert entry.title == "Judul Lama"


# --- reminders ------------------------------------------------------------------------------


def test_reminders_go_out_after_the_interval_and_stop_once_answered(client, settings):
    settings.CAMPAIGN_REMINDER_DAYS = 7
    quiet, answering = ContactedInnovationFactory(), ContactedInnovationFactory()
    invite(quiet, answering)
    tasks.campaign_send_reminders.delay()
    assert len(mail.outbox) == 2  # nothing yet: the interval has not passed
    CampaignInvitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=8))
    path, _token = link_for(answering)
    client.post(path, answer_data(answering))
    tasks.campaign_send_reminders.delay()
    assert len(outbox_to(quiet.contact_email)) == 2
    assert len(outbox_to(answering.contact_email)) == 1
    # The reminder's fresh link works; the first one too, until the contact answers.
    first_path, _slug, _token = link_in(outbox_to(quiet.contact_email)[0])
    reminder_path, _slug, _token = link_in(outbox_to(quiet.contact_email)[1])
    assert first_path != reminder_path
    assert client.get(first_path).status_code == 200
    tasks.campaign_send_reminders.delay()  # same day: not again
    assert len(outbox_to(quiet.contact_email)) == 2
    client.post(reminder_path, answer_data(quiet))
    assert client.get(first_path).status_code == 410
    CampaignInvitation.objects.update(last_reminded_at=timezone.now() - datetime.timedelta(days=30))
    tasks.campaign_send_reminders.delay()
    assert len(outbox_to(quiet.contact_email)) == 2


# --- dashboard ------------------------------------------------------------------------------


def _campaign_with_answers(client):
    """Four invitations in two provinces: one confirmed, one changed, one opened, one bounced."""
    entries = ContactedInnovationFactory.create_batch(3)
    bounced = ContactedInnovationFactory(contact_email="")
    campaign = invite(*entries, bounced)
    confirmed, changed, opened = entries
    client.post(link_for(confirmed)[0], answer_data(confirmed))
    client.post(link_for(changed)[0], answer_data(changed, decision="propose", title="Baru"))
    client.get(link_for(opened)[0])
    return campaign, {"confirmed": confirmed, "changed": changed, "opened": opened}


def _figures_from_db(campaign, **filters) -> dict:
    rows = CampaignInvitation.objects.filter(campaign=campaign, **filters)
    return {
        "invited": rows.count(),
        "opened": rows.filter(opened_at__isnull=False).count(),
        "confirmed": rows.filter(outcome="confirmed").count(),
        "changed": rows.filter(outcome="changed").count(),
        "no_answer": rows.filter(answered_at__isnull=True).count(),
        "bounced": rows.filter(bounced_at__isnull=False).count(),
    }


def test_dashboard_figures_equal_database_counts(client, curator, django_assert_max_num_queries):
    campaign, _entries = _campaign_with_answers(client)
    client.force_login(curator)
    url = reverse("campaigns:dashboard", args=(campaign.pk,))
    for by in ("province", "source", "agency"):
        with django_assert_max_num_queries(12):
            response = client.get(url, {"by": by})
        assert response.status_code == 200
        figures = response.context["figures"]
        assert figures["total"] == _figures_from_db(campaign)
        assert sum(row["invited"] for row in figures["rows"]) == 4
    assert figures["total"] == {
        "invited": 4, "opened": 3, "confirmed": 1, "changed": 1, "no_answer": 2, "bounced": 1,
    }  # fmt: skip
    page = response.content.decode()
    assert "<svg" in page and "campaign-chart__confirmed" in page


def test_dashboard_csv_has_the_same_figures(client, curator):
    campaign, _entries = _campaign_with_answers(client)
    client.force_login(curator)
    response = client.get(
        reverse("campaigns:dashboard", args=(campaign.pk,)), {"by": "source", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("Sumber,Diundang,Dibuka,Dikonfirmasi")
    assert lines[-1] == "Jumlah,4,3,1,1,2,1"


def test_hub_admin_sees_only_its_province_on_the_dashboard(client):
    campaign, entries = _campaign_with_answers(client)
    province = entries["confirmed"].province
    hub_admin = HubAdminFactory(province=province)
    client.force_login(hub_admin)
    response = client.get(reverse("campaigns:dashboard", args=(campaign.pk,)))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [row["group"] for row in figures["rows"]] == [province.name]
    assert figures["total"] == _figures_from_db(campaign, innovation__province=province)
    assert figures["total"]["invited"] == 1
    page = response.content.decode()
    assert entries["changed"].province.name not in page


def test_dashboard_refuses_editors_and_non_staff(client, agency_editor):
    campaign = CampaignFactory()
    url = reverse("campaigns:dashboard", args=(campaign.pk,))
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(agency_editor)
    assert client.get(url).status_code == 403
    outsider = HubAdminFactory(province=ProvinceFactory(), is_staff=False)
    client.force_login(outsider)
    assert client.get(url).status_code == 403


# --- continuity on the entry page and in the statistics -------------------------------------


def _continuity_html(entry, today=None) -> str:
    return render_to_string(
        "innovations/_continuity.html",
        {"entry": entry, "continuity": selectors.continuity_state(entry, today=today)},
    )


def test_continuity_partial_shows_last_confirmation(settings):
    settings.CONTINUITY_STALE_MONTHS = 24
    entry = ContactedInnovationFactory(
        continuity_status="berjalan", last_confirmed_at=datetime.date(2024, 3, 5)
    )
    html = _continuity_html(entry, today=datetime.date(2025, 1, 1))
    assert "Terakhir dikonfirmasi pada" in html
    assert "5 Maret 2024" in html
    assert "continuity--fresh" in html
    assert "lebih dari" not in html


def test_continuity_partial_flags_old_or_missing_confirmation(settings):
    settings.CONTINUITY_STALE_MONTHS = 12
    old = ContactedInnovationFactory(last_confirmed_at=datetime.date(2023, 1, 31))
    html = _continuity_html(old, today=datetime.date(2024, 2, 29))
    assert "lebih dari 12 bulan" in html and "continuity--stale" in html
    never = ContactedInnovationFactory(last_confirmed_at=None)
    assert "belum pernah dikonfirmasi" in _continuity_html(never)


def test_continuity_by_source_and_year_counts_published_entries_only():
    ContactedInnovationFactory(source="kipp", year_launched=2019, continuity_status="berjalan")
    ContactedInnovationFactory(source="kipp", year_launched=2019, continuity_status="berkembang")
    ContactedInnovationFactory(
        source="kipp", year_launched=2019, continuity_status="berhenti", continuity_note="Dana"
    )
    InnovationFactory(source="kipp", year_launched=2019, continuity_status="berjalan")  # draft
    ContactedInnovationFactory(source="iga", year_launched=2020)
    rows = {(r["source"], r["year_launched"]): r for r in selectors.continuity_by_source_and_year()}
    assert (rows[("kipp", 2019)]["running"], rows[("kipp", 2019)]["stopped"]) == (2, 1)
    assert rows[("kipp", 2019)]["total"] == 3
    assert rows[("iga", 2020)]["unknown"] == 1


def test_central_agency_entries_group_without_province(client, curator):
    entry = ContactedInnovationFactory(agency=CentralAgencyFactory(), province=None, regency=None)
    campaign = invite(entry)
    client.force_login(curator)
    response = client.get(reverse("campaigns:dashboard", args=(campaign.pk,)))
    assert response.context["figures"]["rows"][0]["group"].startswith("Tanpa provinsi")


def test_curator_follows_campaigns_and_proposals_in_admin_and_portal(client, curator):
    entry = ContactedInnovationFactory()
    proposal = _proposal(client, entry, title="Judul Baru")
    client.force_login(curator)
    for name in ("updatecampaign", "campaigninvitation", "proposedchange"):
        assert client.get(reverse(f"admin:innovations_{name}_changelist")).status_code == 200
    invitation = CampaignInvitation.objects.get()
    page = client.get(reverse("admin:innovations_campaigninvitation_change", args=(invitation.pk,)))
    assert page.status_code == 200
    assert "token_hash" not in page.content.decode()
    index = client.get(reverse("campaigns:index")).content.decode()
    assert proposal.invitation.campaign.name in index
    assert "1 usulan perubahan menunggu tinjauan" in index
