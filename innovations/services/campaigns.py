"""Writes of update campaigns: opening a campaign, inviting and reminding contacts, recording
their answers and the curator's review of proposed changes.

Answers never overwrite the published text: confirmations go through
innovation_confirm_continuity(), proposed text waits in a ProposedChange until a curator accepts
it, and then goes through innovation_save() so the entry's history records it.
"""

import logging
import secrets
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..models import (
    PROPOSABLE_FIELDS,
    CampaignInvitation,
    Innovation,
    InnovationMedia,
    InvitationToken,
    ProposedChange,
    UpdateCampaign,
)
from ..reference_rows import CURATOR_GROUP
from ..selectors import campaigns as campaign_selectors
from ..validators import validate_media_upload
from . import innovation_completeness_refresh, innovation_confirm_continuity, innovation_save

logger = logging.getLogger(__name__)

# The account history shows for answers given through a personal link: the contact has no user,
# so the change reason names the contact and this account carries the write.
SYSTEM_USERNAME = "pemutakhiran"
TOKEN_BYTES = 32


class InvitationUnavailable(Exception):
    """The invitation was answered meanwhile (a link is single use) or is otherwise closed."""


def reminder_interval() -> timedelta:
    return timedelta(days=getattr(settings, "CAMPAIGN_REMINDER_DAYS", 7))


def campaign_system_user():
    """The non-login account that records answers given through personal links."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Pemutakhiran", "last_name": "data", "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    # The continuity service admits curators and the entry's own editors; this account acts for
    # the curator team on the word of the entry's official contact. It cannot log in.
    group = Group.objects.get(name=CURATOR_GROUP)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        user.__dict__.pop("_jippnas_groups", None)
    return user


# --- opening a campaign ---------------------------------------------------------------------


@transaction.atomic
def campaign_save(*, campaign: UpdateCampaign, by) -> UpdateCampaign:
    """Validate and store a campaign; only curators open campaigns."""
    if not permissions.is_curator(by):
        raise PermissionDenied(_("Hanya kurator yang dapat membuka kampanye pemutakhiran."))
    if campaign.pk is None:
        campaign.created_by = by
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_invitations_queue(*, campaign: UpdateCampaign, by) -> UpdateCampaign:
    """Queue the sending of a campaign's invitations (a Celery task) after the commit."""
    from .. import tasks

    if not permissions.is_curator(by):
        raise PermissionDenied(_("Hanya kurator yang dapat mengirim undangan."))
    campaign = UpdateCampaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.ends_on < timezone.localdate():
        raise ValidationError(_("Kampanye sudah berakhir; undangan tidak dapat dikirim."))
    campaign.invitations_queued_at = timezone.now()
    campaign.save(update_fields=["invitations_queued_at"])
    transaction.on_commit(lambda: tasks.campaign_send_invitations.delay(campaign.pk))
    return campaign


# --- e-mail ---------------------------------------------------------------------------------


def _issue_token(invitation: CampaignInvitation) -> tuple[str, InvitationToken]:
    """A fresh random link secret for one e-mail; only its hash is stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = InvitationToken.objects.create(
        invitation=invitation,
        token_hash=campaign_selectors.token_hash(token),
        expires_at=invitation.campaign.link_expires_at(),
    )
    return token, row


def answer_link(invitation: CampaignInvitation, token: str) -> str:
    path = reverse("campaigns:answer", kwargs={"slug": invitation.innovation.slug, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def _address_problem(address: str) -> str:
    if not address.strip():
        return _("Entri tidak memiliki surel kontak.")
    try:
        validate_email(address)
    except ValidationError:
        return _("Alamat surel tidak valid.")
    return ""


def _mark_bounced(invitation: CampaignInvitation, reason: str) -> None:
    invitation.bounced_at = timezone.now()
    invitation.bounce_reason = reason[:255]
    invitation.save(update_fields=["bounced_at", "bounce_reason"])


def _deliver(invitation: CampaignInvitation, *, template: str, subject: str, connection) -> bool:
    """Send one personal link; a refused or unusable address marks the invitation bounced."""
    problem = _address_problem(invitation.email)
    if problem:
        _mark_bounced(invitation, problem)
        return False
    token, row = _issue_token(invitation)
    body = render_to_string(
        template,
        {
            "invitation": invitation,
            "campaign": invitation.campaign,
            "entry": invitation.innovation,
            "link": answer_link(invitation, token),
            "expires_on": invitation.campaign.ends_on,
        },
    )
    message = EmailMessage(subject, body, to=[invitation.email], connection=connection)
    try:
        message.send()
    except SMTPRecipientsRefused as error:
        row.delete()
        _mark_bounced(invitation, _("Alamat ditolak server surel: %(error)s") % {"error": error})
        return False
    return True


def campaign_invitations_send(*, campaign_id: int) -> dict[str, int]:
    """Invite every entry in the campaign's scope once: a rerun or a second worker finds the
    invitation already there (unique per campaign and entry) and sends nothing twice."""
    campaign = UpdateCampaign.objects.get(pk=campaign_id)
    entry_ids = list(
        campaign_selectors.campaign_scope_entries(campaign).values_list("pk", flat=True)
    )
    counts = {"sent": 0, "bounced": 0, "skipped": 0}
    subject = _("Pemutakhiran data inovasi: %(campaign)s") % {"campaign": campaign.name}
    with get_connection() as connection:
        for entry_id in entry_ids:
            with transaction.atomic():
                entry = Innovation.objects.get(pk=entry_id)
                invitation, _created = CampaignInvitation.objects.get_or_create(
                    campaign=campaign,
                    innovation=entry,
                    defaults={"email": entry.contact_email.strip()},
                )
                # The row lock makes a concurrent run wait here and then see `sent_at`.
                invitation = (
                    CampaignInvitation.objects.select_for_update()
                    .select_related("campaign", "innovation")
                    .get(pk=invitation.pk)
                )
                if invitation.sent_at or invitation.bounced_at:
                    counts["skipped"] += 1
                    continue
                if _deliver(
                    invitation,
                    template="innovations/email/campaign_invitation.txt",
                    subject=subject,
                    connection=connection,
                ):
                    invitation.sent_at = timezone.now()
                    invitation.save(update_fields=["sent_at"])
                    counts["sent"] += 1
                else:
                    counts["bounced"] += 1
    logger.info("campaign %s invitations: %s", campaign_id, counts)
    return counts


def campaign_reminders_send(*, now=None) -> int:
    """Remind contacts of open campaigns who have not answered, at most once per interval
    (CAMPAIGN_REMINDER_DAYS) and at most CAMPAIGN_REMINDER_MAX times; answered or bounced
    invitations get nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    limit = getattr(settings, "CAMPAIGN_REMINDER_MAX", 3)
    due = (
        CampaignInvitation.objects.filter(
            campaign__starts_on__lte=today,
            campaign__ends_on__gte=today,
            sent_at__isnull=False,
            answered_at__isnull=True,
            bounced_at__isnull=True,
            reminders_sent__lt=limit,
        )
        .annotate(last_mail=Coalesce("last_reminded_at", "sent_at"))
        .filter(last_mail__lte=now - reminder_interval())
        .values_list("pk", flat=True)
    )
    sent = 0
    with get_connection() as connection:
        for invitation_id in list(due):
            with transaction.atomic():
                invitation = (
                    CampaignInvitation.objects.select_for_update()
                    .select_related("campaign", "innovation")
                    .filter(pk=invitation_id, answered_at__isnull=True, bounced_at__isnull=True)
                    .filter(
                        Q(last_reminded_at__isnull=True, sent_at__lte=now - reminder_interval())
                        | Q(last_reminded_at__lte=now - reminder_interval())
                    )
                    .first()
                )
                if invitation is None:  # answered or reminded by a parallel run meanwhile
                    continue
                subject = _("Pengingat pemutakhiran data inovasi: %(campaign)s") % {
                    "campaign": invitation.campaign.name
                }
                if _deliver(
                    invitation,
                    template="innovations/email/campaign_reminder.txt",
                    subject=subject,
                    connection=connection,
                ):
                    CampaignInvitation.objects.filter(pk=invitation.pk).update(
                        reminders_sent=F("reminders_sent") + 1, last_reminded_at=now
                    )
                    sent += 1
    return sent


def invitation_mark_opened(*, invitation: CampaignInvitation) -> None:
    """Record the first opening of a personal link (later openings change nothing)."""
    CampaignInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


# --- answers --------------------------------------------------------------------------------


@transaction.atomic
def campaign_answer_submit(
    *,
    entry: Innovation,
    continuity_status: str,
    continuity_note: str = "",
    changes: dict | None = None,
    invitation: CampaignInvitation | None = None,
    by=None,
    attachment=None,
    attachment_kind: str = "",
    attachment_caption: str = "",
) -> ProposedChange | None:
    """Record an answer: continuity is confirmed at once (attributed), proposed text and files
    wait for a curator; the invitation, if any, is answered and its links die."""
    if by is None and invitation is None:
        raise PermissionDenied(_("Jawaban memerlukan tautan undangan atau akun editor."))
    if by is not None and not (
        permissions.is_agency_editor(by) and by.agency_id == entry.agency_id
    ):
        raise PermissionDenied(_("Anda hanya dapat memutakhirkan entri instansi Anda."))
    if invitation is not None:
        invitation = (
            CampaignInvitation.objects.select_for_update()
            .select_related("campaign")
            .get(pk=invitation.pk)
        )
        if invitation.answered_at is not None or invitation.innovation_id != entry.pk:
            raise InvitationUnavailable
    changes = {name: value for name, value in (changes or {}).items() if name in PROPOSABLE_FIELDS}
    if attachment is not None:
        try:
            validate_media_upload(attachment, attachment_kind)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error

    actor = by or campaign_system_user()
    # The history names the real actor first (a link's answer is carried by the system user),
    # so the 100 characters of a change reason never cut it off.
    who = by.username if by else invitation.email
    campaign = f"kampanye #{invitation.campaign_id}" if invitation else "tanpa kampanye"
    entry = innovation_confirm_continuity(
        entry=entry, status=continuity_status, by=actor, note=continuity_note,
        reason=f"pemutakhiran oleh {who}: {continuity_status} ({campaign})"[:100],
    )  # fmt: skip

    proposal = None
    if changes or attachment is not None:
        proposal = ProposedChange.objects.create(
            innovation=entry,
            invitation=invitation,
            changes=changes,
            original={name: getattr(entry, name) for name in changes},
            attachment=attachment or "",
            attachment_kind=attachment_kind if attachment is not None else "",
            attachment_caption=attachment_caption if attachment is not None else "",
            proposed_by=by,
            proposed_by_email=by.email if by else invitation.email,
        )

    if invitation is None and by is not None:
        # An editor answering logged in also answers the entry's open invitation, so the
        # contact is not reminded about a question already answered.
        invitation = campaign_selectors.open_invitation_for_entry(entry)
        if invitation is not None:
            invitation = CampaignInvitation.objects.select_for_update().get(pk=invitation.pk)
            if proposal is not None:
                proposal.invitation = invitation
                proposal.save(update_fields=["invitation"])
    if invitation is not None and invitation.answered_at is None:
        invitation.answered_at = timezone.now()
        # An answer implies the link (or the editor's page) was opened, even without a GET.
        invitation.opened_at = invitation.opened_at or invitation.answered_at
        invitation.answered_by = by
        invitation.outcome = (
            CampaignInvitation.Outcome.CHANGED if proposal else CampaignInvitation.Outcome.CONFIRMED
        )
        invitation.save(update_fields=["answered_at", "opened_at", "answered_by", "outcome"])
    return proposal


# --- curator review -------------------------------------------------------------------------


def _locked_pending(change: ProposedChange, by) -> ProposedChange:
    if not permissions.is_curator(by):
        raise PermissionDenied(_("Hanya kurator yang meninjau usulan perubahan."))
    change = ProposedChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ProposedChange.Status.PENDING:
        raise ValidationError(_("Usulan ini sudah ditinjau."))
    return change


@transaction.atomic
def proposed_change_accept(*, change: ProposedChange, by) -> ProposedChange:
    """Apply a proposal to the entry through innovation_save (validated, in the history, by the
    curator) and attach its file as entry media."""
    change = _locked_pending(change, by)
    entry = Innovation.objects.get(pk=change.innovation_id)
    for name, value in change.changes.items():
        if name in PROPOSABLE_FIELDS:
            setattr(entry, name, value)
    innovation_save(
        entry=entry,
        by=by,
        reason=f"pemutakhiran: usulan #{change.pk} dari {change.proposer} diterima"[:100],
    )
    if change.attachment:
        InnovationMedia.objects.create(
            innovation=entry,
            kind=change.attachment_kind or InnovationMedia.Kind.DOCUMENT,
            file=change.attachment.name,
            caption=change.attachment_caption,
        )
        innovation_completeness_refresh(entry=entry)
    change.status = ProposedChange.Status.ACCEPTED
    change.reviewed_by, change.reviewed_at = by, timezone.now()
    change.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return change


@transaction.atomic
def proposed_change_return(*, change: ProposedChange, by, comment: str) -> ProposedChange:
    """Return a proposal unapplied with the curator's comment, and tell the proposer by e-mail."""
    from .. import tasks

    if not comment.strip():
        raise ValidationError({"comment": _("Tuliskan catatan untuk pengusul.")})
    change = _locked_pending(change, by)
    change.status = ProposedChange.Status.RETURNED
    change.reviewed_by, change.reviewed_at = by, timezone.now()
    change.review_comment = comment.strip()
    change.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    transaction.on_commit(lambda: tasks.proposed_change_notify_returned.delay(change.pk))
    return change


def proposed_change_notify_returned(*, change_id: int) -> bool:
    """E-mail the proposer the curator's comment on a returned proposal."""
    change = ProposedChange.objects.select_related("innovation").get(pk=change_id)
    address = change.proposed_by_email
    if _address_problem(address):
        return False
    body = render_to_string(
        "innovations/email/proposed_change_returned.txt",
        {"change": change, "entry": change.innovation},
    )
    subject = _("Usulan perubahan dikembalikan: %(entry)s") % {"entry": change.innovation.title}
    EmailMessage(subject, body, to=[address]).send()
    return True
