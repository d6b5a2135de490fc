"""Data exchange screens: partner API keys, ingestion policies and admin imports.

Keys are issued and revoked through innovations.services.partner_keys; imports run through
innovations.services.imports, which validates rows with the same code as the ingestion API.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import permissions
from ..models import ImportJob, IngestionPolicy, PartnerKey
from ..services import exchange, exchange_files, imports, partner_keys


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "agency", "can_read", "write_source", "created_at",
                    "last_used_at", "revoked_at")  # fmt: skip
    list_filter = ("write_source", "can_read")
    search_fields = ("name", "prefix", "agency__name")
    autocomplete_fields = ("agency",)
    readonly_fields = ("prefix", "user", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke_selected"]

    def has_delete_permission(self, request, obj=None):
        # A key stays on record (revoked) as the author of what it wrote.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        token = partner_keys.partner_key_issue(key=obj, by=request.user)
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code><br>{}",
                _("Token kunci API:"),
                token,
                _(
                    "Salin sekarang dan serahkan kepada mitra melalui saluran aman: token hanya "
                    "ditampilkan sekali ini dan tidak disimpan. Dikirim sebagai header "
                    "“Authorization: Api-Key <token>”."
                ),
            ),
            messages.WARNING,
        )

    @admin.action(description=_("Cabut kunci terpilih"))
    def revoke_selected(self, request, queryset):
        for key in queryset:
            partner_keys.partner_key_revoke(key=key)
        count = queryset.count()
        self.message_user(
            request, ngettext("%(count)d kunci dicabut.", "%(count)d kunci dicabut.", count)
            % {"count": count},
        )  # fmt: skip


@admin.register(IngestionPolicy)
class IngestionPolicyAdmin(admin.ModelAdmin):
    list_display = ("source", "target_status", "updated_at")
    list_editable = ("target_status",)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_("Gunakan templat; baris pertama berisi nama kolom."),
    )


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "progress", "created_by", "created_at")
    list_filter = ("status",)
    fields = ("file", "format", "status", "progress", "created_by", "confirmed_by", "created_at",
              "started_at", "finished_at", "report_table")  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/innovations/importjob/change_form.html"
    change_list_template = "admin/innovations/importjob/change_list.html"

    def has_module_permission(self, request):
        return permissions.can_import(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_import(request.user)

    def has_add_permission(self, request):
        return permissions.can_import(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("kemajuan"))
    def progress(self, job):
        done = imports.import_job_progress(job)
        percent = round(100 * done / job.total_rows) if job.total_rows else 0
        return f"{done:,} / {job.total_rows:,} ({percent}%)".replace(",", ".")

    @admin.display(description=_("laporan"))
    def report_table(self, job):
        report = job.report or {}
        if "failure" in report:
            return format_html("<strong>{}</strong> {}", _("Gagal:"), report["failure"])
        if "counts" not in report:
            return "-"
        counts = report["counts"]
        summary = format_html(
            "<p>{}: {} · {}: {} · {}: {} · {}: {}</p>",
            _("baru"), counts["created"], _("diubah"), counts["updated"],
            _("tidak berubah"), counts["unchanged"], _("salah"), counts["error"],
        )  # fmt: skip
        if not report.get("errors"):
            return summary
        cells = [
            (row["line"], row["external_ref"], column, "; ".join(messages_))
            for row in report["errors"][:500]
            for column, messages_ in row["errors"].items()
        ]
        table = format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("baris"), "external_ref", _("kolom"), _("kesalahan"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>", cells
            ),
        )  # fmt: skip
        more = ""
        if report["error_rows"] > 500:
            more = format_html("<p>{} {}</p>", report["error_rows"] - 500, _("baris lain salah."))
        return format_html("{}{}{}", summary, table, more)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("add/", view(self.upload_view), name="{}_{}_add".format(*info)),
            path("template.<str:file_format>", view(self.template_view),
                 name="{}_{}_template".format(*info)),
            path("<path:object_id>/confirm/", view(self.confirm_view),
                 name="{}_{}_confirm".format(*info)),
            *super().get_urls(),
        ]  # fmt: skip

    def template_view(self, request, file_format):
        if not permissions.can_import(request.user) or file_format not in ImportJob.Format.values:
            raise PermissionDenied
        content_type = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[file_format]
        response = HttpResponse(
            exchange_files.exchange_template(file_format), content_type=content_type
        )
        response["Content-Disposition"] = (
            f'attachment; filename="templat-impor-inovasi.{file_format}"'
        )
        return response

    def upload_view(self, request):
        if not permissions.can_import(request.user):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = imports.import_job_create(file=form.cleaned_data["file"], by=request.user)
            except exchange_files.FileError as error:
                form.add_error("file", str(error))
            else:
                job = imports.import_job_start(job=job)
                return HttpResponseRedirect(
                    reverse("admin:innovations_importjob_change", args=[job.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Impor inovasi dari berkas"),
            "form": form,
            "threshold": imports.settings.EXCHANGE_IMPORT_ASYNC_ROWS,
            "columns": exchange.COLUMNS,
        }
        return TemplateResponse(request, "admin/innovations/importjob/upload.html", context)

    def confirm_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self.get_object(request, unquote(object_id))
        if job is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        try:
            job = imports.import_job_confirm(job=job, by=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            level = messages.ERROR if job.status == ImportJob.Status.FAILED else messages.SUCCESS
            self.message_user(request, job.get_status_display(), level)
        return HttpResponseRedirect(reverse("admin:innovations_importjob_change", args=[job.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "running": job is not None
            and job.status in (ImportJob.Status.VALIDATING, ImportJob.Status.IMPORTING),
            "can_confirm": job is not None and job.status == ImportJob.Status.VALIDATED,
        }
        return super().change_view(request, object_id, form_url, extra_context)
