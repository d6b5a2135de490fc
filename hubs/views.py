"""Public pages: the hubs and their map, a province's hub page, and the national statistics.

Thin: every figure comes from hubs.selectors (published entries only); the SVG geometry from
hubs.geo and hubs.charts.
"""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from regions.models import Province

from . import charts, geo, selectors

MAP_METRICS = {"inovasi": _("Inovasi terbit"), "replikasi": _("Replikasi (tanpa yang dibatalkan)")}


@require_safe
def hub_list(request: HttpRequest) -> HttpResponse:
    metric = request.GET.get("warna", "inovasi")
    status = 200
    if metric not in MAP_METRICS:
        metric, status = "inovasi", 400
    hubs = list(selectors.hubs_for_list())
    counts = selectors.map_counts(metric)
    provinces = geo.map_provinces(counts, {hub.province.code for hub in hubs})
    for hub in hubs:
        hub.count = counts.get(hub.province.code, 0)
    context = {
        "hubs": hubs,
        "provinces": provinces,
        "provinces_by_name": sorted(provinces, key=lambda p: p["name"]),
        "viewbox": geo.VIEWBOX,
        "metric": metric,
        "metric_label": MAP_METRICS[metric],
        "metrics": MAP_METRICS,
        "legend": _legend(max(counts.values(), default=0)),
        "bad_metric": status == 400,
    }
    return render(request, "hubs/list.html", context, status=status)


def _legend(maximum: int) -> list[dict]:
    """The value range each shade covers, for the map's legend."""
    ranges = {}
    for value in range(0, maximum + 1):
        shade = geo.shade_class(value, maximum)
        low, high = ranges.get(shade, (value, value))
        ranges[shade] = (min(low, value), max(high, value))
    return [
        {"shade": shade, "low": low, "high": high} for shade, (low, high) in sorted(ranges.items())
    ]


@require_safe
def hub_detail(request: HttpRequest, province_code: str) -> HttpResponse:
    province = get_object_or_404(Province, code=province_code)
    year = timezone.localdate().year
    status = 200
    if "tahun" in request.GET:
        try:
            year = int(request.GET["tahun"])
            if not 2014 <= year <= 2100:
                raise ValueError
        except ValueError:
            year, status = timezone.localdate().year, 400
    context = {
        "province": province,
        "hub": selectors.hub_with_profile(province_code),
        "year": year,
        "bad_year": status == 400,
        **selectors.hub_page_context(province, year),
    }
    trend = context["trend"]
    context["skm_chart"] = charts.trend_columns([row["skm"] for row in trend])
    context["lapor_chart"] = charts.trend_columns([row["resolved_percent"] for row in trend])
    context["forum_chart"] = charts.trend_columns([row["forums"] for row in trend])
    return render(request, "hubs/detail.html", context, status=status)


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    figures = []
    for name in selectors.FIGURES:
        table = selectors.figure_table(name)
        figures.append({**table, "chart": charts.horizontal_bars(table["rows"])})
    return render(
        request,
        "hubs/statistics.html",
        {"figures": figures, "continuity": selectors.continuity_table()},
    )


@require_safe
def statistics_csv(request: HttpRequest, figure: str) -> HttpResponse:
    if figure == selectors.CONTINUITY_FIGURE:
        return _continuity_csv()
    if figure not in selectors.FIGURES:
        raise Http404(_("Statistik tidak ditemukan."))
    table = selectors.figure_table(figure)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{figure}.csv"'
    writer = csv.writer(response)
    writer.writerow(["kode", table["label_heading"], table["value_heading"]])
    for row in table["rows"]:
        writer.writerow([row["key"], row["label"], row["value"]])
    return response


def _continuity_csv() -> HttpResponse:
    table = selectors.continuity_table()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table["name"]}.csv"'
    writer = csv.writer(response)
    writer.writerow(["sumber", "tahun_mulai", "berjalan", "berhenti", "belum_diketahui", "jumlah"])
    for row in table["rows"]:
        writer.writerow(
            [row["source"], row["year_launched"], row["running"], row["stopped"],
             row["unknown"], row["total"]]
        )  # fmt: skip
    return response
