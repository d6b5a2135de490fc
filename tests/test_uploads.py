"""Uploaded files are served by Django under /media/, each by the rule of what it belongs to:
public for a published entry's media and hub activities, restricted for the rest, 404 for
whoever may not see the owner (as for a file that does not exist)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from hubs.models import HubActivityMedia
from innovations.models import ImportJob, Innovation, InnovationMedia
from tests.competitions.factories import (
    AssignmentFactory,
    JudgeFactory,
    ProposalFactory,
    competition_with_stages,
)
from tests.factories import (
    AgencyEditorFactory,
    InnovationFactory,
    PublishedInnovationFactory,
    UserFactory,
)
from tests.hubs.factories import HubActivityFactory

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def stored(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content))


def entry_media(entry: Innovation, name: str = "innovations/2026/12/foto.png", **fields):
    fields.setdefault("kind", InnovationMedia.Kind.IMAGE)
    return InnovationMedia.objects.create(innovation=entry, file=stored(name, png()), **fields)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_image_of_a_published_entry_is_public(client):
    media = entry_media(PublishedInnovationFactory())

    response = client.get(media.file.url)

    assert response.status_code == 200
    assert body(response) == png()
    assert response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "public" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_document_is_downloaded_not_shown(client):
    media = entry_media(
        PublishedInnovationFactory(),
        "innovations/2026/12/laporan.pdf",
        kind=InnovationMedia.Kind.DOCUMENT,
    )
    response = client.get(media.file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_media_of_an_unpublished_entry_answers_only_those_who_may_see_the_entry(client, curator):
    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    url = entry_media(entry).file.url

    assert client.get(url).status_code == 404
    client.force_login(AgencyEditorFactory())  # another agency's editor
    assert client.get(url).status_code == 404
    client.force_login(AgencyEditorFactory(agency=entry.agency))
    assert client.get(url).status_code == 200
    client.force_login(curator)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_files_that_belong_to_nothing_readable_are_not_found(client, curator):
    stray = stored("innovations/2026/12/tanpa-pemilik.png", png())
    stored("open-data/katalog.csv", b"slug\n")
    client.force_login(curator)

    assert client.get(f"/media/{stray}").status_code == 404
    assert client.get("/media/open-data/katalog.csv").status_code == 404
    assert client.get("/media/innovations/tidak-ada.png").status_code == 404
    assert client.get("/media/..%2F..%2Fjippnas%2Fsettings.py").status_code == 404


def test_an_accepted_campaign_attachment_is_public_with_its_entry(client):
    # Accepting a proposed change makes its attachment the entry's media under the same name.
    media = entry_media(PublishedInnovationFactory(), "campaigns/2026/12/lampiran.png")
    assert client.get(media.file.url).status_code == 200


def test_a_proposal_attachment_is_for_its_judges_not_the_public(client):
    competition = competition_with_stages()
    stage = competition.stages.order_by("position").first()
    proposal = ProposalFactory(competition=competition)
    assignment = AssignmentFactory(stage=stage, proposal=proposal)
    attachment = assignment.proposal.attachments.create(
        key="foto", kind="image", file=stored("competitions/proposals/x/foto.png", png())
    )
    url = attachment.file.url

    assert client.get(url).status_code == 404
    client.force_login(JudgeFactory())  # not assigned to it
    assert client.get(url).status_code == 404
    client.force_login(assignment.judge)
    assert client.get(url).status_code == 200


def test_an_import_file_is_for_those_who_import(client, curator):
    job = ImportJob.objects.create(
        file=stored("imports/2026/12/impor.csv", b"title\n"), format="csv", created_by=curator
    )
    client.force_login(UserFactory())
    assert client.get(job.file.url).status_code == 404
    client.force_login(curator)
    assert client.get(job.file.url).status_code == 200


def test_hub_activity_media_are_public(client):
    media = HubActivityMedia.objects.create(
        activity=HubActivityFactory(), kind="image", file=stored("hubs/2026/12/forum.png", png())
    )
    assert client.get(media.file.url).status_code == 200


def test_uploads_are_only_read(client):
    media = entry_media(PublishedInnovationFactory())
    assert client.post(media.file.url).status_code == 405


def test_an_agency_reads_the_attachments_of_its_own_proposals(client):
    proposal = ProposalFactory(competition=competition_with_stages())
    attachment = proposal.attachments.create(
        key="dokumen", kind="document", file=stored("competitions/proposals/y/p.pdf", b"%PDF-1.4")
    )
    client.force_login(AgencyEditorFactory(agency=proposal.agency))
    assert client.get(attachment.file.url).status_code == 200


def test_content_types_do_not_depend_on_the_system_table(client, monkeypatch):
    # python:3.11-slim has no /etc/mime.types: Python alone knows neither WebP nor DOCX.
    import mimetypes

    monkeypatch.setattr(mimetypes, "guess_type", mimetypes.MimeTypes(filenames=()).guess_type)
    entry = PublishedInnovationFactory()
    image = entry_media(entry, "innovations/2026/12/foto.webp")
    document = entry_media(
        entry, "innovations/2026/12/laporan.docx", kind=InnovationMedia.Kind.DOCUMENT
    )

    shown = client.get(image.file.url)
    downloaded = client.get(document.file.url)

    assert shown["Content-Type"] == "image/webp"
    assert "attachment" not in shown.get("Content-Disposition", "")
    assert downloaded["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_browser_copy_of_a_public_file_is_validated_by_its_time(client):
    media = entry_media(PublishedInnovationFactory())
    first = client.get(media.file.url)

    again = client.get(media.file.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
    assert "public" in again["Cache-Control"]


def test_a_validator_does_not_open_a_file_the_user_may_not_read(client, curator):
    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    url = entry_media(entry).file.url
    client.force_login(curator)
    last_modified = client.get(url)["Last-Modified"]
    client.logout()

    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 404
