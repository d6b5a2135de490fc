"""Reads for the hub pages, the national statistics and the API.

Every figure counts published entries only: innovation counts start from
innovations.selectors.published_innovations() and replication counts from
innovations.selectors.replication.public_replications(). National figures are cached for a fixed
time (FIGURE_TIMEOUT), so they may lag the catalogue by up to that long.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innovations.models import SDG, Category, Innovation, Replication
from innovations.selectors import published_innovations
from innovations.selectors.campaigns import continuity_by_source_and_year
from innovations.selectors.replication import (
    public_replications,
    replication_targets_for_province,
    replications_progress_for,
)
from regions.models import Province, Regency

from .models import Hub, HubActivity, ParticipationRecord

# The national figures are full-table aggregates (about 1 s together on 100,000 entries). Keyed
# on the catalogue version they were recomputed on the first view after every edit, which while
# curators work is nearly every view; national totals a few minutes old mislead no one, so they
# simply expire. The statistics page says how old they may be.
FIGURE_TIMEOUT = 10 * 60
Status = Replication.Status


# --- hubs ---------------------------------------------------------------------------------


def hubs_for_list() -> QuerySet[Hub]:
    """Every hub with its province and coordinating agency (public list and API)."""
    return Hub.objects.select_related("province", "coordinating_agency").order_by("province__code")


def hub_with_profile(province_code: str) -> Hub | None:
    """The hub of a province, with partners; None when the province has no hub."""
    return hubs_for_list().prefetch_related("partners").filter(province__code=province_code).first()


def hub_activities() -> QuerySet[HubActivity]:
    """Activities newest first, with participants, published related entries and media."""
    return (
        HubActivity.objects.select_related("hub__province")
        .prefetch_related(
            "participating_agencies",
            "media",
            Prefetch(
                "related_innovations",
                queryset=Innovation.objects.filter(status=Innovation.Status.PUBLISHED).only(
                    "id", "title", "slug", "status"
                ),
            ),
        )
        .order_by("-held_on", "-id")
    )


def participation_records() -> QuerySet[ParticipationRecord]:
    """Participation rows with their region, in region and period order."""
    return ParticipationRecord.objects.select_related("hub__province", "regency").order_by(
        "regency__code", "year", "period_kind", "period"
    )


def participation_trend(province: Province) -> list[dict]:
    """Province-wide participation per period: mean SKM index, forums, complaints."""
    rows = (
        ParticipationRecord.objects.filter(hub__province=province)
        .values("year", "period_kind", "period")
        .annotate(
            skm=Avg("skm_index"),
            respondents=Sum("skm_respondents"),
            forums=Sum("fkp_forums"),
            received=Sum("lapor_received"),
            resolved=Sum("lapor_resolved"),
            regencies=Count("regency", distinct=True),
        )
        .order_by("year", "period_kind", "period")
    )
    trend = []
    for row in rows:
        record = ParticipationRecord(
            year=row["year"], period_kind=row["period_kind"], period=row["period"]
        )
        trend.append(
            {
                **row,
                "label": record.period_label,
                "sort": record.period_sort_key,
                "skm": round(float(row["skm"]), 2) if row["skm"] is not None else None,
                "resolved_percent": (
                    round(100 * row["resolved"] / row["received"]) if row["received"] else None
                ),
            }
        )
    return sorted(trend, key=lambda item: (item["sort"], item["period_kind"]))


def regencies_with_counts(province: Province) -> list[Regency]:
    """The province's regencies/cities with published innovations and replications counted."""
    published = Q(innovations__status=Innovation.Status.PUBLISHED)
    regencies = list(
        Regency.objects.filter(province=province)
        .annotate(innovation_count=Count("innovations", filter=published, distinct=True))
        .order_by("code")
    )
    counts = defaultdict(lambda: {"active": 0, "implemented": 0})
    rows = (
        public_replications()
        .filter(province=province, agency__regency__isnull=False)
        .exclude(status=Status.CANCELLED)
        .values("agency__regency_id", "status")
        .annotate(n=Count("id"))
        .values_list("agency__regency_id", "status", "n")
    )
    for regency_id, status, n in rows:
        counts[regency_id]["active"] += n
        if status == Status.IMPLEMENTED:
            counts[regency_id]["implemented"] += n
    for regency in regencies:
        regency.replication_count = counts[regency.pk]["active"]
        regency.replication_implemented = counts[regency.pk]["implemented"]
    return regencies


def province_replication_progress(province: Province) -> dict:
    """Public replications of a province grouped as planned / under way / implemented."""
    by_status = dict(
        public_replications()
        .filter(province=province)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "intent": by_status.get(Status.INTENT, 0),
        "planned": by_status.get(Status.COMMITTED, 0) + by_status.get(Status.PLANNED, 0),
        "in_progress": by_status.get(Status.IN_PROGRESS, 0),
        "implemented": by_status.get(Status.IMPLEMENTED, 0),
        "cancelled": by_status.get(Status.CANCELLED, 0),
    }


def province_replications(province: Province, limit: int = 50) -> list[Replication]:
    return list(
        public_replications().filter(province=province).order_by("-updated_at", "-id")[:limit]
    )


def hub_page_context(province: Province, year: int) -> dict:
    """Everything the province page shows, each part from its own selector."""
    return {
        "regencies": regencies_with_counts(province),
        "progress": province_replication_progress(province),
        "year_progress": replications_progress_for(province, year),
        "targets": replication_targets_for_province(province),
        "replications": province_replications(province),
        "activities": list(hub_activities().filter(hub__province=province)[:30]),
        "participation": list(participation_records().filter(hub__province=province)),
        "trend": participation_trend(province),
        "innovation_total": published_innovations().filter(province=province).count(),
    }


# --- national figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    title: str
    label_heading: str
    value_heading: str
    compute: Callable[[], list[dict]]


def _rows(pairs) -> list[dict]:
    return [{"key": str(key), "label": str(label), "value": value} for key, label, value in pairs]


def innovations_by_year() -> list[dict]:
    rows = (
        published_innovations()
        .order_by()
        .values_list("year_launched")
        .annotate(n=Count("id"))
        .order_by("year_launched")
    )
    return _rows((year, year, n) for year, n in rows)


def innovations_by_category() -> list[dict]:
    published = Q(innovations__status=Innovation.Status.PUBLISHED)
    rows = Category.objects.annotate(n=Count("innovations", filter=published)).order_by(
        "position", "name"
    )
    return _rows((c.slug, c.localized_name, c.n) for c in rows)


def innovations_by_sdg() -> list[dict]:
    published = Q(innovations__status=Innovation.Status.PUBLISHED)
    rows = SDG.objects.annotate(n=Count("innovations", filter=published)).order_by("number")
    return _rows((s.number, f"{s.number}. {s.localized_name}", s.n) for s in rows)


def innovations_by_source() -> list[dict]:
    counts = dict(published_innovations().order_by().values_list("source").annotate(n=Count("id")))
    return _rows((value, label, counts.get(value, 0)) for value, label in Innovation.Source.choices)


def innovations_by_province() -> list[dict]:
    published = Q(innovations__status=Innovation.Status.PUBLISHED)
    rows = Province.objects.annotate(n=Count("innovations", filter=published)).order_by("code")
    return _rows((p.code, p.name, p.n) for p in rows)


def replications_by_status() -> list[dict]:
    counts = dict(public_replications().order_by().values_list("status").annotate(n=Count("id")))
    return _rows((value, label, counts.get(value, 0)) for value, label in Status.choices)


def replications_by_province() -> list[dict]:
    counts = dict(
        public_replications()
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values_list("province__code")
        .annotate(n=Count("id"))
    )
    return _rows((p.code, p.name, counts.get(p.code, 0)) for p in Province.objects.order_by("code"))


# The national figures, declared once: the statistics page, its CSV downloads and the API all
# iterate over this table.
FIGURES: dict[str, Figure] = {
    "inovasi-per-tahun": Figure(
        _("Inovasi terbit menurut tahun mulai"), _("Tahun"), _("Inovasi"), innovations_by_year
    ),
    "inovasi-per-kategori": Figure(
        _("Inovasi terbit menurut kategori"), _("Kategori"), _("Inovasi"), innovations_by_category
    ),
    "inovasi-per-tpb": Figure(
        _("Inovasi terbit menurut TPB/SDG"), _("TPB/SDG"), _("Inovasi"), innovations_by_sdg
    ),
    "inovasi-per-sumber": Figure(
        _("Inovasi terbit menurut sumber"), _("Sumber"), _("Inovasi"), innovations_by_source
    ),
    "inovasi-per-provinsi": Figure(
        _("Inovasi terbit menurut provinsi"), _("Provinsi"), _("Inovasi"), innovations_by_province
    ),
    "replikasi-per-status": Figure(
        _("Replikasi menurut status"), _("Status"), _("Replikasi"), replications_by_status
    ),
    "replikasi-per-provinsi": Figure(
        _("Replikasi menurut provinsi (tanpa yang dibatalkan)"),
        _("Provinsi"),
        _("Replikasi"),
        replications_by_province,
    ),
}


def figure_rows(name: str) -> list[dict]:
    """The rows of one national figure, computed at most once per FIGURE_TIMEOUT."""
    return _cached_figure(name, FIGURES[name].compute)


def _cached_figure(name: str, compute: Callable[[], list[dict]]) -> list[dict]:
    # The language is in the key: labels (categories, SDGs, statuses) are translated.
    key = "stats:{}:{}".format(name, get_language() or "id")
    rows = cache.get(key)
    if rows is None:
        rows = compute()
        cache.set(key, rows, FIGURE_TIMEOUT)
    return rows


def figure_table(name: str) -> dict:
    """One figure with its headings and total, as the page, the CSV and the API show it."""
    figure = FIGURES[name]
    rows = figure_rows(name)
    return {
        "name": name,
        "title": str(figure.title),
        "label_heading": str(figure.label_heading),
        "value_heading": str(figure.value_heading),
        "rows": rows,
        "total": sum(row["value"] for row in rows),
    }


CONTINUITY_FIGURE = "keberlanjutan-per-sumber-dan-tahun"


def continuity_table() -> dict:
    """Published entries still running (scaled up included), stopped and unconfirmed, by source
    and launch year — cached like the other national figures."""
    rows = _cached_figure(CONTINUITY_FIGURE, continuity_by_source_and_year)
    totals = {
        column: sum(row[column] for row in rows)
        for column in ("running", "stopped", "unknown", "total")
    }
    for row in rows:
        # Shares for the stacked bar; an empty row draws nothing.
        for column in ("running", "stopped", "unknown"):
            row[f"{column}_percent"] = (
                round(100 * row[column] / row["total"], 1) if row["total"] else 0
            )
    return {
        "name": CONTINUITY_FIGURE,
        "title": str(_("Keberlanjutan inovasi terbit menurut sumber dan tahun mulai")),
        "rows": rows,
        "totals": totals,
    }


def map_counts(metric: str) -> dict[str, int]:
    """Per-province counts for the map: published innovations or (non-cancelled) replications."""
    name = "replikasi-per-provinsi" if metric == "replikasi" else "inovasi-per-provinsi"
    return {row["key"]: row["value"] for row in figure_rows(name)}
