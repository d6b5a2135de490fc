"""Public pages of the catalogue: home, the filterable list and an entry's page.

Thin like the API views: every read starts from innovations.selectors (so only published entries
can appear) and the list accepts exactly the parameters of InnovationFilter, shared with the API.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import NullBooleanSelect
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from regions.models import Regency

from . import facets, search, selectors
from .filters import InnovationFilter
from .models import Innovation, InnovationMedia
from .selectors import campaigns as campaign_selectors
from .selectors import catalogue as catalogue_selectors
from .selectors import duplicates as duplicate_selectors
from .selectors import replication as replication_selectors

PAGE_SIZE = 20
# Facets beside the results, in display order.
PAGE_FACETS = ("province", "regency", "year", "category", "sdg", "source", "stage", "continuity")
MULTI_VALUE_FACETS = ("category", "sdg")
# Shown open at the top of the filter form; any other filter of InnovationFilter goes under
# "more filters", so a filter added to the shared FilterSet appears here without a change.
MAIN_FILTERS = ("q", "province", "regency", "year", "category", "sdg", "source", "stage")
EXPORT_LINKS = (("csv", "CSV"), ("jsonl", "JSON Lines"), ("xlsx", "Excel (XLSX)"))


def is_htmx_swap(request: HttpRequest) -> bool:
    """An HTMX request that swaps a fragment (a history restore needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "innovations/home.html",
        {
            "totals": selectors.catalogue_totals(),
            "newest": selectors.newest_innovations(),
        },
    )


def innovation_list(request: HttpRequest) -> HttpResponse:
    filterset = InnovationFilter(
        _with_default_ordering(request.GET), queryset=selectors.listed_innovations()
    )
    form = filterset.form
    # Before validation: bound fields copy help texts when validation first creates them.
    _prepare_filter_form(form)
    is_valid = filterset.is_valid()
    _narrow_regency_choices(form)
    # A hand-edited URL with a bad value is the client's mistake: say so (400), list nothing.
    results = (
        catalogue_selectors.catalogue_results(
            filterset,
            list(PAGE_FACETS),
            catalogue_selectors.page_slice(request.GET.get("page"), PAGE_SIZE),
        )
        if is_valid
        else catalogue_selectors.CatalogueResults(Innovation.objects.none())
    )
    paginator = Paginator(results.entries, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    outcome = results.search_outcome
    if outcome is not None:
        words = outcome.parsed.words()
        for entry in page.object_list:
            entry.snippet = search.highlight(entry.summary, words)
    context = {
        "facets": _facet_panels(request.GET, results.facets) if is_valid else [],
        "suggestion": (
            selectors.search_suggestion(request.GET.get("q", ""))
            if is_valid and not paginator.count and request.GET.get("q")
            else None
        ),
        "filterset": filterset,
        "form": form,
        "main_fields": [field for field in form if field.name in MAIN_FILTERS],
        "more_fields": [field for field in form if field.name not in (*MAIN_FILTERS, "ordering")],
        "more_fields_used": any(
            request.GET.get(name) for name in form.fields if name not in (*MAIN_FILTERS, "ordering")
        ),
        "corrected_query": outcome.corrected_to if outcome else None,
        "filter_errors": None if is_valid else filterset.form.errors,
        "page_obj": page,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "export_query": _export_query(request.GET),
        "export_formats": EXPORT_LINKS,
    }
    template = (
        "innovations/_results_swap.html" if is_htmx_swap(request) else "innovations/list.html"
    )
    response = render(request, template, context, status=200 if is_valid else 400)
    # The same URL answers a fragment or a page depending on this header: caches must know.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _export_query(params: QueryDict) -> str:
    """The page's parameters for the export link: the same filters, all pages."""
    params = params.copy()
    for name in ("page", "format"):
        params.pop(name, None)
    return params.urlencode()


def _facet_panels(params: QueryDict, counts: dict[str, list[dict]]) -> list[dict]:
    """Facet counts for the page, each value with the URL that applies or removes it."""
    panels = []
    for name in PAGE_FACETS:
        chosen = set(params.getlist(name))
        buckets = []
        for bucket in counts[name]:
            toggled = params.copy()
            toggled.pop("page", None)
            selected = bucket["value"] in chosen
            if name in MULTI_VALUE_FACETS:
                values = chosen - {bucket["value"]} if selected else chosen | {bucket["value"]}
                toggled.setlist(name, sorted(values))
            elif selected:
                toggled.pop(name, None)
            else:
                toggled[name] = bucket["value"]
            if name == "province":
                toggled.pop("regency", None)
            buckets.append({**bucket, "selected": selected, "query": toggled.urlencode()})
        if buckets:
            panels.append({"name": name, "label": facets.FACETS[name].label, "buckets": buckets})
    return panels


def _with_default_ordering(params: QueryDict) -> QueryDict:
    """The parameters with the order the filter would apply anyway named explicitly, so the sort
    menu shows the order in use (best match when searching, newest otherwise)."""
    if params.get("ordering"):
        return params
    params = params.copy()
    params["ordering"] = "relevance" if params.get("q", "").strip() else "newest"
    return params


def _prepare_filter_form(form) -> None:
    """Presentation of the shared filter form on the page (labels, empty choices, help)."""
    for name, field in form.fields.items():
        if getattr(field, "empty_label", None) is not None:
            # Sorting always has a value (see _with_default_ordering): no empty choice.
            field.empty_label = None if name == "ordering" else _("Semua")
            # django-filter's widgets keep choices bound to the class's field: rebind them.
            field.widget.choices = field.choices
    form.fields["q"].widget.input_type = "search"
    for field in form.fields.values():
        if isinstance(field.widget, NullBooleanSelect):
            # "Unknown" reads as a value; for a filter the empty choice means "any".
            field.widget.choices = [("", _("Semua")), ("true", _("Ya")), ("false", _("Tidak"))]
    for name in ("category", "sdg"):
        form.fields[name].help_text = _("Pilih satu atau lebih (Ctrl/⌘ + klik).")


def _narrow_regency_choices(form) -> None:
    """Offers only the chosen province's regencies; run after validation, so it only changes
    what is shown, never what is accepted."""
    # Valid fields are cleaned even when another one is not: the regency list still narrows.
    province = form.cleaned_data.get("province")
    if province:
        # Only the chosen province's regencies are offered; a stale choice stays visible so
        # the visitor sees why nothing matches.
        selected = form.data.get("regency") or ""
        form.fields["regency"].queryset = Regency.objects.filter(
            Q(province=province) | Q(code=selected)
        )


def innovation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        entry = selectors.published_innovation_by_slug(slug)
    except Innovation.DoesNotExist:
        # An entry merged into another: its old address moves for good to the survivor.
        target = duplicate_selectors.redirected_innovation(slug)
        if target is not None:
            return HttpResponsePermanentRedirect(target.get_absolute_url())
        # Drafts, entries in review and archived ones do not exist for the public, whoever asks.
        raise Http404(_("Inovasi tidak ditemukan.")) from None
    media = list(entry.media.all())
    return render(
        request,
        "innovations/detail.html",
        {
            "entry": entry,
            "images": [item for item in media if item.kind == InnovationMedia.Kind.IMAGE],
            "documents": [item for item in media if item.kind == InnovationMedia.Kind.DOCUMENT],
            "related": selectors.similar_innovations(entry),
            "continuity": campaign_selectors.continuity_state(entry),
            "replicated_by": replication_selectors.replicated_by(entry),
        },
    )
