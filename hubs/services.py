"""Writes of hub data. The admin and the seeding command go through these functions, so the
"own province only" rule and the validation of every row hold on every path."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innovations.models import Innovation

from . import permissions
from .models import Hub, HubActivity, HubActivityMedia, HubPartner, ParticipationRecord


def _refuse_other_hub(by, hub: Hub | None) -> None:
    if not permissions.can_manage_hub(by, hub):
        raise PermissionDenied(_("Anda hanya dapat mengelola data hub provinsi Anda."))


@transaction.atomic
def hub_save(*, hub: Hub, by) -> Hub:
    """Validate and store a hub profile; only curators register new hubs."""
    if hub.pk is None:
        if not permissions.can_create_hub(by):
            raise PermissionDenied(_("Hanya kurator yang dapat menetapkan hub baru."))
    else:
        stored = Hub.objects.get(pk=hub.pk)
        _refuse_other_hub(by, stored)
        if stored.province_id != hub.province_id and not permissions.can_create_hub(by):
            raise PermissionDenied(_("Provinsi hub tidak dapat dipindahkan."))
    hub.full_clean()
    hub.save()
    return hub


@transaction.atomic
def hub_partner_save(*, partner: HubPartner, by) -> HubPartner:
    """Validate and store a partner of a hub the user manages."""
    _refuse_other_hub(by, partner.hub)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def hub_activity_save(
    *,
    activity: HubActivity,
    by,
    agencies: Iterable | None = None,
    innovations: Iterable | None = None,
) -> HubActivity:
    """Validate and store an activity of the user's own hub, with its participants and entries."""
    if activity.pk is not None:
        _refuse_other_hub(by, HubActivity.objects.select_related("hub").get(pk=activity.pk).hub)
    _refuse_other_hub(by, activity.hub)
    activity.full_clean()
    if innovations is not None:
        innovations = list(innovations)
        unpublished = [
            entry for entry in innovations if entry.status != Innovation.Status.PUBLISHED
        ]
        if unpublished:
            raise ValidationError(
                {"related_innovations": _("Hanya inovasi yang sudah terbit dapat dikaitkan.")}
            )
    if activity.pk is None:
        activity.created_by = by
    activity.save()
    if agencies is not None:
        activity.participating_agencies.set(agencies)
    if innovations is not None:
        activity.related_innovations.set(innovations)
    return activity


@transaction.atomic
def hub_activity_media_add(
    *, activity: HubActivity, by, kind: str, file, caption: str = ""
) -> HubActivityMedia:
    """Attach a checked photo or document to an activity of the user's own hub."""
    _refuse_other_hub(by, activity.hub)
    media = HubActivityMedia(activity=activity, kind=kind, file=file, caption=caption)
    media.full_clean()
    media.save()
    return media


@transaction.atomic
def participation_record_save(*, record: ParticipationRecord, by) -> ParticipationRecord:
    """Validate and store a participation row of a regency/city in the user's own hub."""
    if record.pk is not None:
        _refuse_other_hub(
            by, ParticipationRecord.objects.select_related("hub").get(pk=record.pk).hub
        )
    _refuse_other_hub(by, record.hub)
    record.full_clean()
    if record.pk is None:
        record.entered_by = by
    record.save()
    return record
