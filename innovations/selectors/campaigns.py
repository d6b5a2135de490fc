"""Reads for update campaigns: the scope, link look-up, the dashboard's figures and the national
continuity statistics. Every figure is a database count over one declared set of rows."""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import CampaignInvitation, Innovation, InvitationToken, ProposedChange, UpdateCampaign
from . import published_innovations

HUB_ADMIN_GROUP = permissions.HUB_ADMIN_GROUP


def token_hash(token: str) -> str:
    """The stored form of a link token: only its SHA-256 is kept, so a leak gives no links."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def campaign_scope_entries(campaign: UpdateCampaign) -> QuerySet[Innovation]:
    """The published entries a campaign invites, by its hand-picked list or its criteria."""
    queryset = published_innovations().prefetch_related(None).order_by("id")
    picked = campaign.entries.values_list("pk", flat=True)
    if picked.exists():
        return queryset.filter(pk__in=picked)
    if campaign.sources:
        queryset = queryset.filter(source__in=campaign.sources)
    if campaign.year_from:
        queryset = queryset.filter(year_launched__gte=campaign.year_from)
    if campaign.year_to:
        queryset = queryset.filter(year_launched__lte=campaign.year_to)
    province_ids = list(campaign.provinces.values_list("pk", flat=True))
    if province_ids:
        queryset = queryset.filter(province_id__in=province_ids)
    return queryset


@dataclass(frozen=True)
class LinkLookup:
    """What a link token resolves to: `invitation` when usable, else why not (`gone`)."""

    invitation: CampaignInvitation | None
    gone: bool = False


def invitation_for_link(*, slug: str, token: str) -> LinkLookup:
    """The open invitation a link opens, or a refusal: unknown/altered/other-entry tokens are
    not found; used or expired ones are gone. Never tells whether an entry exists."""
    if not token or len(token) > 200:
        return LinkLookup(None)
    row = (
        InvitationToken.objects.select_related(
            "invitation__campaign", "invitation__innovation__agency"
        )
        .filter(token_hash=token_hash(token))
        .first()
    )
    if row is None or row.invitation.innovation.slug != slug:
        return LinkLookup(None)
    invitation = row.invitation
    if (
        invitation.answered_at is not None
        or row.expires_at <= timezone.now()
        or invitation.innovation.status != Innovation.Status.PUBLISHED
    ):
        return LinkLookup(None, gone=True)
    return LinkLookup(invitation)


is_hub_admin = permissions.is_hub_admin


def can_see_campaign_dashboard(user) -> bool:
    return bool(user.is_authenticated and user.is_staff) and (
        permissions.is_curator(user) or is_hub_admin(user)
    )


def campaigns_visible_to(user) -> QuerySet[UpdateCampaign]:
    """Campaigns whose dashboard the user may open (all for curators and hub admins)."""
    if not can_see_campaign_dashboard(user):
        return UpdateCampaign.objects.none()
    return UpdateCampaign.objects.annotate(invited=Count("invitations"))


def invitations_visible_to(user, campaign: UpdateCampaign) -> QuerySet[CampaignInvitation]:
    """A campaign's invitations the user may count: all for curators, a hub admin's province."""
    queryset = CampaignInvitation.objects.filter(campaign=campaign)
    if permissions.is_curator(user):
        return queryset
    if is_hub_admin(user):
        return queryset.filter(innovation__province_id=user.province_id)
    return queryset.none()


# The dashboard's figures, declared once: the table, the chart and the CSV read these.
FIGURES = {
    "invited": (_("Diundang"), Q()),
    "opened": (_("Dibuka"), Q(opened_at__isnull=False)),
    "confirmed": (_("Dikonfirmasi"), Q(outcome=CampaignInvitation.Outcome.CONFIRMED)),
    "changed": (_("Usul perubahan"), Q(outcome=CampaignInvitation.Outcome.CHANGED)),
    "no_answer": (_("Belum menjawab"), Q(answered_at__isnull=True)),
    "bounced": (_("Gagal terkirim"), Q(bounced_at__isnull=False)),
}

DIMENSIONS = {
    "province": (_("Provinsi"), "innovation__province__name"),
    "source": (_("Sumber"), "innovation__source"),
    "agency": (_("Instansi"), "innovation__agency__name"),
}


def _aggregates() -> dict:
    return {name: Count("pk", filter=condition) for name, (_label, condition) in FIGURES.items()}


def campaign_figures(*, user, campaign: UpdateCampaign, by: str) -> dict:
    """The figures of a campaign grouped by province, source or agency, with their total, over
    the invitations the user may see; one GROUP BY query plus one for the total."""
    label, path = DIMENSIONS[by]
    invitations = invitations_visible_to(user, campaign)
    rows = list(invitations.values(group=F(path)).annotate(**_aggregates()).order_by("group"))
    if by == "source":
        names = dict(Innovation.Source.choices)
        for row in rows:
            row["group"] = names.get(row["group"], row["group"])
    for row in rows:
        if row["group"] is None:
            row["group"] = str(_("Tanpa provinsi (instansi pusat)"))
    total = invitations.aggregate(**_aggregates())
    return {"dimension": by, "dimension_label": label, "rows": rows, "total": total}


def open_invitations_for_editor(user) -> QuerySet[CampaignInvitation]:
    """Unanswered invitations of open campaigns for the entries of an agency editor's agency."""
    if not permissions.is_agency_editor(user):
        return CampaignInvitation.objects.none()
    today = timezone.localdate()
    return (
        CampaignInvitation.objects.filter(
            innovation__agency_id=user.agency_id,
            innovation__status=Innovation.Status.PUBLISHED,
            answered_at__isnull=True,
            campaign__starts_on__lte=today,
            campaign__ends_on__gte=today,
        )
        .select_related("campaign", "innovation")
        .order_by("campaign__ends_on", "innovation__title")
    )


def open_invitation_for_entry(entry: Innovation) -> CampaignInvitation | None:
    """The entry's unanswered invitation in an open campaign, if any (ending soonest first)."""
    today = timezone.localdate()
    return (
        CampaignInvitation.objects.filter(
            innovation=entry,
            answered_at__isnull=True,
            campaign__starts_on__lte=today,
            campaign__ends_on__gte=today,
        )
        .order_by("campaign__ends_on", "id")
        .first()
    )


def pending_proposed_changes() -> QuerySet[ProposedChange]:
    """Proposals waiting for a curator, oldest first."""
    return (
        ProposedChange.objects.filter(status=ProposedChange.Status.PENDING)
        .select_related("innovation", "invitation__campaign", "proposed_by")
        .order_by("created_at", "id")
    )


def continuity_by_source_and_year() -> list[dict]:
    """Published entries per source and launch year: running (incl. scaled up), stopped and
    unknown — the national statistics' continuity figure."""
    Continuity = Innovation.Continuity
    rows = (
        Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
        .values("source", "year_launched")
        .annotate(
            running=Count(
                "pk", filter=Q(continuity_status__in=[Continuity.RUNNING, Continuity.SCALED_UP])
            ),
            stopped=Count("pk", filter=Q(continuity_status=Continuity.STOPPED)),
            unknown=Count("pk", filter=Q(continuity_status=Continuity.UNKNOWN)),
            total=Count("pk"),
        )
        .order_by("source", "year_launched")
    )
    names = dict(Innovation.Source.choices)
    return [{**row, "source_label": names.get(row["source"], row["source"])} for row in rows]


def _months_before(day, months: int):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # Clamp the day (31 March minus one month is the end of February).
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def continuity_state(entry: Innovation, *, today=None) -> dict:
    """How fresh an entry's continuity confirmation is: never confirmed, or older than
    settings.CONTINUITY_STALE_MONTHS (default 24), for the entry's page."""
    from django.conf import settings

    months = getattr(settings, "CONTINUITY_STALE_MONTHS", 24)
    stale_before = _months_before(today or timezone.localdate(), months)
    confirmed = entry.last_confirmed_at
    never = confirmed is None
    stale = not never and confirmed < stale_before
    return {
        "never": never,
        "stale": stale,
        "months": months,
        "stale_before": stale_before,
        "level": "unconfirmed" if never else ("stale" if stale else "fresh"),
    }
