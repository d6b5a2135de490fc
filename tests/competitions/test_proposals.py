"""Agency editors' proposal pages: submit (existing entry or new draft), validation messages,
editing and withdrawing until the deadline, locked after, and never another agency's."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competitions.models import Proposal
from innovations.models import Innovation
from tests.factories import AgencyEditorFactory, InnovationFactory

from .factories import JudgeFactory, ProposalFactory, competition_with_stages, group

pytestmark = pytest.mark.django_db

GOOD_SECTIONS = {
    "section_problem": "Warga menunggu berhari-hari untuk akta kelahiran anaknya.",
    "section_idea": "Akta diterbitkan langsung di rumah sakit saat bayi lahir.",
}


def pdf(name="proposal.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "application/pdf")


@pytest.fixture
def competition():
    return competition_with_stages()


@pytest.fixture
def editor(client, agency_editor):
    client.force_login(agency_editor)
    return agency_editor


def url(name, competition, **kwargs):
    return reverse(f"competitions:{name}", kwargs={"slug": competition.slug, **kwargs})


def test_agency_editor_submits_an_existing_entry_of_their_agency(client, editor, competition):
    entry = InnovationFactory(agency=editor.agency)
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition).pk, "innovation": entry.pk, **GOOD_SECTIONS,
         "attachment_proposal": pdf()},
    )  # fmt: skip
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.innovation, proposal.agency, proposal.submitted_by) == (
        entry, editor.agency, editor,
    )  # fmt: skip
    assert proposal.sections["idea"].startswith("Akta diterbitkan")
    assert proposal.attachments.get().key == "proposal"
    assert proposal.reached_stage == competition.current_stage


def test_new_draft_entry_is_created_with_the_proposal(client, editor, competition):
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition, "khusus").pk, "title": "Akta Lahir di Rumah Sakit",
         "summary": "Akta kelahiran terbit sebelum ibu dan bayi pulang.", "year_launched": 2022,
         "stage": "penerapan", **GOOD_SECTIONS, "attachment_proposal": pdf()},
    )  # fmt: skip
    assert response.status_code == 302
    entry = Innovation.objects.get(title="Akta Lahir di Rumah Sakit")
    assert entry.status == Innovation.Status.DRAFT
    assert entry.agency == editor.agency
    assert entry.source == Innovation.Source.KIPP
    assert entry.problem == GOOD_SECTIONS["section_problem"]  # sections start the entry's story
    assert Proposal.objects.get().innovation == entry


def test_missing_and_out_of_limit_sections_are_reported_clearly(client, editor, competition):
    entry = InnovationFactory(agency=editor.agency)
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition).pk, "innovation": entry.pk,
         "section_problem": "Terlalu singkat.", "section_idea": " ".join(["kata"] * 51)},
    )  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bagian “Permasalahan” terlalu pendek: 2 kata; minimal 5 kata." in text
    assert "Bagian “Gagasan dan kebaruan” terlalu panjang: 51 kata; maksimal 50 kata." in text
    assert "Lampiran “Dokumen proposal” wajib diunggah." in text
    assert not Proposal.objects.exists()


def test_attachment_is_checked_by_content(client, editor, competition):
    entry = InnovationFactory(agency=editor.agency)
    fake = SimpleUploadedFile("proposal.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition).pk, "innovation": entry.pk, **GOOD_SECTIONS,
         "attachment_proposal": fake},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Isi berkas tidak sesuai dengan ekstensi .pdf." in response.content.decode()
    assert not Proposal.objects.exists()


def test_agency_editor_cannot_submit_another_agencys_entry(client, editor, competition):
    other_entry = InnovationFactory()
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition).pk, "innovation": other_entry.pk, **GOOD_SECTIONS,
         "attachment_proposal": pdf()},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_same_entry_cannot_be_entered_twice(client, editor, competition):
    proposal = ProposalFactory(competition=competition, innovation__agency=editor.agency)
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition).pk, "innovation": proposal.innovation.pk, **GOOD_SECTIONS,
         "attachment_proposal": pdf()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "sudah diajukan" in response.content.decode()


def test_agency_editor_edits_own_proposal_before_the_deadline(client, editor, competition):
    proposal = ProposalFactory(competition=competition, innovation__agency=editor.agency)
    response = client.post(
        url("proposal_edit", competition, pk=proposal.pk),
        {"group": group(competition, "khusus").pk, **GOOD_SECTIONS,
         "attachment_proposal": pdf()},
    )  # fmt: skip
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.group.slug == "khusus"
    assert proposal.sections["problem"] == GOOD_SECTIONS["section_problem"]


def test_agency_cannot_edit_or_withdraw_after_the_deadline(client, editor):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    competition = competition_with_stages(registration_ends=yesterday)
    proposal = ProposalFactory(competition=competition, innovation__agency=editor.agency)
    before = dict(proposal.sections)
    response = client.post(
        url("proposal_edit", competition, pk=proposal.pk),
        {"group": group(competition).pk, **GOOD_SECTIONS},
    )
    assert response.status_code == 403
    assert "batas waktunya telah lewat" in response.content.decode()
    assert client.post(url("proposal_withdraw", competition, pk=proposal.pk)).status_code == 403
    assert client.get(url("proposal_create", competition)).status_code == 403
    proposal.refresh_from_db()
    assert proposal.sections == before
    assert proposal.status == Proposal.Status.SUBMITTED


def test_agency_withdraws_before_the_deadline(client, editor, competition):
    proposal = ProposalFactory(competition=competition, innovation__agency=editor.agency)
    response = client.post(url("proposal_withdraw", competition, pk=proposal.pk))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    # Withdrawn, the entry may be entered again before the deadline.
    response = client.post(
        url("proposal_create", competition),
        {"group": group(competition).pk, "innovation": proposal.innovation.pk, **GOOD_SECTIONS,
         "attachment_proposal": pdf()},
    )  # fmt: skip
    assert response.status_code == 302


def test_agency_cannot_see_other_agencies_proposals(client, editor, competition):
    own = ProposalFactory(competition=competition, innovation__agency=editor.agency)
    other = ProposalFactory(competition=competition, innovation__title="Rahasia Instansi Lain")
    listing = client.get(url("my_proposals", competition))
    assert listing.status_code == 200
    assert own.innovation.title in listing.content.decode()
    assert "Rahasia Instansi Lain" not in listing.content.decode()
    for name in ("proposal_edit", "proposal_withdraw"):
        assert client.get(url(name, competition, pk=other.pk)).status_code == 404
    assert client.post(url("proposal_withdraw", competition, pk=other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == Proposal.Status.SUBMITTED


def test_proposal_pages_need_login_and_the_editor_role(client, competition):
    response = client.get(url("proposal_create", competition))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(JudgeFactory())
    assert client.get(url("proposal_create", competition)).status_code == 403
    client.force_login(AgencyEditorFactory())
    assert client.get(url("proposal_create", competition)).status_code == 200


def test_proposal_list_query_count(client, editor, competition, django_assert_max_num_queries):
    for _ in range(5):
        ProposalFactory(competition=competition, innovation__agency=editor.agency)
    with django_assert_max_num_queries(10):
        response = client.get(url("my_proposals", competition))
    assert response.content.decode().count("data-proposal=") == 5
