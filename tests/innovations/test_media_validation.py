"""Media uploads are checked by content and size, both in the validators and on the admin form."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innovations.models import InnovationMedia
from innovations.validators import validate_media_upload
from tests.factories import InnovationFactory
from tests.innovations.test_admin import admin_form_data

pytestmark = pytest.mark.django_db

DANGEROUS = "tidak diizinkan (SVG, HTML dan program dapat berbahaya)."
MISMATCH = "Isi berkas tidak sesuai dengan ekstensi .png."
TOO_LARGE = "Berkas terlalu besar"


def png_bytes(size: int = 8, noisy: bool = False) -> bytes:
    image = Image.new("RGB", (size, size), "#1f6feb")
    if noisy:  # random pixels do not compress: the file is as large as the picture
        image = Image.frombytes("RGB", (size, size), random.Random(size).randbytes(size * size * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# Each refused upload: (file name, content, kind, the message the editor must read).
REFUSED = {
    "svg": ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "image",
            "Berkas .svg " + DANGEROUS),
    "html": ("halaman.html", b"<html><script>alert(1)</script></html>", "image",
             "Berkas .html " + DANGEROUS),
    "exe": ("pemasang.exe", b"MZ\x90\x00" + b"\x00" * 200, "document",
            "Berkas .exe " + DANGEROUS),
    "png_not_an_image": ("foto.png", b"ini bukan gambar sama sekali", "image", MISMATCH),
}  # fmt: skip


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- the validators directly ------------------------------------------------------------------


def test_real_png_is_accepted_by_validator():
    validate_media_upload(upload("foto.png", png_bytes()), "image")


def test_real_pdf_is_accepted_as_document():
    validate_media_upload(upload("laporan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"), "document")


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_dangerous_or_disguised_upload_is_refused_by_validator(case):
    name, content, kind, message = REFUSED[case]
    with pytest.raises(ValidationError) as error:
        validate_media_upload(upload(name, content), kind)
    assert error.value.messages == [message]


def test_oversized_image_is_refused_by_validator(settings):
    settings.MAX_IMAGE_BYTES = 1024
    content = png_bytes(size=64, noisy=True)
    assert len(content) > 1024
    with pytest.raises(ValidationError) as error:
        validate_media_upload(upload("besar.png", content), "image")
    assert TOO_LARGE in error.value.messages[0]


def test_model_clean_reports_upload_errors_on_the_file_field():
    media = InnovationMedia(
        innovation=InnovationFactory(), kind="image", file=upload("logo.svg", b"<svg/>")
    )
    with pytest.raises(ValidationError) as error:
        media.full_clean()
    assert error.value.message_dict["file"] == ["Berkas .svg " + DANGEROUS]


# --- through the admin change form ------------------------------------------------------------


def post_media(client, entry, name: str, content: bytes, kind: str):
    url = reverse("admin:innovations_innovation_change", args=(entry.pk,))
    data = admin_form_data(client.get(url))
    data.update(
        {
            "media-TOTAL_FORMS": "1",
            "media-0-kind": kind,
            "media-0-file": upload(name, content),
            "media-0-caption": "Lampiran uji",
            "media-0-position": "0",
        }
    )
    return client.post(url, data)


def test_admin_accepts_a_real_png(client, agency_editor):
    entry = InnovationFactory(agency=agency_editor.agency)
    client.force_login(agency_editor)
    response = post_media(client, entry, "foto.png", png_bytes(), "image")
    assert response.status_code == 302
    media = InnovationMedia.objects.get(innovation=entry)
    assert media.file.name.endswith(".png")
    assert media.file.read() == png_bytes()
    assert media.history.first().history_user == agency_editor


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_admin_refuses_dangerous_or_disguised_upload_with_message(client, curator, case):
    name, content, kind, message = REFUSED[case]
    entry = InnovationFactory()
    client.force_login(curator)
    response = post_media(client, entry, name, content, kind)
    assert response.status_code == 200
    [media_formset] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is InnovationMedia
    ]
    assert media_formset.errors == [{"file": [message]}]
    assert message in response.content.decode()
    assert not InnovationMedia.objects.exists()


def test_admin_refuses_oversized_image(client, curator, settings):
    settings.MAX_IMAGE_BYTES = 1024
    entry = InnovationFactory()
    client.force_login(curator)
    response = post_media(client, entry, "besar.png", png_bytes(size=64, noisy=True), "image")
    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
    assert not InnovationMedia.objects.exists()
