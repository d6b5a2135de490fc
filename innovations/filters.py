"""The catalogue's filters, shared by the page at /inovasi/ and the API, so both accept the same
parameters and reject the same bad values."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regions.models import Province, Regency

from . import selectors
from .models import SDG, Category, GovernmentAffair, Innovation, Recognition
from .selectors import replication as replication_selectors


class ModelMultipleByKeyFilter(django_filters.ModelMultipleChoiceFilter):
    """Chosen by a natural key (slug) in the URL, filtered by the row itself: django-filter would
    otherwise filter the relation by the key's value as if it were a primary key."""

    def get_filter_predicate(self, v):
        return {self.field_name: v}


class StrictBooleanWidget(forms.NullBooleanSelect):
    """Like NullBooleanSelect, but a value it does not know reaches the field, which refuses it:
    Django's widget would read "maybe" as "any" and answer with an unfiltered list."""

    KNOWN = {"true": True, "1": True, "2": True, "false": False, "0": False, "3": False}

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw in (None, ""):
            return None
        known = self.KNOWN.get(str(raw).lower())
        return raw if known is None else known


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget

    def to_python(self, value):
        if value is None or value == "" or isinstance(value, bool):
            return value if isinstance(value, bool) else None
        raise ValidationError(_("Gunakan true atau false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class InnovationFilter(django_filters.FilterSet):
    ORDERINGS = {
        "relevance": ("-rank", "-published_at", "-id"),
        "newest": ("-published_at", "-id"),
        "oldest": ("published_at", "id"),
        "title": ("title", "id"),
        "-title": ("-title", "-id"),
        "year": ("year_launched", "id"),
        "-year": ("-year_launched", "-id"),
        "completeness": ("-completeness", "-published_at", "-id"),
        "most_replicated": ("-replication_count", "-published_at", "-id"),
    }

    q = django_filters.CharFilter(label=_("Kata kunci"), method="filter_query", max_length=500)
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"), queryset=Province.objects.all(), to_field_name="code"
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Kabupaten/kota"), queryset=Regency.objects.all(), to_field_name="code"
    )
    year = django_filters.NumberFilter(
        label=_("Tahun mulai"), field_name="year_launched", min_value=1945, max_value=2100
    )
    category = ModelMultipleByKeyFilter(
        label=_("Kategori"), queryset=Category.objects.all(), to_field_name="slug",
        field_name="categories", distinct=True,
    )  # fmt: skip
    sdg = django_filters.ModelMultipleChoiceFilter(
        label=_("TPB/SDG"), queryset=SDG.objects.all(), field_name="sdgs", distinct=True
    )
    source = django_filters.ChoiceFilter(label=_("Sumber"), choices=Innovation.Source.choices)
    stage = django_filters.ChoiceFilter(label=_("Tahapan"), choices=Innovation.Stage.choices)
    kind = django_filters.ChoiceFilter(label=_("Jenis inovasi"), choices=Innovation.Kind.choices)
    form = django_filters.ChoiceFilter(label=_("Bentuk inovasi"), choices=Innovation.Form.choices)
    initiator = django_filters.ChoiceFilter(
        label=_("Inisiator"), choices=Innovation.Initiator.choices
    )
    affair = django_filters.ModelChoiceFilter(
        label=_("Urusan pemerintahan"), queryset=GovernmentAffair.objects.all(),
        to_field_name="code", field_name="government_affair",
    )  # fmt: skip
    award_level = django_filters.ChoiceFilter(
        label=_("Tingkat penghargaan"), choices=Recognition.Level.choices,
        field_name="recognitions__level", distinct=True,
    )  # fmt: skip
    covid_related = StrictBooleanFilter(label=_("Terkait COVID-19"))
    continuity = django_filters.ChoiceFilter(
        label=_("Keberlanjutan"), choices=Innovation.Continuity.choices,
        field_name="continuity_status",
    )  # fmt: skip
    replicated = StrictBooleanFilter(label=_("Pernah direplikasi"), method="filter_replicated")
    ordering = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        method="filter_nothing",
        choices=[
            ("relevance", _("Paling relevan")),
            ("newest", _("Terbaru")),
            ("oldest", _("Terlama")),
            ("title", _("Judul A–Z")),
            ("-title", _("Judul Z–A")),
            ("year", _("Tahun mulai (lama ke baru)")),
            ("-year", _("Tahun mulai (baru ke lama)")),
            ("completeness", _("Paling lengkap")),
            ("most_replicated", _("Paling banyak direplikasi")),
        ],
    )

    class Meta:
        model = Innovation
        fields = [
            "q", "province", "regency", "year", "category", "sdg", "source", "stage",
            "kind", "form", "initiator", "affair", "covid_related", "continuity", "award_level",
            "replicated",
        ]  # fmt: skip

    # Set by filter_query: the parsed query and any typo correction, for pages and the API.
    search_outcome = None

    def filter_query(self, queryset, name, value):
        value = value.replace("\x00", "").strip()
        if not value:
            return queryset
        self.search_outcome = selectors.search_innovations(queryset, value)
        return self.search_outcome.queryset

    def filter_replicated(self, queryset, name, value):
        return replication_selectors.filter_replicated(queryset, value)

    def filter_nothing(self, queryset, name, value):
        # Ordering is applied last, in filter_queryset, once the query has annotated `rank`.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = self.form.cleaned_data.get("ordering")
        if self.search_outcome is None and ordering in (None, "", "relevance"):
            ordering = "newest"
        if ordering == "most_replicated":
            queryset = replication_selectors.with_replication_count(queryset)
        return queryset.order_by(*self.ORDERINGS[ordering or "relevance"])
