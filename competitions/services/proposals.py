"""Proposals: submit, edit and withdraw until the deadline; disqualify."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from innovations import services as catalogue
from innovations.models import Innovation
from innovations.validators import validate_media_upload

from .. import permissions, workflow
from ..models import (
    Competition,
    CompetitionGroup,
    Proposal,
    ProposalAttachment,
)
from ._common import _locked


def word_count(text: str) -> int:
    return len((text or "").split())


def _section_errors(competition: Competition, sections: dict[str, str]) -> dict[str, list]:
    errors = {}
    for spec in competition.section_specs():
        key, label = spec["section"], spec.get("label") or spec["section"]
        text = (sections.get(key) or "").strip()
        count = word_count(text)
        low, high = spec.get("min_words") or 0, spec.get("max_words")
        if not text:
            message = _g("Bagian “%(label)s” wajib diisi.") % {"label": label}
        elif count < low:
            message = _g(
                "Bagian “%(label)s” terlalu pendek: %(count)d kata; minimal %(min)d kata."
            ) % {"label": label, "count": count, "min": low}
        elif high is not None and count > high:
            message = _g(
                "Bagian “%(label)s” terlalu panjang: %(count)d kata; maksimal %(max)d kata."
            ) % {"label": label, "count": count, "max": high}
        else:
            continue
        errors[f"section_{key}"] = [message]
    return errors


def _attachment_errors(competition, attachments: dict, present: set[str]) -> dict[str, list]:
    errors = {}
    for spec in competition.attachment_specs():
        key, label = spec["key"], spec.get("label") or spec["key"]
        upload = attachments.get(key)
        if upload is None:
            if spec.get("required") and key not in present:
                errors[f"attachment_{key}"] = [
                    _g("Lampiran “%(label)s” wajib diunggah.") % {"label": label}
                ]
            continue
        try:
            validate_media_upload(upload, spec["kind"])
        except ValidationError as error:
            errors[f"attachment_{key}"] = error.messages
    return errors


def _store_attachments(proposal: Proposal, attachments: dict) -> None:
    kinds = {spec["key"]: spec["kind"] for spec in proposal.competition.attachment_specs()}
    for key, upload in attachments.items():
        if upload is None or key not in kinds:
            continue
        existing = ProposalAttachment.objects.filter(proposal=proposal, key=key).first()
        if existing:
            existing.file.delete(save=False)
            existing.file, existing.kind = upload, kinds[key]
            existing.save()
        else:
            ProposalAttachment.objects.create(
                proposal=proposal, key=key, kind=kinds[key], file=upload
            )


def _require_open_registration(competition: Competition) -> None:
    if not workflow.registration_open(competition):
        raise ValidationError(
            _("Pendaftaran kompetisi ini tidak dibuka atau batas waktunya telah lewat; "
              "proposal terkunci.")
        )  # fmt: skip


def _new_entry(competition: Competition, by, data: dict, sections: dict) -> Innovation:
    source = (
        Innovation.Source.KIPP
        if competition.level == Competition.Level.NATIONAL
        else Innovation.Source.PROVINCIAL
    )
    entry = Innovation(agency=by.agency, source=source, **data)
    # Sections named like the entry's narrative fields start the entry's story.
    for key, text in sections.items():
        if key in Innovation.NARRATIVE_FIELDS:
            setattr(entry, key, text)
    return entry


@transaction.atomic
def proposal_submit(
    *,
    competition: Competition,
    by,
    group: CompetitionGroup | None,
    sections: dict[str, str],
    attachments: dict | None = None,
    innovation: Innovation | None = None,
    new_entry: dict | None = None,
) -> Proposal:
    """Enter an agency's innovation — a catalogue entry of the agency, or a new draft created
    here — into a group of a round whose registration is open; every problem is reported."""
    if not permissions.can_manage_own_proposals(by):
        raise PermissionDenied(_("Hanya editor instansi yang dapat mengajukan proposal."))
    competition = _locked(competition)
    _require_open_registration(competition)
    attachments = attachments or {}
    errors: dict[str, list] = {}
    if group is None or group.competition_id != competition.pk:
        errors["group"] = [_g("Pilih kelompok kompetisi ini.")]
    entry = None
    if innovation is not None:
        if innovation.agency_id != by.agency_id:
            errors["innovation"] = [_g("Anda hanya dapat mengajukan inovasi instansi Anda.")]
        elif innovation.status == Innovation.Status.ARCHIVED:
            errors["innovation"] = [_g("Entri yang diarsipkan tidak dapat diajukan.")]
        elif (
            Proposal.objects.filter(competition=competition, innovation=innovation)
            .exclude(status=Proposal.Status.WITHDRAWN)
            .exists()
        ):
            errors["innovation"] = [_g("Inovasi ini sudah diajukan ke kompetisi ini.")]
    elif new_entry:
        entry = _new_entry(competition, by, new_entry, sections)
        try:
            entry.full_clean(exclude=["slug"])
        except ValidationError as error:
            errors.update(error.message_dict)
    else:
        errors["innovation"] = [_g("Pilih entri katalog atau isi data inovasi baru.")]
    errors.update(_section_errors(competition, sections))
    errors.update(_attachment_errors(competition, attachments, present=set()))
    if errors:
        raise ValidationError(errors)
    if entry is not None:
        innovation = catalogue.innovation_save(
            entry=entry, by=by, reason=f"proposal {competition.name}"
        )
    proposal = Proposal.objects.create(
        competition=competition, group=group, innovation=innovation, agency=innovation.agency,
        sections=_kept_sections(competition, sections), reached_stage=competition.current_stage,
        submitted_by=by,
    )  # fmt: skip
    _store_attachments(proposal, attachments)
    return proposal


def _kept_sections(competition: Competition, sections: dict[str, str]) -> dict[str, str]:
    keys = [spec["section"] for spec in competition.section_specs()]
    return {key: (sections.get(key) or "").strip() for key in keys}


def _require_editable(proposal: Proposal, by) -> Competition:
    if not permissions.is_own_proposal(by, proposal):
        raise PermissionDenied(_("Anda hanya dapat mengelola proposal instansi Anda."))
    competition = _locked(proposal.competition)
    if not proposal.is_active:
        raise ValidationError(_("Proposal ini sudah ditarik atau didiskualifikasi."))
    _require_open_registration(competition)
    return competition


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    by,
    sections: dict[str, str],
    attachments: dict | None = None,
    group: CompetitionGroup | None = None,
) -> Proposal:
    """Change an own proposal's group, sections or attachments until the deadline."""
    competition = _require_editable(proposal, by)
    attachments = attachments or {}
    errors: dict[str, list] = {}
    if group is not None and group.competition_id != competition.pk:
        errors["group"] = [_g("Pilih kelompok kompetisi ini.")]
    errors.update(_section_errors(competition, sections))
    present = set(proposal.attachments.values_list("key", flat=True))
    errors.update(_attachment_errors(competition, attachments, present=present))
    if errors:
        raise ValidationError(errors)
    proposal.sections = _kept_sections(competition, sections)
    if group is not None:
        proposal.group = group
    proposal.save(update_fields=["sections", "group", "updated_at"])
    _store_attachments(proposal, attachments)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by) -> Proposal:
    """Withdraw an own proposal before the registration deadline."""
    _require_editable(proposal, by)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


@transaction.atomic
def proposal_disqualify(*, proposal: Proposal, by, reason: str) -> Proposal:
    """Take a proposal out of the round (e.g. failed administrative selection), with a reason;
    its unannounced results go with it."""
    if not permissions.can_organise(by, proposal.competition):
        raise PermissionDenied(_("Hanya penyelenggara kompetisi ini yang dapat melakukannya."))
    if not reason.strip():
        raise ValidationError({"reason": _("Sebutkan alasan diskualifikasi.")})
    if not proposal.is_active:
        raise ValidationError(_("Proposal ini sudah tidak aktif."))
    proposal.status, proposal.status_note = Proposal.Status.DISQUALIFIED, reason.strip()
    proposal.save(update_fields=["status", "status_note", "updated_at"])
    proposal.results.filter(published_at__isnull=True).delete()
    return proposal
