"""Reads of replications for pages, API and figures. Public paths start from
public_replications(), which only shows replications of published innovations."""

from django.db.models import Count, Q, QuerySet

from ..models import Innovation, Replication, ReplicationTarget

Status = Replication.Status
# What "replicated by N agencies" counts: replications that reached the end of the workflow.
COUNTED_STATUSES = (Status.IMPLEMENTED,)


def public_replications() -> QuerySet[Replication]:
    """Replications whose origin is published, with the joins lists need."""
    return Replication.objects.filter(origin__status=Innovation.Status.PUBLISHED).select_related(
        "origin", "agency", "province", "result"
    )


def replication_with_details(pk: int) -> Replication:
    """One public replication with its plan, reports and log."""
    return (
        public_replications()
        .prefetch_related("steps", "progress_reports", "transitions")
        .get(pk=pk)
    )


def replicated_by(origin: Innovation) -> dict:
    """Who replicated `origin` (implemented) and who is replicating it now, for its page."""
    rows = list(
        Replication.objects.filter(origin=origin)
        .exclude(status__in=(Status.INTENT, Status.CANCELLED))
        .select_related("agency", "result")
        .order_by("agency__name")
    )
    implemented = [row for row in rows if row.status in COUNTED_STATUSES]
    # The result entry is linked only while it is public.
    for row in implemented:
        if row.result and row.result.status != Innovation.Status.PUBLISHED:
            row.result = None
    return {
        "count": len({row.agency_id for row in implemented}),
        "implemented": implemented,
        "under_way": [row for row in rows if row.status in Replication.UNDER_WAY],
    }


def with_replication_count(queryset: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """Annotate `replication_count`: agencies that implemented a replication of each entry."""
    return queryset.annotate(
        replication_count=Count(
            "replications__agency",
            filter=Q(replications__status__in=COUNTED_STATUSES),
            distinct=True,
        )
    )


def replicated_origins() -> QuerySet[Replication]:
    """The ids of entries replicated at least once, as a subquery."""
    return Replication.objects.filter(status__in=COUNTED_STATUSES).values("origin_id")


def filter_replicated(queryset: QuerySet[Innovation], replicated: bool | None):
    """Entries replicated at least once (True), never (False), or all (None)."""
    if replicated is None:
        return queryset
    counted = replicated_origins()
    if replicated:
        return queryset.filter(pk__in=counted)
    return queryset.exclude(pk__in=counted)


def most_replicated_ids(origins: QuerySet) -> list[int]:
    """The entries among `origins` (a subquery of ids) with a counted replication, most
    replicated first and newest first among equals (order_by_most_replicated's order)."""
    rows = (
        Replication.objects.filter(status__in=COUNTED_STATUSES, origin__in=origins)
        .values("origin_id", "origin__published_at")
        .annotate(count=Count("agency", distinct=True))
        .values_list("count", "origin__published_at", "origin_id")
    )
    return [pk for *_, pk in sorted(rows, reverse=True)]


def order_by_most_replicated(queryset: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """Most replicated first, newest first among equals."""
    return with_replication_count(queryset).order_by("-replication_count", "-published_at", "-id")


def replications_progress_for(agency_or_province, year: int) -> dict:
    """Target and progress of one government (Agency) or a whole province (Province) in a year:
    planned target, replications declared for that year by state, and the share implemented."""
    from regions.models import Province

    if isinstance(agency_or_province, Province):
        replications = Replication.objects.filter(province=agency_or_province)
        targets = ReplicationTarget.objects.filter(agency__province=agency_or_province)
    else:
        replications = Replication.objects.filter(agency=agency_or_province)
        targets = ReplicationTarget.objects.filter(agency=agency_or_province)
    replications = replications.filter(target_year=year, origin__status=Innovation.Status.PUBLISHED)
    by_status = dict(
        replications.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    target = sum(targets.filter(year=year).values_list("planned", flat=True))
    implemented = by_status.get(Status.IMPLEMENTED, 0)
    return {
        "year": year,
        "target": target,
        "intent": by_status.get(Status.INTENT, 0),
        "planned": by_status.get(Status.COMMITTED, 0) + by_status.get(Status.PLANNED, 0),
        "in_progress": by_status.get(Status.IN_PROGRESS, 0),
        "implemented": implemented,
        "cancelled": by_status.get(Status.CANCELLED, 0),
        "percent_of_target": round(100 * implemented / target) if target else None,
    }


def replication_targets_for_province(province, year: int | None = None):
    """Yearly targets of the province's governments, with implemented counts per row."""
    targets = ReplicationTarget.objects.filter(agency__province=province).select_related("agency")
    if year is not None:
        targets = targets.filter(year=year)
    rows = list(targets.order_by("-year", "agency__name"))
    counts = (
        public_replications()
        .filter(province=province, status=Status.IMPLEMENTED)
        .values("agency_id", "target_year")
        .annotate(n=Count("id"))
        .values_list("agency_id", "target_year", "n")
    )
    implemented = {(agency_id, year_): n for agency_id, year_, n in counts}
    for row in rows:
        row.implemented = implemented.get((row.agency_id, row.year), 0)
    return rows
