"""The catalogue's filters, shared by the page at /inovasi/ and the API, so both accept the same
parameters and reject the same bad values."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from regions.models import Province, Regency

from . import selectors
from .models import SDG, Category, GovernmentAffair, Innovation, Recognition
from .selectors import replication as replication_selectors


class LinkedToAnyFilter(django_filters.ModelMultipleChoiceFilter):
    """Entries linked to any of the chosen rows of a many-to-many relation (categories, SDGs;
    several values in the URL: any of them), tested with EXISTS on the relation's own table.

    A join would repeat an entry once per matching link and so need DISTINCT over every column
    of the entry, TOASTed texts included: at 100,000 entries the list's count of `?sdg=3&sdg=4`
    took 1,047 ms that way, 94 ms with EXISTS. The chosen rows themselves are compared, so a
    natural key in the URL (to_field_name, e.g. a category's slug) needs nothing more."""

    def filter(self, qs, value):
        if not value:
            return qs
        relation = qs.model._meta.get_field(self.field_name)
        links = relation.remote_field.through.objects.filter(
            **{
                relation.m2m_field_name(): OuterRef("pk"),
                f"{relation.m2m_reverse_field_name()}__in": value,
            }
        )
        return self.get_method(qs)(Exists(links))


class SDGNumbersField(django_filters.fields.ModelMultipleChoiceField):
    """SDG numbers from the URL. A value that is not one of the 17 goals' numbers is an invalid
    choice before any query: SQLite cannot even compare a number past 64 bits (OverflowError)."""

    NUMBERS = range(1, 18)

    def _check_values(self, value):
        for number in value:
            text = str(number)
            if not (text.isascii() and text.isdigit() and int(text) in self.NUMBERS):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": number},
                )
        return super()._check_values(value)


class SDGFilter(LinkedToAnyFilter):
    field_class = SDGNumbersField


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
    category = LinkedToAnyFilter(
        label=_("Kategori"), queryset=Category.objects.all(), to_field_name="slug",
        field_name="categories",
    )  # fmt: skip
    sdg = SDGFilter(label=_("TPB/SDG"), queryset=SDG.objects.all(), field_name="sdgs")
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
        field_name="recognitions__level", method="filter_award_level",
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

    def filter_award_level(self, queryset, name, value):
        # EXISTS rather than a join, for the reason LinkedToAnyFilter gives: an entry may hold
        # several recognitions of one level.
        recognised = Recognition.objects.filter(innovation=OuterRef("pk"), level=value)
        return queryset.filter(Exists(recognised))

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
