"""Curation screens for ministry curators and agency editors.

Who sees and changes what comes from innovations.permissions; every write goes through
innovations.services, so the admin cannot apply a rule differently from the API or the pages.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from regions.models import Agency

from .. import permissions, search, services
from ..models import (
    SDG,
    Category,
    GovernmentAffair,
    Innovation,
    InnovationMedia,
    SearchSynonym,
    StatusChange,
)
from ..selectors import duplicates as duplicate_selectors


def error_text(error: Exception) -> str:
    """One readable line from a ValidationError or PermissionDenied raised by a service."""
    if isinstance(error, ValidationError):
        return "; ".join(str(message) for message in error.messages)
    return str(error) or str(_("Anda tidak berhak melakukan tindakan ini."))


class SaveRefused(Exception):
    """The save service refused a form the admin had accepted; shown as a message."""


def _workflow_action(action: str):
    """An admin bulk action applying one step of services.WORKFLOW to the selected entries."""

    def run(modeladmin, request, queryset):
        modeladmin.apply_bulk_transition(request, queryset, action)

    run.__name__ = f"{action}_selected"
    return admin.action(description=services.WORKFLOW[action].label)(run)


# Steps only a publisher may take: hidden from everyone else's action list (the service
# refuses them anyway, so a forged POST changes nothing).
PUBLISHER_ACTIONS = {
    f"{action}_selected"
    for action, transition in services.WORKFLOW.items()
    if transition.allowed is permissions.can_publish
}


class LinkedRowsFilter(admin.ListFilter):
    """The entry list's filter by a many-to-many relation (`relation`: categories, SDGs): the
    choices, parameters and page of Django's RelatedFieldListFilter, but the entries are tested
    with EXISTS on the relation's own table.

    Filtering by a to-many field name makes the changelist join the relation and SELECT
    DISTINCT over every column of the entry, TOASTed texts included (a count of 0.35 s for one
    category at 100,000 entries; 23 ms this way). Django adds that DISTINCT only for field-name
    filters, not for a filter class, so this class keeps the list free of it."""

    relation = ""

    def __init__(self, request, params, model, model_admin):
        # Reads and removes its own parameters from `params`, as the field filter would.
        self.field_filter = admin.RelatedFieldListFilter(
            model._meta.get_field(self.relation),
            request,
            params,
            model,
            model_admin,
            field_path=self.relation,
        )
        self.title = self.field_filter.title
        super().__init__(request, params, model, model_admin)
        self.used_parameters = self.field_filter.used_parameters

    def has_output(self):
        return self.field_filter.has_output()

    def expected_parameters(self):
        return self.field_filter.expected_parameters()

    def choices(self, changelist):
        return self.field_filter.choices(changelist)

    def queryset(self, request, queryset):
        field = queryset.model._meta.get_field(self.relation)
        links = field.remote_field.through.objects.filter(
            **{field.m2m_field_name(): OuterRef("pk")}
        )
        chosen = self.used_parameters.get(self.field_filter.lookup_kwarg)
        try:
            if chosen:  # several values: any of them, as the field filter does
                chosen_links = links.filter(**{f"{field.m2m_reverse_field_name()}__in": chosen})
                queryset = queryset.filter(Exists(chosen_links))
        except (ValueError, ValidationError) as error:  # e.g. ?categories__id__exact=abc
            raise IncorrectLookupParameters(error) from error
        for empty in self.used_parameters.get(self.field_filter.lookup_kwarg_isnull, ()):
            queryset = queryset.filter(~Exists(links) if empty else Exists(links))
        return queryset


class CategoryListFilter(LinkedRowsFilter):
    relation = "categories"


class SDGListFilter(LinkedRowsFilter):
    relation = "sdgs"


class InnovationMediaInline(admin.TabularInline):
    """Images and documents; each upload is checked by InnovationMedia.clean()."""

    model = InnovationMedia
    fields = ("kind", "file", "caption", "position")
    extra = 0

    # The parent entry decides: media follow the entry's own edit rule.
    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        if obj is None:
            return permissions.can_create(request.user)
        return permissions.can_view(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    @staticmethod
    def _may_edit(request, obj) -> bool:
        if obj is None:
            return permissions.can_create(request.user)
        return permissions.can_edit(request.user, obj)


class StatusChangeInline(admin.TabularInline):
    """The workflow log, read-only: it is written only by services.innovation_transition."""

    model = StatusChange
    fields = ("at", "action", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("riwayat status")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    # Whoever may see the entry may see its log, without a separate model permission.
    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_create(request.user)
        return permissions.can_view(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Innovation)
class InnovationAdmin(SimpleHistoryAdmin):
    list_display = (
        "title",
        "agency",
        "province",
        "year_launched",
        "stage",
        "source",
        "status",
        "updated_at",
    )
    list_select_related = ("agency", "province")
    list_filter = (
        "status",
        "province",
        "year_launched",
        "source",
        CategoryListFilter,
        SDGListFilter,
        "stage",
    )
    # What get_search_results matches, each word in any of them. Not the summary: a substring
    # test of every summary read each entry's TOASTed text (1.6 s at 100,000 entries), and the
    # public catalogue search already finds entries by their summaries, ranked.
    search_fields = ("title", "=external_ref", "agency__name")
    ordering = ("-updated_at", "-id")
    list_per_page = 50
    autocomplete_fields = ("agency", "province", "regency")
    filter_horizontal = ("categories", "sdgs")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = (
        "slug",
        "status",
        "merged_into",
        "merged_into_hidden",
        "published_at",
        "continuity_status",
        "continuity_note",
        "last_confirmed_at",
        "last_confirmed_by",
        "completeness",
        "completeness_missing",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "status", "merged_into", "published_at")}),
        (_("Instansi dan wilayah"), {"fields": ("agency", "province", "regency")}),
        (
            _("Klasifikasi"),
            {"fields": ("year_launched", "stage", "source", "external_ref", "categories", "sdgs")},
        ),
        (
            _("Profil inovasi daerah"),
            {
                "fields": (
                    "kind",
                    "form",
                    "initiator",
                    "government_affair",
                    "covid_related",
                    "trial_started_on",
                    "implemented_on",
                )
            },
        ),
        (_("Kisah inovasi"), {"fields": Innovation.NARRATIVE_FIELDS}),
        (
            _("Dasar hukum dan kontak"),
            {
                "fields": (
                    "legal_basis",
                    "legal_basis_number",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "website_url",
                    "video_url",
                )
            },
        ),
        (
            # Written by the data-update campaign (services.innovation_confirm_continuity),
            # which also records who confirmed and when.
            _("Keberlanjutan"),
            {
                "fields": (
                    "continuity_status",
                    "continuity_note",
                    "last_confirmed_at",
                    "last_confirmed_by",
                )
            },
        ),
        (
            _("Catatan sistem"),
            {
                "classes": ("collapse",),
                "fields": (
                    "completeness",
                    "completeness_missing",
                    "created_at",
                    "created_by",
                    "updated_at",
                    "updated_by",
                ),
            },
        ),
    )
    actions = [_workflow_action(action) for action in services.WORKFLOW]
    history_list_display = ("status",)

    # --- who sees and changes what (permissions.py decides; the admin only asks) -------------

    def get_queryset(self, request):
        return permissions.innovations_visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or permissions.can_view(request.user, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.can_create(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return permissions.can_create(request.user)
        return permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and permissions.is_curator(request.user)

    def changelist_view(self, request, extra_context=None):
        # Curators learn here that ingestion flagged pairs waiting for their decision.
        waiting = (
            duplicate_selectors.open_duplicate_count()
            if request.method == "GET" and permissions.can_review_duplicates(request.user)
            else 0
        )
        if waiting:
            self.message_user(
                request,
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:innovations_duplicatecandidate_changelist"),
                    _("%(count)d kandidat duplikat menunggu keputusan.") % {"count": waiting},
                ),
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        """search_fields, each word in any of them, with the agency names matched first in their
        own small table: the entries are then tested by agency id, which PostgreSQL combines with
        the title's trigram index and the reference's index (migration 0020) into one bitmap
        scan, where a join to the agencies made it read every entry."""
        for word in smart_split(search_term):
            if word.startswith(('"', "'")) and word[0] == word[-1]:
                word = unescape_string_literal(word)
            agencies = Agency.objects.filter(name__icontains=word).values_list("pk", flat=True)
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(external_ref__iexact=word)
                | Q(agency_id__in=list(agencies))
            )
        return queryset, False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.can_publish(request.user):
            for name in PUBLISHER_ACTIONS:
                actions.pop(name, None)
        return actions

    def get_inlines(self, request, obj):
        # A new entry has no status log yet.
        return (InnovationMediaInline, StatusChangeInline) if obj else (InnovationMediaInline,)

    def get_autocomplete_fields(self, request):
        # Agency editors choose from their own agency only, and have no view permission on
        # provinces and regencies, so they get plain selects instead of autocomplete lookups.
        if permissions.is_curator(request.user):
            return self.autocomplete_fields
        return ()

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        agency = getattr(request.user, "agency", None)
        if (
            not permissions.is_curator(request.user)
            and agency is not None
            and agency.kind in agency.REGIONAL_KINDS
        ):
            # A regional government's entries always sit in its own region (Innovation.clean).
            fields = (*fields, "province", "regency")
        if not permissions.is_curator(request.user):
            # An entry's source and reference key partners' upserts: an editor who set them
            # could put a draft where a partner's record would land, or take a reference.
            fields = (*fields, "source", "external_ref")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        survivor_id = getattr(obj, "merged_into_id", None)
        if survivor_id and not permissions.innovation_visible_or_public(request.user, survivor_id):
            # The entry it was merged into may be another agency's draft: not even its title.
            fieldsets = [
                (name, {**options, "fields": tuple(
                    "merged_into_hidden" if field == "merged_into" else field
                    for field in options["fields"]
                )})
                for name, options in fieldsets
            ]  # fmt: skip
        return fieldsets

    @admin.display(description=Innovation._meta.get_field("merged_into").verbose_name)
    def merged_into_hidden(self, entry: Innovation) -> str:
        return _("entri lain yang tidak dapat Anda lihat")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = permissions.agencies_assignable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not permissions.is_curator(request.user) and request.user.agency_id:
            initial.setdefault("agency", request.user.agency_id)
        return initial

    def view_on_site(self, obj):
        if not obj.is_public:
            return None
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:  # the public pages are not mounted (e.g. an API-only deploy)
            return None

    # --- writes go through the services ------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change and not permissions.is_curator(request.user):
            obj.source = Innovation.Source.AGENCY  # what an agency enters itself
        try:
            services.innovation_save(entry=obj, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error_text(error)) from error

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Media and categories are saved after the entry; its stored score must count them.
        services.innovation_completeness_refresh(entry=form.instance)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form already checks what the service checks; this catches what only the service
        # can see (e.g. the entry was submitted in another tab). The admin's transaction is
        # rolled back, so nothing half-saved remains.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refusal:
            self.message_user(
                request,
                _("Perubahan tidak disimpan: %(reason)s") % {"reason": refusal},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def apply_bulk_transition(self, request, queryset, action: str) -> None:
        """Run one workflow step over the selection and report successes and each failure."""
        result = services.innovation_bulk_transition(
            entries=queryset, action=action, by=request.user
        )
        label = services.WORKFLOW[action].label
        if done := len(result["done"]):
            self.message_user(
                request,
                ngettext(
                    "%(count)d entri berhasil: %(action)s.",
                    "%(count)d entri berhasil: %(action)s.",
                    done,
                )
                % {"count": done, "action": label},
                messages.SUCCESS,
            )
        if failed := result["failed"]:
            details = "; ".join(f"“{entry}” ({reason})" for entry, reason in failed)
            self.message_user(
                request,
                ngettext(
                    "%(count)d entri gagal (%(action)s): %(details)s",
                    "%(count)d entri gagal (%(action)s): %(details)s",
                    len(failed),
                )
                % {"count": len(failed), "action": label, "details": details},
                messages.ERROR,
            )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, action):
        """POST target of the workflow buttons on the change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        entry = self.get_object(request, unquote(object_id))
        if entry is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        try:
            entry = services.innovation_transition(
                entry=entry, action=action, by=request.user, note=request.POST.get("note", "")
            )
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("“%(entry)s”: %(action)s berhasil; status kini %(status)s.")
                % {
                    "entry": entry,
                    "action": services.WORKFLOW[action].label,
                    "status": entry.get_status_display(),
                },
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(entry.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_buttons"] = [
                {
                    "action": action,
                    "label": services.WORKFLOW[action].label,
                    "url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_transition",
                        args=(obj.pk, action),
                        current_app=self.admin_site.name,
                    ),
                    "asks_note": action == "return",
                }
                for action in services.available_transitions(obj, request.user)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _change_url(self, pk) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(pk,),
            current_app=self.admin_site.name,
        )

    # --- history: the same visibility as the change page, and no revert -----------------------

    def _ensure_history_visible(self, request, object_id) -> None:
        try:
            visible = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError) as error:
            raise Http404 from error
        # Curators keep access to the history of deleted entries; nobody else sees an id
        # outside their own queryset, not even whether it exists.
        if not (visible or permissions.is_curator(request.user)):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_history_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_history_visible(request, object_id)
        # Reverting would write an old status straight into the row, around the workflow.
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class TermInUseProtected:
    """A category or SDG that entries still carry is not deleted: the links would go with it in
    one statement, leaving no history on the entries (who removed the term from them, when).
    The entries are given other terms first, through their own forms."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for term in objs:
            used = term.innovations.count()
            if used:
                protected.append(
                    _("%(term)s: masih dipakai %(count)d entri") % {"term": term, "count": used}
                )
        return deleted, counts, perms_needed, protected


@admin.register(Category)
class CategoryAdmin(TermInUseProtected, admin.ModelAdmin):
    """The managed taxonomy of public-service sectors."""

    list_display = ("name", "name_en", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "name_en", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "name_en", "slug", "description", "position")


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """The synonym table search expands queries with: acronyms and their expansions. An edit
    applies to the next search; a new multi-word term is indexed by a background job, and is
    matched by word positions until then (same results, slower)."""

    list_display = ("terms", "note", "phrase_status", "updated_at")
    search_fields = ("terms", "note")
    fields = ("terms", "note")

    @admin.display(description=_("frasa terindeks"))
    def phrase_status(self, synonym: SearchSynonym) -> str:
        phrases = search.phrases_of_synonyms([synonym.terms])
        if not phrases or not search.uses_full_text():  # SQLite matches substrings
            return "—"
        ready = phrases & search.indexed_phrases()  # cached: no query per row
        return f"{len(ready)}/{len(phrases)}"


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference rows loaded by migrations: readable by whoever has the view permission,
    changed only by a superuser."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SDG)
class SDGAdmin(TermInUseProtected, ReferenceDataAdmin):
    list_display = ("number", "name", "name_en")
    search_fields = ("name", "name_en")


@admin.register(GovernmentAffair)
class GovernmentAffairAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "group_name")
    list_filter = ("group_name",)
    search_fields = ("code", "name", "name_en")


from . import campaigns, duplicates, exchange, replication  # noqa: E402, F401 - registers those admins
