"""Upload checks for entry media: type by content (not only by name) and size."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Refused outright because a browser may execute them or they are programs.
DANGEROUS_EXTENSIONS = {
    "svg", "svgz", "html", "htm", "xhtml", "xml", "js", "mjs", "exe", "dll", "msi", "bat",
    "cmd", "com", "scr", "sh", "php", "py", "jar", "apk", "ps1", "vbs",
}  # fmt: skip


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _sniffed_mime(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _validate(upload, allowed: dict[str, str], max_bytes: int, what: str) -> None:
    extension = _extension(upload.name)
    if extension in DANGEROUS_EXTENSIONS:
        raise ValidationError(
            _("Berkas .%(ext)s tidak diizinkan (SVG, HTML dan program dapat berbahaya)."),
            code="dangerous_type",
            params={"ext": extension},
        )
    if extension not in allowed:
        raise ValidationError(
            _("Jenis berkas %(what)s tidak didukung. Gunakan: %(allowed)s."),
            code="unsupported_type",
            params={"what": what, "allowed": ", ".join(sorted(allowed))},
        )
    if upload.size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s); batasnya %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    if _sniffed_mime(upload) != allowed[extension]:
        raise ValidationError(
            _("Isi berkas tidak sesuai dengan ekstensi .%(ext)s."),
            code="content_mismatch",
            params={"ext": extension},
        )


def validate_image_upload(upload) -> None:
    _validate(upload, IMAGE_TYPES, settings.MAX_IMAGE_BYTES, _("gambar"))


def validate_document_upload(upload) -> None:
    _validate(upload, DOCUMENT_TYPES, settings.MAX_DOCUMENT_BYTES, _("dokumen"))


def validate_media_upload(upload, kind: str) -> None:
    if kind == "image":
        validate_image_upload(upload)
    else:
        validate_document_upload(upload)


def validate_new_media_file(file, kind: str) -> None:
    """A model's clean() for its media file: only a new upload is checked (a stored file was
    checked when it arrived); errors are reported on the field "file"."""
    if file and not getattr(file, "_committed", True):
        try:
            validate_media_upload(file, kind)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
